/** /start and /help: what the bot does and its commands, from the registry; admins also see theirs. */
import { e } from '../../telegram/html.js';
import type { Messages } from '../i18n.js';
import { replyHtml } from '../reply.js';
import { type CommandHandler, type CommandSpec, type MenuEntry, menuEntries } from './spec.js';

function commandLines(entries: MenuEntry[]): string[] {
  return entries.map(({ command, args, description }) => `/${command}${args ? ` <i>${e(args)}</i>` : ''} — ${e(description)}`);
}

export function helpLines(commands: readonly CommandSpec[], t: Messages, admin: boolean): string {
  const menu = menuEntries(commands, t.lang, admin);
  const lines = [t.helpIntro, ...commandLines(menu.reader)];
  if (admin) lines.push('', t.helpAdmin, ...commandLines(menu.admin));
  return lines.join('\n');
}

/** The handler of /start and /help over `commands` (passed in: the registry lists this handler itself). */
export function helpCommand(commands: () => readonly CommandSpec[]): CommandHandler {
  return (ctx) => replyHtml(ctx, helpLines(commands(), ctx.t, ctx.isAdmin));
}
