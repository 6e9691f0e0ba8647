/**
 * markdown-it tokens -> rich blocks, one rule per token type: the second
 * renderer over the same token stream as render/rules.ts. Where the HTML path
 * has to emulate (headings, bullets, table cards), this one maps to the Bot
 * API's own blocks; what Telegram cannot show is turned into readable text or
 * dropped on purpose, exactly as in the HTML path.
 */
import type { Token } from 'markdown-it';
import { inlineText } from '../../content/markdown.js';
import { renderRichInline } from './inline-rules.js';
import { TABLE_MAX_COLUMNS } from './limits.js';
import type { Block, ListItem, RichText, TableCell } from './types.js';

/** Where a unit may start a new message: a section (##), a topic (### or a newswire item), any block. */
export enum Cut {
  section = 0,
  topic = 1,
  block = 2,
}

/** Top-level blocks that belong together: a heading always travels with what follows it. */
export interface RichUnit {
  cut: Cut;
  blocks: Block[];
}

export interface RichHeading {
  level: number;
  title: string;
  anchor: string;
}

export interface RichState {
  units: RichUnit[];
  /** Where blocks go now: the top level, or the inside of a list item or quote. */
  containers: Block[][];
  lists: Array<{ items: ListItem[]; ordered: boolean; next: number }>;
  headings: RichHeading[];
  /** The top-level unit being filled; a heading keeps it open for the next block. */
  glue: boolean;
  /** The report title: a `#` heading repeating it is already in the header. */
  skipHeading?: string;
  /** Anchor names already used in this document. */
  anchorCount: number;
  /** The report is in Chinese: the words the renderer adds follow Chinese typography (as render/rules.ts). */
  chinese: boolean;
}

export function newRichState(skipHeading?: string, chinese = false): RichState {
  const s: RichState = { units: [], containers: [], lists: [], headings: [], glue: false, anchorCount: 0, chinese };
  if (skipHeading !== undefined) s.skipHeading = skipHeading;
  return s;
}

/** Add a block where the renderer stands; at the top level it starts a unit that may begin a message. */
export function emit(s: RichState, block: Block, cut: Cut = Cut.block, glueNext = false): void {
  const inner = s.containers[s.containers.length - 1];
  if (inner) {
    inner.push(block);
    return;
  }
  const last = s.units[s.units.length - 1];
  if (s.glue && last) last.blocks.push(block);
  else s.units.push({ cut, blocks: [block] });
  s.glue = glueNext;
}

/**
 * Take back the block just emitted where the renderer stands (a quote or a
 * list that turned out empty: its only content was a dropped HTML block).
 * Telegram refuses empty containers; nothing visible is lost.
 */
function dropLastEmitted(s: RichState): void {
  const inner = s.containers[s.containers.length - 1];
  if (inner) {
    inner.pop();
    return;
  }
  const last = s.units[s.units.length - 1];
  last?.blocks.pop();
  if (last && last.blocks.length === 0) s.units.pop();
}

/** A newswire item opens with its bold time stamp: each is a topic, a good place to start a message. */
const NEWSWIRE_ITEM = /^\*\*\[\d{1,2}:\d{2}\]\*\*/;

function closeIndex(tokens: Token[], i: number, type: string): number {
  let j = i;
  while (j < tokens.length && tokens[j]!.type !== type) j++;
  return j;
}

type HeadingSize = 1 | 2 | 3 | 4 | 5 | 6;

/** A heading with an anchor before it (for the table of contents); it never ends a message. */
export function writeRichHeading(s: RichState, level: number, title: string, text: RichText): void {
  const size = Math.min(6, Math.max(1, level)) as HeadingSize;
  const cut = level <= 2 ? Cut.section : level === 3 ? Cut.topic : Cut.block;
  if (level >= 2 && level <= 3 && s.containers.length === 0) {
    const anchor = `s${++s.anchorCount}`;
    s.headings.push({ level, title, anchor });
    emit(s, { type: 'anchor', name: anchor }, cut, true);
    emit(s, { type: 'heading', text, size }, cut, true);
  } else {
    emit(s, { type: 'heading', text, size }, cut, true);
  }
}

function cellAlign(t: Token): TableCell['align'] {
  const style = String(t.attrGet('style') ?? '');
  return style.includes('center') ? 'center' : style.includes('right') ? 'right' : 'left';
}

