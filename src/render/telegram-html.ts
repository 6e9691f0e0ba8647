/**
 * Telegram HTML (the subset our renderer emits) -> page HTML for the preview.
 * The input is tokenized by a small scanner that knows exactly b, i, u, s,
 * a href, code, pre, pre>code class="language-x", blockquote and tg-spoiler;
 * anything else, a stray `<` included, is shown as escaped text. Nothing from
 * the input reaches the page without being re-escaped.
 */
import { safeUrl } from '../telegram/links.js';

type TagName = 'b' | 'i' | 'u' | 's' | 'a' | 'code' | 'pre' | 'blockquote' | 'tg-spoiler';

const TAG_NAMES = new Set<string>(['b', 'i', 'u', 's', 'a', 'code', 'pre', 'blockquote', 'tg-spoiler']);

export type Token =
  | { kind: 'text'; text: string }
  | { kind: 'open'; name: TagName; attrs: Record<string, string> }
  | { kind: 'close'; name: TagName };

// Sticky: matched only at the `<` being looked at. Attribute values may not contain `<` or `>`.
const TAG = /<(\/?)([a-z][a-z-]*)((?:\s+[a-z-]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))?)*)\s*>/iy;
const ATTRIBUTE = /([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/gi;
const CHAR_REF = /&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Decode the character references Telegram's parser knows; any other `&` stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(CHAR_REF, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return NAMED[name]!;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

/** Escape for page HTML, in text and in double-quoted attributes alike. */
export function escapePage(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function parseAttributes(raw: string): Record<string, string> {
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const m of raw.matchAll(ATTRIBUTE)) attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? '');
  return attrs;
}

/** Split Telegram HTML into text and the subset's tags. Text is decoded. */
export function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let pos = 0;
  while (pos < html.length) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    const name = m?.[2]?.toLowerCase();
    if (!m || !name || !TAG_NAMES.has(name)) {
      // Not a tag of the subset: the `<` is text.
      text += html.slice(pos, lt + 1);
      pos = lt + 1;
      continue;
    }
    text += html.slice(pos, lt);
    if (text) tokens.push({ kind: 'text', text: decodeEntities(text) });
    text = '';
    tokens.push(m[1] ? { kind: 'close', name: name as TagName } : { kind: 'open', name: name as TagName, attrs: parseAttributes(m[3] ?? '') });
    pos = TAG.lastIndex;
  }
  text += html.slice(pos);
  if (text) tokens.push({ kind: 'text', text: decodeEntities(text) });
  return tokens;
}

const LANGUAGE = /^language-([\w+#.-]{1,40})$/;

type OpenToken = Extract<Token, { kind: 'open' }>;

/** The language of a `<pre><code class="language-x">` block, when `next` is that code tag. */
function preLanguage(next: Token | undefined): string | undefined {
  return next?.kind === 'open' && next.name === 'code' ? LANGUAGE.exec(next.attrs.class ?? '')?.[1] : undefined;
}

/** The page element a Telegram tag opens: its start tag and the end tag that closes it. */
function element(token: OpenToken, parent: TagName | undefined, next: Token | undefined): { open: string; close: string } {
  switch (token.name) {
    case 'b':
    case 'i':
    case 'u':
    case 's':
      return { open: `<${token.name}>`, close: `</${token.name}>` };
    case 'a': {
      const url = safeUrl(token.attrs.href);
      if (!url) return { open: '<span class="tg-link-dropped" title="link dropped: not an http, https, tg or mailto URL">', close: '</span>' };
      return { open: `<a href="${escapePage(url)}" rel="noopener noreferrer nofollow" target="_blank">`, close: '</a>' };
    }
    case 'code': {
      if (parent !== 'pre') return { open: '<code class="tg-code">', close: '</code>' };
      const lang = LANGUAGE.exec(token.attrs.class ?? '')?.[1];
      return { open: lang ? `<code class="language-${lang}">` : '<code>', close: '</code>' };
    }
    case 'pre': {
      // The language label is CSS-generated from data-language, so it is not part of the text.
      const lang = preLanguage(next);
      // The HTML parser drops one newline right after <pre>: give it one, so the message's own survives.
      return { open: `<pre class="tg-pre"${lang ? ` data-language="${lang}"` : ''}>\n`, close: '</pre>' };
    }
    case 'blockquote':
      return { open: `<blockquote class="tg-quote${'expandable' in token.attrs ? ' tg-expandable' : ''}">`, close: '</blockquote>' };
    case 'tg-spoiler':
      // Focusable, so a reader can reveal it without a script.
      return { open: '<span class="tg-spoiler" tabindex="0" title="spoiler">', close: '</span>' };
  }
}

/**
 * Page HTML for one message. The text content of the result equals the text
 * Telegram shows (pre's language label is CSS-generated content), and the
 * result is always well formed: unmatched close tags become text, unclosed
 * elements are closed at the end.
 */
export function telegramHtmlToPage(html: string): string {
  const tokens = tokenize(html);
  const stack: Array<{ name: TagName; close: string }> = [];
  let out = '';
  tokens.forEach((token, i) => {
    if (token.kind === 'text') {
      out += escapePage(token.text);
    } else if (token.kind === 'open') {
      const el = element(token, stack[stack.length - 1]?.name, tokens[i + 1]);
      out += el.open;
      stack.push({ name: token.name, close: el.close });
    } else {
      const at = stack.map((e) => e.name).lastIndexOf(token.name);
      if (at < 0) {
        out += escapePage(`</${token.name}>`);
        return;
      }
      while (stack.length > at) out += stack.pop()!.close;
    }
  });
  while (stack.length > 0) out += stack.pop()!.close;
  return out;
}
