/**
 * Every text the bot says, as a typed catalogue: Chinese by default, English
 * for clients whose language starts with `en`. Texts are Telegram HTML; the
 * catalogue escapes whatever it is given, so callers pass raw values. Menu
 * lines are not here: the command registry (commands/registry.ts) has them.
 */
import type { Lang } from '../telegram/lang.js';
import { en } from './locales/en.js';
import type { Messages } from './locales/messages.js';
import { zh } from './locales/zh.js';

export { type Lang, langOf } from '../telegram/lang.js';
export type { Messages, ReloadView, StatusView } from './locales/messages.js';

const catalogue: Record<Lang, Messages> = { zh, en };

export function messagesFor(lang: Lang): Messages {
  return catalogue[lang];
}
