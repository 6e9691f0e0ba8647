/**
 * Mounted last: whatever no feature took. An unknown command gets a pointer
 * to /help, other messages in private chats a hint, and a button nobody
 * handles an answer, so a reader is never left without a response.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { leadingCommand } from '../middlewares/addressing.js';
import { replyHtml } from '../reply.js';

export function unhandledFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.on('message', async (ctx) => {
    const command = leadingCommand(ctx);
    if (command) return replyHtml(ctx, ctx.t.unknownCommand(`/${command.name}`));
    // Groups only reach here with a command addressed to us (see addressing.ts).
    if (ctx.chat.type === 'private') await replyHtml(ctx, ctx.t.textHint);
  });
  c.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t.buttonInvalid }));
  return c;
}
