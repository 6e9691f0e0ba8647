import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPublished, type Report } from '../../src/content/report.js';
import { createLibrary, type IndexStore } from '../../src/library/library.js';
import { createTopicIndex, type TopicIndex } from '../../src/search/topic-index.js';
import {
  decodeIndex,
  encodeIndex,
  encodeIndexParts,
  INDEX_PART_BYTES,
  IndexSnapshotError,
  indexFingerprint,
} from '../../src/search/topic-index-snapshot.js';
import { openContentCache } from '../../src/store/content-cache.js';
import { brief, oracle, report } from './reports.js';

/** Deterministic Chinese-ish text over a small alphabet, so bigrams repeat across topics. */
function generated(count: number, seed = 7): Report[] {
  let s = seed;
  const rand = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const alphabet = '英伟达芯片美联储利率数据中心黄仁勋輝達台积电固态电池出口管制AIgpu的了是在';
  const text = (len: number): string => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
  return Array.from({ length: count }, (_, i) =>
    report({
      id: `r${String(i).padStart(3, '0')}`,
      date: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      tags: i % 5 === 0 ? ['宏观经济'] : [],
      topics: Array.from({ length: 1 + rand(5) }, () => [text(4 + rand(8)), text(20 + rand(200))] as [string, string]),
    }),
  );
}

/** Texts over thousands of characters: mostly distinct bigrams, a posting pool of several chunks. */
function large(): Report[] {
  let s = 11;
  const rand = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const text = (len: number): string => Array.from({ length: len }, () => String.fromCharCode(0x4e00 + rand(3000))).join('');
  return Array.from({ length: 6 }, (_, i) =>
    report({ id: `big${i}`, topics: Array.from({ length: 10 }, () => [text(6), text(6000)] as [string, string]) }),
  );
}

const QUERIES = ['英伟达', '芯', '輝達', '辉达', 'ai', 'ＡＩ', '宏观', '利率数据', '的了是', '不存在的词', '黄仁'];

function expectSameAsScan(index: TopicIndex, reports: Report[]): void {
  for (const q of QUERIES) {
    const page = index.search(q);
    const expected = oracle(reports, q).map(brief);
    expect(page.hits.map(brief), q).toEqual(expected);
    expect(page.total, q).toBe(expected.length);
  }
}