function writeTable(tokens: Token[], i: number, s: RichState): number {
  const end = closeIndex(tokens, i, 'table_close');
  const rows: Array<{ header: boolean; cells: Array<{ align: TableCell['align']; inline: Token | undefined }> }> = [];
  let header = false;
  for (let j = i; j < end; j++) {
    const t = tokens[j]!;
    if (t.type === 'thead_open') header = true;
    else if (t.type === 'thead_close') header = false;
    else if (t.type === 'tr_open') rows.push({ header, cells: [] });
    else if ((t.type === 'th_open' || t.type === 'td_open') && rows.length > 0)
      rows[rows.length - 1]!.cells.push({ align: cellAlign(t), inline: tokens[j + 1] });
  }
  const columns = Math.max(0, ...rows.map((r) => r.cells.length));
  if (columns <= TABLE_MAX_COLUMNS) {
    const cells: TableCell[][] = rows.map((r) =>
      r.cells.map((c) => {
        // Assigned, not spread in: a conditional spread per cell is the slow path; the key order is the same.
        const cell: TableCell = { text: renderRichInline(c.inline), align: c.align, valign: 'top' };
        if (r.header) cell.is_header = true;
        return cell;
      }),
    );
    emit(s, { type: 'table', cells, is_bordered: true, is_striped: true });
    return end;
  }
  // Wider than Telegram allows: the HTML path's card form, one paragraph per row.
  const labels = rows.find((r) => r.header)?.cells.map((c) => inlineText(c.inline)) ?? [];
  const colon = s.chinese ? '：' : ': ';
  for (const r of rows.filter((row) => !row.header)) {
    const parts: RichText[] = [];
    r.cells.forEach((c, k) => {
      const label = labels[k] ? `${labels[k]}${colon}` : '';
      if (k === 0) parts.push({ type: 'bold', text: [label, renderRichInline(c.inline)] });
      else parts.push(`\n${label}`, renderRichInline(c.inline));
    });
    emit(s, { type: 'paragraph', text: parts });
  }
  return end;
}

function writeCode(content: string, language: string | undefined, s: RichState): void {
  const lang = language?.match(/^[\w+#.-]{1,64}/)?.[0];
  emit(s, { type: 'pre', text: content.replace(/\n$/, ''), ...(lang ? { language: lang } : {}) });
}

type BlockRule = (tokens: Token[], i: number, s: RichState) => number;

function closeList(s: RichState, i: number): number {
  if (s.lists.pop()?.items.length === 0) dropLastEmitted(s);
  return i;
}

function openList(tokens: Token[], i: number, s: RichState, ordered: boolean): number {
  const items: ListItem[] = [];
  emit(s, { type: 'list', items });
  s.lists.push({ items, ordered, next: Number(tokens[i]!.attrGet('start') ?? 1) || 1 });
  return i;
}

const blockRules: Record<string, BlockRule> = {
  heading_open: (tokens, i, s) => {
    const level = Number(tokens[i]!.tag.slice(1));
    const inline = tokens[i + 1];
    const title = inlineText(inline);
    if (level === 1 && s.skipHeading !== undefined && title === s.skipHeading) s.skipHeading = undefined;
    else writeRichHeading(s, level, title, renderRichInline(inline));
    return closeIndex(tokens, i, 'heading_close');
  },
  paragraph_open: (tokens, i, s) => {
    const inline = tokens[i + 1];
    const newswire = NEWSWIRE_ITEM.test(inline?.content ?? '');
    const text = renderRichInline(inline, newswire);
    // An empty paragraph (only a dropped tag) shows nothing: no block for it.
    if (!(Array.isArray(text) && text.length === 0) && text !== '') emit(s, { type: 'paragraph', text }, newswire ? Cut.topic : Cut.block);
    return closeIndex(tokens, i, 'paragraph_close');
  },
  bullet_list_open: (tokens, i, s) => openList(tokens, i, s, false),
  ordered_list_open: (tokens, i, s) => openList(tokens, i, s, true),
  bullet_list_close: (_tokens, i, s) => closeList(s, i),
  ordered_list_close: (_tokens, i, s) => closeList(s, i),
  list_item_open: (_tokens, i, s) => {
    const list = s.lists[s.lists.length - 1];
    if (!list) return i;
    const item: ListItem = { blocks: [] };
    if (list.ordered) {
      item.value = list.next++;
      item.type = '1';
    }
    list.items.push(item);
    s.containers.push(item.blocks);
    return i;
  },
  list_item_close: (_tokens, i, s) => {
    const blocks = s.containers.pop();
    const list = s.lists[s.lists.length - 1];
    // An empty item (`- ` alone) shows nothing, and Telegram wants content in every item.
    if (list && blocks?.length === 0)
      list.items.splice(
        list.items.findIndex((it) => it.blocks === blocks),
        1,
      );
    return i;
  },
  blockquote_open: (_tokens, i, s) => {
    const blocks: Block[] = [];
    emit(s, { type: 'blockquote', blocks });
    s.containers.push(blocks);
    return i;
  },
  blockquote_close: (_tokens, i, s) => {
    if (s.containers.pop()?.length === 0) dropLastEmitted(s);
    return i;
  },
  fence: (tokens, i, s) => {
    writeCode(tokens[i]!.content, tokens[i]!.info.trim().split(/\s+/)[0], s);
    return i;
  },
  code_block: (tokens, i, s) => {
    writeCode(tokens[i]!.content, undefined, s);
    return i;
  },
  hr: (_tokens, i, s) => {
    emit(s, { type: 'divider' });
    return i;
  },
  // Raw HTML blocks are web-only (the editors' promo cards): dropped, as in the HTML path.
  html_block: (_tokens, i) => i,
  table_open: (tokens, i, s) => writeTable(tokens, i, s),
};

/** Render a token stream into the state. */
export function renderRichTokens(tokens: Token[], s: RichState): void {
  for (let i = 0; i < tokens.length; i++) {
    const rule = blockRules[tokens[i]!.type];
    if (rule) i = rule(tokens, i, s);
  }
}
