import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { openContentCache } from '../../src/store/content-cache.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function folder(): { content: string; data: string } {
  const root = mkdtempSync(join(tmpdir(), 'drb-content-cache-lazy-'));
  roots.push(root);
  const content = join(root, 'content');
  mkdirSync(content);
  writeFileSync(
    join(content, '2026-01-01-a.md'),
    '---\ntitle: Alpha\ndate: 2026-01-01\ntags: [x]\n---\n# Alpha\n\n### One\n\nFirst text.\n\n### Two\n\nSecond text.\n',
  );
  writeFileSync(join(content, '2026-01-02-b.md'), '# Bravo\n\n### Three\n\nThird text.\n');
  return { content, data: join(root, 'data') };
}

it('a restart gives the same reports, texts read from state.db when first used, also after close', async () => {
  const { content, data } = folder();
  const first = openContentCache(data, content, 'v1|UTC');
  const loaded = await loadContent(content, { timeZone: 'UTC', cache: first });
  first.close();

  const second = openContentCache(data, content, 'v1|UTC');
  const again = await loadContent(content, { timeZone: 'UTC', cache: second });
  expect(again.reports).toEqual(loaded.reports);
  expect(JSON.parse(JSON.stringify(again.reports))).toEqual(JSON.parse(JSON.stringify(loaded.reports)));
  second.close();
  const third = openContentCache(data, content, 'v1|UTC');
  const later = await loadContent(content, { timeZone: 'UTC', cache: third });
  third.close();
  expect(later.reports[0]!.topics.map((t) => t.title)).toEqual(['One', 'Two']);
  expect(later.reports[1]!.body).toBe(loaded.reports[1]!.body);
  // Assigning a text replaces it, as on a plain report.
  later.reports[1]!.body = 'other';
  expect(later.reports[1]!.body).toBe('other');
});

it('a report whose cached row now holds another version says so by file name instead of giving the wrong text', async () => {
  const { content, data } = folder();
  const first = openContentCache(data, content, 'v1|UTC');
  await loadContent(content, { timeZone: 'UTC', cache: first });
  first.close();
  const second = openContentCache(data, content, 'v1|UTC');
  const again = await loadContent(content, { timeZone: 'UTC', cache: second });
  second.close();
  // Another process rewrote the row (a newer version of the file) before the text was read.
  const db = new Database(join(data, 'state.db'));
  db.prepare('UPDATE files SET report = replace(report, \'"hash":"\', \'"hash":"x\') WHERE path LIKE \'%2026-01-02-b.md\'').run();
  db.close();
  expect(() => again.reports[1]!.body).toThrow(/2026-01-02-b\.md.*changed since it was loaded/);
  expect(again.reports[0]!.topics).toHaveLength(2);
});

it('a warm start takes every file from its head row alone (one query, no other row read), and texts still come from the text rows', async () => {
  const { content, data } = folder();
  const first = openContentCache(data, content, 'v1|UTC');
  const loaded = await loadContent(content, { timeZone: 'UTC', cache: first });
  first.close();
  // The heads carry the files' stamps: with the text rows' size and mtime columns scrambled, nothing is re-read.
  const db = new Database(join(data, 'state.db'));
  db.prepare('UPDATE files SET size = -1, mtime_ms = -1').run();
  db.close();
  const opened: string[] = [];
  const second = openContentCache(data, content, 'v1|UTC');
  const again = await loadContent(content, {
    timeZone: 'UTC',
    cache: second,
    read: (_dir, file) => {
      opened.push(file);
      throw new Error('no file should be opened');
    },
  });
  second.close();
  expect(opened).toEqual([]);
  expect(again.reports.map((r) => r.title)).toEqual(loaded.reports.map((r) => r.title));
  // Topic bodies are kept as ranges of the body in the text row: read back, they are the texts parsed.
  expect(again.reports.map((r) => r.topics.map((t) => t.body))).toEqual(loaded.reports.map((r) => r.topics.map((t) => t.body)));
  expect(again.reports[0]!.topics.map((t) => t.body)).toEqual(['First text.', 'Second text.']);
});
