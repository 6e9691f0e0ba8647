/**
 * The bot-wide budget shared by every instance through Redis: one sorted set
 * of slots scored by when each frees, changed only by two Lua scripts, so
 * taking a slot is atomic across instances. Times are Redis' own clock
 * (`TIME`), so instances whose clocks disagree still share one window.
 *
 * A granted slot is scored `leaseMs` ahead (the call is in flight; if its
 * instance dies, the slot frees when the lease ends); its answer rescores it
 * to `windowMs` after the answer (see bot-window.ts for why that holds the
 * limit whatever the network's jitter).
 *
 * When Redis cannot be reached the instance falls back to its own in-process
 * window with the same limit: replies keep flowing, and the 429 handling is
 * the backstop for the short time two instances might together exceed it.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Acquired, type BotWindow, createMemoryWindow, type WindowOptions } from './bot-window.js';

// Redis < 7 needs effect replication before a write that follows TIME; 7+ always does it.
const NOW = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** KEYS: slots, pause. ARGV: limit, leaseMs, token. Returns {1, 0} or {0, retryInMs (-1: when a slot is answered)}. */
const ACQUIRE = `${NOW}
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {0, paused} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local limit = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  return {1, 0}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = tonumber(first[2]) - now
if wait > lease / 2 then return {0, -1} end
return {0, wait}
`;

/** KEYS: slots. ARGV: windowMs, token. */
const RELEASE = `${NOW}
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
return 1
`;

export interface RedisWindowOptions extends WindowOptions {
  redis: Redis;
  /** Key prefix (default `drb:`). */
  prefix?: string;
  /** How long an unanswered call holds its slot at most, in ms (default 60 000). */
  leaseMs?: number;
  /** How often to look again while every slot is held by calls in flight elsewhere, in ms (default 20). */
  pollMs?: number;
  /** Told once per outage that the shared budget fell back to this instance's own. */
  onFallback?: (err: unknown) => void;
}

export function createRedisWindow(opts: RedisWindowOptions): BotWindow {
  const { redis } = opts;
  const prefix = opts.prefix ?? 'drb:';
  const slots = `${prefix}outgoing:slots`;
  const pauseKey = `${prefix}outgoing:pause`;
  const windowMs = opts.windowMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 20;
  const local = createMemoryWindow(opts);
  /** Tokens granted by the local fallback, released there. */
  const localTokens = new Set<string>();
  let down = false;

  const fellBack = (err: unknown): void => {
    if (!down) opts.onFallback?.(err);
    down = true;
  };

  return {
    kind: 'redis',
    async tryAcquire(): Promise<Acquired> {
      const token = randomUUID();
      try {
        const [granted, wait] = (await redis.eval(ACQUIRE, 2, slots, pauseKey, opts.limit, leaseMs, token)) as [number, number];
        down = false;
        if (granted === 1) return { ok: true, token };
        // Held by calls in flight on other instances too: their answers do not wake us, so look again soon.
        return { ok: false, retryInMs: wait < 0 ? pollMs : Math.max(1, wait) };
      } catch (err) {
        fellBack(err);
        const r = await local.tryAcquire();
        if (r.ok) localTokens.add(r.token);
        return r;
      }
    },
    async release(token) {
      if (localTokens.delete(token)) return local.release(token);
      await redis.eval(RELEASE, 1, slots, windowMs, token).catch(fellBack);
    },
    async pause(ms) {
      await local.pause(ms);
      await redis.set(pauseKey, '1', 'PX', Math.max(1, Math.ceil(ms))).catch(fellBack);
    },
    async close() {},
  };
}
