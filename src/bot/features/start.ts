/** /start and /help: what the bot does and its commands; admins also see theirs. */
import { Composer } from 'grammy';
import { menuEntries, type MenuEntry } from '../commands.js';
import type { BotContext } from '../context.js';
import { e } from '../html.js';
import type { Messages } from '../i18n.js';
import { replyHtml } from '../reply.js';

function commandLines(entries: MenuEntry[]): string[] {
  return entries.map(({ command, args, description }) => `/${command}${args ? ` <i>${e(args)}</i>` : ''} — ${e(description)}`);
}

export function helpText(t: Messages, admin: boolean): string {
  const menu = menuEntries(t, admin);
  const lines = [t.helpIntro, ...commandLines(menu.reader)];
  if (admin) lines.push('', t.helpAdmin, ...commandLines(menu.admin));
  return lines.join('\n');
}

export function startFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command(['start', 'help'], (ctx) => replyHtml(ctx, helpText(ctx.t, ctx.isAdmin)));
  return c;
}
