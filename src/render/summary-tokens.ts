/**
 * A front-matter summary's markdown-it tokens, built without a parse when
 * the summary is one of the two shapes editors write in plain words: one
 * line, or a tight `- ` list of one-line items. Words with none of the
 * characters a Markdown rule reacts to parse to themselves (the test
 * `inlineTextOf` in content/markdown.ts also relies on), so the stream
 * `md.parse` would return is known: a paragraph, or a list of paragraphs,
 * each holding one text token. Anything else is parsed. A summary is small,
 * but its parse is a fixed cost paid again for every render of the report
 * (a tenth of a small report's rich render); the tests hold the built tokens
 * equal to markdown-it's own.
 */
import type { MarkdownIt, Token } from 'markdown-it';

/**
 * Characters where an inline rule may act (emphasis, strikethrough, links,
 * images, code, HTML, entities, escapes, line breaks) or that the normaliser
 * rewrites. markdown-it stops its text rule at a few more (`#$%+-:=@^{}`),
 * but with linkify off no rule takes them there and they stay text.
 */
const INLINE_ACTIVE = /[\n\r\0!&*<[\\\]_`~]/;

/**
 * Text that is a paragraph of itself: something, no space around it, no
 * inline rule's character, and a first character that opens no block (a list
 * marker or number, a heading, quote, rule, fence, table or indented code all
 * start with ASCII punctuation, a digit or a space).
 */
function isPlainLine(line: string): boolean {
  if (line.length === 0 || line.trim() !== line || INLINE_ACTIVE.test(line)) return false;
  const c = line.charCodeAt(0);
  return c >= 0x80 || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

type TokenType = typeof Token;

/** A block token at `level`, as `StateBlock.push` makes it. */
function blockToken(T: TokenType, type: string, tag: string, nesting: 1 | 0 | -1, level: number): Token {
  const t = new T(type, tag, nesting);
  t.block = true;
  t.level = level;
  return t;
}

/** A paragraph of one text token over line `line`, at `level`; `hidden` in a tight list. */
function paragraph(T: TokenType, text: string, line: number, level: number, hidden: boolean): Token[] {
  const open = blockToken(T, 'paragraph_open', 'p', 1, level);
  open.map = [line, line + 1];
  open.hidden = hidden;
  const inline = blockToken(T, 'inline', '', 0, level + 1);
  inline.content = text;
  inline.map = [line, line + 1];
  const child = new T('text', '', 0);
  child.content = text;
  inline.children = [child];
  const close = blockToken(T, 'paragraph_close', 'p', -1, level);
  close.hidden = hidden;
  return [open, inline, close];
}

/** The tokens of `- a\n- b` when every item is a plain line, else undefined. */
function plainList(T: TokenType, lines: string[]): Token[] | undefined {
  const items: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('- ')) return undefined;
    const item = line.slice(2);
    if (!isPlainLine(item)) return undefined;
    items.push(item);
  }
  const list = blockToken(T, 'bullet_list_open', 'ul', 1, 0);
  list.markup = '-';
  list.map = [0, lines.length];
  const tokens = [list];
  items.forEach((item, k) => {
    const open = blockToken(T, 'list_item_open', 'li', 1, 1);
    open.markup = '-';
    open.map = [k, k + 1];
    tokens.push(open, ...paragraph(T, item, k, 2, true));
    const close = blockToken(T, 'list_item_close', 'li', -1, 1);
    close.markup = '-';
    tokens.push(close);
  });
  const close = blockToken(T, 'bullet_list_close', 'ul', -1, 0);
  close.markup = '-';
  tokens.push(close);
  return tokens;
}

/**
 * What `md.parse(summary, {})` returns. The shortcut assumes the project's
 * configuration (content/markdown.ts: no typographer, no linkify); with
 * either on, quotes or addresses in plain words change, so it parses.
 */
export function summaryTokens(md: MarkdownIt, summary: string): Token[] {
  if (!md.options.typographer && !md.options.linkify) {
    const T = md.core.State.prototype.Token;
    if (isPlainLine(summary)) return paragraph(T, summary, 0, 0, false);
    if (summary.startsWith('- ')) {
      const tokens = plainList(T, summary.split('\n'));
      if (tokens) return tokens;
    }
  }
  return md.parse(summary, {});
}
