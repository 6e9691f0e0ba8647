/**
 * Builds one RichText value from a flat sequence of writes and
 * open/close calls (the shape of markdown-it's inline tokens). Formatting
 * still open at the end is closed, so nothing leaks into the next block.
 */
import type { RichText } from './types.js';

/** The rich-text wrappers the renderer produces (each has a `text`). */
export type Wrap =
  | { type: 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'code' | 'marked' }
  | { type: 'url'; url: string }
  | { type: 'email_address'; email_address: string };

function wrapText(wrap: Wrap, text: RichText): RichText {
  if (wrap.type === 'url') return { type: 'url', text, url: wrap.url };
  if (wrap.type === 'email_address') return { type: 'email_address', text, email_address: wrap.email_address };
  return { type: wrap.type, text };
}

export class RichInline {
  /**
   * Values written and not wrapped yet, outermost first: the top level's,
   * then each open wrapper's from where `starts` says. One buffer for every
   * level: a wrapper's children become one array of their own size when it
   * closes, where an array per level, grown by push, cost a few hundred bytes
   * per paragraph (room for 16 more values, kept in the output too).
   */
  private readonly items: RichText[] = [];
  /** Open wrappers, innermost last. */
  private readonly wraps: Wrap[] = [];
  /** Where each open wrapper's children start in `items`. */
  private readonly starts: number[] = [];

  /** Where the values of the level being written start. */
  private get level(): number {
    return this.starts.length === 0 ? 0 : this.starts[this.starts.length - 1]!;
  }

  write(text: string): void {
    if (text === '') return;
    const items = this.items;
    // Adjacent strings merge: fewer nodes, same text.
    const last = items.length > this.level ? items[items.length - 1] : undefined;
    if (typeof last === 'string') items[items.length - 1] = last + text;
    else items.push(text);
  }

  /** A whole value (an anchor link, a pre-built piece). */
  append(value: RichText): void {
    if (typeof value === 'string') this.write(value);
    else this.items.push(value);
  }

  open(wrap: Wrap): void {
    this.wraps.push(wrap);
    this.starts.push(this.items.length);
  }

  /** Close the innermost open `type`; wrappers opened inside it are closed and reopened after it. */
  close(type: Wrap['type']): void {
    let at = this.wraps.length - 1;
    while (at >= 0 && this.wraps[at]!.type !== type) at--;
    if (at < 0) return;
    const reopen: Wrap[] = [];
    while (this.wraps.length - 1 > at) reopen.unshift(this.popFrame());
    this.popFrame();
    for (const w of reopen) this.open(w);
  }

  /** True when nothing was written. */
  get empty(): boolean {
    return this.items.length === 0;
  }

  /** The value, with every open wrapper closed. */
  finish(): RichText {
    while (this.wraps.length > 0) this.popFrame();
    return this.values(0);
  }

  /** The values from `start` on, taken out of the buffer: one value alone, else an array of them. */
  private values(start: number): RichText {
    const n = this.items.length - start;
    const value = n === 1 ? this.items[start]! : this.items.slice(start);
    this.items.length = start;
    return value;
  }

  private popFrame(): Wrap {
    const wrap = this.wraps.pop()!;
    const start = this.starts.pop()!;
    // An empty wrapper shows nothing: drop it rather than send an empty entity.
    if (this.items.length > start) this.items.push(wrapText(wrap, this.values(start)));
    return wrap;
  }
}

/** The plain text a RichText shows. */
export function richPlainText(t: RichText): string {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.map(richPlainText).join('');
  if ('text' in t && t.text !== undefined) return richPlainText(t.text as RichText);
  if (t.type === 'custom_emoji') return t.alternative_text;
  if (t.type === 'mathematical_expression') return t.expression;
  return '';
}
