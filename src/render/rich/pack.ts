/**
 * Rich units -> messages, each within every rich-message limit. A message
 * ends at the best boundary that still fills it at least half: a section,
 * then a topic, then any top-level block. A single block too big for one
 * message is divided (a list by items, a table by rows with its header
 * repeated, a quote by its blocks, text between sentences); a block nested
 * deeper than Telegram allows keeps its text as plain paragraphs. Nothing
 * is dropped and the order is kept.
 */
import { richPlainText } from './inline.js';
import { addMeasures, emptyMeasure, exceededLimit, measureBlocks, RICH_LIMITS, type RichLimits, type RichMeasure } from './limits.js';
import { Cut, type RichUnit } from './rules.js';
import type { Block, ListItem, RichText } from './types.js';

export interface Item {
  cut: Cut;
  blocks: Block[];
  m: RichMeasure;
}

type Limits = RichLimits;

const fits = (m: RichMeasure, limits: Limits): boolean => exceededLimit(m, limits) === undefined;
const item = (cut: Cut, blocks: Block[]): Item => ({ cut, blocks, m: measureBlocks(blocks) });
const fill = (m: RichMeasure, limits: Limits): number =>
  Math.max(m.characters / limits.maxCharacters, m.blocks / limits.maxBlocks, m.media / limits.maxMedia);

/** Plain text of a block and everything inside it, one line per inner block. */
export function blockText(b: Block): string {
  switch (b.type) {
    case 'list':
      return b.items.map((it) => it.blocks.map(blockText).join('\n')).join('\n');
    case 'blockquote':
    case 'collage':
    case 'slideshow':
      return b.blocks.map(blockText).join('\n');
    case 'details':
      return [richPlainText(b.summary), ...b.blocks.map(blockText)].join('\n');
    case 'table':
      return b.cells.map((row) => row.map((c) => (c.text === undefined ? '' : richPlainText(c.text))).join(' | ')).join('\n');
    case 'mathematical_expression':
      return b.expression;
    case 'divider':
    case 'anchor':
      return '';
    default:
      return 'text' in b ? richPlainText(b.text) : '';
  }
}

const SENTENCE_END = /[。！？；!?;\n]|\. /g;

/** Cut a long string near its middle, after a sentence when one ends nearby, never inside a surrogate pair. */
function halveString(s: string): [string, string] {
  const mid = Math.floor(s.length / 2);
  const window = Math.max(1, Math.floor(s.length / 4));
  let best = -1;
  SENTENCE_END.lastIndex = Math.max(0, mid - window);
  for (let m = SENTENCE_END.exec(s); m && m.index <= mid + window; m = SENTENCE_END.exec(s)) {
    const end = m.index + m[0].length;
    if (best < 0 || Math.abs(end - mid) < Math.abs(best - mid)) best = end;
  }
  let at = best > 0 && best < s.length ? best : mid;
  const c = s.charCodeAt(at);
  if (c >= 0xdc00 && c <= 0xdfff) at += 1;
  return [s.slice(0, at), s.slice(at)];
}

function halveText(t: RichText): [RichText, RichText] {
  if (Array.isArray(t) && t.length >= 2) {
    const mid = Math.ceil(t.length / 2);
    return [t.slice(0, mid), t.slice(mid)];
  }
  // One run too long for a whole message: its text is kept, its formatting is not.
  return halveString(richPlainText(t));
}

function withText(b: Block, text: RichText): Block {
  return { ...b, text } as Block;
}

function halves<T>(xs: T[]): [T[], T[]] {
  const mid = Math.ceil(xs.length / 2);
  return [xs.slice(0, mid), xs.slice(mid)];
}

/**
 * The block with everything nested deeper than `maxDepth` (counting from
 * `level`) turned into plain paragraphs: the structure is kept as deep as
 * Telegram allows, the text always.
 */
export function capDepth(b: Block, level: number, maxDepth: number): Block {
  if (measureBlocks([b]).depth + level - 1 <= maxDepth) return b;
  // Room for a paragraph with one level of formatting below the container.
  if (b.type === 'list' && level + 3 <= maxDepth) {
    return { ...b, items: b.items.map((it) => ({ ...it, blocks: it.blocks.map((x) => capDepth(x, level + 2, maxDepth)) })) };
  }
  if ((b.type === 'blockquote' || b.type === 'details') && level + 2 <= maxDepth) {
    return { ...b, blocks: b.blocks.map((x) => capDepth(x, level + 1, maxDepth)) } as Block;
  }
  return { type: 'paragraph', text: blockText(b) };
}

