/**
 * The registry's commands as one composer: each handler built once for this
 * bot, admin commands behind the admin filter (numeric ids in ADMIN_IDS,
 * never usernames: anyone can take a username). Anyone else who sends an
 * admin command is told no, and nothing happens.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyHtml } from '../reply.js';
import { type CommandSpec, namesOf } from './spec.js';

export function commandsFeature(commands: readonly CommandSpec[]): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const admin = c.filter((ctx) => ctx.isAdmin);
  for (const spec of commands) (spec.scope === 'admin' ? admin : c).command(spec.name, spec.handler());
  const adminNames = namesOf(commands, 'admin');
  if (adminNames.length > 0) {
    c.command(adminNames, async (ctx) => {
      ctx.log.warn({ username: ctx.from?.username }, 'admin command from a non-admin refused');
      await replyHtml(ctx, ctx.t.notAllowed);
    });
  }
  return c;
}
