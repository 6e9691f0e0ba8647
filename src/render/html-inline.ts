/**
 * Inline HTML inside Markdown: the tags Telegram understands become entities,
 * every other tag is dropped and its text kept. A tag is recognised by a
 * small tokenizer, never passed through.
 */

import { emailAddress, linkUrl } from '../util/links.js';
import type { EntityType } from './rich-text.js';

export type InlineTag =
  | { kind: 'open'; name: string; entity?: EntityType; url?: string; email?: string }
  | { kind: 'close'; name: string }
  | { kind: 'break' }
  | { kind: 'ignore' };

const TAG_ENTITIES: Record<string, EntityType> = {
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
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  blockquote: 'blockquote',
};

// Spaces, then an optional slash with its own spaces: two adjacent `\s*` around an
// optional `/` would try every split of a run of spaces (quadratic).
const TAG = /^<\s*(?:(\/)\s*)?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>$/s;

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Classify one `html_inline` token's content. */
export function classifyInlineTag(raw: string): InlineTag {
  const m = TAG.exec(raw.trim());
  if (!m) return { kind: 'ignore' };
  const closing = m[1] === '/';
  const name = m[2]!.toLowerCase();
  const attrs = m[3] ?? '';
  if (name === 'br') return { kind: 'break' };
  let entity = TAG_ENTITIES[name];
  if (name === 'span' && /\btg-spoiler\b/.test(attribute(attrs, 'class') ?? '')) entity = 'spoiler';
  if (closing) return { kind: 'close', name };
  if (/\/\s*$/.test(attrs)) return { kind: 'ignore' }; // self-closing: nothing to wrap
  if (entity === 'text_link') {
    const href = attribute(attrs, 'href');
    const email = emailAddress(href);
    if (email !== undefined) return { kind: 'open', name, email };
    const url = linkUrl(href);
    return url ? { kind: 'open', name, entity, url } : { kind: 'open', name };
  }
  return entity ? { kind: 'open', name, entity } : { kind: 'open', name };
}
