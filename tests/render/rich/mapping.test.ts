/** The mapping from Markdown to rich blocks, one construct at a time (the list). */
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../../src/content/markdown.js';
import { reportToRichBlocks } from '../../../src/render/rich/parts.js';
import type { Block } from '../../../src/render/rich/types.js';
import { reportFrom } from '../../support/render.js';

const md = createMarkdown();

function blocksOf(body: string, front = 'title: T\ndate: 2026-11-18'): Block[] {
  const messages = reportToRichBlocks(md, reportFrom('2026-11-18-x.md', `---\n${front}\n---\n${body}`));
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

/** The body's blocks, after the title heading and byline. */
const body = (text: string): Block[] => blocksOf(text).slice(2);

describe('rich mapping', () => {
  it('title, date and category become a heading and an italic byline; the # title is not repeated', () => {
    const blocks = blocksOf('# Chips\n\nText.', 'title: Chips\ndate: 2026-11-18\ncategory: Markets Daily');
    expect(blocks.slice(0, 3)).toEqual([
      { type: 'heading', text: 'Chips', size: 1 },
      { type: 'paragraph', text: { type: 'italic', text: '2026-11-18 · Markets Daily' } },
      { type: 'paragraph', text: 'Text.' },
    ]);
  });

  it('summary becomes a list; coverImage a photo block first', () => {
    const blocks = blocksOf('Body.', 'title: T\ndate: 2026-11-18\ncoverImage: https://example.com/c.png\nsummary: "- one\\n- two"');
    expect(blocks[0]).toEqual({ type: 'photo', photo: { type: 'photo', media: 'https://example.com/c.png' } });
    expect(blocks[3]).toEqual({
      type: 'list',
      items: [{ blocks: [{ type: 'paragraph', text: 'one' }] }, { blocks: [{ type: 'paragraph', text: 'two' }] }],
    });
  });

  it('a cover that is not http(s) is left out (media blocks take only http and https)', () => {
    const blocks = blocksOf('Body.', 'title: T\ndate: 2026-11-18\ncoverImage: "javascript:alert(1)"');
    expect(blocks.some((b) => b.type === 'photo')).toBe(false);
  });

  it('## / ### / #### become headings of sizes 2, 3, 4; sections and topics get anchors', () => {
    expect(body('## Sec\n\n### [Top](https://e.com/t)\n\n#### Det\n\nx')).toEqual([
      { type: 'anchor', name: 's1' },
      { type: 'heading', text: 'Sec', size: 2 },
      { type: 'anchor', name: 's2' },
      { type: 'heading', text: { type: 'url', text: 'Top', url: 'https://e.com/t' }, size: 3 },
      { type: 'heading', text: 'Det', size: 4 },
      { type: 'paragraph', text: 'x' },
    ]);
  });

  it('nested lists become nested list items; ordered lists keep their numbers', () => {
    expect(body('3. a\n   - b\n     - c\n4. d')).toEqual([
      {
        type: 'list',
        items: [
          {
            value: 3,
            type: '1',
            blocks: [
              { type: 'paragraph', text: 'a' },
              {
                type: 'list',
                items: [
                  {
                    blocks: [
                      { type: 'paragraph', text: 'b' },
                      { type: 'list', items: [{ blocks: [{ type: 'paragraph', text: 'c' }] }] },
                    ],
                  },
                ],
              },
            ],
          },
          { value: 4, type: '1', blocks: [{ type: 'paragraph', text: 'd' }] },
        ],
      },
    ]);
  });

  it('a table becomes a table block with a header row and alignments', () => {
    expect(body('| A | B |\n|:--|--:|\n| 1 | **2** |')).toEqual([
      {
        type: 'table',
        is_bordered: true,
        is_striped: true,
        cells: [
          [
            { text: 'A', align: 'left', valign: 'top', is_header: true },
            { text: 'B', align: 'right', valign: 'top', is_header: true },
          ],
          [
            { text: '1', align: 'left', valign: 'top' },
            { text: { type: 'bold', text: '2' }, align: 'right', valign: 'top' },
          ],
        ],
      },
    ]);
  });

  it('a table of more than 20 columns falls back to the card form', () => {
    const cols = Array.from({ length: 21 }, (_, i) => `h${i}`);
    const row = Array.from({ length: 21 }, (_, i) => `v${i}`);
    const blocks = body(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|\n| ${row.join(' | ')} |`);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.type).toBe('paragraph');
    const text = JSON.stringify(blocks[0]);
    expect(text).toContain('"h0: "');
    expect(text).toContain('\\nh20: ');
    expect(text).toContain('v20');
  });

  it('quotes, code with its language, and --- map to blockquote, pre and divider', () => {
    expect(body('> q\n\n```ts\nlet a = 1;\n```\n\n---')).toEqual([
      { type: 'blockquote', blocks: [{ type: 'paragraph', text: 'q' }] },
      { type: 'pre', text: 'let a = 1;', language: 'ts' },
      { type: 'divider' },
    ]);
  });

  it('links are kept for the HTML path schemes (http, https, tg), mailto as an email address; others keep only their text', () => {
    expect(body('[a](https://e.com) [b](tg://resolve?domain=x) [c](mailto:x@e.com) [d](javascript:alert(1)) [e](ftp://e.com)')).toEqual([
      {
        type: 'paragraph',
        text: [
          { type: 'url', text: 'a', url: 'https://e.com' },
          ' ',
          { type: 'url', text: 'b', url: 'tg://resolve?domain=x' },
          ' ',
          { type: 'email_address', text: 'c', email_address: 'x@e.com' },
          ' d e',
        ],
      },
    ]);
  });

  it('inline formatting and inline HTML map to rich text; other tags keep their text', () => {
    expect(body('**b** *i* ~~s~~ `c` <u>u</u> <tg-spoiler>p</tg-spoiler> <span>k</span>')).toEqual([
      {
        type: 'paragraph',
        text: [
          { type: 'bold', text: 'b' },
          ' ',
          { type: 'italic', text: 'i' },
          ' ',
          { type: 'strikethrough', text: 's' },
          ' ',
          { type: 'code', text: 'c' },
          ' ',
          { type: 'underline', text: 'u' },
          ' ',
          { type: 'spoiler', text: 'p' },
          ' k',
        ],
      },
    ]);
  });

  it('newswire items are a paragraph each, time and headline bold, and each is a topic boundary', () => {
    expect(body('**[05:45]** 【Head】 body\n\n**[06:00]** plain')).toEqual([
      { type: 'paragraph', text: [{ type: 'bold', text: '[05:45]' }, ' ', { type: 'bold', text: '【Head】' }, ' body'] },
      { type: 'paragraph', text: [{ type: 'bold', text: '[06:00]' }, ' plain'] },
    ]);
  });

  it('raw HTML blocks are dropped as in the HTML path', () => {
    expect(body('a\n\n<div class="telegram-card">promo</div>\n\nb')).toEqual([
      { type: 'paragraph', text: 'a' },
      { type: 'paragraph', text: 'b' },
    ]);
  });

  it('plain text: title lines become topic headings, other lines paragraphs (a digest keeps its first article title)', () => {
    const report = reportFrom(
      '2026-11-20-b.txt',
      'First article\nThe first line is longer than the title.\nShort topic\nA body line that is longer than its title.\n',
    );
    const [blocks] = reportToRichBlocks(md, report);
    expect(blocks![0]).toEqual({ type: 'heading', text: report.title, size: 1 });
    expect(blocks!.slice(2)).toEqual([
      { type: 'anchor', name: 's1' },
      { type: 'heading', text: 'First article', size: 3 },
      { type: 'paragraph', text: 'The first line is longer than the title.' },
      { type: 'anchor', name: 's2' },
      { type: 'heading', text: 'Short topic', size: 3 },
      { type: 'paragraph', text: 'A body line that is longer than its title.' },
    ]);
  });

  it("the byline is the HTML path's date line: no date a title already names, category slugs as labels", () => {
    const [news] = reportToRichBlocks(md, reportFrom('x.md', '# Newswire - 2026-01-06\n\ntext'));
    expect(news![1]).toEqual({ type: 'paragraph', text: 'text' });
    const [slug] = reportToRichBlocks(
      md,
      reportFrom('2026-11-18-y.md', '---\ntitle: Y\ndate: 2026-11-18\ncategory: finance-wealth\n---\ntext'),
    );
    expect(slug![1]).toEqual({ type: 'paragraph', text: { type: 'italic', text: '2026-11-18 · Finance & wealth' } });
  });

  it('a quote or list left empty by a dropped HTML block is dropped too (Telegram refuses empty containers)', () => {
    expect(body('> <script>\n> x\n\n- <div>\n\nafter')).toEqual([{ type: 'paragraph', text: 'after' }]);
  });

  it('an empty link shows its address; empty list items are dropped', () => {
    expect(body('[](https://e.com/x)\n\n- a\n-\n- b')).toEqual([
      { type: 'paragraph', text: { type: 'url', text: 'https://e.com/x', url: 'https://e.com/x' } },
      { type: 'list', items: [{ blocks: [{ type: 'paragraph', text: 'a' }] }, { blocks: [{ type: 'paragraph', text: 'b' }] }] },
    ]);
  });
});
