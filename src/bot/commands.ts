/**
 * The command menu: what every reader sees, what admins see on top, in
 * Chinese by default and in English for English clients. The same catalogue
 * writes /help, so the menu and the help never disagree.
 */
import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import type { Config } from '../config.js';
import { messagesFor, type Lang, type Messages } from './i18n.js';
import { alertMessagesFor } from './locales/alerts.js';
import { extrasLike } from './locales/extras.js';

/** Commands every reader has, in menu order. */
export const READER_COMMANDS = ['today', 'latest', 'yesterday', 'date', 'archive', 'topics', 'topic', 'help'] as const;
/** Commands only ADMIN_IDS may use, listed after the readers' ones for admins. */
export const ADMIN_COMMANDS = ['repost', 'post', 'status', 'reload'] as const;

export type ReaderCommand = (typeof READER_COMMANDS)[number];
export type AdminCommand = (typeof ADMIN_COMMANDS)[number];
export type CommandName = ReaderCommand | AdminCommand;

/** One line of the menu and of /help. */
export interface MenuEntry {
  command: string;
  description: string;
  /** How the argument is written in /help, e.g. `[date]`. */
  args?: string;
}

/**
 * Every command an audience has, in order, from all catalogues: the shared
 * one, the alerts' (locales/alerts.ts) and the extras' (locales/extras.ts).
 */
export function menuEntries(t: Messages, admin: boolean): { reader: MenuEntry[]; admin: MenuEntry[] } {
  const entry = (command: CommandName): MenuEntry => {
    const args = t.commandArgs[command];
    return args ? { command, description: t.commands[command], args } : { command, description: t.commands[command] };
  };
  const alerts = alertMessagesFor(t === messagesFor('en') ? 'en' : 'zh');
  const keyword = t.commandArgs.topic ?? 'keyword';
  const reader = READER_COMMANDS.filter((c) => c !== 'help').map(entry);
  reader.push(
    { command: 'subscribe', description: alerts.commands.subscribe, args: keyword },
    { command: 'subscriptions', description: alerts.commands.subscriptions },
    { command: 'unsubscribe', description: alerts.commands.unsubscribe, args: `${keyword} | all` },
    entry('help'),
  );
  const adminEntries = admin ? [...ADMIN_COMMANDS.map(entry), { command: 'update', description: extrasLike(t).commands.update, args: t.commandArgs.repost ?? '' }] : [];
  return { reader, admin: adminEntries.map((e) => (e.args ? e : { command: e.command, description: e.description })) };
}

/** The menu for one audience in one language. */
export function commandMenu(t: Messages, admin: boolean): BotCommand[] {
  const { reader, admin: extra } = menuEntries(t, admin);
  return [...reader, ...extra].map(({ command, description }) => ({ command, description }));
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
