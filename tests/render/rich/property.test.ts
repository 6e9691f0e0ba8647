/**
 * Random Markdown in, at random (small) limits: every rich message within
 * every limit and accepted by the stand-in's schema check, and no text lost
 * or reordered by the split.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../../src/content/markdown.js';
import { renderRichReport } from '../../../src/render/rich/document.js';
import { exceededLimit, measureBlocks, RICH_LIMITS } from '../../../src/render/rich/limits.js';
import { packRich } from '../../../src/render/rich/pack.js';
import { blocksText } from '../../../src/render/rich/parts.js';
import { checkRichMessage } from '../../../src/standin/rich.js';
import { reportFrom } from '../../support/render.js';
import { firstMissing } from '../../support/source-text.js';

const md = createMarkdown();

const word = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcdefghij 中文字句。！？；,.!?'.split('')), minLength: 1, maxLength: 12 }),
  fc.constantFrom('😀', '👨‍👩‍👧', '<', '>', '&', '"', '<b>', '</i>', '<script>', '*', '_', '`', '[', ']', '\\', '|'),
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
      word.map((w) => `<b>${w}</i>`),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(' '));
const block = fc.oneof(
  inline,
  inline.map((t) => `## ${t}`),
  inline.map((t) => `### ${t}`),
  inline.map((t) => `- ${t}\n  - ${t}\n    1. ${t}`),
  inline.map((t) => `3. ${t}\n4. ${t}`),
  inline.map((t) => `> ${t}\n>\n> > ${t}`),
  inline.map((t) => `\`\`\`py\n${t}\n\`\`\``),
  inline.map((t) => `| a | b |\n|---|--:|\n| ${t} | x |\n| y | ${t} |`),
  inline.map((t) => `**[09:30]** 【${t}】 ${t}`),
  fc.constant('---'),
  fc.constant('<div>\n<p>web only</p>\n</div>'),
);
const document = fc.array(block, { minLength: 1, maxLength: 30 }).map((blocks) => blocks.join('\n\n'));

describe('random Markdown as rich messages', () => {
  it('always packs into messages within every limit, schema-valid, losing nothing', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 60, max: 3000 }), fc.integer({ min: 12, max: 200 }), (markdown, maxCharacters, maxBlocks) => {
        const limits = { ...RICH_LIMITS, maxCharacters, maxBlocks };
        const report = reportFrom('2026-11-18-p.md', `---\ntitle: P\ndate: 2026-11-18\n---\n${markdown}\n`);
        const doc = renderRichReport(md, report);
        const whole = [...doc.header, ...doc.units.flatMap((u) => u.blocks)];
        const messages = packRich(doc.header, doc.units, undefined, limits);
        for (const blocks of messages) {
          expect(exceededLimit(measureBlocks(blocks), limits)).toBeUndefined();
          expect(() => checkRichMessage(JSON.parse(JSON.stringify({ blocks })))).not.toThrow();
        }
        const shown = messages.map(blocksText).join('\n');
        expect(firstMissing(blocksText(whole).split(/\n| \| /), shown)).toBeUndefined();
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});
