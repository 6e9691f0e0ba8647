/**
 * Random Markdown in: every message Telegram accepts, within its limits, and
 * no text lost (the messages are the rendered document, cut only at
 * whitespace or between characters).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliceRichText, toHtml } from '../../src/render/rich-text.js';
import { splitDoc } from '../../src/render/split.js';
import { renderer } from '../support/render.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const word = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcdefghij 中文字句。！？；,.!?'.split('')), minLength: 1, maxLength: 12 }),
  fc.constantFrom('😀', '👨‍👩‍👧', '<', '>', '&', '"', '&amp;', '<b>', '</i>', '<script>', '*', '_', '`', '[', ']', '\\', '|'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const inline = fc
  .array(
    fc.oneof(
      word,
      word.map((w) => `**${w}**`),
      word.map((w) => `*${w}*`),
      word.map((w) => `~~${w}~~`),
      word.map((w) => `\`${w}\``),
      word.map((w) => `[${w}](https://example.com/${encodeURIComponent(w)})`),
      word.map((w) => `[${w}](javascript:alert(1))`),
      word.map((w) => `<b>${w}</b>`),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(' '));
const block = fc.oneof(
  inline,
  inline.map((t) => `## ${t}`),
  inline.map((t) => `### ${t}`),
  inline.map((t) => `- ${t}\n  - ${t}`),
  inline.map((t) => `3. ${t}\n4. ${t}`),
  inline.map((t) => `> ${t}`),
  inline.map((t) => `\`\`\`\n${t}\n\`\`\``),
  inline.map((t) => `| a | b |\n|---|---|\n| ${t} | x |`),
  inline.map((t) => `${t}  \n${t}`),
  fc.constant('---'),
  fc.constant('<div>\n<p>web only</p>\n</div>'),
);
const document = fc.array(block, { minLength: 1, maxLength: 25 }).map((blocks) => blocks.join('\n\n'));

describe('random Markdown', () => {
  it('always splits into valid, lossless messages', () => {
    fc.assert(
      fc.property(
        document,
        fc.integer({ min: 40, max: 600 }), // At least as many entities as there are entity types: the deepest nesting one point can need.
        fc.integer({ min: 10, max: 100 }),
        (markdown, maxLength, maxEntities) => {
          const doc = renderer.renderMarkdown(markdown);
          const spans = splitDoc(doc, { maxLength, maxEntities });
          let at = 0;
          for (const span of spans) {
            expect(doc.text.slice(at, span.start).trim()).toBe('');
            const piece = sliceRichText(doc, span.start, span.end);
            expect(piece.text.length).toBeLessThanOrEqual(maxLength);
            expect(piece.entities.length).toBeLessThanOrEqual(maxEntities);
            const parsed = parseTelegramHtml(toHtml(piece));
            if (!parsed.ok) throw new Error(`refused: ${parsed.error}\n${toHtml(piece)}`);
            expect(parsed.text).toBe(piece.text);
            at = span.end;
          }
          expect(doc.text.slice(at).trim()).toBe('');
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });
});

describe('reusing an earlier split', () => {
  it('gives exactly the spans a fresh split with the smaller first message gives', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 40, max: 600 }), fc.integer({ min: 0, max: 39 }), (markdown, maxLength, reserve) => {
        const doc = renderer.renderMarkdown(markdown);
        const limits = { maxLength, maxEntities: 100 };
        const first = { maxLength: maxLength - reserve, maxEntities: 90 };
        expect(splitDoc(doc, limits, first, splitDoc(doc, limits))).toEqual(splitDoc(doc, limits, first));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
    );
  });
});
