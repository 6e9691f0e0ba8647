/**
 * The bot-wide budget: at most `limit` counted calls in any window of
 * `windowMs` as Telegram sees them.
 *
 * A slot is taken when a call is granted and held until `windowMs` after its
 * answer came back. Telegram counts the call when it arrives, which is after
 * we granted it and before we got the answer, so its own window
 * [arrival, arrival + 1 s] lies inside ours [grant, answer + 1 s]: whatever
 * the network's jitter, no second ever sees more than `limit` arrivals. The
 * price is the answer's latency added to each slot (a few ms locally, a
 * tenth of a second to Telegram), not a guessed safety margin.
 *
 * Two implementations: this in-process one (one instance, the embedded
 * store) and a Redis one shared by every instance (redis-window.ts).
 */

export type Acquired = { ok: true; token: string } | { ok: false; retryInMs: number | undefined };

export interface BotWindow {
  /** Take a slot now, or say when to try again (`undefined`: when one of ours is answered). */
  tryAcquire(): Promise<Acquired>;
  /** The call holding `token` was answered now: its slot frees `windowMs` later. */
  release(token: string): Promise<void>;
  /** Telegram answered 429 for the whole bot: take nothing for `ms`. */
  pause(ms: number): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'memory' | 'redis';
}

export interface WindowOptions {
  /** Calls per window (default 30: Telegram's "about 30 messages per second"). */
  limit: number;
  /** Default 1000. */
  windowMs?: number;
}

export function createMemoryWindow(opts: WindowOptions, now: () => number = Date.now): BotWindow {
  const limit = opts.limit;
  const windowMs = opts.windowMs ?? 1000;
  if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${limit}`);
  const inFlight = new Set<string>();
  /** When answered slots free up, ascending (answers come back in clock order). */
  const frees: number[] = [];
  let pausedUntil = 0;
  let next = 0;

  return {
    kind: 'memory',
    async tryAcquire() {
      const t = now();
      while (frees.length > 0 && frees[0]! <= t) frees.shift();
      if (pausedUntil > t) return { ok: false, retryInMs: pausedUntil - t };
      if (inFlight.size + frees.length < limit) {
        const token = String(++next);
        inFlight.add(token);
        return { ok: true, token };
      }
      return { ok: false, retryInMs: frees.length > 0 ? frees[0]! - t : undefined };
    },
    async release(token) {
      if (!inFlight.delete(token)) return;
      const at = now() + windowMs;
      // Keep ascending even if the clock stepped back.
      const last = frees.at(-1);
      frees.push(last !== undefined && last > at ? last : at);
    },
    async pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
    async close() {},
  };
}
