import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigramTable, UnigramTable } from '../../src/search/gram-table.js';
import { clearRecord, POOL_CHUNK_BYTES, PostingPool, RECORD, recordCount } from '../../src/search/postings.js';
import { hitKey, selectPage, unpackHitKey } from '../../src/search/ranking.js';

describe('PostingPool', () => {
  it('round-trips many interleaved lists of ascending ids, small and huge gaps, across block chains', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 2 }), { maxLength: 300 }), { minLength: 1, maxLength: 8 }),
        (raw) => {
          const lists = raw.map((ids) => [...new Set(ids)].sort((a, b) => a - b));
          const meta = new Int32Array(lists.length * RECORD);
          for (let i = 0; i < lists.length; i++) clearRecord(meta, i * RECORD);
          const pool = new PostingPool();
          // Interleave appends so that the lists' blocks alternate in the pool.
          for (let step = 0; step < 300; step++) {
            lists.forEach((ids, i) => {
              const id = ids[step];
              if (id !== undefined) pool.append(meta, i * RECORD, id);
            });
          }
          lists.forEach((ids, i) => {
            expect(recordCount(meta, i * RECORD)).toBe(ids.length);
            expect([...pool.decode(meta, i * RECORD)]).toEqual(ids);
          });
          expect(pool.postings).toBe(lists.reduce((n, l) => n + l.length, 0));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('appends in bulk exactly as one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 2 }), { maxLength: 2000 }), fc.nat(2000), (raw, cut) => {
        const ids = Int32Array.from(new Set(raw)).sort();
        const meta = new Int32Array(2 * RECORD);
        clearRecord(meta, 0);
        clearRecord(meta, RECORD);
        const pool = new PostingPool();
        for (const id of ids) pool.append(meta, 0, id);
        const split = Math.min(cut, ids.length);
        for (const id of ids.subarray(0, split)) pool.append(meta, RECORD, id);
        pool.appendAll(meta, RECORD, ids.subarray(split), ids.length - split);
        expect([...pool.decode(meta, RECORD)]).toEqual([...ids]);
        expect(recordCount(meta, RECORD)).toBe(ids.length);
      }),
      { numRuns: 100 },
    );
  });

  it('holds long lists (many full-size blocks) and ignores a repeat of the last id', () => {
    const meta = new Int32Array(RECORD);
    clearRecord(meta, 0);
    const pool = new PostingPool();
    const ids = Array.from({ length: 50_000 }, (_, i) => i * 3);
    for (const id of ids) {
      pool.append(meta, 0, id);
      pool.append(meta, 0, id);
    }
    expect([...pool.decode(meta, 0)]).toEqual(ids);
  });

  it('crosses pool chunks: blocks that end exactly at a chunk end, lists spanning chunks', () => {
    const lists = POOL_CHUNK_BYTES / 8 + 3; // one 8-byte block each fills the first chunk exactly
    const meta = new Int32Array(lists * RECORD);
    const pool = new PostingPool();
    for (let i = 0; i < lists; i++) {
      clearRecord(meta, i * RECORD);
      pool.append(meta, i * RECORD, i);
    }
    for (const i of [0, lists - 4, lists - 3, lists - 1]) expect([...pool.decode(meta, i * RECORD)]).toEqual([i]);
    // One list of 6 M one-byte gaps runs through two more chunks.
    const long = new Int32Array(RECORD);
    clearRecord(long, 0);
    for (let id = 0; id < 6_000_000; id++) pool.append(long, 0, id);
    const ids = pool.decode(long, 0);
    expect(ids.length).toBe(6_000_000);
    expect(ids.every((id, i) => id === i)).toBe(true);
  });

  it('refuses ids out of order (a bug, not an input)', () => {
    const meta = new Int32Array(RECORD);
    clearRecord(meta, 0);
    const pool = new PostingPool();
    pool.append(meta, 0, 5);
    expect(() => pool.append(meta, 0, 4)).toThrow(/ascend/);
  });
});

describe('gram tables', () => {
  it('finds every bigram added, through growth, and none other', () => {
    const table = new BigramTable(4);
    const keys = Array.from({ length: 5000 }, (_, i) => BigramTable.key(0x4e00 + (i % 97), 0xd800 + ((i * 31) % 2048)));
    const unique = [...new Set(keys)];
    const offsets = new Map<number, number>();
    for (const k of unique) table.findOrAdd(k);
    for (const k of unique) offsets.set(k, table.find(k));
    expect(table.size).toBe(unique.length);
    expect(new Set(offsets.values()).size).toBe(unique.length);
    expect(table.find(BigramTable.key(0x41, 0x42))).toBe(-1);
    expect(BigramTable.key(0xffff, 0xffff)).toBe(-1); // negative keys are fine
    expect(table.findOrAdd(-1)).toBeGreaterThanOrEqual(0);
  });

  it('prunes empty lists and keeps the rest', () => {
    const table = new BigramTable();
    const pool = new PostingPool();
    for (let k = 0; k < 100; k++) {
      const m = table.findOrAdd(k);
      if (k % 2 === 0) pool.append(table.meta, m, k);
    }
    table.prune((meta, m) => recordCount(meta, m) === 0);
    expect(table.size).toBe(50);
    expect(table.find(3)).toBe(-1);
    expect([...pool.decode(table.meta, table.find(4))]).toEqual([4]);
  });

  it('has a record for every code unit', () => {
    const table = new UnigramTable();
    expect(recordCount(table.meta, table.at(0xffff))).toBe(0);
  });
});

