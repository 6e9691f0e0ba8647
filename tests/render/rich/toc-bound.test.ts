/**
 * The rich table of contents is built only when needed: a report that fits
 * one message beside the largest table its titles could make is packed
 * without it. The bound must never be below the real table, and the messages
 * must be the ones the table built up front gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../../src/content/markdown.js';
import type { Report } from '../../../src/content/report.js';
import { renderRichReport } from '../../../src/render/rich/document.js';
import { RICH_LIMITS } from '../../../src/render/rich/limits.js';
import { packRichMeasured, richItems } from '../../../src/render/rich/pack.js';
import { reportToRichBlocks } from '../../../src/render/rich/parts.js';
import type { RichHeading } from '../../../src/render/rich/rules.js';
import {
  anchorsIn,
  ONE_SCREEN_CHARACTERS,
  RICH_TOC_MIN_ENTRIES,
  richTocBlock,
  tocEntries,
  tocPlan,
  tocPlanOf,
  tocReserveBound,
} from '../../../src/render/rich/toc.js';
import type { Block } from '../../../src/render/rich/types.js';
import { TOC_LABELS } from '../../../src/render/toc.js';
import { reportFrom } from '../../support/render.js';

const md = createMarkdown();

const titleText = fc.string({
  unit: fc.constantFrom('a', 'B', ' ', '  ', '\t', '\u3000', '中', '文', '，', '、', '😀', '👨‍👩‍👧', '“', '-', '.'),
  maxLength: 120,
});

/** Titles with no space to collapse, around the 48 graphemes where a table's entry is clipped. */
const denseTitle = fc.string({ unit: fc.constantFrom('a', '中', '😀', '，', '“'), minLength: 20, maxLength: 80 });

/** The messages as reportToRichBlocks gave them when the table was always built first. */
function tableFirst(report: Report): Block[][] {
  const doc = renderRichReport(md, report);
  const label = doc.chinese ? TOC_LABELS.zh : TOC_LABELS.en;
  const toc = tocPlan(doc.headings, label);
  const packed = packRichMeasured(doc.header, doc.units, toc?.reserve);
  const messages = packed.map((p) => p.blocks);
  const first = messages[0];
  if (toc && first && packed[0]!.m.characters > ONE_SCREEN_CHARACTERS && doc.header.every((b, i) => first[i] === b)) {
    const here = anchorsIn(first);
    const entries = toc.entries.filter((h) => here.has(h.anchor));
    if (entries.length === toc.entries.length) first.splice(doc.header.length, 0, toc.block);
    else if (entries.length >= RICH_TOC_MIN_ENTRIES) first.splice(doc.header.length, 0, richTocBlock(entries, label));
  }
  return messages;
}

describe('tocReserveBound', () => {
  it('is never below the table it stands for, and counts its blocks and depth exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(titleText, denseTitle), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(TOC_LABELS.zh, TOC_LABELS.en),
        (titles, label) => {
          const entries: RichHeading[] = titles.map((title, k) => ({ level: 2, title, anchor: `s${k + 1}` }));
          const bound = tocReserveBound(entries, label);
          const exact = tocPlanOf(entries, label).reserve;
          expect(bound.characters).toBeGreaterThanOrEqual(exact.characters);
          expect({ ...bound, characters: 0 }).toEqual({ ...exact, characters: 0 });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('reportToRichBlocks', () => {
  it('packs a report as the table built first would, near the one-message limit too', () => {
    // Sections of text whose total lands around 32,768 characters: some reports fit
    // beside the bound, some only beside the real table, some in neither.
    const sections = fc.array(
      fc.tuple(
        titleText.filter((t) => t.trim() !== ''),
        fc.integer({ min: 0, max: 12_000 }),
      ),
      {
        minLength: 3,
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(sections, fc.integer({ min: 0, max: 3 }), (parts, pad) => {
        const body = parts.map(([title, n]) => `## ${title}\n\n${'word '.repeat(Math.floor(n / 5))}`).join('\n\n');
        const report = reportFrom('2026-11-18-t.md', `---\ntitle: T\ndate: 2026-11-18\n---\n${body}${'.'.repeat(pad)}\n`);
        expect(reportToRichBlocks(md, report)).toEqual(tableFirst(report));
      }),
      { numRuns: 300 },
    );
  });

  it('fits a report beside the real table that does not fit beside the bound', () => {
    // Long titles make the bound (every title in full) far larger than the table (titles clipped to 48).
    const title = `${'long heading words '.repeat(20)}end`;
    const sections = Array.from({ length: 30 }, (_, k) => `## ${title} ${k}\n\nx`).join('\n\n');
    const withPadding = (n: number): Report =>
      reportFrom('2026-11-18-t.md', `---\ntitle: T\ndate: 2026-11-18\n---\n${sections}\n\n${'w'.repeat(n)}\n`);
    const measure = (report: Report) => {
      const doc = renderRichReport(md, report);
      const entries = tocEntries(doc.headings);
      return {
        total: richItems(doc.header, doc.units).total.characters,
        exact: tocPlanOf(entries, TOC_LABELS.en).reserve.characters,
        bound: tocReserveBound(entries, TOC_LABELS.en).characters,
      };
    };
    const { total, exact, bound } = measure(withPadding(1));
    // Text up to 10 characters short of the limit beside the real table: far over it beside the bound.
    const report = withPadding(1 + RICH_LIMITS.maxCharacters - exact - total - 10);
    const m = measure(report);
    expect(m.total + m.exact).toBeLessThanOrEqual(RICH_LIMITS.maxCharacters);
    expect(m.total + bound).toBeGreaterThan(RICH_LIMITS.maxCharacters);
    const messages = reportToRichBlocks(md, report);
    expect(messages).toEqual(tableFirst(report));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.some((b) => b.type === 'details')).toBe(true);
  });
});
