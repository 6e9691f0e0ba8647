/**
 * Admin commands sent in a group are answered in the admin's private chat:
 * /status lists file names, error reasons and channel ids, and /repost or
 * /update report per channel, none of which every member of a group should
 * read. Every reply of the command (and of the background job it starts,
 * through `ctx.privateReply`) goes to the admin; if the bot cannot write to
 * them (they never opened a private chat, or blocked it), the group gets one
 * line saying to open one, and nothing else.
 */
import { Composer, GrammyError } from 'grammy';
import type { Lang } from '../../telegram/lang.js';
import type { BotContext } from '../context.js';

const OPEN_PRIVATE_CHAT: Record<Lang, (bot: string) => string> = {
  en: (bot) => `I answer admin commands in private. Open a private chat with @${bot}, press Start, then send the command again.`,
  zh: (bot) => `管理命令的结果只在私聊中发送。请先打开与 @${bot} 的私聊并点击“开始”，然后再发一次命令。`,
};

/** `adminCommands`: the registry's admin commands (commands/registry.ts). */
export function adminRepliesInPrivate(adminCommands: readonly string[]): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.chatType(['group', 'supergroup']).command([...adminCommands], async (ctx, next) => {
    if (!ctx.isAdmin) return next(); // refused as usual, in the group: it reveals nothing
    const adminId = ctx.from.id;
    const groupReply = ctx.reply.bind(ctx);
    let unreachable = false;
    ctx.privateReply = adminId;
    ctx.reply = (async (text, other) => {
      if (unreachable) return undefined;
      try {
        return await ctx.api.sendMessage(adminId, text, other);
      } catch (err) {
        if (!(err instanceof GrammyError && err.error_code === 403)) throw err;
        unreachable = true;
        ctx.log.info({ admin: adminId }, 'admin command from a group; the admin has no private chat with the bot');
        return groupReply(OPEN_PRIVATE_CHAT[ctx.lang](ctx.me.username));
      }
    }) as typeof ctx.reply;
    await next();
  });
  return c;
}
