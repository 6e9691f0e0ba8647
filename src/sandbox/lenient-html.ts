/**
 * Telegram HTML → plain text and entities, forgivingly: what the sandbox uses
 * when TDLib cannot be loaded, so the terminal shows the text a reader would
 * see instead of tags. It refuses nothing, so it is not a validator: only
 * TDLib (see tdlib-html.ts) says what Telegram would refuse.
 */
import type { HtmlValidation } from '../standin/types.js';

const TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

interface Open {
  tag: string;
  type: string;
  offset: number;
  url?: string;
}

export function lenientHtml(html: string): HtmlValidation {
  let text = '';
  const entities: Array<{ type: string; offset: number; length: number; url?: string }> = [];
  const open: Open[] = [];
  const tag = /<(\/?)([a-z][a-z0-9-]*)([^>]*)>/gi;
  let last = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    text += decode(html.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[2]!.toLowerCase();
    const attrs = m[3] ?? '';
    const type = name === 'span' && /tg-spoiler/.test(attrs) ? 'spoiler' : TAGS[name];
    if (!type) continue;
    if (m[1] === '') {
      const href = /href\s*=\s*"([^"]*)"|href\s*=\s*'([^']*)'/i.exec(attrs);
      const url = href ? decode(href[1] ?? href[2] ?? '') : undefined;
      open.push({ tag: name, type, offset: text.length, ...(url !== undefined ? { url } : {}) });
      continue;
    }
    const at = open.map((o) => o.tag).lastIndexOf(name);
    if (at < 0) continue;
    const [o] = open.splice(at, 1);
    const length = text.length - o!.offset;
    if (length > 0) entities.push({ type: o!.type, offset: o!.offset, length, ...(o!.url !== undefined ? { url: o!.url } : {}) });
  }
  text += decode(html.slice(last));
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text, entities };
}
