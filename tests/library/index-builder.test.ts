import { describe, expect, it } from 'vitest';
import { createIndexBuilder, splitByLength } from '../../src/library/index-builder.js';
import { GramIndex } from '../../src/search/gram-index.js';
import { normalizeText } from '../../src/search/normalize.js';

const WORDS = ['英伟达', '輝達', '美联储', '數據中心', '芯片', 'Rates', 'ＡＩ', '黄仁勋', '利率'];
/** Titles and bodies of a few hundred topics, in both scripts and widths. */
const texts = Array.from({ length: 600 }, (_, u) =>
  Array.from({ length: u % 2 === 0 ? 3 : 40 }, (_, k) => WORDS[(u * 5 + k * 3) % WORDS.length]).join(u % 7 === 0 ? ' ' : '，'),
);
const QUERIES = ['英伟达', '辉达', '輝達', '数据中心', 'rates', 'ai', '黄仁', '联储利', '芯片，利率'];

function units(grams: GramIndex, q: string): number[] {
  return [...grams.find(normalizeText(q)).units];
}

describe('index builder (a cold start indexed on worker threads)', () => {
  it('splits the texts into runs of about equal length', () => {
    expect(splitByLength(['aaaa', 'b', 'cccc', 'd'], 2)).toEqual([0, 2, 4]);
    expect(splitByLength(['a', 'b', 'c'], 1)).toEqual([0, 3]);
    expect(splitByLength([], 2)).toEqual([0, 0]);
  });

  it('builds on one, two or three threads the lists this thread builds', async () => {
    const here = new GramIndex();
    for (const [unit, t] of texts.entries()) here.add(unit, normalizeText(t));
    for (const threads of [1, 2, 3]) {
      const built = GramIndex.fromState(await createIndexBuilder({ threads, memoryMb: 128 })(texts));
      expect(built.stats(), `${threads} threads`).toEqual(here.stats());
      for (const q of QUERIES) expect(units(built, q), `${q} on ${threads} threads`).toEqual(units(here, q));
    }
  }, 60_000);

  it('gives up past its deadline (the caller then indexes on its own thread)', async () => {
    await expect(createIndexBuilder({ threads: 2, memoryMb: 128, timeoutMs: 1 })(texts)).rejects.toThrow(/longer than 1 ms/);
  });
});
