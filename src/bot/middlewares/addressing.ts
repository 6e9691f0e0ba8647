/**
 * Only what was meant for this bot reaches the features: messages from
 * people in private chats, and in groups only commands addressed to us as
 * `/cmd@botname` (a bare `/cmd` in a group may be for another bot, and
 * answering every one would be noise). Button presses and inline queries
 * always pass; channel posts, edits and membership updates never do.
 */
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

/** `/cmd` or `/cmd@target` at the start of a message, as Telegram marks it. */
export function leadingCommand(ctx: BotContext): { name: string; target?: string } | undefined {
  const msg = ctx.message;
  const entity = msg?.entities?.find((x) => x.type === 'bot_command' && x.offset === 0);
  if (!msg?.text || !entity) return undefined;
  const [name, target] = msg.text.slice(1, entity.length).split('@') as [string, string | undefined];
  return target === undefined ? { name } : { name, target };
}

export function addressing(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    if (ctx.callbackQuery || ctx.inlineQuery) return next();
    if (!ctx.message || !ctx.from || ctx.from.is_bot) return;
    const command = leadingCommand(ctx);
    const forUs = command?.target !== undefined && command.target.toLowerCase() === ctx.me.username.toLowerCase();
    if (ctx.chat?.type === 'private') return command?.target === undefined || forUs ? next() : undefined;
    return forUs ? next() : undefined;
  };
}
