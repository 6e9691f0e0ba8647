/**
 * The command menu: what every reader sees, what admins see on top, in
 * Chinese by default and in English for English clients. The same catalogue
 * writes /help, so the menu and the help never disagree.
 */
import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import type { Config } from '../config.js';
import { messagesFor, type Lang, type Messages } from './i18n.js';
import { extrasLike } from './locales/extras.js';

/** Commands every reader has, in menu order. */
export const READER_COMMANDS = ['today', 'latest', 'yesterday', 'date', 'archive', 'topics', 'topic', 'help'] as const;
/** Commands only ADMIN_IDS may use, listed after the readers' ones for admins. */
export const ADMIN_COMMANDS = ['repost', 'post', 'status', 'reload'] as const;

export type ReaderCommand = (typeof READER_COMMANDS)[number];
export type AdminCommand = (typeof ADMIN_COMMANDS)[number];
export type CommandName = ReaderCommand | AdminCommand;

/** The menu for one audience in one language. */
export function commandMenu(t: Messages, admin: boolean): BotCommand[] {
  const names: readonly CommandName[] = admin ? [...READER_COMMANDS, ...ADMIN_COMMANDS] : READER_COMMANDS;
  const menu = names.map((command) => ({ command, description: t.commands[command] }));
  // /update keeps its texts in locales/extras.ts, outside the shared catalogue.
  return admin ? [...menu, { command: 'update', description: extrasLike(t).commands.update }] : menu;
}

/**
 * Publish the menus: readers' for everyone (default scope), readers' plus
 * admins' in each admin's private chat (scope `chat`; a user id is the id of
 * the private chat with that user). Chinese without a language code,
 * English for `en` clients.
 */
export async function registerCommands(api: Api, config: Config): Promise<void> {
  const languages: Array<[Lang, LanguageCode | undefined]> = [['zh', undefined], ['en', 'en']];
  for (const [lang, language_code] of languages) {
    const t = messagesFor(lang);
    const lc = language_code ? { language_code } : {};
    await api.setMyCommands(commandMenu(t, false), { scope: { type: 'default' }, ...lc });
    for (const chat_id of config.ADMIN_IDS) {
      await api.setMyCommands(commandMenu(t, true), { scope: { type: 'chat', chat_id }, ...lc });
    }
  }
}
