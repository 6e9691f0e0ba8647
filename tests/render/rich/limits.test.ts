/** Every rich-message limit is counted before sending; reports over them split at section boundaries. */
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../../src/content/markdown.js';
import { reportToParts } from '../../../src/render/messages.js';
import { countCharacters, exceededLimit, measureBlocks, RICH_LIMITS } from '../../../src/render/rich/limits.js';
import { blocksText, reportToRichBlocks, reportToRichParts } from '../../../src/render/rich/parts.js';
import type { Block } from '../../../src/render/rich/types.js';
import { longReport } from '../../support/long-report.js';
import { renderer, reportFrom } from '../../support/render.js';
import { firstMissing, sourceText } from '../../support/source-text.js';

const md = createMarkdown();

describe('counting the limits', () => {
  it('counts characters as code points, including captions, cells and formula source', () => {
    expect(countCharacters('a😀中')).toBe(3);
    const m = measureBlocks([
      { type: 'paragraph', text: ['ab', { type: 'bold', text: '😀' }] },
      { type: 'mathematical_expression', expression: 'x^2' },
      { type: 'table', cells: [[{ text: 'cell', align: 'left', valign: 'top' }]] },
    ]);
    expect(m.characters).toBe(2 + 1 + 3 + 4);
  });

  it('counts nested blocks, list items, table rows, quotations and details as blocks', () => {
    const blocks: Block[] = [
      { type: 'list', items: [{ blocks: [{ type: 'paragraph', text: 'a' }] }, { blocks: [{ type: 'paragraph', text: 'b' }] }] }, // 1 + 2 items + 2 paragraphs
      { type: 'blockquote', blocks: [{ type: 'paragraph', text: 'q' }] }, // 2
      { type: 'details', summary: 's', blocks: [{ type: 'divider' }] }, // 2
      { type: 'table', cells: [[{ text: 'x', align: 'left', valign: 'top' }], [{ text: 'y', align: 'left', valign: 'top' }]] }, // 1 + 2 rows
    ];
    expect(measureBlocks(blocks).blocks).toBe(5 + 2 + 2 + 3);
  });

  it('counts nesting depth across blocks, list items and formatting', () => {
    const deep: Block = {
      type: 'blockquote',
      blocks: [{ type: 'list', items: [{ blocks: [{ type: 'paragraph', text: { type: 'bold', text: { type: 'italic', text: 'x' } } }] }] }],
    };
    // quote 1, list 2, item 3, paragraph 4, bold 5, italic 6
    expect(measureBlocks([deep]).depth).toBe(6);
  });

  it('counts media and table columns (colspans included)', () => {
    const m = measureBlocks([
      { type: 'photo', photo: { type: 'photo', media: 'https://e.com/a.png' } },
      { type: 'collage', blocks: [{ type: 'photo', photo: { type: 'photo', media: 'https://e.com/b.png' } }] },
      {
        type: 'table',
        cells: [
          [
            { text: 'x', colspan: 19, align: 'left', valign: 'top' },
            { text: 'y', colspan: 2, align: 'left', valign: 'top' },
          ],
        ],
      },
    ]);
    expect(m.media).toBe(2);
    expect(m.columns).toBe(21);
    expect(exceededLimit(m)).toMatch(/21 columns/);
  });
});

function checkSplit(source: string, file = '2026-11-18-long.md'): Block[][] {
  const report = reportFrom(file, source);
  const messages = reportToRichBlocks(md, report);
  for (const blocks of messages) expect(exceededLimit(measureBlocks(blocks))).toBeUndefined();
  const { chunks } = sourceText(file, source);
  expect(firstMissing(chunks, messages.map(blocksText).join('\n'))).toBeUndefined();
  return messages;
}

