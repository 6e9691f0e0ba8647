/**
 * A small scanner for Telegram HTML (the subset our renderer emits): exactly
 * b, i, u, s, a href, code, pre, pre>code class="language-x", blockquote and
 * tg-spoiler; anything else, a stray `<` included, is text. Posting counts
 * entities with it, inline mode turns HTML back into text and entities, and
 * the preview draws pages from it, so it lives with the renderer.
 */
export type TagName = 'b' | 'i' | 'u' | 's' | 'a' | 'code' | 'pre' | 'blockquote' | 'tg-spoiler';

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
    tokens.push(
      m[1] ? { kind: 'close', name: name as TagName } : { kind: 'open', name: name as TagName, attrs: parseAttributes(m[3] ?? '') },
    );
    pos = TAG.lastIndex;
  }
  text += html.slice(pos);
  if (text) tokens.push({ kind: 'text', text: decodeEntities(text) });
  return tokens;
}
