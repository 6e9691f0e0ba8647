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

interface Frame {
  wrap: Wrap | undefined;
  children: RichText[];
}

function collapse(children: RichText[]): RichText {
  if (children.length === 1) return children[0]!;
  return children;
}

function wrapText(wrap: Wrap, text: RichText): RichText {
  if (wrap.type === 'url') return { type: 'url', text, url: wrap.url };
  if (wrap.type === 'email_address') return { type: 'email_address', text, email_address: wrap.email_address };
  return { type: wrap.type, text };
}

export class RichInline {
  private readonly stack: Frame[] = [{ wrap: undefined, children: [] }];

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  write(text: string): void {
    if (text === '') return;
    const kids = this.top.children;
    const last = kids[kids.length - 1];
    // Adjacent strings merge: fewer nodes, same text.
    if (typeof last === 'string') kids[kids.length - 1] = last + text;
    else kids.push(text);
  }

  /** A whole value (an anchor link, a pre-built piece). */
  append(value: RichText): void {
    if (typeof value === 'string') this.write(value);
    else this.top.children.push(value);
  }

  open(wrap: Wrap): void {
    this.stack.push({ wrap, children: [] });
  }

  /** Close the innermost open `type`; wrappers opened inside it are closed and reopened after it. */
  close(type: Wrap['type']): void {
    let at = this.stack.length - 1;
    while (at > 0 && this.stack[at]!.wrap?.type !== type) at--;
    if (at === 0) return;
    const reopen: Wrap[] = [];
    while (this.stack.length - 1 > at) reopen.unshift(this.popFrame());
    this.popFrame();
    for (const w of reopen) this.open(w);
  }

  /** True when nothing was written. */
  get empty(): boolean {
    return this.stack.every((f) => f.children.length === 0);
  }

  /** The value, with every open wrapper closed. */
  finish(): RichText {
    while (this.stack.length > 1) this.popFrame();
    return collapse(this.stack[0]!.children);
  }

  private popFrame(): Wrap {
    const frame = this.stack.pop()!;
    const wrap = frame.wrap!;
    // An empty wrapper shows nothing: drop it rather than send an empty entity.
    if (frame.children.length > 0) this.top.children.push(wrapText(wrap, collapse(frame.children)));
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
