/**
 * Text plus Telegram formatting entities: the renderer's output and the
 * splitter's input. Keeping text and formatting apart is what lets us measure
 * a message exactly as Telegram will (the parsed text, in UTF-16 units) and
 * cut it anywhere, then emit well-formed HTML for each piece.
 */

export type EntityType = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'code' | 'pre' | 'text_link' | 'blockquote';

export interface Entity {
  type: EntityType;
  /** Start, in UTF-16 code units of `RichText.text`. */
  offset: number;
  length: number;
  /** For `text_link`. */
  url?: string;
  /** For `pre`: the fenced code's language. */
  language?: string;
}

export interface RichText {
  text: string;
  /** Well nested: any two entities are either disjoint or one contains the other. */
  entities: Entity[];
}

const HTML_SPECIAL = /[&<>]/;

/** Escape text for Telegram's HTML parse mode (it knows only these three named entities plus `&quot;`). */
export function escapeHtml(text: string): string {
  // Most runs of text have nothing to escape: a test is cheaper than a replace with a callback.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}

function openTag(e: Entity): string {
  switch (e.type) {
    case 'bold':
      return '<b>';
    case 'italic':
      return '<i>';
    case 'underline':
      return '<u>';
    case 'strikethrough':
      return '<s>';
    case 'spoiler':
      return '<tg-spoiler>';
    case 'code':
      return '<code>';
    case 'pre':
      return e.language ? `<pre><code class="language-${escapeAttribute(e.language)}">` : '<pre>';
    case 'text_link':
      return `<a href="${escapeAttribute(e.url ?? '')}">`;
    case 'blockquote':
      return '<blockquote>';
  }
}

function closeTag(e: Entity): string {
  switch (e.type) {
    case 'bold':
      return '</b>';
    case 'italic':
      return '</i>';
    case 'underline':
      return '</u>';
    case 'strikethrough':
      return '</s>';
    case 'spoiler':
      return '</tg-spoiler>';
    case 'code':
      return '</code>';
    case 'pre':
      return e.language ? '</code></pre>' : '</pre>';
    case 'text_link':
      return '</a>';
    case 'blockquote':
      return '</blockquote>';
  }
}

/**
 * `e` at a new place: the same fields in the same order as the renderer's own
 * entities, so every entity has one of three shapes (a spread copy makes
 * shapes of its own, and the code reading them then runs on the slow path).
 */
export function movedEntity(e: Entity, offset: number, length: number): Entity {
  const moved: Entity = { type: e.type, offset, length };
  if (e.url !== undefined) moved.url = e.url;
  if (e.language !== undefined) moved.language = e.language;
  return moved;
}

/**
 * Outer entities first: earlier start, then longer. Entities are listed in
 * the order they closed (inner first), so for the same range the later one
 * is the outer one.
 */
function nestingOrder(entities: Entity[]): Entity[] {
  return entities
    .map((e, index) => ({ e, index }))
    .filter(({ e }) => e.length > 0)
    .sort((a, b) => a.e.offset - b.e.offset || b.e.length - a.e.length || b.index - a.index)
    .map(({ e }) => e);
}

/** HTML being written: the text so far and how far into the source text it has got. */
interface HtmlOut {
  html: string;
  pos: number;
}

/** Write text up to `to`, closing every open entity that ends by then (each after its text). */
function flushTo(rt: RichText, open: Entity[], out: HtmlOut, to: number): void {
  for (;;) {
    const top = open[open.length - 1];
    if (!top || top.offset + top.length > to) break;
    const end = top.offset + top.length;
    out.html += escapeHtml(rt.text.slice(out.pos, end)) + closeTag(top);
    out.pos = end;
    open.pop();
  }
  out.html += escapeHtml(rt.text.slice(out.pos, to));
  out.pos = to;
}

/** Serialise to Telegram HTML. Entities must be well nested (the renderer guarantees it). */
export function toHtml(rt: RichText): string {
  const entities = nestingOrder(rt.entities);
  const out: HtmlOut = { html: '', pos: 0 };
  const open: Entity[] = [];
  for (const e of entities) {
    flushTo(rt, open, out, e.offset);
    out.html += openTag(e);
    open.push(e);
  }
  flushTo(rt, open, out, rt.text.length);
  return out.html;
}

/**
 * The part of `rt` in [start, end): entities are clipped to the range, which
 * is what closes tags at a split point and reopens them in the next message.
 */
export function sliceRichText(rt: RichText, start: number, end: number): RichText {
  const entities: Entity[] = [];
  for (const e of rt.entities) {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) entities.push(movedEntity(e, from - start, to - from));
  }
  return { text: rt.text.slice(start, end), entities };
}

/** Concatenate pieces, shifting entity offsets. */
export function concatRichText(parts: RichText[]): RichText {
  let text = '';
  const entities: Entity[] = [];
  for (const p of parts) {
    for (const e of p.entities) entities.push({ ...e, offset: e.offset + text.length });
    text += p.text;
  }
  return { text, entities };
}

/**
 * `sliceRichText` for many ordered, non-overlapping ranges in one sweep:
 * each entity is visited a bounded number of times instead of once per range.
 */
export function sliceRichTextMany(rt: RichText, ranges: Array<{ start: number; end: number }>): RichText[] {
  const sorted = rt.entities.map((e, index) => ({ e, index })).sort((a, b) => a.e.offset - b.e.offset || a.index - b.index);
  let next = 0;
  let active: Array<{ e: Entity; index: number }> = [];
  return ranges.map(({ start, end }) => {
    while (next < sorted.length && sorted[next]!.e.offset < end) active.push(sorted[next++]!);
    active = active.filter(({ e }) => e.offset + e.length > start);
    // Keep the original relative order: toHtml relies on it for entities sharing a range.
    const entities = [...active]
      .sort((a, b) => a.index - b.index)
      .map(({ e }) => {
        const from = Math.max(e.offset, start);
        return movedEntity(e, from - start, Math.min(e.offset + e.length, end) - from);
      });
    return { text: rt.text.slice(start, end), entities };
  });
}
