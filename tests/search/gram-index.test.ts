import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GramIndex } from '../../src/search/gram-index.js';

/** The index's answer for `q`: candidates and which of them it proves. */
function answer(index: GramIndex, q: string): { units: number[]; sure: number[] } {
  const found = index.find(q);
  const units = [...found.units];
  const sure = units.filter((_, i) => found.exact || (found.sure !== null && found.sure[i] === 1));
  return { units, sure };
}

function indexOf(texts: string[]): GramIndex {
  const index = new GramIndex();
  texts.forEach((t, unit) => {
    index.add(unit, t);
  });
  return index;
}

describe('GramIndex proofs (a candidate is a hit without reading its text)', () => {
  it('proves a name wherever its bigrams always come with the same neighbours', () => {
    const texts = ['英伟达发布新芯片', '美国英伟达股价大涨，英伟达市值', '据报道英伟达', '英伟达'];
    const { units, sure } = answer(indexOf(texts), '英伟达');
    expect(units).toEqual([0, 1, 2, 3]);
    expect(sure).toEqual([0, 1, 2, 3]);
  });

  it('proves a longer query from the middle out (predecessors left, followers right)', () => {
    // 数据 is first seen before 显示, so 数据中心 is proved from 据中 (<- 数, -> 心).
    const texts = ['数据显示，数据中心扩张', '新的数据中心', '数据中心和数据显示'];
    const { units, sure } = answer(indexOf(texts), '数据中心');
    expect(units).toEqual([0, 1, 2]);
    expect(sure).toEqual([0, 1, 2]);
  });

  it('does not prove a unit that holds the bigrams apart, nor one where a bigram has other neighbours', () => {
    const texts = ['英伟达', '英伟大的伟达', '英伟达与英伟大'];
    const { units, sure } = answer(indexOf(texts), '英伟达');
    expect(units).toEqual([0, 1, 2]);
    // Unit 1 lacks the string. In unit 2 not every 英伟 is followed by 达, but its one 伟达 is preceded by 英: proved.
    expect(sure).toEqual([0, 2]);
  });

  it('keeps its proofs through compaction and through its saved state', () => {
    const texts = ['黄仁勋表示', '旧的黄仁勋', '黄仁勋与黄仁勋', '无关'];
    const index = indexOf(texts);
    index.compact((unit) => (unit === 1 ? -1 : unit > 1 ? unit - 1 : unit));
    expect(answer(index, '黄仁勋')).toEqual({ units: [0, 1], sure: [0, 1] });
    const restored = GramIndex.fromState(index.state());
    restored.add(3, '黄仁勋来了');
    expect(answer(restored, '黄仁勋')).toEqual({ units: [0, 1, 3], sure: [0, 1, 3] });
  });

  it('never proves a unit that lacks the query, and misses no unit that has it (random texts, compacted or not)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '英', '伟', '达'), maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 30 }),
        fc.array(text, { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (texts, queries, compact) => {
          let index = indexOf(texts);
          let live = texts.map((_, unit) => unit);
          if (compact) {
            // Drop every third unit and renumber the rest, as the topic index does.
            live = live.filter((u) => u % 3 !== 0);
            index.compact((unit) => (unit % 3 === 0 ? -1 : unit - Math.floor(unit / 3) - 1));
            index = GramIndex.fromState(index.state());
          }
          for (const q of queries.filter((s) => s.length >= 2)) {
            const { units, sure } = answer(index, q);
            const holders = live.map((u, i) => (texts[u]!.includes(q) ? i : -1)).filter((i) => i >= 0);
            for (const i of holders) expect(units).toContain(i);
            for (const i of sure) expect(texts[live[i]!]!.includes(q)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('GramIndex.append (an archive indexed in parts, on several threads)', () => {
  it('finds what one index of every unit finds, and proves no unit that lacks the query', () => {
    // Few characters: bigrams meet other neighbours in each part, whose flags the merge must drop.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '英', '伟', '达'), maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 40 }),
        fc.array(text, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(40), { maxLength: 3 }),
        (texts, queries, rawCuts) => {
          const whole = indexOf(texts);
          const cuts = [...new Set(rawCuts.map((c) => Math.min(c, texts.length)))].sort((a, b) => a - b);
          const bounds = [0, ...cuts, texts.length];
          const parts = bounds.slice(0, -1).map((from, p) => {
            const part = new GramIndex();
            for (let unit = from; unit < bounds[p + 1]!; unit++) part.add(unit, texts[unit]!);
            return part;
          });
          const merged = parts[0]!;
          // Through its saved state, as a part comes from another thread.
          for (const part of parts.slice(1)) merged.append(GramIndex.fromState(part.state()));
          expect(merged.stats()).toEqual(whole.stats());
          for (const q of [...queries, ...texts.slice(0, 5)].filter((s) => s.length >= 1)) {
            const got = answer(merged, q);
            expect(got.units).toEqual(answer(whole, q).units);
            for (const unit of got.sure) expect(texts[unit]!.includes(q)).toBe(true);
          }
          // The merged index takes further units as one built whole would.
          merged.add(texts.length, 'ab英伟达');
          whole.add(texts.length, 'ab英伟达');
          expect(answer(merged, '英伟达').units).toEqual(answer(whole, '英伟达').units);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the proofs of a part whose bigrams have the usual neighbours', () => {
    const first = indexOf(['英伟达发布', '美国英伟达']);
    const second = new GramIndex();
    second.add(2, '英伟达股价');
    second.add(3, '英伟大的伟达'); // 伟达 preceded by 大 here: not proved, as in one index
    first.append(second);
    expect(answer(first, '英伟达')).toEqual({ units: [0, 1, 2, 3], sure: [0, 1, 2] });
  });

  it('drops the proofs of a part whose bigrams had other usual neighbours there', () => {
    const first = indexOf(['英伟达']);
    const second = new GramIndex();
    // Here 英伟 is usually followed by 大 and 伟达 preceded by 大: flags of those, not of 达 and 英.
    second.add(1, '英伟大伟达');
    first.append(second);
    expect(answer(first, '英伟达')).toEqual({ units: [0, 1], sure: [0] });
  });
});
