/**
 * Our renderer's Telegram HTML back to text and entities, so a message can be
 * cut like any rendered text (inline mode sends a topic as one message).
 */
import type { Entity, EntityType, RichText } from './rich-text.js';
import { tokenize } from './telegram-html.js';

const TAG_ENTITY: Record<string, EntityType> = {
  b: 'bold',
  i: 'italic',
  u: 'underline',
  s: 'strikethrough',
  'tg-spoiler': 'spoiler',
  code: 'code',
  pre: 'pre',
  a: 'text_link',
  blockquote: 'blockquote',
};

/** Our renderer's HTML back to text and entities, so it can be cut like any rendered text. */
export function htmlToRichText(html: string): RichText {
  let text = '';
  const entities: Entity[] = [];
  const open: Array<{ name: string; entity?: Entity }> = [];
  for (const token of tokenize(html)) {
    if (token.kind === 'text') {
      text += token.text;
    } else if (token.kind === 'open') {
      const top = open[open.length - 1];
      // <pre><code class="language-x"> is one entity: pre with a language.
      if (token.name === 'code' && top?.name === 'pre' && top.entity && top.entity.offset === text.length) {
        const lang = /^language-(.+)$/.exec(token.attrs.class ?? '')?.[1];
        if (lang) top.entity.language = lang;
        open.push({ name: 'code' });
        continue;
      }
      const entity: Entity = { type: TAG_ENTITY[token.name]!, offset: text.length, length: 0 };
      if (token.name === 'a') entity.url = token.attrs.href ?? '';
      open.push({ name: token.name, entity });
    } else {
      const at = open.map((o) => o.name).lastIndexOf(token.name);
      while (at >= 0 && open.length > at) {
        const { entity } = open.pop()!;
        if (entity && text.length > entity.offset) entities.push({ ...entity, length: text.length - entity.offset });
      }
    }
  }
  return { text, entities };
}