describe('reports over the limits', () => {
  it('split at section boundaries, each message within every limit, all text in order', () => {
    const messages = checkSplit(longReport('2026-11-18', 40));
    expect(messages.length).toBeGreaterThan(1);
    for (const blocks of messages.slice(1)) {
      // Each later message opens a section: its anchor, then a size-2 heading.
      expect(blocks[0]).toMatchObject({ type: 'anchor' });
      expect(blocks[1]).toMatchObject({ type: 'heading', size: 2 });
    }
    // Well filled: no message but the last is under half the characters.
    for (const blocks of messages.slice(0, -1)) expect(measureBlocks(blocks).characters).toBeGreaterThan(RICH_LIMITS.maxCharacters / 2);
  });

  it('only the first rich message notifies; each carries the HTML parts as fallback', () => {
    const report = reportFrom('2026-11-18-long.md', longReport('2026-11-18', 40));
    const html = reportToParts(report, renderer);
    const parts = reportToRichParts(md, report, html);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.payload.disable_notification).toBeUndefined();
    for (const p of parts.slice(1)) expect(p.payload.disable_notification).toBe(true);
    for (const p of parts) expect(p.fallback).toBe(html);
  });

  it('a list of 1,200 items splits by items within the block limit', () => {
    const items = Array.from({ length: 1200 }, (_, i) => `- item ${i}`).join('\n');
    const messages = checkSplit(`---\ntitle: L\ndate: 2026-11-18\n---\n${items}\n`);
    expect(messages.length).toBeGreaterThanOrEqual(3);
  });

  it('a table of 1,000 rows splits by rows, the header row repeated', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `| r${i} | v${i} |`).join('\n');
    const messages = checkSplit(`---\ntitle: L\ndate: 2026-11-18\n---\n| K | V |\n|---|---|\n${rows}\n`);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const blocks of messages) {
      const table = blocks.find((b) => b.type === 'table');
      expect(table && table.type === 'table' && table.cells[0]![0]!.is_header).toBe(true);
    }
  });

  it('one paragraph of 100,000 characters splits between sentences', () => {
    const para = 'Rates held steady today. '.repeat(4000);
    const messages = checkSplit(`---\ntitle: L\ndate: 2026-11-18\n---\n${para}\n`);
    expect(messages.length).toBeGreaterThanOrEqual(4);
    for (const blocks of messages.slice(0, -1)) expect(blocksText(blocks).trimEnd().endsWith('.')).toBe(true);
  });

  it('lists nested deeper than Telegram allows keep their text as plain paragraphs', () => {
    const deep = Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const messages = checkSplit(`---\ntitle: L\ndate: 2026-11-18\n---\n${deep}\n`);
    expect(messages).toHaveLength(1);
    expect(measureBlocks(messages[0]!).depth).toBeLessThanOrEqual(RICH_LIMITS.maxDepth);
  });
});

describe('table of contents', () => {
  it('a message longer than one screen with 3+ sections gets anchor links to its sections', () => {
    const [blocks] = reportToRichBlocks(md, reportFrom('2026-11-18-long.md', longReport('2026-11-18', 4)));
    const toc = blocks!.find((b) => b.type === 'details');
    expect(toc).toBeDefined();
    const links = JSON.stringify(toc)
      .match(/"anchor_name":"(s\d+)"/g)!
      .map((l) => l.slice(15, -1));
    expect(links).toHaveLength(4);
    const anchors = new Set(blocks!.filter((b) => b.type === 'anchor').map((b) => (b as { name: string }).name));
    for (const l of links) expect(anchors.has(l)).toBe(true);
    // After the header (title; the byline is left out when the title names the date; the summary list), before the body.
    expect(blocks!.slice(0, 2).map((b) => b.type)).toEqual(['heading', 'list']);
    expect(blocks!.findIndex((b) => b.type === 'details')).toBe(2);
  });

  it('a one-screen report gets none', () => {
    const [blocks] = reportToRichBlocks(
      md,
      reportFrom('2026-11-18-s.md', '---\ntitle: S\ndate: 2026-11-18\n---\n## A\n\na\n\n## B\n\nb\n\n## C\n\nc\n'),
    );
    expect(blocks!.some((b) => b.type === 'details')).toBe(false);
  });
});
