/**
 * Each update handled once, whichever instance it reaches. Telegram
 * redelivers a webhook update it saw no 2xx for (a timeout, a dropped
 * connection, an instance killed mid-request), and behind a load balancer
 * the copy may land on another instance; the first to claim
 * `update:<update_id>` in the shared store handles it, the rest drop it.
 *
 * Installed in webhook mode only: with long polling there is one poller per
 * token (a second gets 409) and getUpdates' offset confirms what was
 * fetched, so a copy cannot arrive, and a store write per update would buy
 * nothing. The id is claimed on arrival, not after handling: a second copy
 * may arrive while the first is still being answered. The price is that an
 * update whose instance dies mid-answer is not answered again.
 */
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

/** Default 1 h: Telegram stops redelivering an update well before. */
export const DEDUPE_TTL_MS = 60 * 60 * 1000;

export interface DedupeOptions {
  /** How long an update id is remembered (default DEDUPE_TTL_MS). */
  ttlMs?: number;
}

export function dedupeUpdates(opts: DedupeOptions = {}): MiddlewareFn<BotContext> {
  const ttlMs = opts.ttlMs ?? DEDUPE_TTL_MS;
  return async (ctx, next) => {
    let first: boolean;
    try {
      first = await ctx.services.store.setIfAbsent(`update:${ctx.update.update_id}`, 1, ttlMs);
    } catch (err) {
      // As the rate limit does: a rare double answer beats silence while the store is down.
      ctx.log.warn({ err }, 'dedupe store unavailable; handling the update anyway');
      return next();
    }
    if (!first) {
      ctx.log.info('update already taken (a redelivery); skipped');
      return;
    }
    return next();
  };
}
