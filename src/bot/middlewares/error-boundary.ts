/**
 * What happens when a handler throws: the error is logged with the update's
 * ids, and the reader gets one short sentence, never silence and never a
 * stack. Used both as grammY's error boundary and as `bot.catch`.
 */
import type { BotError } from 'grammy';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';
import { messagesFor } from '../i18n.js';

export function errorHandler(fallbackLogger: Logger): (err: BotError<BotContext>) => Promise<void> {
  return async (err) => {
    const ctx = err.ctx;
    // ctx.log is missing only if the very first middleware failed.
    const log = ctx.log ?? fallbackLogger.child({ updateId: ctx.update.update_id });
    log.error({ err: err.error }, 'update handling failed');
    const text = (ctx.t ?? messagesFor('zh')).error;
    try {
      if (ctx.callbackQuery) {
        // The press may already have been answered; then the chat gets the sentence instead.
        const answered = await ctx.answerCallbackQuery({ text, show_alert: true }).then(
          () => true,
          () => false,
        );
        if (answered) return;
      }
      if (ctx.chat) await ctx.reply(text);
    } catch (replyErr) {
      log.warn({ err: replyErr }, 'could not tell the user about the failure');
    }
  };
}
