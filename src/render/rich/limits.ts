/**
 * The Bot API's rich-message limits (`@grammyjs/types/rich.d.ts`, "Rich
 * Message Limits"), counted exactly one way for the renderer, the splitter
 * and the stand-in:
 *
 *  - characters: every character of text the message shows (Unicode code
 *    points, the docs' "UTF-8 characters"), custom emoji alternative text and
 *    formula source included; URLs and anchor names are not text;
 *  - blocks: every block at any depth, plus every list item and table row
 *    (quotations and details are blocks themselves);
 *  - depth: nesting of blocks, list items and rich-text wrappers together, a
 *    top-level block being level 1 (an array of rich texts is not a level);
 *  - media: photo, video, animation, audio, document and voice-note blocks;
 *  - table columns: the widest row, colspans counted.
 */
import type { Block, RichText, TableCell } from './types.js';

export interface RichLimits {
  readonly maxCharacters: number;
  readonly maxBlocks: number;
  readonly maxDepth: number;
  readonly maxMedia: number;
  readonly maxColumns: number;
}

export const RICH_LIMITS: RichLimits = {
  maxCharacters: 32_768,
  maxBlocks: 500,
  maxDepth: 16,
  maxMedia: 50,
  maxColumns: 20,
};

export const TABLE_MAX_COLUMNS = RICH_LIMITS.maxColumns;

export interface RichMeasure {
  characters: number;
  blocks: number;
  depth: number;
  media: number;
  columns: number;
}

const MEDIA = new Set(['photo', 'video', 'animation', 'audio', 'document', 'voice_note']);

export const emptyMeasure = (): RichMeasure => ({ characters: 0, blocks: 0, depth: 0, media: 0, columns: 0 });

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Code points, not UTF-16 units: "32768 UTF-8 characters". */
export function countCharacters(s: string): number {
  // Most text has no surrogates at all: then every UTF-16 unit is one character,
  // and the engine's regex scan is several times faster than a loop here.
  if (!HIGH_SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function measureText(t: RichText | undefined, level: number, m: RichMeasure): void {
  if (t === undefined) return;
  if (typeof t === 'string') {
    m.characters += countCharacters(t);
    m.depth = Math.max(m.depth, level);
    return;
  }
  if (Array.isArray(t)) {
    for (const x of t) measureText(x, level, m);
    return;
  }
  m.depth = Math.max(m.depth, level + 1);
  if (t.type === 'custom_emoji') m.characters += countCharacters(t.alternative_text);
  else if (t.type === 'mathematical_expression') m.characters += countCharacters(t.expression);
  if ('text' in t) measureText(t.text as RichText, level + 1, m);
  if (t.type === 'button') measureText(t.button.text, level + 1, m);
}

function measureCaption(c: { text: RichText; credit?: RichText } | undefined, level: number, m: RichMeasure): void {
  if (!c) return;
  measureText(c.text, level, m);
  measureText(c.credit, level, m);
}

function rowColumns(row: TableCell[]): number {
  return row.reduce((n, c) => n + Math.max(1, c.colspan ?? 1), 0);
}

/** Add one block (at nesting `level`, 1 = top) to `m`. */
export function measureBlock(b: Block, level: number, m: RichMeasure): void {
  m.blocks += 1;
  m.depth = Math.max(m.depth, level);
  if (MEDIA.has(b.type)) m.media += 1;
  switch (b.type) {
    case 'paragraph':
    case 'heading':
    case 'pre':
    case 'footer':
    case 'expandable_blockquote':
    case 'pullquote':
    case 'thinking':
      measureText(b.text, level, m);
      if ('credit' in b) measureText(b.credit, level, m);
      break;
    case 'mathematical_expression':
      m.characters += countCharacters(b.expression);
      break;
    case 'list':
      for (const item of b.items) {
        m.blocks += 1;
        m.depth = Math.max(m.depth, level + 1);
        for (const inner of item.blocks) measureBlock(inner, level + 2, m);
      }
      break;
    case 'blockquote':
      for (const inner of b.blocks) measureBlock(inner, level + 1, m);
      measureText(b.credit, level, m);
      break;
    case 'details':
      measureText(b.summary, level, m);
      for (const inner of b.blocks) measureBlock(inner, level + 1, m);
      break;
    case 'collage':
    case 'slideshow':
      for (const inner of b.blocks) measureBlock(inner, level + 1, m);
      measureCaption(b.caption, level, m);
      break;
    case 'table':
      measureText(b.caption, level, m);
      for (const row of b.cells) {
        m.blocks += 1;
        m.columns = Math.max(m.columns, rowColumns(row));
        for (const cell of row) measureText(cell.text, level + 1, m);
      }
      break;
    case 'buttons':
      for (const button of b.buttons) measureText(button.text, level, m);
      break;
    case 'map':
    case 'photo':
    case 'video':
    case 'animation':
    case 'audio':
    case 'document':
    case 'voice_note':
      measureCaption(b.caption, level, m);
      break;
    default:
      break;
  }
}

export function measureBlocks(blocks: readonly Block[], into: RichMeasure = emptyMeasure()): RichMeasure {
  for (const b of blocks) measureBlock(b, 1, into);
  return into;
}

export function addMeasures(a: RichMeasure, b: RichMeasure): RichMeasure {
  return {
    characters: a.characters + b.characters,
    blocks: a.blocks + b.blocks,
    depth: Math.max(a.depth, b.depth),
    media: a.media + b.media,
    columns: Math.max(a.columns, b.columns),
  };
}

/** The first limit `m` breaks, as a phrase (for errors), or undefined when it fits. */
export function exceededLimit(m: RichMeasure, limits: RichLimits = RICH_LIMITS): string | undefined {
  if (m.characters > limits.maxCharacters) return `${m.characters} characters (at most ${limits.maxCharacters})`;
  if (m.blocks > limits.maxBlocks) return `${m.blocks} blocks (at most ${limits.maxBlocks})`;
  if (m.depth > limits.maxDepth) return `nesting depth ${m.depth} (at most ${limits.maxDepth})`;
  if (m.media > limits.maxMedia) return `${m.media} media (at most ${limits.maxMedia})`;
  if (m.columns > limits.maxColumns) return `a table of ${m.columns} columns (at most ${limits.maxColumns})`;
  return undefined;
}