describe('hit ranking', () => {
  it('packs field, report rank and topic index into one ordered number', () => {
    const key = hitKey(2, 2 ** 26 - 1, 2 ** 24 - 1);
    expect(unpackHitKey(key)).toEqual({ field: 2, rank: 2 ** 26 - 1, topicIndex: 2 ** 24 - 1 });
    expect(hitKey(0, 5, 9)).toBeLessThan(hitKey(1, 0, 0));
    expect(hitKey(1, 2, 9)).toBeLessThan(hitKey(1, 3, 0));
  });

  it('selects a page as sorting everything would', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 })), fc.nat(40), fc.nat(40), (values, offset, limit) => {
        const keys = Float64Array.from(values);
        const sorted = [...values].sort((a, b) => a - b);
        expect([...selectPage(keys, keys.length, offset, limit)]).toEqual(sorted.slice(offset, offset + limit));
      }),
    );
  });
});

describe('flagged posting lists', () => {
  it('round-trip each id with its flags, one by one and in bulk', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 2 }), fc.integer({ min: 0, max: 3 })), { maxLength: 500 }),
        fc.nat(500),
        (raw, cut) => {
          const byId = new Map(raw);
          const ids = Int32Array.from(byId.keys()).sort();
          const flags = Uint8Array.from(ids, (id) => byId.get(id)!);
          const meta = new Int32Array(2 * RECORD);
          clearRecord(meta, 0);
          clearRecord(meta, RECORD);
          const pool = new PostingPool();
          for (let i = 0; i < ids.length; i++) pool.append(meta, 0, ids[i]!, flags[i]!);
          const split = Math.min(cut, ids.length);
          for (let i = 0; i < split; i++) pool.append(meta, RECORD, ids[i]!, flags[i]!);
          pool.appendAll(meta, RECORD, ids.subarray(split), ids.length - split, flags.subarray(split));
          for (const m of [0, RECORD]) {
            const got = pool.decodeFlagged(meta, m);
            expect([...got.ids]).toEqual([...ids]);
            expect([...got.flags]).toEqual([...flags]);
            expect([...pool.decode(meta, m, true)]).toEqual([...ids]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("appending one pool's list to another's (merging indexes built apart)", () => {
  it('gives the concatenated list, plain or flagged, the flags masked, across blocks and chunk ends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 2 }), fc.integer({ min: 0, max: 3 })), { maxLength: 600 }),
        fc.nat(600),
        fc.integer({ min: -1, max: 3 }),
        fc.nat(POOL_CHUNK_BYTES / 8),
        (raw, cut, keep, filler) => {
          const byId = new Map(raw);
          const ids = Int32Array.from(byId.keys()).sort();
          const flags = Uint8Array.from(ids, (id) => byId.get(id)!);
          const flagged = keep >= 0;
          const split = Math.min(cut, ids.length);
          const here = new PostingPool();
          const there = new PostingPool();
          // Lists of one block each before, so that the lists' blocks may meet a chunk's end.
          const fillers = new Int32Array(filler * RECORD);
          for (let i = 0; i < filler; i++) {
            clearRecord(fillers, i * RECORD);
            here.append(fillers, i * RECORD, i);
          }
          const meta = new Int32Array(2 * RECORD);
          clearRecord(meta, 0);
          clearRecord(meta, RECORD);
          for (let i = 0; i < ids.length; i++) {
            const pool = i < split ? here : there;
            if (flagged) pool.append(meta, i < split ? 0 : RECORD, ids[i]!, flags[i]!);
            else pool.append(meta, i < split ? 0 : RECORD, ids[i]!);
          }
          here.appendList(meta, 0, there, meta, RECORD, keep);
          expect(recordCount(meta, 0)).toBe(ids.length);
          expect(here.postings).toBe(filler + ids.length);
          if (flagged) {
            const got = here.decodeFlagged(meta, 0);
            expect([...got.ids]).toEqual([...ids]);
            expect([...got.flags]).toEqual([...flags].map((f, i) => (i < split ? f : f & keep)));
          } else expect([...here.decode(meta, 0)]).toEqual([...ids]);
          // Appending goes on after the merged list's last id.
          const next = (ids[ids.length - 1] ?? -1) + 1;
          if (next < 2 ** 31 - 1) {
            if (flagged) here.append(meta, 0, next, 3);
            else here.append(meta, 0, next);
            expect(here.decode(meta, 0, flagged).at(-1)).toBe(next);
          }
          for (let i = 0; i < filler; i += Math.max(1, filler >> 3)) expect([...here.decode(fillers, i * RECORD)]).toEqual([i]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a list that does not come after (a bug, not an input)', () => {
    const meta = new Int32Array(2 * RECORD);
    clearRecord(meta, 0);
    clearRecord(meta, RECORD);
    const here = new PostingPool();
    const there = new PostingPool();
    here.append(meta, 0, 10);
    there.append(meta, RECORD, 10);
    expect(() => here.appendList(meta, 0, there, meta, RECORD)).toThrow(/ascend/);
  });
});