/** Divide one block that does not fit an empty message into smaller ones, in order. */
export function splitBlock(b: Block, limits: Limits = RICH_LIMITS): Block[] {
  const m = measureBlocks([b]);
  if (m.depth > limits.maxDepth) return [capDepth(b, 1, limits.maxDepth)];
  switch (b.type) {
    case 'list': {
      if (b.items.length >= 2) return halves(b.items).map((items) => ({ type: 'list', items }));
      const only = b.items[0]!;
      const inner = only.blocks.length >= 2 ? halves(only.blocks) : splitBlock(only.blocks[0]!, limits).map((x) => [x]);
      return inner.map((blocks): Block => ({ type: 'list', items: [{ ...only, blocks } as ListItem] }));
    }
    case 'blockquote': {
      const inner = b.blocks.length >= 2 ? halves(b.blocks) : splitBlock(b.blocks[0]!, limits).map((x) => [x]);
      return inner.map((blocks): Block => ({ ...b, blocks }));
    }
    case 'details': {
      const inner = b.blocks.length >= 2 ? halves(b.blocks) : splitBlock(b.blocks[0]!, limits).map((x) => [x]);
      return inner.map((blocks): Block => ({ ...b, blocks }));
    }
    case 'table': {
      const head = b.cells.filter((row) => row.some((c) => c.is_header));
      const body = b.cells.filter((row) => !row.some((c) => c.is_header));
      if (body.length >= 2 && m.columns <= limits.maxColumns)
        return halves(body).map((rows): Block => ({ ...b, cells: [...head, ...rows] }));
      return [{ type: 'paragraph', text: blockText(b) }];
    }
    case 'paragraph':
    case 'heading':
    case 'pre':
    case 'footer':
    case 'pullquote':
    case 'expandable_blockquote':
      return halveText(b.text).map((t) => withText(b, t));
    default:
      return [b];
  }
}

/**
 * The header, then the units, as items broken down until each fits an empty
 * message on its own, in order. One unit at a time: a divided item's pieces go
 * back on a stack, next piece last.
 */
function fitting(header: Block[], units: RichUnit[], limits: Limits): Item[] {
  const out: Item[] = [];
  const stack: Item[] = [];
  for (let u = -1; u < units.length; u++) {
    stack.push(u < 0 ? item(Cut.section, header) : item(units[u]!.cut, units[u]!.blocks));
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (fits(next.m, limits)) {
        out.push(next);
        continue;
      }
      let smaller: Item[];
      if (next.blocks.length >= 2) smaller = next.blocks.map((b, k) => item(k === 0 ? next.cut : Cut.block, [b]));
      else {
        const pieces = splitBlock(next.blocks[0]!, limits);
        // A block that cannot be divided further goes out alone (it cannot happen for what the renderer builds).
        if (pieces.length < 2 && pieces[0] === next.blocks[0]) {
          out.push(next);
          continue;
        }
        smaller = pieces.map((b, k) => item(k === 0 ? next.cut : Cut.block, [b]));
      }
      for (let k = smaller.length - 1; k >= 0; k--) stack.push(smaller[k]!);
    }
  }
  return out;
}

/** Whether `a` and `b` together fit (what `fits(addMeasures(a, b))` says, with no object built). */
function fitsTogether(a: RichMeasure, b: RichMeasure, limits: Limits): boolean {
  return (
    a.characters + b.characters <= limits.maxCharacters &&
    a.blocks + b.blocks <= limits.maxBlocks &&
    Math.max(a.depth, b.depth) <= limits.maxDepth &&
    a.media + b.media <= limits.maxMedia &&
    Math.max(a.columns, b.columns) <= limits.maxColumns
  );
}

/** Add `b` into `m` (a running measure this module owns). */
function addInto(m: RichMeasure, b: RichMeasure): void {
  m.characters += b.characters;
  m.blocks += b.blocks;
  m.depth = Math.max(m.depth, b.depth);
  m.media += b.media;
  m.columns = Math.max(m.columns, b.columns);
}

