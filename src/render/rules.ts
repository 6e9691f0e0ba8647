/**
 * markdown-it tokens -> DocBuilder, one rule per token type (the shape of
 * markdown-it's own renderer). Only Telegram's entities come out; anything
 * Telegram cannot show is turned into readable text or dropped on purpose.
 */
import type { Token } from 'markdown-it';
import { inlineText } from '../content/markdown.js';
import { emailAddress, linkUrl } from '../util/links.js';
import { type DocBuilder, Rank } from './doc-builder.js';
import { beginEmail, endEmail } from './email.js';
import { classifyInlineTag } from './html-inline.js';
import type { EntityType } from './rich-text.js';

export interface RenderState {
  b: DocBuilder;
  /** Open lists, innermost last. */
  lists: Array<{ ordered: boolean; next: number; indent: string; saved: string }>;
  /** The report title: a `#` heading repeating it is already in the header. */
  skipHeading?: string;
  /** The report is in Chinese: the words the renderer adds follow Chinese typography. */
  chinese: boolean;
}

type BlockRule = (tokens: Token[], i: number, s: RenderState) => number;
type InlineRule = (t: Token, s: RenderState, ctx: InlineContext) => void;

interface InlineContext {
  /** For each link_open: whether it was kept as a link (or is an email address), and the text length then. */
  links: Array<{ kept: boolean; start: number; href: string; email?: string }>;
  /** Inline HTML tags open in this paragraph, to match their closing tags. */
  html: Array<{ name: string; entity?: EntityType; email?: { address: string; start: number } }>;
  /** The paragraph's inline tokens and the one being rendered (a mailto link reads its text ahead). */
  children: Token[];
  index: number;
}

const BULLETS = ['•', '◦', '▪'];
export const SECTION_MARK = '■ ';
export const HORIZONTAL_RULE = '──────────';
const NEWSWIRE_ITEM = /^\*\*\[\d{1,2}:\d{2}\]\*\*/;

const inlineRules: Record<string, InlineRule> = {
  text: (t, s) => s.b.write(t.content),
  text_special: (t, s) => s.b.write(t.content),
  softbreak: (_t, s) => s.b.lineBreak(),
  hardbreak: (_t, s) => s.b.lineBreak(),
  code_inline: (t, s) => {
    s.b.openEntity('code');
    s.b.write(t.content);
    s.b.closeEntity('code');
  },
  strong_open: (_t, s) => void s.b.openEntity('bold'),
  strong_close: (_t, s) => s.b.closeEntity('bold'),
  em_open: (_t, s) => void s.b.openEntity('italic'),
  em_close: (_t, s) => s.b.closeEntity('italic'),
  s_open: (_t, s) => void s.b.openEntity('strikethrough'),
  s_close: (_t, s) => s.b.closeEntity('strikethrough'),
  link_open: (t, s, ctx) => {
    const href = String(t.attrGet('href') ?? '');
    const email = emailAddress(href);
    if (email !== undefined) {
      beginEmail(s.b, linkTextAhead(ctx), email);
      ctx.links.push({ kept: false, start: s.b.length, href, email });
      return;
    }
    const url = linkUrl(href);
    if (url !== undefined) s.b.openEntity('text_link', { url });
    ctx.links.push({ kept: url !== undefined, start: s.b.length, href });
  },
  link_close: (_t, s, ctx) => {
    const link = ctx.links.pop();
    if (!link) return;
    if (link.email !== undefined) return endEmail(s.b, link.start, link.email);
    // `[](url)` has no text: show the address rather than lose it.
    if (s.b.length === link.start) s.b.write(link.href);
    if (link.kept) s.b.closeEntity('text_link');
  },
  image: (t, s) => {
    const alt = inlineText(t) || String(t.attrGet('alt') ?? '') || 'image';
    const url = linkUrl(String(t.attrGet('src') ?? ''));
    if (url !== undefined) s.b.openEntity('text_link', { url });
    s.b.write(`🖼 ${alt}`);
    if (url !== undefined) s.b.closeEntity('text_link');
  },
  html_inline: (t, s, ctx) => {
    const tag = classifyInlineTag(t.content);
    if (tag.kind === 'break') s.b.lineBreak();
    else if (tag.kind === 'open') {
      if (tag.entity) s.b.openEntity(tag.entity, tag.url ? { url: tag.url } : {});
      if (tag.email !== undefined) {
        beginEmail(s.b, linkTextAhead(ctx), tag.email);
        ctx.html.push({ name: tag.name, email: { address: tag.email, start: s.b.length } });
      } else ctx.html.push(tag.entity ? { name: tag.name, entity: tag.entity } : { name: tag.name });
    } else if (tag.kind === 'close') {
      const at = ctx.html.map((h) => h.name).lastIndexOf(tag.name);
      if (at < 0) return;
      const [match] = ctx.html.splice(at);
      if (match?.entity) s.b.closeEntity(match.entity);
      if (match?.email) endEmail(s.b, match.email.start, match.email.address);
    }
  },
};

