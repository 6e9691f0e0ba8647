/**
 * The Telegram command menus, from the registry: what every reader sees,
 * what admins see on top, in Chinese by default and in English for English
 * clients. /help reads the same registry, so the menu and the help never
 * disagree.
 */
import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import type { Config } from '../../config.js';
import type { Lang } from '../../telegram/lang.js';
import { COMMANDS } from './registry.js';
import { type CommandSpec, menuEntries } from './spec.js';

/** The menu for one audience in one language. */
export function commandMenu(commands: readonly CommandSpec[], lang: Lang, admin: boolean): BotCommand[] {
  const { reader, admin: extra } = menuEntries(commands, lang, admin);
  return [...reader, ...extra].map(({ command, description }) => ({ command, description }));
}

/**
 * Publish the menus: readers' for everyone (default scope), readers' plus
 * admins' in each admin's private chat (scope `chat`; a user id is the id of
 * the private chat with that user). Chinese without a language code,
 * English for `en` clients.
 */
export async function registerCommands(api: Api, config: Config, commands: readonly CommandSpec[] = COMMANDS): Promise<void> {
  const languages: Array<[Lang, LanguageCode | undefined]> = [
    ['zh', undefined],
    ['en', 'en'],
  ];
  for (const [lang, language_code] of languages) {
    const lc = language_code ? { language_code } : {};
    await api.setMyCommands(commandMenu(commands, lang, false), { scope: { type: 'default' }, ...lc });
    for (const chat_id of config.ADMIN_IDS) {
      await api.setMyCommands(commandMenu(commands, lang, true), { scope: { type: 'chat', chat_id }, ...lc });
    }
  }
}
