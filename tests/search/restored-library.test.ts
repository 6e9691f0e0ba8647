/**
 * The warm-start path end to end: a library over a folder, its content cache
 * and saved index in state.db, restarted. The restored index and the cached
 * reports (texts read on demand) must answer exactly as the linear scan over
 * the same folder loaded from scratch, before and after edits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { isPublished } from '../../src/content/report.js';
import { createLibrary } from '../../src/library/library.js';
import { openContentCache } from '../../src/store/content-cache.js';
import { brief, oracle } from './reports.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const NOW = new Date('2026-12-31T00:00:00Z');
const QUERIES = [
  '英伟达',
  '輝達',
  '辉达',
  '芯',
  'ai',
  'ＡＩ',
  '宏观',
  '利率数据',
  '黄仁',
  '黃仁勳',
  '不存在的词',
  'gpu',
  '的了',
  '出口管制',
];

function archive(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-restored-library-'));
  roots.push(dir);
  let s = 11;
  const rand = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const alphabet = '英伟达芯片美联储利率数据中心黄仁勋輝達黃仁勳台积电固态电池出口管制AIgpu的了是在';
  const text = (len: number): string => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
  for (let i = 0; i < count; i++) {
    const day = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const tags = i % 4 === 0 ? 'tags: [宏观经济]\n' : '';
    const draft = i % 9 === 0 ? 'draft: true\n' : '';
    const topics = Array.from({ length: 1 + rand(4) }, () => `### ${text(3 + rand(6))}\n\n${text(20 + rand(120))}`).join('\n\n');
    writeFileSync(join(dir, `${day}-r${i}.md`), `---\ntitle: 报告${i}\ndate: ${day}\n${tags}${draft}---\n\n${topics}\n`);
  }
  return dir;
}

async function expectSameAsScan(lib: ReturnType<typeof createLibrary>, dir: string): Promise<void> {
  // The reference: the folder loaded from scratch (no cache), scanned linearly.
  const fresh = (await loadContent(dir, { timeZone: 'UTC' })).reports;
  const visible = (r: (typeof fresh)[number]): boolean => isPublished(r, NOW);
  for (const q of QUERIES) {
    const page = lib.search(q, { now: NOW });
    const expected = oracle(fresh, q, visible);
    expect(page.hits.map(brief), q).toEqual(expected.map(brief));
    expect(page.total, q).toBe(expected.length);
    expect(
      page.hits.map((h) => h.topic),
      q,
    ).toEqual(expected.map((h) => h.topic));
  }
}

describe('library restarted from state.db', () => {
  it('restores the saved index over cached reports and answers exactly as the scan, before and after edits', async () => {
    const dir = archive(150);
    const data = mkdtempSync(join(tmpdir(), 'drb-restored-library-data-'));
    roots.push(data);

    const coldCache = openContentCache(data, dir, 'test|UTC');
    const cold = createLibrary({ dir, timeZone: 'UTC', cache: coldCache, saveIndexFromTopics: 0 });
    const coldReports = (await cold.reload()).reports;
    await expectSameAsScan(cold, dir);
    coldCache.close();

    const warmCache = openContentCache(data, dir, 'test|UTC');
    const restored: boolean[] = [];
    const loadIndex = warmCache.loadIndex.bind(warmCache);
    warmCache.loadIndex = (fp) => {
      const bytes = loadIndex(fp);
      restored.push(bytes !== undefined);
      return bytes;
    };
    const warm = createLibrary({ dir, timeZone: 'UTC', cache: warmCache, saveIndexFromTopics: 0 });
    const warmReports = (await warm.reload()).reports;
    expect(restored).toEqual([true]); // the saved index, not a rebuilt one
    // Every field, the texts included (read on demand from the cached rows).
    expect(warmReports).toEqual(coldReports);
    await expectSameAsScan(warm, dir);

    // Edits after the restore: a changed report, a new one, a removed one.
    writeFileSync(join(dir, '2026-02-02-r1.md'), '---\ntitle: 改\ndate: 2026-02-02\n---\n\n### 英伟达新品\n\n黃仁勳发布\n');
    writeFileSync(join(dir, '2026-03-03-new.md'), '---\ntitle: 新\ndate: 2026-03-03\ntags: [AI]\n---\n\n### 宏观\n\n利率数据\n');
    rmSync(join(dir, '2026-03-03-r2.md'));
    await warm.reload();
    await expectSameAsScan(warm, dir);
    warmCache.close();
  });

  it('after a cold start that parsed hundreds of files, serves the texts from state.db, answering as before', async () => {
    const dir = archive(600);
    const data = mkdtempSync(join(tmpdir(), 'drb-restored-library-data-'));
    roots.push(data);
    const cache = openContentCache(data, dir, 'test|UTC');
    const library = createLibrary({ dir, timeZone: 'UTC', cache });
    const isLazy = (r: { body: string }): boolean => Object.getOwnPropertyDescriptor(r, 'body')?.get !== undefined;
    const loaded = (await library.reload()).reports;
    const answers = (): unknown[] =>
      QUERIES.map((q) => {
        const page = library.search(q, { now: NOW });
        return [page.total, page.hits.map(brief), page.hits.map((h) => h.topic)];
      });
    const before = answers();
    expect(loaded.some(isLazy)).toBe(false);
    expect(cache.textsHeld()).toBe(600);

    await library.settled(); // once the reload has replied and its rows are committed
    const settled = library.current().reports;
    expect(settled.every(isLazy)).toBe(true);
    expect(cache.textsHeld()).toBe(0);
    expect(settled).toEqual(loaded); // every field, the texts read back from state.db
    expect(library.byId(settled[7]!.id)).toBe(settled[7]);
    expect(library.search('ai', { now: NOW }).hits[0]!.report).toBe(library.byId(library.search('ai', { now: NOW }).hits[0]!.report.id));
    expect(answers()).toEqual(before);
    await expectSameAsScan(library, dir);
    cache.close();
  });

  it('keeps the texts of a cold start whose rows could not be written', async () => {
    const dir = archive(520);
    const data = mkdtempSync(join(tmpdir(), 'drb-restored-library-data-'));
    roots.push(data);
    const cache = openContentCache(data, dir, 'test|UTC');
    // Another process broke the table (as a full disk would fail the write): the rows are never committed.
    const db = new Database(join(data, 'state.db'));
    db.exec('DROP TABLE files');
    db.close();
    const library = createLibrary({ dir, timeZone: 'UTC', cache });
    await library.reload();
    await library.settled();
    const reports = library.current().reports;
    expect(reports.some((r) => Object.getOwnPropertyDescriptor(r, 'body')?.get !== undefined)).toBe(false);
    expect(cache.settle()).toBe(0);
    await expectSameAsScan(library, dir);
    cache.close();
  });
});
