import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { contentDir, payloadHtml, repoRoot, seedFiles, seedsDir } from '../support/render.js';
import { firstMissing, sourceText } from '../support/source-text.js';
import { parseTelegramHtml } from '../support/tdlib.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => new Date('2026-11-20T12:00:00Z') });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The real executable, as a user runs it (through tsx, so no build is needed). */
function spawnCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
}

/** Where each seed goes when an editor drops it into content/, named by its date. */
const SEED_NAMES: Record<string, string> = {
  '000': '2026-01-07-daily.md',
  '001': '2026-01-21-podcast.md',
  '002': '2026-02-05-daily.md',
  '003': '2026-01-06-newswire.md',
  '004': '2026-01-12-briefing.txt',
};

function expectGoodPayloads(file: string, raw: string, payloads: Array<Record<string, unknown>>) {
  expect(payloads.length).toBeGreaterThan(0);
  let shown = '';
  const urls: string[] = [];
  payloads.forEach((p, i) => {
    expect(['sendMessage', 'sendPhoto']).toContain(p.method);
    expect(p.parse_mode).toBe('HTML');
    expect(p.disable_notification).toBe(i === 0 ? undefined : true);
    if (p.method === 'sendMessage') expect(p.link_preview_options).toEqual({ is_disabled: true });
    const parsed = parseTelegramHtml(payloadHtml(p as { method: string }));
    if (!parsed.ok) throw new Error(`${file} payload ${i}: ${parsed.error}`);
    expect(parsed.text.length).toBeLessThanOrEqual(p.method === 'sendPhoto' ? 1024 : 4096);
    shown += `${parsed.text}\n`;
    urls.push(...parsed.entities.flatMap((e) => (e.url ? [e.url] : [])));
  });
  const source = sourceText(file, raw);
  expect(firstMissing(source.chunks, shown)).toBeUndefined();
  for (const link of source.links) expect(urls.map((u) => u.replace(/\/$/, ''))).toContain(link.replace(/\/$/, ''));
}

describe('report-bot preview --json', () => {
  it.each(seedFiles())('turns seed %s into valid payloads, under its own name and renamed into content/', async (seed) => {
    const raw = readFileSync(join(seedsDir, seed), 'utf8');
    const own = await cli(['preview', join(seedsDir, seed), '--json']);
    expect(own.code).toBe(0);
    expectGoodPayloads(seed, raw, JSON.parse(own.out));

    const dir = mkdtempSync(join(tmpdir(), 'drb-seed-'));
    const renamed = join(dir, SEED_NAMES[seed.slice(0, 3)]!);
    copyFileSync(join(seedsDir, seed), renamed);
    const moved = await cli(['preview', renamed, '--json']);
    expect(moved.code).toBe(0);
    expectGoodPayloads(renamed, raw, JSON.parse(moved.out));
  });

  it('prints only JSON on stdout, and a readable view without --json', async () => {
    const file = join(contentDir, '2026-11-18-markets.md');
    const json = await cli(['preview', file, '--json']);
    expect(() => JSON.parse(json.out)).not.toThrow();
    const text = await cli(['preview', file]);
    expect(text.out).toMatch(/── 1\/2 · photo https:\/\/example\.com\/covers\/2026-11-18\.png with caption · \d+\/1024 ──/);
    expect(text.out).toMatch(/── 2\/2 · message · \d+\/4096 ──/);
  });

  it('previews drafts', async () => {
    const r = await cli(['preview', join(contentDir, '2026-11-21-podcast.md'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)[0].text).toContain('Podcast notes');
  });

  it('explains a missing file or argument in one sentence', async () => {
    expect(await cli(['preview', '/nope.md'])).toMatchObject({ code: 1, err: '/nope.md does not exist.' });
    expect((await cli(['preview'])).code).toBe(2);
    expect((await cli(['frobnicate'])).err).toMatch(/Unknown command "frobnicate"/);
  });
});

describe('report-bot check', () => {
  it('passes good content and names every broken file, exiting non-zero', async () => {
    expect((await cli(['check', contentDir])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'drb-check-'));
    writeFileSync(join(dir, '2026-01-01-ok.md'), '# Fine\n\n## A\n\ntext');
    writeFileSync(join(dir, 'broken.md'), '---\ntitle: x: y\n---\ntext');
    writeFileSync(join(dir, 'empty.txt'), '');
    const r = await cli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('broken.md: error: the front matter is not valid YAML');
    expect(r.err).toContain('(line 2)');
    expect(r.err).toContain('empty.txt: error: the file is empty');
    expect(r.out).toContain('2026-01-01-ok.md: ok');
    expect(r.out).toContain('1 report ok, 2 broken');
  });

  it('prints a sentence, not a stack trace, for a bad setting', async () => {
    const r = await cli(['check', contentDir], { TIMEZONE: 'Mars/Olympus' });
    expect(r.err).toBe('Setting TIMEZONE must be an IANA time zone such as Asia/Shanghai.');
    expect(r.code).toBe(78);
  });
});

describe('report-bot list --json', () => {
  it('gives the right calendar dates whatever the machine time zone', () => {
    const results = ['America/Los_Angeles', 'Asia/Tokyo', 'UTC'].map((tz) => {
      const r = spawnCli(['list', '--json', '--content-dir', contentDir], { TZ: tz });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Array<{ id: string; date: string; draft: boolean }>;
    });
    for (const rows of results) {
      expect(rows.map((r) => [r.id, r.date, r.draft])).toEqual([
        ['2026-11-18-markets', '2026-11-18', false],
        ['2026-11-19-newswire', '2026-11-19', false],
        ['2026-11-20-briefing', '2026-11-20', false],
        ['2026-11-21-podcast', '2026-11-21', true],
      ]);
    }
  });

  it('lists every field for each report', async () => {
    const r = await cli(['list', '--json', '--content-dir', contentDir]);
    const rows = JSON.parse(r.out);
    expect(Object.keys(rows[0]).sort()).toEqual(['date', 'draft', 'file', 'id', 'messages', 'published', 'title', 'topics']);
    expect(rows.find((x: { id: string }) => x.id === '2026-11-21-podcast').published).toBe(false);
  });

  it('prints the version', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(
      execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), '--version'], {
        cwd: repoRoot,
        encoding: 'utf8',
      }).trim(),
    ).toBe(pkg.version);
  });
});
