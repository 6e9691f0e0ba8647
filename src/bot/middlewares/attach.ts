/** First middleware: the services, the reader's language and a per-update logger on ctx. */
import type { MiddlewareFn } from 'grammy';
import type { BotContext, BotServices } from '../context.js';
import { langOf, messagesFor } from '../i18n.js';

export function attach(services: BotServices): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.services = services;
    ctx.lang = langOf(ctx.from?.language_code);
    ctx.t = messagesFor(ctx.lang);
    ctx.log = services.logger.child({ updateId: ctx.update.update_id, userId: ctx.from?.id, chatId: ctx.chat?.id });
    // By numeric id only: usernames can be changed or taken over by anyone.
    ctx.isAdmin = ctx.from !== undefined && services.config.ADMIN_IDS.includes(ctx.from.id);
    return next();
  };
}
