/**
 * A rich message as a readable outline for a terminal (preview, sandbox):
 * one line per block, nesting by indentation, formatting shown the way an
 * editor writes it (`**bold**`, `[text](url)`), media and anchors named.
 */
import { measureBlocks, RICH_LIMITS } from './limits.js';
import type { Block, RichText } from './types.js';

const MARKS: Record<string, [string, string]> = {
  bold: ['**', '**'],
  italic: ['_', '_'],
  underline: ['__', '__'],
  strikethrough: ['~~', '~~'],
  spoiler: ['||', '||'],
  code: ['`', '`'],
  marked: ['==', '=='],
  subscript: ['<sub>', '</sub>'],
  superscript: ['<sup>', '</sup>'],
};

export function outlineText(t: RichText | undefined): string {
  if (t === undefined) return '';
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.map(outlineText).join('');
  const mark = MARKS[t.type];
  if (mark && 'text' in t) return `${mark[0]}${outlineText(t.text as RichText)}${mark[1]}`;
  switch (t.type) {
    case 'url':
      return `[${outlineText(t.text)}](${t.url})`;
    case 'email_address':
      return `[${outlineText(t.text)}](mailto:${t.email_address})`;
    case 'anchor_link':
      return `[${outlineText(t.text)}](#${t.anchor_name})`;
    case 'anchor':
      return `⚓${t.name}`;
    case 'custom_emoji':
      return t.alternative_text;
    case 'mathematical_expression':
      return `$${t.expression}$`;
    default:
      return 'text' in t ? outlineText(t.text as RichText) : '';
  }
}

/** Continuation lines of a multi-line text keep the block's indentation. */
function lines(prefix: string, indent: string, text: string): string[] {
  return text.split('\n').map((l, i) => (i === 0 ? prefix : indent) + l);
}

export function outlineBlock(b: Block, indent = ''): string[] {
  switch (b.type) {
    case 'heading':
      return lines(`${indent}${'#'.repeat(b.size)} `, indent, outlineText(b.text));
    case 'paragraph':
    case 'footer':
      return lines(indent, indent, outlineText(b.text));
    case 'pre':
      return [
        `${indent}\`\`\`${b.language ?? ''}`,
        ...outlineText(b.text)
          .split('\n')
          .map((l) => indent + l),
        `${indent}\`\`\``,
      ];
    case 'divider':
      return [`${indent}───`];
    case 'anchor':
      return [`${indent}⚓ ${b.name}`];
    case 'list':
      return b.items.flatMap((item) => {
        const label = item.value !== undefined ? `${item.value}. ` : '• ';
        const inner = item.blocks.flatMap((x) => outlineBlock(x, indent + ' '.repeat(label.length)));
        return inner.map((l, i) => (i === 0 ? indent + label + l.slice(indent.length + label.length) : l));
      });
    case 'blockquote':
      return b.blocks.flatMap((x) => outlineBlock(x, '')).map((l) => `${indent}> ${l}`);
    case 'details':
      return [`${indent}▾ ${outlineText(b.summary)}`, ...b.blocks.flatMap((x) => outlineBlock(x, `${indent}  `))];
    case 'table':
      return b.cells.map((row) => `${indent}| ${row.map((c) => outlineText(c.text)).join(' | ')} |`);
    case 'photo':
      return [`${indent}[photo ${typeof b.photo.media === 'string' ? b.photo.media : 'upload'}]`];
    case 'mathematical_expression':
      return [`${indent}$$${b.expression}$$`];
    default:
      return 'text' in b ? lines(indent, indent, outlineText(b.text as RichText)) : [`${indent}[${b.type}]`];
  }
}

const n = new Intl.NumberFormat('en-US');

/** One line with the message's counts against every limit. */
export function richCounts(blocks: Block[]): string {
  const m = measureBlocks(blocks);
  return [
    `${n.format(m.characters)}/${n.format(RICH_LIMITS.maxCharacters)} characters`,
    `${m.blocks}/${RICH_LIMITS.maxBlocks} blocks`,
    `depth ${m.depth}/${RICH_LIMITS.maxDepth}`,
    `${m.media}/${RICH_LIMITS.maxMedia} media`,
  ].join(' · ');
}

/** The whole message, one line per block. */
export function outlineBlocks(blocks: Block[]): string {
  return blocks.flatMap((b) => outlineBlock(b)).join('\n');
}
