/**
 * Entity names. A validator built on TDLib (tests/support/tdlib.ts) reports
 * TDLib's type names ("Bold", "TextUrl", "PreCode"); the Bot API hands bots
 * snake_case names ("bold", "text_link", "pre"). Stored messages carry the Bot
 * API names so what grammY receives looks like what Telegram sends.
 */
import type { Entity } from './types.js';

const SPECIAL: Record<string, string> = {
  TextUrl: 'text_link',
  PreCode: 'pre',
  EmailAddress: 'email',
  MentionName: 'text_mention',
  BlockQuote: 'blockquote',
  ExpandableBlockQuote: 'expandable_blockquote',
  BankCardNumber: 'bank_card',
  MediaTimestamp: 'media_timestamp',
};

/** TDLib name → Bot API name; names already in Bot API form pass through. */
export function botApiEntityType(type: string): string {
  return SPECIAL[type] ?? type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Normalise whatever a validator or a caller gave into Bot API entities. */
export function toBotApiEntities(list: unknown[]): Entity[] {
  const out: Entity[] = [];
  for (const e of list) {
    if (typeof e !== 'object' || e === null) continue;
    const r = e as Record<string, unknown>;
    if (typeof r.type !== 'string' || typeof r.offset !== 'number' || typeof r.length !== 'number') continue;
    // Fixed key order, as Telegram's JSON has it: entities compare equal however they were spelled.
    const { type, offset, length, ...rest } = r;
    out.push({ type: botApiEntityType(type), offset, length, ...rest });
  }
  return out;
}

/**
 * Telegram strips leading and trailing whitespace from texts and captions;
 * entity offsets move with the cut and entities left empty disappear.
 */
export function trimWithEntities(text: string, entities: Entity[]): { text: string; entities: Entity[] } {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const end = lead + trimmed.length;
  const kept: Entity[] = [];
  for (const e of entities) {
    const from = Math.max(e.offset, lead);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) kept.push({ ...e, offset: from - lead, length: to - from });
  }
  return { text: trimmed, entities: kept };
}

/** A `/command` (optionally `/command@bot`) at the very start, as clients mark it. */
export function leadingBotCommand(text: string): Entity[] {
  const m = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?/.exec(text);
  return m ? [{ type: 'bot_command', offset: 0, length: m[0].length }] : [];
}
