/**
 * markdown-it inline tokens -> one RichText, one rule per token type (the
 * inline half of the rich renderer). Links keep the HTML path's schemes;
 * inline HTML keeps the tags Telegram has a rich-text type for and the text
 * of the others; a newswire item's 【headline】 after its time is made bold.
 */
import type { Token } from 'markdown-it';
import { inlineText } from '../../content/markdown.js';
import { emailAddress, linkUrl } from '../../util/links.js';
import { classifyInlineTag } from '../html-inline.js';
import type { EntityType } from '../rich-text.js';
import { RichInline, type Wrap } from './inline.js';
import type { RichText } from './types.js';

const HEADLINE = /^(\s*)(【[^】\n]{1,200}】)/;

const ENTITY_WRAPS: Partial<Record<EntityType, Wrap['type']>> = {
  bold: 'bold',
  italic: 'italic',
  underline: 'underline',
  strikethrough: 'strikethrough',
  spoiler: 'spoiler',
  code: 'code',
};

// Shared, never changed: the builder only reads a wrapper (one object per emphasis was garbage).
const BOLD: Wrap = { type: 'bold' };
const ITALIC: Wrap = { type: 'italic' };
const STRIKETHROUGH: Wrap = { type: 'strikethrough' };
const CODE: Wrap = { type: 'code' };

type InlineRule = (t: Token, b: RichInline, ctx: InlineContext) => void;

interface InlineContext {
  /** Each open link: the wrapper it became (none: text only), what to show when it has no text, where its text began. */
  links: Array<{ kept: 'url' | 'email_address' | undefined; shown: string; at: number }>;
  html: Array<{ name: string; wrap?: Wrap['type'] }>;
  /** A newswire item: its 【headline】 right after the time is made bold. */
  newswire: boolean;
  /** Text written so far (to tell the item's first text run). */
  written: number;
}

const inlineRules: Record<string, InlineRule> = {
  text: (t, b, ctx) => writeText(t.content, b, ctx),
  text_special: (t, b, ctx) => writeText(t.content, b, ctx),
  softbreak: (_t, b) => b.write('\n'),
  hardbreak: (_t, b) => b.write('\n'),
  code_inline: (t, b) => {
    b.open(CODE);
    b.write(t.content);
    b.close('code');
  },
  strong_open: (_t, b) => b.open(BOLD),
  strong_close: (_t, b) => b.close('bold'),
  em_open: (_t, b) => b.open(ITALIC),
  em_close: (_t, b) => b.close('italic'),
  s_open: (_t, b) => b.open(STRIKETHROUGH),
  s_close: (_t, b) => b.close('strikethrough'),
  link_open: (t, b, ctx) => {
    const href = String(t.attrGet('href') ?? '');
    // The HTML path's schemes: http, https and tg links; a mailto address (rich text has a type for it, no parser quirk).
    const email = emailAddress(href);
    const url = email === undefined ? linkUrl(href) : undefined;
    if (email !== undefined) b.open({ type: 'email_address', email_address: email });
    else if (url !== undefined) b.open({ type: 'url', url });
    const kept = email !== undefined ? 'email_address' : url !== undefined ? 'url' : undefined;
    // One object shape for every link (no conditional spread): this runs for every link of every report.
    ctx.links.push({ kept, shown: email ?? href, at: ctx.written });
  },
  link_close: (_t, b, ctx) => {
    const link = ctx.links.pop();
    if (!link) return;
    // `[](url)` has no text: show the address rather than lose it.
    if (ctx.written === link.at) writeText(link.shown, b, ctx);
    if (link.kept) b.close(link.kept);
  },
  image: (t, b, ctx) => {
    // Media in a rich message must be a block of its own; inline, an image stays a link as in the HTML path.
    const alt = inlineText(t) || String(t.attrGet('alt') ?? '') || 'image';
    const url = linkUrl(String(t.attrGet('src') ?? ''));
    if (url !== undefined) b.open({ type: 'url', url });
    writeText(`🖼 ${alt}`, b, ctx);
    if (url !== undefined) b.close('url');
  },
  html_inline: (t, b, ctx) => {
    const tag = classifyInlineTag(t.content);
    if (tag.kind === 'break') b.write('\n');
    else if (tag.kind === 'open') {
      const wrap =
        tag.email !== undefined
          ? 'email_address'
          : tag.entity === 'text_link' && tag.url
            ? 'url'
            : tag.entity
              ? ENTITY_WRAPS[tag.entity]
              : undefined;
      if (wrap === 'email_address') b.open({ type: 'email_address', email_address: tag.email! });
      else if (wrap === 'url') b.open({ type: 'url', url: tag.url! });
      else if (wrap) b.open({ type: wrap } as Wrap);
      ctx.html.push(wrap ? { name: tag.name, wrap } : { name: tag.name });
    } else if (tag.kind === 'close') {
      const at = ctx.html.map((h) => h.name).lastIndexOf(tag.name);
      if (at < 0) return;
      const [match] = ctx.html.splice(at);
      if (match?.wrap) b.close(match.wrap);
    }
  },
};

function writeText(text: string, b: RichInline, ctx: InlineContext): void {
  if (ctx.newswire && ctx.written > 0 && ctx.html.length === 0) {
    // The item's first run after the bold time: its 【headline】 is bold too.
    const m = HEADLINE.exec(text);
    ctx.newswire = false;
    if (m) {
      b.write(m[1]!);
      b.open(BOLD);
      b.write(m[2]!);
      b.close('bold');
      b.write(text.slice(m[0].length));
      ctx.written += text.length;
      return;
    }
  }
  b.write(text);
  ctx.written += text.length;
}

/** One inline token as rich text. */
export function renderRichInline(t: Token | undefined, newswire = false): RichText {
  const children = t?.children;
  // One run of plain text, the commonest inline (a list item, a plain heading):
  // the value is the text itself, nothing to build (a newswire headline needs text before it).
  if (children?.length === 1 && children[0]!.type === 'text' && children[0]!.content !== '') return children[0]!.content;
  const b = new RichInline();
  const ctx: InlineContext = { links: [], html: [], newswire, written: 0 };
  for (const child of children ?? []) inlineRules[child.type]?.(child, b, ctx);
  return b.finish();
}
