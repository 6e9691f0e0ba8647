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
import { openContentCache } from '../../src/store/content-cache.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

it('keeps a saved index of several parts byte for byte, under its fingerprint only, across a restart', () => {
  const data = mkdtempSync(join(tmpdir(), 'drb-index-parts-'));
  roots.push(data);
  const big = randomBytes(2.5 * 1048576 + 3);
  const first = openContentCache(data, join(data, 'content'), 'v1|UTC');
  first.saveIndex('fp-big', big);
  first.close();

  const second = openContentCache(data, join(data, 'content'), 'v1|UTC');
  expect(Buffer.compare(Buffer.from(second.loadIndex('fp-big')!), big)).toBe(0);
  expect(second.loadIndex('fp-other')).toBeUndefined();
  const small = randomBytes(1000);
  second.saveIndex('fp-small', small);
  expect(second.loadIndex('fp-big')).toBeUndefined();
  expect(Buffer.compare(Buffer.from(second.loadIndex('fp-small')!), small)).toBe(0);
  second.close();
});
