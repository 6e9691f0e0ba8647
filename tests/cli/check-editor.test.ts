/**
 * Issue 8, "What was seen" 4: `check` catches the editors' mistakes, ignores
 * what is not a report (in one line), and its counts add up.
 */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

async function check(dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['check', dir],
    {},
    { out: (s) => out.push(s), err: (s) => err.push(s), now: () => new Date('2026-11-29T12:00:00Z') },
  );
  return { code, out, err };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-check-editor-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('report-bot check', () => {
  it('a subfolder, backups, swap files and README are ignored in one line, and check passes', async () => {
    const dir = folder({
      '2026-11-29-daily.md': '---\ndate: 2026-11-29\n---\n## A\n\ntext',
      '2026-11-29-daily.md~': 'old',
      '.2026-11-29-daily.md.swp': 'swap',
      'README.md': '# About\n',
    });
    mkdirSync(join(dir, 'images'));
    const r = await check(dir);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '4 ignored (not reports): .2026-11-29-daily.md.swp (hidden), 2026-11-29-daily.md~ (editor backup/swap), README.md (README), images/ (folder)',
    );
    expect(r.out.at(-1)).toBe('1 report ok, 0 broken, 0 warnings, 4 ignored.');
  });

  it('counts add up: every warning line is counted, the three "no topics" included', async () => {
    const dir = folder({
      '2026-11-27-a.md': '# A\n\njust text',
      '2026-11-28-b.md': '# B\n\njust text',
      '2026-11-29-c.md': '# C\n\njust text',
    });
    const r = await check(dir);
    const warnings = r.err.filter((l) => l.includes(': warning: '));
    expect(warnings).toHaveLength(3);
    expect(warnings.every((l) => l.includes('no topics'))).toBe(true);
    expect(r.out.at(-1)).toBe('3 reports ok, 0 broken, 3 warnings, 0 ignored.');
  });

  it('names the date mismatch, dropped links with their lines, a missing date and the pair on one day', async () => {
    const dir = folder({
      '2026-11-26-daily.md': '---\ndate: 2026-11-24\n---\n## A\n\n[x](javascript:alert(1))\n\n[y](images/chart.png)\n',
      '2026-11-29-morning.md': '## A\n\nmorning',
      '2026-11-29-evening.md': '## A\n\nevening',
      'undated.md': '# No date\n\n## A\n\ntext',
    });
    utimesSync(join(dir, 'undated.md'), new Date('2026-11-29T01:00:00Z'), new Date('2026-11-29T01:00:00Z'));
    const r = await check(dir);
    const err = r.err.join('\n');
    expect(err).toContain('2026-11-26-daily.md: warning: the file name says 2026-11-26 but the front matter date is 2026-11-24');
    expect(err).toContain('2026-11-26-daily.md: warning: line 6: the link javascript:alert(1 is dropped');
    expect(err).toContain('2026-11-26-daily.md: warning: line 8: the relative link images/chart.png is dropped');
    expect(err).toContain(
      'undated.md: warning: no date in the front matter, the file name or the first heading: it is never posted automatically',
    );
    expect(err).toContain(
      '2026-11-29-morning.md: warning: 2 reports share the day 2026-11-29 (2026-11-29-evening.md, 2026-11-29-morning.md)',
    );
    expect(r.out).toContain('undated.md: ok (2026-11-29, undated: never posted automatically, 1 message, 1 topic)');
    expect(r.out.at(-1)).toBe(`4 reports ok, 0 broken, ${r.err.length} warnings, 0 ignored.`);
  });

  it('an unclosed quote on line 2 is reported at line 2', async () => {
    const dir = folder({ 'broken.md': '---\ntitle: "unclosed\ndate: 2026-11-29\n---\n## A\n\ntext' });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([expect.stringMatching(/^broken\.md: error: the front matter is not valid YAML.* \(line 2\)$/)]);
  });
});
