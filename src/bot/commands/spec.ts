/**
 * What the command registry (registry.ts) is made of, and the pure views
 * derived from it: the menu lines of one audience in one language, and the
 * lines of /help. Kept apart from the registry so these work on any list of
 * commands (tests pass their own) and import no feature.
 */
import type { CommandContext } from 'grammy';
import type { Lang } from '../../telegram/lang.js';
import type { BotContext } from '../context.js';

/** Who may use a command: everyone, or the numeric ids in ADMIN_IDS. */
export type CommandScope = 'reader' | 'admin';

export type CommandHandler = (ctx: CommandContext<BotContext>) => unknown;

/** One line of the menu and of /help. */
export interface MenuEntry {
  command: string;
  description: string;
  /** How the argument is written in /help, e.g. `[date]`. */
  args?: string;
}

/** A command's menu line in one language. */
export interface CommandText {
  /** The menu description (setMyCommands, 1-256 characters), also the /help line. */
  description: string;
  /** How its argument is written in /help. */
  args?: string;
}

export interface CommandSpec {
  /** Without the slash; Telegram allows 1-32 of a-z, 0-9 and _. */
  readonly name: string;
  readonly scope: CommandScope;
  /** The menu and /help line in both languages; without one the command is answered but not listed (/start). */
  readonly menu?: Readonly<Record<Lang, CommandText>>;
  /**
   * Builds the handler, once per bot: a handler may keep state for the bot's
   * lifetime (/update keeps its pacer), which must not leak between bots.
   */
  readonly handler: () => CommandHandler;
}

/** Every listed command of an audience, in registry order: readers', and admins' when `admin`. */
export function menuEntries(commands: readonly CommandSpec[], lang: Lang, admin: boolean): { reader: MenuEntry[]; admin: MenuEntry[] } {
  const listed = (scope: CommandScope): MenuEntry[] =>
    commands.flatMap(({ name, scope: s, menu }) => {
      if (s !== scope || !menu) return [];
      const { description, args } = menu[lang];
      return [args ? { command: name, description, args } : { command: name, description }];
    });
  return { reader: listed('reader'), admin: admin ? listed('admin') : [] };
}

/** The names of one scope, in registry order. */
export function namesOf(commands: readonly CommandSpec[], scope: CommandScope): string[] {
  return commands.filter((c) => c.scope === scope).map((c) => c.name);
}
