/**
 * Turning a text or caption parameter into what Telegram stores, with
 * Telegram's refusals: unparsable markup, empty text, over-long text.
 *
 * Lengths are counted in UTF-16 code units of the parsed text (JavaScript's
 * `.length`), which is what Telegram's 4096/1024 limits count; markup does
 * not count. Only HTML is checked, and only when a validator was supplied:
 * Markdown texts are stored as sent.
 */

import { toBotApiEntities, trimWithEntities } from './entities.js';
import { badRequest } from './errors.js';
import type { Entity, HtmlValidation } from './types.js';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

export interface Formatted {
  text: string;
  entities: Entity[];
}

export interface FormatInput {
  value: string | undefined;
  parseMode: string | undefined;
  /** Explicit `entities` / `caption_entities` parameter. */
  entities: unknown[] | undefined;
  kind: 'text' | 'caption';
  validateHtml?: (html: string) => HtmlValidation;
}

const PARSE_MODES = new Set(['html', 'markdown', 'markdownv2']);

export function formatText(input: FormatInput): Formatted {
  const raw = input.value ?? '';
  let text = raw;
  let entities: Entity[] = input.entities ? toBotApiEntities(input.entities) : [];
  const mode = input.parseMode?.toLowerCase();
  if (mode !== undefined && mode !== '') {
    if (!PARSE_MODES.has(mode)) throw badRequest(`unsupported parse_mode`);
    if (mode === 'html' && input.validateHtml) {
      const parsed = input.validateHtml(raw);
      if (!parsed.ok) {
        // TDLib says "Can't parse entities: X"; the Bot API says "can't parse entities: X".
        const reason = parsed.error.replace(/^can't parse entities:\s*/i, '');
        throw badRequest(`can't parse entities: ${reason}`);
      }
      text = parsed.text;
      entities = toBotApiEntities(parsed.entities);
    }
  }
  const out = trimWithEntities(text, entities);
  if (input.kind === 'text') {
    if (out.text.length === 0) throw badRequest('message text is empty');
    if (out.text.length > MAX_TEXT) throw badRequest('message is too long');
  } else if (out.text.length > MAX_CAPTION) {
    throw badRequest('message caption is too long');
  }
  return out;
}
