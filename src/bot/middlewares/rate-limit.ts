/**
 * Per-user rate limit, counted in the store so several instances share it.
 * The first update over the limit gets one polite answer; the rest of the
 * window is ignored silently (a button press still gets an empty answer so
 * its spinner stops). A store outage lets updates through: a bot that
 * answers too much beats one that goes silent.
 */
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

export interface RateLimitOptions {
  /** Updates (commands, messages, button presses) per user per window. Default 10. */
  limit: number;
  /** Window length in ms, starting at the user's first update. Default 10,000. */
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 10, windowMs: 10_000 };

/**
 * Inline queries arrive as the user types (one per keystroke pause), so they
 * get their own, wider bucket instead of eating the command budget.
 */
export const INLINE_RATE_FACTOR = 3;

export function rateLimit(opts: RateLimitOptions = DEFAULT_RATE_LIMIT): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const user = ctx.from?.id;
    if (user === undefined) return next();
    const inline = ctx.inlineQuery !== undefined;
    const limit = inline ? opts.limit * INLINE_RATE_FACTOR : opts.limit;
    let count: number;
    try {
      count = await ctx.services.store.increment(`${inline ? 'rate-inline' : 'rate'}:${user}`, opts.windowMs);
    } catch (err) {
      ctx.log.warn({ err }, 'rate limit store unavailable; letting the update through');
      return next();
    }
    if (count <= limit) return next();
    ctx.log.info({ count, inline }, 'rate limited');
    const first = count === limit + 1;
    // An inline query has no chat to reply in: answer it with nothing, briefly cached.
    if (inline) await ctx.answerInlineQuery([], { cache_time: 5, is_personal: true });
    else if (ctx.callbackQuery) await ctx.answerCallbackQuery(first ? { text: ctx.t.rateLimited } : {});
    else if (first) await ctx.reply(ctx.t.rateLimited);
  };
}
