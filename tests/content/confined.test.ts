/**
 * Issue 8, "What was seen" 1 and 4: only regular files inside the content
 * folder are read; other names are ignored, not errors; editor mistakes are
 * warned about. Each case failed on the old loader.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { hasWrittenDate } from '../../src/content/report.js';

function folder(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-confined-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

const REPORT = '---\ntitle: Fine\ndate: 2026-11-29\n---\n## Section\n\ntext\n';

describe('content is confined to the folder', () => {
  it('refuses a link to /proc/self/environ (size 0) and reads nothing of the environment', async () => {
    const dir = folder({ '2026-11-28-fine.md': REPORT });
    symlinkSync('/proc/self/environ', join(dir, '2026-11-29-env.txt'));
    process.env.DRB_CANARY = 'canary-value-that-must-not-load';
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.reports.map((r) => r.file)).toEqual(['2026-11-28-fine.md']);
    expect(loaded.problems).toEqual([expect.objectContaining({ file: '2026-11-29-env.txt', code: 'outside' })]);
    expect(loaded.problems[0]!.reason).toMatch(/leads outside the content folder/);
    expect(JSON.stringify(loaded)).not.toContain('canary-value');
  });

  it.each(['/etc/passwd', '/etc/hostname'])('refuses a link to %s', async (target) => {
    const dir = folder();
    symlinkSync(target, join(dir, '2026-11-29-host.md'));
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.reports).toEqual([]);
    expect(loaded.problems[0]).toMatchObject({ file: '2026-11-29-host.md', code: 'outside' });
  });

  it('refuses a link that climbs out through ../ and a linked folder', async () => {
    const outside = folder({ 'secret.md': '# Secret\n\n## S\n\nsecret text' });
    const dir = folder();
    symlinkSync(join(outside, 'secret.md'), join(dir, 'up.md'));
    symlinkSync(outside, join(dir, 'linked'));
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.reports).toEqual([]);
    expect(loaded.problems.map((p) => p.file)).toEqual(['up.md']);
    expect(loaded.ignored).toContainEqual({ file: 'linked', why: 'other-type' });
  });

  it('reads a link that stays inside the folder', async () => {
    const dir = folder({ 'original.md': REPORT });
    mkdirSync(join(dir, 'drafts'));
    writeFileSync(join(dir, 'drafts', 'inner.md'), REPORT.replace('Fine', 'Inner'));
    symlinkSync(join(dir, 'drafts', 'inner.md'), join(dir, '2026-11-30-linked.md'));
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.reports.map((r) => r.title).sort()).toEqual(['Fine', 'Inner']);
    expect(loaded.problems).toEqual([]);
  });

  it('refuses a named pipe without hanging', async () => {
    const dir = folder({ 'ok.md': REPORT });
    execFileSync('mkfifo', [join(dir, '2026-11-29-pipe.md')]);
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.reports.map((r) => r.file)).toEqual(['ok.md']);
    expect(loaded.problems[0]).toMatchObject({ file: '2026-11-29-pipe.md', code: 'not-regular' });
  });

  it.skipIf(!existsSync('/dev/zero'))('refuses a link to a device', async () => {
    const dir = folder();
    symlinkSync('/dev/zero', join(dir, 'zero.md'));
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.problems[0]).toMatchObject({ file: 'zero.md', code: 'outside' });
  });

  it('bounds reading by the bytes read, not the size a file claims', async () => {
    const dir = folder({ 'big.md': `# Big\n\n${'x'.repeat(5000)}` });
    const loaded = await loadContent(dir, { timeZone: 'UTC', maxBytes: 1000 });
    expect(loaded.problems[0]).toMatchObject({ file: 'big.md', code: 'too-big' });
  });
});

describe('which files are reports', () => {
  it('ignores hidden files, editor backups and swaps, README, folders and other types, without errors', async () => {
    const dir = folder({
      '2026-11-29-daily.md': REPORT,
      '2026-11-29-daily.md~': REPORT,
      '#2026-11-29-daily.md#': REPORT,
      '2026-11-29-daily.md.swp': 'binary',
      '.2026-11-29-daily.md.swp': 'binary',
      'README.md': '# How to write reports\n\n## Format\n\ntext',
      'cover.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      'notes.markdown': '---\ndate: 2026-11-27\n---\n## A\n\nB',
      'wire.TXT': '# Wire - 2026-11-26\n\n## A\n\nB',
    });
    mkdirSync(join(dir, 'images'));
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.problems).toEqual([]);
    expect(loaded.reports.map((r) => r.file).sort()).toEqual(['2026-11-29-daily.md', 'notes.markdown', 'wire.TXT']);
    expect(Object.fromEntries(loaded.ignored.map((f) => [f.file, f.why]))).toEqual({
      '2026-11-29-daily.md~': 'backup',
      '#2026-11-29-daily.md#': 'backup',
      '2026-11-29-daily.md.swp': 'backup',
      '.2026-11-29-daily.md.swp': 'hidden',
      'README.md': 'readme',
      'cover.png': 'other-type',
      images: 'folder',
    });
  });
});

describe('control characters', () => {
  it('removes C0 (except newline and tab), DEL and C1 at decode time, with a warning', async () => {
    const dir = folder({
      '2026-11-29-ctl.md': '# Title\u0007 here\n\n## A\u0000B\n\ntab\there\u001b[31m red \u0085 next\u009b end\u007f\n',
    });
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    const r = loaded.reports[0]!;
    expect(r.title).toBe('Title here');
    expect(r.body).toBe('# Title here\n\n## AB\n\ntab\there[31m red  next end');
    expect(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(r.body)).toBe(false);
    expect(loaded.warnings).toContainEqual(expect.objectContaining({ code: 'control-chars', params: { count: 6 } }));
  });
});

describe('editor mistakes are warned about', () => {
  it('a date in the file name that differs from the front matter', async () => {
    const dir = folder({ '2026-11-26-daily.md': '---\ndate: 2026-11-24\n---\n## A\n\nB' });
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.warnings).toEqual([
      expect.objectContaining({ code: 'date-mismatch', params: { nameDate: '2026-11-26', date: '2026-11-24' } }),
    ]);
  });

  it('links the renderer drops (scheme or relative), with their line in the file', async () => {
    const text =
      '---\ntitle: Links\n---\n## A\n\n[bad](javascript:alert(1)) and [rel](../x.html)\n\n[ok](https://example.com) `[code](javascript:x)`\n\n[def]: ftp://example.com/f\n';
    const dir = folder({ '2026-11-29-links.md': text });
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    const links = loaded.warnings.filter((w) => w.code === 'dropped-link').map((w) => [w.line, w.params?.kind, w.params?.target]);
    // The code span on line 8 is a known blind spot of the line scan; it over-warns rather than under-warns.
    expect(links.filter(([line]) => line !== 8)).toEqual([
      [6, 'scheme', 'javascript:alert(1'],
      [6, 'relative', '../x.html'],
      [10, 'scheme', 'ftp://example.com/f'],
    ]);
  });

  it('no date: never posted automatically, and said so', async () => {
    const dir = folder({ 'undated.md': '# No date here\n\n## A\n\nB' });
    utimesSync(join(dir, 'undated.md'), new Date(), new Date());
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(hasWrittenDate(loaded.reports[0]!)).toBe(false);
    expect(loaded.warnings[0]).toMatchObject({ code: 'no-date' });
    expect(loaded.warnings[0]!.message).toMatch(/never posted automatically/);
  });

  it('no topics', async () => {
    const dir = folder({ '2026-11-29-flat.md': '# Only a title\n\nand a paragraph' });
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.warnings).toEqual([expect.objectContaining({ code: 'no-topics' })]);
  });

  it('several reports on one day: all kept, in publish-time then name order, with a note', async () => {
    const dir = folder({
      '2026-11-26-morning.md': '## A\n\nmorning',
      '2026-11-26-evening.md': '## A\n\nevening',
    });
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.reports.map((r) => r.id)).toEqual(['2026-11-26-evening', '2026-11-26-morning']);
    expect(loaded.warnings).toEqual([
      expect.objectContaining({
        file: '2026-11-26-morning.md',
        code: 'same-day',
        params: expect.objectContaining({ date: '2026-11-26', count: 2 }),
      }),
    ]);
  });
});