describe('saved topic index', () => {
  it('restored from bytes, answers exactly as the linear scan, dead topics and all', () => {
    let reports = generated(120);
    const built = createTopicIndex({ compactAfter: 1_000_000 });
    for (const r of reports) built.upsert(r);
    // Replace and remove some, so the saved index had dead topics and free doc slots.
    const edited = generated(10, 99).map((r, i) => ({ ...r, id: reports[i * 3]!.id, hash: `edited-${i}` }));
    for (const r of edited) built.upsert(r);
    built.remove(reports[5]!.id);
    reports = reports.map((r) => edited.find((e) => e.id === r.id) ?? r).filter((r) => r.id !== reports[5]!.id);
    expectSameAsScan(built, reports);

    const bytes = encodeIndex(built.state());
    const restored = createTopicIndex({ restore: { state: decodeIndex(bytes), reports } });
    expectSameAsScan(restored, reports);
    expect(restored.stats().topics).toBe(built.stats().topics);
    const at = new Date('2026-01-15T00:00:00Z'); // publish times come from the reports given to the restore
    for (const q of QUERIES) {
      const expected = oracle(reports, q, (r) => isPublished(r, at)).map(brief);
      expect(restored.search(q, { publishedBy: at }).hits.map(brief), q).toEqual(expected);
    }

    // It keeps working as an index: changes after the restore are indexed too.
    const added = generated(3, 5).map((r, i) => ({ ...r, id: `new${i}` }));
    for (const r of added) restored.upsert(r);
    restored.remove(reports[0]!.id);
    expectSameAsScan(restored, [...reports.slice(1), ...added]);
  });

  it('stored in parts of INDEX_PART_BYTES, adopts each posting chunk as its part (no copy) and answers as the scan', () => {
    const reports = large();
    const built = createTopicIndex();
    for (const r of reports) built.upsert(r);
    const bytes = encodeIndex(built.state());
    const parts: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += INDEX_PART_BYTES) parts.push(new Uint8Array(bytes.subarray(at, at + INDEX_PART_BYTES)));
    const state = decodeIndex(parts, true);
    const chunks = state.grams.pool.chunks;
    expect(chunks.length).toBeGreaterThan(2);
    // Every full chunk is a view of one part's own buffer.
    for (const c of chunks.slice(0, -1)) expect(parts.some((p) => p.buffer === c.buffer && c.byteOffset === p.byteOffset)).toBe(true);
    const restored = createTopicIndex({ restore: { state, reports } });
    const queries = [reports[1]!.topics[3]!.body.slice(100, 104), reports[3]!.topics[9]!.title, reports[0]!.topics[0]!.body.slice(0, 1)];
    for (const q of queries) {
      const expected = oracle(reports, q).map(brief);
      expect(restored.search(q).hits.map(brief), q).toEqual(expected);
      expect(expected.length, q).toBeGreaterThan(0);
    }
    // The same bytes as one buffer decode to the same index.
    expect(createTopicIndex({ restore: { state: decodeIndex(bytes), reports } }).search(queries[0]!).total).toBe(
      restored.search(queries[0]!).total,
    );
  });

  it("is encoded in parts of INDEX_PART_BYTES, each posting chunk the index's own (no 50 MB buffer to save ten years)", () => {
    const reports = large();
    const built = createTopicIndex();
    for (const r of reports) built.upsert(r);
    const state = built.state();
    const parts = encodeIndexParts(state);
    expect(Buffer.compare(Buffer.concat(parts), encodeIndex(state))).toBe(0);
    expect(parts.slice(0, -1).every((p) => p.length === INDEX_PART_BYTES)).toBe(true);
    const chunks = state.grams.pool.chunks;
    expect(chunks.length).toBeGreaterThan(1);
    // The full chunks are the last parts but one, as themselves; the last chunk is a view cut at the pool's end.
    const chunkParts = parts.slice(-chunks.length);
    for (const [i, c] of chunks.slice(0, -1).entries()) expect(chunkParts[i]).toBe(c);
    expect(chunkParts.at(-1)!.buffer).toBe(chunks.at(-1)!.buffer);
    // A row of zeros in place of a posting chunk (the same length) is refused.
    const zeroed = parts.map((p) => new Uint8Array(p));
    zeroed[zeroed.length - 2]!.fill(0);
    expect(() => decodeIndex(zeroed, true)).toThrow(/checksum/);
    // Saved and read back in those parts (copied by the store), it answers as the scan.
    const restored = createTopicIndex({
      restore: {
        state: decodeIndex(
          parts.map((p) => new Uint8Array(p)),
          true,
        ),
        reports,
      },
    });
    for (const q of [reports[2]!.topics[4]!.body.slice(50, 53), reports[5]!.topics[0]!.title]) {
      const expected = oracle(reports, q).map(brief);
      expect(expected.length, q).toBeGreaterThan(0);
      expect(restored.search(q).hits.map(brief), q).toEqual(expected);
    }
  });

  it('is named by the reports ids and hashes, in any order', () => {
    const reports = generated(5);
    expect(indexFingerprint([...reports].reverse())).toBe(indexFingerprint(reports));
    expect(indexFingerprint([{ ...reports[0]!, hash: 'other' }, ...reports.slice(1)])).not.toBe(indexFingerprint(reports));
    expect(indexFingerprint(reports.slice(1))).not.toBe(indexFingerprint(reports));
  });

  it('refuses damaged bytes and reports it was not built from', () => {
    const reports = generated(10);
    const index = createTopicIndex();
    for (const r of reports) index.upsert(r);
    const bytes = encodeIndex(index.state());
    expect(() => decodeIndex(bytes.subarray(0, 3))).toThrow(IndexSnapshotError);
    expect(() => decodeIndex(bytes.subarray(0, bytes.length - 10))).toThrow(IndexSnapshotError);
    const garbled = Buffer.from(bytes);
    garbled.write('{{{{', 4);
    expect(() => decodeIndex(garbled)).toThrow(IndexSnapshotError);
    // One bit of a posting list, of the right length otherwise: refused, not answered from.
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => decodeIndex(flipped)).toThrow(/checksum/);
    expect(() => createTopicIndex({ restore: { state: decodeIndex(bytes), reports: reports.slice(1) } })).toThrow(/not loaded/);
  });
});

