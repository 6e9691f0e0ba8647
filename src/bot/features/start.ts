/** /start and /help: what the bot does and its commands; admins also see theirs. */
import { Composer } from 'grammy';
import { ADMIN_COMMANDS, READER_COMMANDS, type CommandName } from '../commands.js';
import type { BotContext } from '../context.js';
import { e } from '../html.js';
import type { Messages } from '../i18n.js';
import { replyHtml } from '../reply.js';

function commandLines(t: Messages, names: readonly CommandName[]): string[] {
  return names.map((name) => {
    const args = t.commandArgs[name];
    return `/${name}${args ? ` <i>${e(args)}</i>` : ''} — ${e(t.commands[name])}`;
  });
}

export function helpText(t: Messages, admin: boolean): string {
  const lines = [t.helpIntro, ...commandLines(t, READER_COMMANDS)];
  if (admin) lines.push('', t.helpAdmin, ...commandLines(t, ADMIN_COMMANDS));
  return lines.join('\n');
}

export function startFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command(['start', 'help'], (ctx) => replyHtml(ctx, helpText(ctx.t, ctx.isAdmin)));
  return c;
}
