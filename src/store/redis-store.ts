/**
 * The shared backend: the same {@link Store} contract on Redis, for running
 * several bot instances (or surviving a redeploy on an ephemeral disk).
 * Compare-and-act operations are Lua scripts so they are atomic on the server.
 */
import type { Redis } from 'ioredis';
import type { Store } from './store.js';
import { checkTtl, encodeValue, WrongTypeError } from './values.js';

export { connectRedis, type RedisLogger } from './redis-connect.js';

export interface RedisStoreOptions {
  /** Prepended to every key so bots can share a Redis database (REDIS_PREFIX); default `drb:`. */
  prefix?: string;
  /**
   * Runs once before the first command (and again before the next one if it
   * failed), e.g. adopting keys written under an older prefix, so nothing
   * reads the new namespace before it is complete.
   */
  prepare?: () => Promise<void>;
}

/**
 * Redis answered READONLY: REDIS_URL points at a read-only replica, where
 * every write (lock, progress, counters) fails. Said once, plainly, instead
 * of as a raw reply at every step.
 */
export class StoreReadOnlyError extends Error {
  readonly code = 'READONLY';
  constructor() {
    super('Redis is a read-only replica (READONLY): nothing can be saved, so nothing is posted; point REDIS_URL at the primary');
    this.name = 'StoreReadOnlyError';
  }
}

/** Lua scripts, keyed by the command name they are defined under on the client. */
const SCRIPTS = {
  drbDeleteIfEquals: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
  drbExpireIfEquals: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`,
  // PTTL -1 heals a counter that somehow lost its TTL, so a rate limit never sticks forever.
  drbIncrement: `local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`,
} as const;

type ScriptName = keyof typeof SCRIPTS;
type ScriptFn = (key: string, ...args: string[]) => Promise<number>;

/** How long `ping()` waits before calling Redis unreachable. */
const PING_TIMEOUT_MS = 2000;
/** The key `ping()` writes to prove the store accepts writes (a replica answers PING but refuses writes). */
export const WRITE_PROBE_KEY = 'health:write-probe';

/** Wrap an ioredis client as a {@link Store}; `close()` quits the client. */
export function createRedisStore(redis: Redis, opts: RedisStoreOptions = {}): Store {
  const prefix = opts.prefix ?? 'drb:';
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    // defineCommand uses EVALSHA and falls back to EVAL after a restart flushed the script cache.
    redis.defineCommand(name, { numberOfKeys: 1, lua });
  }
  const script = (name: ScriptName): ScriptFn => (redis as unknown as Record<ScriptName, ScriptFn>)[name].bind(redis);
  const k = (key: string): string => prefix + key;

  let prepared: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    if (!opts.prepare) return Promise.resolve();
    prepared ??= opts.prepare().catch((err: unknown) => {
      prepared = undefined; // try again with the next command
      throw err;
    });
    return prepared;
  };

  /**
   * Every command: after `prepare`, with Redis' WRONGTYPE turned into the
   * same error the file store throws, and READONLY into one plain sentence.
   */
  const typed = async <R>(key: string, expected: 'value' | 'set', op: () => Promise<R>): Promise<R> => {
    try {
      await ready();
      return await op();
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('WRONGTYPE')) throw new WrongTypeError(key, expected);
      // Also inside a script's error ("... READONLY You can't write against a read only replica").
      if (err instanceof Error && /(^|\s)READONLY\b/.test(err.message)) throw new StoreReadOnlyError();
      throw err;
    }
  };

  return {
    kind: 'redis',

    async get<T>(key: string): Promise<T | undefined> {
      const raw = await typed(key, 'value', () => redis.get(k(key)));
      return raw === null ? undefined : (JSON.parse(raw) as T);
    },

    async set(key, value, ttlMs) {
      const json = encodeValue(value);
      const ttl = ttlMs === undefined ? undefined : checkTtl(ttlMs);
      await typed(key, 'value', () => (ttl === undefined ? redis.set(k(key), json) : redis.set(k(key), json, 'PX', ttl)));
    },

    async delete(key) {
      await typed(key, 'value', () => redis.del(k(key)));
    },

    async setIfAbsent(key, value, ttlMs) {
      const json = encodeValue(value);
      const ttl = ttlMs === undefined ? undefined : checkTtl(ttlMs);
      const reply = await typed(key, 'value', () =>
        ttl === undefined ? redis.set(k(key), json, 'NX') : redis.set(k(key), json, 'PX', ttl, 'NX'),
      );
      return reply === 'OK';
    },

    async deleteIfEquals(key, expected) {
      const json = encodeValue(expected);
      return (await typed(key, 'value', () => script('drbDeleteIfEquals')(k(key), json))) === 1;
    },

    async expireIfEquals(key, expected, ttlMs) {
      const json = encodeValue(expected);
      const ttl = String(checkTtl(ttlMs));
      return (await typed(key, 'value', () => script('drbExpireIfEquals')(k(key), json, ttl))) === 1;
    },

    async increment(key, windowMs) {
      const window = String(checkTtl(windowMs, 'windowMs'));
      return typed(key, 'value', () => script('drbIncrement')(k(key), window));
    },

    async setAdd(key, member) {
      return (await typed(key, 'set', () => redis.sadd(k(key), member))) === 1;
    },

    async setRemove(key, member) {
      return (await typed(key, 'set', () => redis.srem(k(key), member))) === 1;
    },

    async setMembers(key) {
      return (await typed(key, 'set', () => redis.smembers(k(key)))).sort();
    },

    async ttl(key) {
      const ms = await redis.pttl(k(key));
      return ms > 0 ? ms : undefined;
    },

    async keys(keyPrefix) {
      const found = new Set<string>(); // SCAN may return a key more than once
      const match = `${escapeGlob(prefix + keyPrefix)}*`;
      await ready();
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 200);
        for (const key of batch) found.add(key.slice(prefix.length));
        cursor = next;
      } while (cursor !== '0');
      return [...found].sort();
    },

    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(resolve, PING_TIMEOUT_MS, false);
      });
      // A write, not just PING: a read-only replica answers PING but refuses every post's progress.
      const writes = async (): Promise<boolean> => {
        await ready();
        return (await redis.set(k(WRITE_PROBE_KEY), String(Date.now()), 'PX', 60_000)) === 'OK';
      };
      try {
        return await Promise.race([writes(), timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      // QUIT needs a live connection; when Redis is down just drop the socket and stop retrying.
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

/** Escape Redis glob metacharacters so a key prefix matches literally. */
export function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}