/** The measure of `base` plus every item, added into one new object (no object per step). */
function sum(items: Item[], base: RichMeasure): RichMeasure {
  const m = { ...base };
  for (const it of items) {
    m.characters += it.m.characters;
    m.blocks += it.m.blocks;
    m.depth = Math.max(m.depth, it.m.depth);
    m.media += it.m.media;
    m.columns = Math.max(m.columns, it.m.columns);
  }
  return m;
}

/** Where to end a message that `overflow` no longer fits: the latest section, else topic, that leaves it half full. */
function bestCut(cur: Item[], base: RichMeasure, limits: Limits): number {
  // fill(prefix j) for every j, in one pass.
  const filled: number[] = [];
  let m = base;
  for (const it of cur) {
    filled.push(fill(m, limits));
    m = addMeasures(m, it.m);
  }
  for (const cut of [Cut.section, Cut.topic]) {
    for (let j = cur.length - 1; j >= 1; j--) {
      if (cur[j]!.cut <= cut && filled[j]! >= 0.5) return j;
    }
  }
  return cur.length;
}

/**
 * Pack the header and the body into messages. `firstReserve` is kept free in
 * the first message (for its table of contents).
 */
export function packRich(
  header: Block[],
  units: RichUnit[],
  firstReserve: RichMeasure = emptyMeasure(),
  limits: Limits = RICH_LIMITS,
): Block[][] {
  return packRichMeasured(header, units, firstReserve, limits).map((m) => m.blocks);
}

/** A report's header and body, broken down for packing (see `packItems`). */
export interface RichItems {
  items: Item[];
  /** Everything the items measure together. */
  total: RichMeasure;
}

export function richItems(header: Block[], units: RichUnit[], limits: Limits = RICH_LIMITS): RichItems {
  const items = fitting(header, units, limits);
  return { items, total: sum(items, emptyMeasure()) };
}

/**
 * Whether everything fits in one message with `reserve` kept free. Then the
 * packing is one message for any smaller reserve too: a reserve that is only
 * known to be at most `reserve` need not be worked out.
 */
export function fitsOneMessage(items: RichItems, reserve: RichMeasure, limits: Limits = RICH_LIMITS): boolean {
  return fitsTogether(items.total, reserve, limits);
}

/** packRich, with each message's measure (the reserve not included). */
export function packRichMeasured(
  header: Block[],
  units: RichUnit[],
  firstReserve: RichMeasure = emptyMeasure(),
  limits: Limits = RICH_LIMITS,
): Array<{ blocks: Block[]; m: RichMeasure }> {
  return packItems(richItems(header, units, limits), firstReserve, limits);
}

/** Pack items into messages, `firstReserve` kept free in the first; each message with its measure. */
export function packItems(
  { items }: RichItems,
  firstReserve: RichMeasure = emptyMeasure(),
  limits: Limits = RICH_LIMITS,
): Array<{ blocks: Block[]; m: RichMeasure }> {
  const messages: Item[][] = [];
  let cur: Item[] = [];
  // The running measure of `cur`: adding an item is O(1), only a cut re-counts what moves on.
  let curM = sum(cur, firstReserve);
  for (const it of items) {
    if (cur.length === 0 || fitsTogether(curM, it.m, limits)) {
      cur.push(it);
      addInto(curM, it.m);
      continue;
    }
    const base = messages.length === 0 ? firstReserve : emptyMeasure();
    const j = bestCut(cur, base, limits);
    messages.push(cur.slice(0, j));
    cur = cur.slice(j);
    curM = sum(cur, messages.length === 0 ? firstReserve : emptyMeasure());
    if (cur.length > 0 && !fitsTogether(curM, it.m, limits)) {
      messages.push(cur);
      cur = [];
      curM = sum(cur, messages.length === 0 ? firstReserve : emptyMeasure());
    }
    cur.push(it);
    addInto(curM, it.m);
  }
  if (cur.length > 0) messages.push(cur);
  return messages.map((msg) => {
    const blocks: Block[] = [];
    for (const it of msg) for (const b of it.blocks) blocks.push(b);
    return { blocks, m: sum(msg, emptyMeasure()) };
  });
}