const CLOSING_A = /^<\s*\/\s*a\s*>$/i;

/** The text of the link that opens at the current token, up to its end (`link_close` or `</a>`). */
function linkTextAhead(ctx: InlineContext): string {
  let text = '';
  for (let j = ctx.index + 1; j < ctx.children.length; j++) {
    const t = ctx.children[j]!;
    if (t.type === 'link_close' || (t.type === 'html_inline' && CLOSING_A.test(t.content.trim()))) break;
    if (t.type === 'text' || t.type === 'text_special' || t.type === 'code_inline') text += t.content;
  }
  return text.trim();
}

export function renderInline(t: Token | undefined, s: RenderState): void {
  const children = t?.children ?? [];
  // One run of plain text, the commonest inline: no links or tags to track.
  if (children.length === 1 && children[0]!.type === 'text') {
    s.b.write(children[0]!.content);
    return;
  }
  const ctx: InlineContext = { links: [], html: [], children, index: 0 };
  for (; ctx.index < children.length; ctx.index++) {
    const child = children[ctx.index]!;
    inlineRules[child.type]?.(child, s, ctx);
  }
  // Unclosed inline HTML must not leak formatting into the next block.
  for (const h of ctx.html.reverse()) if (h.entity) s.b.closeEntity(h.entity);
  for (const l of ctx.links.reverse()) if (l.kept) s.b.closeEntity('text_link');
}

const TITLE_STYLE: readonly EntityType[] = ['bold', 'underline'];
const SECTION_STYLE: readonly EntityType[] = ['bold'];
const MINOR_STYLE: readonly EntityType[] = ['bold', 'italic'];

function headingStyle(level: number): readonly EntityType[] {
  if (level === 1) return TITLE_STYLE;
  if (level <= 3) return SECTION_STYLE;
  return MINOR_STYLE;
}

function headingRank(level: number): number {
  return level <= 2 ? Rank.section : level === 3 ? Rank.topic : Rank.block;
}

function closeIndex(tokens: Token[], i: number, type: string): number {
  let j = i;
  while (j < tokens.length && tokens[j]!.type !== type) j++;
  return j;
}

/** A heading: its rank as a cut point, its style, and never the last line of a message. */
export function writeHeading(s: RenderState, level: number, title: string, render: () => void): void {
  s.b.startBlock(headingRank(level));
  s.b.markHeading(level, title);
  const styles = headingStyle(level);
  for (const e of styles) s.b.openEntity(e);
  if (level === 2) s.b.write(SECTION_MARK);
  render();
  for (let k = styles.length - 1; k >= 0; k--) s.b.closeEntity(styles[k]!);
  s.b.glue();
}

function writeTable(tokens: Token[], i: number, s: RenderState): number {
  const end = closeIndex(tokens, i, 'table_close');
  const header: string[] = [];
  const rows: Token[][] = [];
  let row: Token[] | null = null;
  for (let j = i; j < end; j++) {
    const t = tokens[j]!;
    if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close' && row) {
      if (header.length === 0) header.push(...row.map((c) => inlineText(c)));
      else rows.push(row);
      row = null;
    } else if (t.type === 'inline' && row) row.push(t);
  }
  // Telegram has no tables: each row becomes a small card, first cell bold, the rest "header: value".
  const colon = s.chinese ? '：' : ': ';
  for (const cells of rows) {
    s.b.startBlock(Rank.block);
    cells.forEach((cell, k) => {
      if (k === 0) {
        s.b.openEntity('bold');
        if (header[0]) s.b.write(`${header[0]}${colon}`);
        renderInline(cell, s);
        s.b.closeEntity('bold');
        return;
      }
      s.b.lineBreak();
      if (header[k]) s.b.write(`${header[k]}${colon}`);
      renderInline(cell, s);
    });
  }
  return end;
}

