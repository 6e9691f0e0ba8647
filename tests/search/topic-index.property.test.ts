/**
 * The index against its reference: for random reports, edits and queries it
 * returns exactly the linear scan's hits, in the same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/content/report.js';
import { GramIndex } from '../../src/search/gram-index.js';
import { normalizeText } from '../../src/search/normalize.js';
import { createTopicIndex, topicUnitTexts } from '../../src/search/topic-index.js';
import { brief, oracle, report } from './reports.js';

// Few symbols, so that texts share bigrams and queries often hit; with the
// folds that matter: Traditional/Simplified pairs, full width, case, a
// character that lower-cases to two, a combining accent, astral characters.
const SYMBOLS = [
  '英',
  '伟',
  '达',
  '輝',
  '達',
  '辉',
  '黄',
  '黃',
  '金',
  '的',
  'a',
  'A',
  'Ａ',
  'b',
  'İ',
  'i',
  'e',
  '\u0301',
  ' ',
  '，',
  '🚀',
  '𠮷',
  '👍🏽',
];
const text = fc.array(fc.constantFrom(...SYMBOLS), { maxLength: 14 }).map((a) => a.join(''));
const query = fc.oneof(
  fc.array(fc.constantFrom(...SYMBOLS), { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc.string({ maxLength: 3 }),
);

const reportArb = (id: string) =>
  fc
    .record({
      day: fc.integer({ min: 1, max: 4 }),
      draft: fc.boolean(),
      tags: fc.array(text, { maxLength: 2 }),
      topics: fc.array(fc.tuple(text, text), { maxLength: 5 }),
    })
    .map(({ day, draft, tags, topics }) => report({ id, date: `2026-01-0${day}`, draft, tags, topics }));

const ids = ['r1', 'r2', 'r3', 'R4', 'r10'];

type Op = { kind: 'upsert'; report: Report } | { kind: 'remove'; id: string };
const op: fc.Arbitrary<Op> = fc
  .constantFrom(...ids)
  .chain((id) =>
    fc.oneof(
      { weight: 4, arbitrary: reportArb(id).map((r): Op => ({ kind: 'upsert', report: r })) },
      { weight: 1, arbitrary: fc.constant<Op>({ kind: 'remove', id }) },
    ),
  );

const visibility = fc.constantFrom<[string, ((r: Report) => boolean) | undefined]>(
  ['all', undefined],
  ['no drafts', (r) => !r.draft],
  ['up to Jan 2', (r) => r.publishAt.getTime() <= Date.parse('2026-01-02T00:00:00Z')],
);

describe('index = linear scan', () => {
  for (const compactAfter of [4096, 0]) {
    it(`for random edits and queries (compactAfter ${compactAfter})`, () => {
      fc.assert(
        fc.property(
          fc.array(op, { maxLength: 14 }),
          fc.array(query, { minLength: 1, maxLength: 6 }),
          visibility,
          (ops, queries, [, visible]) => {
            const index = createTopicIndex({ compactAfter });
            const live = new Map<string, Report>();
            for (const o of ops) {
              if (o.kind === 'upsert') {
                index.upsert(o.report);
                live.set(o.report.id, o.report);
              } else {
                expect(index.remove(o.id)).toBe(live.delete(o.id));
              }
            }
            const reports = [...live.values()];
            // Also queries that surely occur: pieces of the texts themselves.
            const pieces = reports.flatMap((r) => r.topics.map((t) => t.body.slice(1, 4)));
            for (const q of [...queries, ...pieces]) {
              const expected = oracle(reports, q, visible).map(brief);
              const page = index.search(q, visible ? { visible } : {});
              expect(page.hits.map(brief), JSON.stringify(q)).toEqual(expected);
              expect(page.total).toBe(expected.length);
              const second = index.search(q, { ...(visible ? { visible } : {}), offset: 1, limit: 2 });
              expect(second.hits.map(brief)).toEqual(expected.slice(1, 3));
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});

describe("an index built elsewhere in parts (a cold start's workers) = linear scan", () => {
  it('for random reports, cuts between the parts, later edits and queries', () => {
    fc.assert(
      fc.property(
        fc.tuple(...ids.map(reportArb)),
        fc.array(fc.nat(40), { maxLength: 3 }),
        fc.array(op, { maxLength: 6 }),
        fc.array(query, { minLength: 1, maxLength: 6 }),
        (reports, rawCuts, ops, queries) => {
          // What the index builder does: the units' texts in runs, each indexed apart, appended in order.
          const texts = topicUnitTexts(reports);
          const bounds = [0, ...[...new Set(rawCuts.map((c) => Math.min(c, texts.length)))].sort((a, b) => a - b), texts.length];
          const parts = bounds.slice(0, -1).map((from, p) => {
            const part = new GramIndex();
            for (let unit = from; unit < bounds[p + 1]!; unit++) part.add(unit, normalizeText(texts[unit]!));
            return part;
          });
          for (const part of parts.slice(1)) parts[0]!.append(GramIndex.fromState(part.state()));
          const index = createTopicIndex({ built: { grams: parts[0]!.state(), reports }, compactAfter: 0 });
          const live = new Map(reports.map((r) => [r.id, r]));
          for (const o of ops) {
            if (o.kind === 'upsert') {
              index.upsert(o.report);
              live.set(o.report.id, o.report);
            } else expect(index.remove(o.id)).toBe(live.delete(o.id));
          }
          const now = [...live.values()];
          const pieces = now.flatMap((r) => r.topics.map((t) => t.body.slice(1, 4)));
          for (const q of [...queries, ...pieces]) {
            const expected = oracle(now, q).map(brief);
            const page = index.search(q);
            expect(page.hits.map(brief), JSON.stringify(q)).toEqual(expected);
            expect(page.total).toBe(expected.length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses reports it cannot stand for: a repeated id', () => {
    const r = report({ id: 'same', topics: [['a', 'b']] });
    const grams = new GramIndex().state();
    expect(() => createTopicIndex({ built: { grams, reports: [r, r] } })).toThrow(/repeat/);
  });
});
