/**
 * The saved topic index is kept in 1 MB rows (one large value reads slowly
 * in SQLite): it must come back byte for byte, only under its fingerprint,
 * and a smaller index saved later must leave no part of the larger behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { INDEX_PART_BYTES } from '../../src/search/topic-index-snapshot.js';
import { openContentCache } from '../../src/store/content-cache.js';

const roots: string[] = [];
const joined = (bytes: Uint8Array | readonly Uint8Array[]): Buffer => Buffer.concat(bytes instanceof Uint8Array ? [bytes] : [...bytes]);
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

it('keeps a saved index of several parts byte for byte, under its fingerprint only, across a restart', () => {
  const data = mkdtempSync(join(tmpdir(), 'drb-index-parts-'));
  roots.push(data);
  const big = randomBytes(2.5 * 1048576 + 3);
  const first = openContentCache(data, join(data, 'content'), 'v1|UTC');
  expect(first.hasIndex()).toBe(false);
  first.saveIndex('fp-big', big);
  expect(first.hasIndex()).toBe(true);
  first.close();

  const second = openContentCache(data, join(data, 'content'), 'v1|UTC');
  expect(Buffer.compare(joined(second.loadIndex('fp-big')!), big)).toBe(0);
  expect(second.loadIndex('fp-other')).toBeUndefined();
  const small = randomBytes(1000);
  second.saveIndex('fp-small', small);
  expect(second.loadIndex('fp-big')).toBeUndefined();
  expect(Buffer.compare(joined(second.loadIndex('fp-small')!), small)).toBe(0);
  // In rows of INDEX_PART_BYTES, handed back as the rows (no copy into one buffer).
  expect([second.loadIndex('fp-small')!].flat().map((p) => p.length)).toEqual([1000]);
  second.saveIndex('fp-big', big);
  expect([second.loadIndex('fp-big')!].flat().map((p) => p.length)).toEqual([
    INDEX_PART_BYTES,
    INDEX_PART_BYTES,
    big.length - 2 * INDEX_PART_BYTES,
  ]);
  // Given in parts (encodeIndexParts), a row per part, as given.
  const parts = [randomBytes(INDEX_PART_BYTES), randomBytes(INDEX_PART_BYTES), randomBytes(77)];
  second.saveIndex('fp-parts', parts);
  const back = [second.loadIndex('fp-parts')!].flat();
  expect(back.map((p) => p.length)).toEqual([INDEX_PART_BYTES, INDEX_PART_BYTES, 77]);
  expect(Buffer.compare(joined(back), joined(parts))).toBe(0);
  second.close();
});

it('answers only to the version that saved it: another bot version indexes again', () => {
  const data = mkdtempSync(join(tmpdir(), 'drb-index-version-'));
  roots.push(data);
  const bytes = randomBytes(5000);
  const v1 = openContentCache(data, join(data, 'content'), 'v1|UTC');
  v1.saveIndex('fp', bytes);
  v1.close();
  const v2 = openContentCache(data, join(data, 'content'), 'v2|UTC');
  expect(v2.hasIndex()).toBe(false);
  expect(v2.loadIndex('fp')).toBeUndefined();
  v2.close();
  const again = openContentCache(data, join(data, 'content'), 'v1|UTC');
  expect(again.hasIndex()).toBe(true);
  expect(Buffer.compare(joined(again.loadIndex('fp')!), bytes)).toBe(0);
  again.close();
});