function writeCode(content: string, language: string | undefined, s: RenderState): void {
  s.b.startBlock(Rank.block);
  const lang = language?.match(/^[\w+#.-]+/)?.[0];
  s.b.openEntity('pre', lang ? { language: lang } : {});
  const saved = s.b.indent;
  s.b.indent = '';
  const lines = content.replace(/\n$/, '').split('\n');
  lines.forEach((line, k) => {
    if (k > 0) s.b.lineBreak();
    s.b.write(line);
  });
  s.b.indent = saved;
  s.b.closeEntity('pre');
}

const blockRules: Record<string, BlockRule> = {
  heading_open: (tokens, i, s) => {
    const level = Number(tokens[i]!.tag.slice(1));
    const inline = tokens[i + 1];
    const title = inlineText(inline);
    if (level === 1 && s.skipHeading !== undefined && title === s.skipHeading) {
      s.skipHeading = undefined;
    } else {
      writeHeading(s, level, title, () => renderInline(inline, s));
    }
    return closeIndex(tokens, i, 'heading_close');
  },
  paragraph_open: (tokens, i, s) => {
    if (!tokens[i]!.hidden) {
      const isNewswireItem = NEWSWIRE_ITEM.test(tokens[i + 1]?.content ?? '');
      s.b.startBlock(isNewswireItem ? Rank.topic : Rank.block, s.lists.length > 0 ? '\n' : '\n\n');
    }
    return i;
  },
  inline: (tokens, i, s) => {
    renderInline(tokens[i], s);
    return i;
  },
  bullet_list_open: (tokens, i, s) => openList(tokens, i, s, false, 1),
  ordered_list_open: (tokens, i, s) => openList(tokens, i, s, true, Number(tokens[i]!.attrGet('start') ?? 1)),
  bullet_list_close: (_tokens, i, s) => closeList(s, i),
  ordered_list_close: (_tokens, i, s) => closeList(s, i),
  list_item_open: (_tokens, i, s) => {
    const list = s.lists[s.lists.length - 1];
    if (!list) return i;
    const marker = list.ordered ? `${list.next++}.` : BULLETS[(s.lists.length - 1) % BULLETS.length]!;
    s.b.startBlock(Rank.block, '\n');
    list.saved = s.b.indent;
    s.b.write(`${list.indent}${marker} `);
    s.b.indent = list.indent + ' '.repeat(marker.length + 1);
    s.b.beginContainer();
    return i;
  },
  list_item_close: (_tokens, i, s) => {
    s.b.indent = s.lists[s.lists.length - 1]?.saved ?? '';
    return i;
  },
  blockquote_open: (_tokens, i, s) => {
    s.b.startBlock(Rank.block);
    s.b.openEntity('blockquote');
    s.b.beginContainer();
    return i;
  },
  blockquote_close: (_tokens, i, s) => {
    s.b.closeEntity('blockquote');
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
    s.b.writeDecoration(HORIZONTAL_RULE, Rank.block);
    return i;
  },
  // Raw HTML blocks are web-only (the editors' promo cards): Telegram cannot show them.
  html_block: (_tokens, i) => i,
  table_open: (tokens, i, s) => writeTable(tokens, i, s),
};

function openList(tokens: Token[], i: number, s: RenderState, ordered: boolean, start: number): number {
  // A nested list lines up with its parent item's text.
  const indent = s.lists.length > 0 ? s.b.indent : '';
  // A list right after a paragraph ("Impact:") stays attached to it.
  s.b.startBlock(Rank.block, tokens[i - 1]?.type === 'paragraph_close' ? '\n' : '\n\n');
  s.lists.push({ ordered, next: start, indent, saved: s.b.indent });
  return i;
}

function closeList(s: RenderState, i: number): number {
  s.lists.pop();
  return i;
}

/** Render a token stream into the builder. */
export function renderTokens(tokens: Token[], s: RenderState): void {
  for (let i = 0; i < tokens.length; i++) {
    const rule = blockRules[tokens[i]!.type];
    if (rule) i = rule(tokens, i, s);
  }
}