describe('library with a saved index', () => {
  function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'drb-saved-index-'));
    writeFileSync(join(dir, '2026-01-01-a.md'), '# A\n\n### 輝達財報\n\ntext one\n\n### Rates\n\ntext two');
    writeFileSync(join(dir, '2026-01-02-b.md'), '# B\n\n### 黄仁勋访华\n\nbody');
    return dir;
  }
  const NOW = new Date('2026-03-01T00:00:00Z');
  const answers = (lib: ReturnType<typeof createLibrary>): unknown =>
    ['辉达', '黃仁勳', 'rates', 'text'].map((q) => lib.search(q, { now: NOW }));

  it('takes over the index saved for the same reports instead of building it, and saves a changed one', async () => {
    const dir = folder();
    const saved = new Map<string, Uint8Array>();
    const calls: string[] = [];
    const store: IndexStore = {
      loadIndex: (fp) => {
        calls.push(`load ${saved.has(fp)}`);
        return saved.get(fp);
      },
      saveIndex: (fp, bytes) => {
        calls.push('save');
        saved.set(fp, Buffer.concat([bytes].flat())); // a copy, as the contract asks: the parts may be the index's own chunks
      },
    };
    const first = createLibrary({ dir, timeZone: 'UTC', cache: Object.assign(new Map(), store), saveIndexFromTopics: 0 });
    await first.reload();
    expect(calls).toEqual(['load false', 'save']);

    calls.length = 0;
    const second = createLibrary({ dir, timeZone: 'UTC', cache: Object.assign(new Map(), store), saveIndexFromTopics: 0 });
    await second.reload();
    expect(calls).toEqual(['load true']);
    expect(answers(second)).toEqual(answers(first));
    expect(second.search('辉达', { now: NOW }).hits.map((h) => h.topic.title)).toEqual(['輝達財報']);

    // A change afterwards is indexed and the index saved again; nothing is saved when nothing changed.
    writeFileSync(join(dir, '2026-01-03-c.md'), '# C\n\n### 辉达新品\n\nx');
    await second.reload();
    await second.reload();
    expect(calls).toEqual(['load true', 'save']);
    expect(second.search('辉达', { now: NOW }).total).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not save the index of a small archive (indexing it is cheaper than reading it back)', async () => {
    const dir = folder();
    const calls: string[] = [];
    const store: IndexStore = {
      loadIndex: () => {
        calls.push('load');
        return undefined;
      },
      saveIndex: () => void calls.push('save'),
    };
    await createLibrary({ dir, timeZone: 'UTC', cache: Object.assign(new Map(), store) }).reload();
    expect(calls).toEqual(['load']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the index in state.db through the SQLite content cache', async () => {
    const dir = folder();
    const data = mkdtempSync(join(tmpdir(), 'drb-saved-index-data-'));
    const runs: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const cache = openContentCache(data, dir, 'test');
      const lib = createLibrary({ dir, timeZone: 'UTC', cache, saveIndexFromTopics: 0 });
      const fp = indexFingerprint((await lib.reload()).reports);
      expect(cache.loadIndex(fp) !== undefined).toBe(true);
      runs.push(answers(lib));
      cache.close();
    }
    expect(runs[1]).toEqual(runs[0]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });
});
