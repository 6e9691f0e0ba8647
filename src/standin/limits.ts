/**
 * Flood control, modelled on Telegram's published guidance: about one
 * message per second per chat (short bursts tolerated), at most 20 per minute
 * in groups and channels, about 30 per second over all chats. Telegram's real
 * algorithm is undisclosed; this one is deliberately simple so tests can
 * predict it:
 *
 *  - per chat, per second: a token bucket holding `perChatBurst` tokens,
 *    refilled at `perChatPerSecond` tokens a second. A send takes one token.
 *  - per chat, per minute (groups and channels only): at most
 *    `perChatPerMinute` sends in any sliding 60 s window.
 *  - global: at most `globalPerSecond` sends in any sliding 1 s window.
 *
 * A refused send consumes nothing. `retry_after` is the whole number of
 * seconds after which the refused send would pass (at least 1), as Telegram's
 * is. `scale` multiplies every limit, for benchmarks that want them out of
 * the way without turning them off.
 */
import type { FloodLimitOptions } from './types.js';

/** Methods that count as sending: Telegram's flood limits are about messages. */
export function isFloodLimited(method: string): boolean {
  return (
    (method.startsWith('send') && method !== 'sendChatAction') ||
    method.startsWith('editMessage') ||
    method === 'copyMessage' ||
    method === 'forwardMessage'
  );
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class FloodLimiter {
  private readonly enabled: boolean;
  private readonly rate: number;
  private readonly burst: number;
  private readonly perMinute: number;
  private readonly globalPerSecond: number;
  private readonly buckets = new Map<string, Bucket>();
  private readonly minuteLog = new Map<string, number[]>();
  private globalLog: number[] = [];

  constructor(
    opts: FloodLimitOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    const scale = opts.scale ?? 1;
    this.enabled = opts.enabled ?? true;
    this.rate = (opts.perChatPerSecond ?? 1) * scale;
    this.burst = (opts.perChatBurst ?? 3) * scale;
    this.perMinute = (opts.perChatPerMinute ?? 20) * scale;
    this.globalPerSecond = (opts.globalPerSecond ?? 30) * scale;
  }

  /**
   * Record a send to `chatKey` (the resolved numeric chat id as a string),
   * or return the retry_after in seconds when it must be refused.
   */
  take(chatKey: string, isGroupOrChannel: boolean): { ok: true } | { ok: false; retryAfter: number } {
    if (!this.enabled) return { ok: true };
    const now = this.clock();
    const waits: number[] = [];

    this.globalLog = this.globalLog.filter((t) => t > now - 1000);
    const oldestGlobal = this.globalLog[0];
    if (this.globalLog.length >= this.globalPerSecond && oldestGlobal !== undefined) {
      waits.push(oldestGlobal + 1000 - now);
    }

    const bucket = this.refill(chatKey, now);
    if (bucket.tokens < 1) waits.push(((1 - bucket.tokens) / this.rate) * 1000);

    let minute: number[] = [];
    if (isGroupOrChannel) {
      minute = (this.minuteLog.get(chatKey) ?? []).filter((t) => t > now - 60_000);
      this.minuteLog.set(chatKey, minute);
      const oldest = minute[0];
      if (minute.length >= this.perMinute && oldest !== undefined) waits.push(oldest + 60_000 - now);
    }

    if (waits.length > 0) {
      return { ok: false, retryAfter: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
    }
    bucket.tokens -= 1;
    this.globalLog.push(now);
    if (isGroupOrChannel) minute.push(now);
    return { ok: true };
  }

  private refill(chatKey: string, now: number): Bucket {
    const b = this.buckets.get(chatKey) ?? { tokens: this.burst, updatedAt: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.updatedAt) / 1000) * this.rate);
    b.updatedAt = now;
    this.buckets.set(chatKey, b);
    return b;
  }
}

/**
 * Telegram's limits with no leeway: 30 a second bot-wide, one a second per
 * chat with no burst, 20 a minute per group or channel. What the outgoing
 * budget's tests and benchmark hold the bot to.
 */
export const STRICT_FLOOD_LIMITS: FloodLimitOptions = {
  enabled: true,
  perChatPerSecond: 1,
  perChatBurst: 1,
  perChatPerMinute: 20,
  globalPerSecond: 30,
};
