/**
 * Issue 11, warm start: a rescan (or a restart over the SQLite content
 * cache) takes a file whose folder entry is a regular file with the stamp of
 * its cached load (size, mtime, inode, ctime) from the cache after one lstat,
 * without opening it. Anything else is read again through the confined read.
 * The read function is injected and counted: "not opened" is observed, not
 * inferred from a stale answer.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CachedFile, loadContent } from '../../src/content/load.js';
import { readConfined } from '../../src/content/read-confined.js';
import { openContentCache } from '../../src/store/content-cache.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-warm-'));
  roots.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const report = (day: string, title: string): string => `---\ntitle: ${title}\ndate: ${day}\n---\n## ${title}\n\ntext of ${title}\n`;

/** `readConfined`, counting the files it is asked for. */
function countingRead(): { read: typeof readConfined; files: string[] } {
  const files: string[] = [];
  return {
    files,
    read: (dir, file, opts) => {
      files.push(file);
      return readConfined(dir, file, opts);
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Wait until the clock the kernel stamps ctime with has moved past `path`'s ctime (a tick is a few ms). */
async function afterCtimeOf(path: string): Promise<void> {
  const before = statSync(path).ctimeMs;
  for (let i = 0; i < 100 && Date.now() <= before + 1; i++) await sleep(5);
  await sleep(20);
}

const A = '2026-01-01-a.md';
const B = '2026-01-02-b.md';
const C = '2026-01-03-c.md';

async function warmed(): Promise<{ dir: string; cache: Map<string, CachedFile> }> {
  const dir = folder({ [A]: report('2026-01-01', 'Alpha'), [B]: report('2026-01-02', 'Bravo'), [C]: report('2026-01-03', 'Charlie') });
  // Whole-second times: restorable exactly by utimes (a Date has no sub-millisecond part).
  const stamp = new Date('2026-01-01T08:00:00Z');
  for (const f of [A, B, C]) utimesSync(join(dir, f), stamp, stamp);
  const cache = new Map<string, CachedFile>();
  const cold = countingRead();
  await loadContent(dir, { timeZone: 'UTC', cache, read: cold.read });
  expect(cold.files.sort()).toEqual([A, B, C]);
  return { dir, cache };
}

describe('warm start', () => {
  it('does not open unchanged files', async () => {
    const { dir, cache } = await warmed();
    const first = await loadContent(dir, { timeZone: 'UTC', cache });
    const warm = countingRead();
    const again = await loadContent(dir, { timeZone: 'UTC', cache, read: warm.read });
    expect(warm.files).toEqual([]);
    expect(again).toEqual(first);
  });

  it('re-reads a file of the same size with a new mtime', async () => {
    const { dir, cache } = await warmed();
    await afterCtimeOf(join(dir, A));
    writeFileSync(join(dir, A), report('2026-01-01', 'ALPHA'));
    utimesSync(join(dir, A), new Date(), new Date(Date.now() + 5000));
    const warm = countingRead();
    const again = await loadContent(dir, { timeZone: 'UTC', cache, read: warm.read });
    expect(warm.files).toEqual([A]);
    expect(again.reports.map((r) => r.title)).toEqual(['ALPHA', 'Bravo', 'Charlie']);
  });

  it('re-reads a file rewritten in place with its size and mtime restored (the ctime moved)', async () => {
    const { dir, cache } = await warmed();
    const path = join(dir, A);
    const before = statSync(path);
    await afterCtimeOf(path);
    writeFileSync(path, report('2026-01-01', 'ALPHA'));
    utimesSync(path, before.atime, before.mtime);
    const after = statSync(path);
    // The premise: everything but the ctime is as cached.
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(after.ctimeMs).not.toBe(before.ctimeMs);
    const warm = countingRead();
    const again = await loadContent(dir, { timeZone: 'UTC', cache, read: warm.read });
    expect(warm.files).toEqual([A]);
    expect(again.reports.map((r) => r.title)).toEqual(['ALPHA', 'Bravo', 'Charlie']);
  });

  it('re-reads a file replaced by another of the same size and mtime (new inode)', async () => {
    const { dir, cache } = await warmed();
    const path = join(dir, B);
    const before = statSync(path);
    const next = join(dir, '.b.tmp');
    writeFileSync(next, report('2026-01-02', 'BRAVO'));
    utimesSync(next, before.atime, before.mtime);
    renameSync(next, path);
    expect(statSync(path).ino).not.toBe(before.ino);
    const warm = countingRead();
    const again = await loadContent(dir, { timeZone: 'UTC', cache, read: warm.read });
    expect(warm.files).toEqual([B]);
    expect(again.reports.map((r) => r.title)).toEqual(['Alpha', 'BRAVO', 'Charlie']);
  });

  it('sends a cached file that became a link or a pipe through the confined read, which refuses it', async () => {
    const { dir, cache } = await warmed();
    rmSync(join(dir, A));
    symlinkSync('/etc/passwd', join(dir, A));
    rmSync(join(dir, B));
    execFileSync('mkfifo', [join(dir, B)]);
    const warm = countingRead();
    const again = await loadContent(dir, { timeZone: 'UTC', cache, read: warm.read });
    expect(warm.files.sort()).toEqual([A, B]);
    expect(again.reports.map((r) => r.file)).toEqual([C]);
    expect(again.problems).toEqual([
      expect.objectContaining({ file: A, code: 'outside' }),
      expect.objectContaining({ file: B, code: 'not-regular' }),
    ]);
    expect(cache.has(A)).toBe(false);
    expect(cache.has(B)).toBe(false);
  });

  it('a restart over the SQLite content cache opens no unchanged file', async () => {
    const dir = folder({ [A]: report('2026-01-01', 'Alpha'), [B]: report('2026-01-02', 'Bravo') });
    const stamp = new Date('2026-01-01T08:00:00Z');
    for (const f of [A, B]) utimesSync(join(dir, f), stamp, stamp);
    const data = mkdtempSync(join(tmpdir(), 'drb-warm-data-'));
    roots.push(data);
    const first = openContentCache(data, dir, 'v1|UTC');
    const cold = await loadContent(dir, { timeZone: 'UTC', cache: first });
    first.close();
    await afterCtimeOf(join(dir, B));
    writeFileSync(join(dir, B), report('2026-01-02', 'BRAVO'));
    utimesSync(join(dir, B), stamp, stamp); // same size and mtime: only the ctime tells
    const second = openContentCache(data, dir, 'v1|UTC');
    const warm = countingRead();
    const again = await loadContent(dir, { timeZone: 'UTC', cache: second, read: warm.read });
    second.close();
    expect(warm.files).toEqual([B]);
    expect(again.reports.map((r) => r.title)).toEqual(['Alpha', 'BRAVO']);
    expect(again.reports[0]!.body).toBe(cold.reports[0]!.body);
  });
});
