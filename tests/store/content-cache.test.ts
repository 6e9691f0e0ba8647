import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { readConfined } from '../../src/content/read-confined.js';
import { openContentCache } from '../../src/store/content-cache.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function folder(): { content: string; data: string } {
  const root = mkdtempSync(join(tmpdir(), 'drb-content-cache-'));
  roots.push(root);
  const content = join(root, 'content');
  writeFileSync(join(root, '.keep'), '');
  mkdtempSync(join(root, 'x')); // unrelated sibling
  mkdirSync(content);
  return { content, data: join(root, 'data') };
}

const report = (day: string, title: string): string =>
  `---\ntitle: ${title}\ndate: ${day}\n---\n# ${title}\n\n### Topic of ${title}\n\nText.\n`;

it('a restart reuses what earlier runs parsed, re-reading only files whose size, mtime, inode or ctime changed', async () => {
  const { content, data } = folder();
  const a = join(content, '2026-01-01-a.md');
  const b = join(content, '2026-01-02-b.md');
  writeFileSync(a, report('2026-01-01', 'Alpha'));
  writeFileSync(b, report('2026-01-02', 'Bravo'));
  writeFileSync(join(content, '2026-01-03-broken.md'), '---\ntitle: [oops\n---\n');
  const stamp = new Date('2026-01-01T08:00:00Z'); // whole seconds: restorable exactly
  utimesSync(a, stamp, stamp);
  const first = openContentCache(data, content, 'v1|UTC');
  const loaded = await loadContent(content, { timeZone: 'UTC', cache: first });
  first.close();
  expect(loaded.reports.map((r) => r.title)).toEqual(['Alpha', 'Bravo']);

  // Only b changed: a restart opens b alone and takes a (and the broken file's problem) from state.db.
  writeFileSync(b, report('2026-01-02', 'Bravo, corrected'));
  utimesSync(b, new Date(), new Date(Date.now() + 5000));
  const opened: string[] = [];
  const read: typeof readConfined = (dir, file, opts) => {
    opened.push(file);
    return readConfined(dir, file, opts);
  };
  const second = openContentCache(data, content, 'v1|UTC');
  const again = await loadContent(content, { timeZone: 'UTC', cache: second, read });
  expect(opened).toEqual(['2026-01-02-b.md']);
  expect(again.reports.map((r) => r.title)).toEqual(['Alpha', 'Bravo, corrected']);
  expect(again.reports[0]!.publishAt).toEqual(loaded.reports[0]!.publishAt); // dates come back as dates
  expect(again.problems).toEqual(loaded.problems);
  second.close();

  // Same size and mtime, other bytes: the rewrite moved the ctime, so it is read again.
  await new Promise((r) => setTimeout(r, 30)); // past the kernel's ctime tick
  writeFileSync(a, report('2026-01-01', 'ALPHA'));
  utimesSync(a, stamp, stamp);
  const third = openContentCache(data, content, 'v1|UTC');
  expect((await loadContent(content, { timeZone: 'UTC', cache: third })).reports.map((r) => r.title)).toEqual([
    'ALPHA',
    'Bravo, corrected',
  ]);
  third.close();

  // Another version or time zone parses everything again.
  opened.length = 0;
  const fourth = openContentCache(data, content, 'v2|UTC');
  expect((await loadContent(content, { timeZone: 'UTC', cache: fourth, read })).reports.map((r) => r.title)).toEqual([
    'ALPHA',
    'Bravo, corrected',
  ]);
  expect(opened).toHaveLength(3);
  fourth.close();
});

it('forgets deleted files, and works in memory when the data directory cannot hold a database', async () => {
  const { content, data } = folder();
  writeFileSync(join(content, '2026-01-01-a.md'), report('2026-01-01', 'Alpha'));
  writeFileSync(join(content, '2026-01-02-b.md'), report('2026-01-02', 'Bravo'));
  const c = openContentCache(data, content, 'v1|UTC');
  await loadContent(content, { timeZone: 'UTC', cache: c });
  rmSync(join(content, '2026-01-02-b.md'));
  await loadContent(content, { timeZone: 'UTC', cache: c });
  c.close();
  const reopened = openContentCache(data, content, 'v1|UTC');
  expect([...reopened.keys()]).toEqual(['2026-01-01-a.md']);
  reopened.close();

  const blocked = join(content, '2026-01-01-a.md'); // a file where the data directory should be
  const memoryOnly = openContentCache(blocked, content, 'v1|UTC');
  expect((await loadContent(content, { timeZone: 'UTC', cache: memoryOnly })).reports).toHaveLength(1);
  expect([...memoryOnly.keys()]).toEqual(['2026-01-01-a.md']);
  memoryOnly.close();
});
