import type { OutgoingBudget } from '../outgoing/transformer.js';

/**
 * Pacing for bulk sends to private chats, after Telegram's guidance: about
 * 30 messages a second over all chats, about one a second per chat. Sends
 * are spaced evenly (1000 / globalPerSecond ms apart) rather than in bursts,
 * so network jitter cannot bunch a second's worth into a 1 s window twice.
 * Like the publisher's pacer, `take` reserves the slot synchronously and
 * then sleeps until it, so concurrent callers queue up instead of racing.
 * The running bot uses `budgetLimiter` instead; this one remains for an
 * `Api` without the outgoing budget.
 */
export interface LimiterOptions {
  /** Sends per second over all chats (default 25: Telegram's 30, minus room for the channel post and readers' replies). */
  globalPerSecond?: number;
  /** Least time between two sends to one chat, in ms (default 1100). */
  perChatIntervalMs?: number;
  /** Clock in ms (default Date.now). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Limiter {
  /** Resolve when a message may go to `chat`; counts that send. */
  take(chat: number): Promise<void>;
  /** Make one send under this limiter (the outgoing budget's view queues it as background work). */
  send?<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The outgoing budget's view (src/outgoing): the budget paces every call
 * below the worker, so `take` does not wait, and `send` queues the alert
 * behind the channel post and readers' replies.
 */
export function budgetLimiter(budget: Pick<OutgoingBudget, 'withPriority'>): Limiter {
  return {
    take: () => Promise.resolve(),
    send: (fn) => budget.withPriority('background', fn),
  };
}

export const DEFAULT_GLOBAL_PER_SECOND = 25;
/** A little over Telegram's second, so network jitter cannot bring two arrivals closer than 1 s. */
export const DEFAULT_PER_CHAT_INTERVAL_MS = 1100;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createLimiter(opts: LimiterOptions = {}): Limiter {
  const rate = opts.globalPerSecond ?? DEFAULT_GLOBAL_PER_SECOND;
  const perChat = opts.perChatIntervalMs ?? DEFAULT_PER_CHAT_INTERVAL_MS;
  if (!(rate > 0)) throw new RangeError(`globalPerSecond must be positive, got ${rate}`);
  if (!(perChat >= 0)) throw new RangeError(`perChatIntervalMs must be at least 0, got ${perChat}`);
  const spacing = 1000 / rate;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  let nextSlot = -Infinity;
  const lastByChat = new Map<number, number>();

  return {
    take(chat) {
      const t = now();
      if (lastByChat.size > 10_000) {
        for (const [c, at] of lastByChat) if (at <= t - perChat) lastByChat.delete(c);
      }
      const at = Math.max(t, nextSlot, (lastByChat.get(chat) ?? -Infinity) + perChat);
      nextSlot = at + spacing;
      lastByChat.set(chat, at);
      return at > t ? sleep(at - t) : Promise.resolve();
    },
  };
}
