/**
 * Opening the Redis store for the bot: connect, stop at once when Redis
 * refuses the credentials (no retry can fix a wrong password), start anyway
 * when it is only unreachable (the client retries in the background), and
 * namespace every key under the bot's prefix, adopting the old shared
 * prefix's keys the first time (redis-legacy.ts).
 */
import { connectRedis, firstConnection, type RedisLogger } from './redis-connect.js';
import { adoptLegacyKeys } from './redis-legacy.js';
import { createRedisStore } from './redis-store.js';
import type { Store } from './store.js';

export interface OpenRedisOptions {
  url: string;
  /** Every key's prefix (REDIS_PREFIX or `drb:<bot id>:`). */
  prefix: string;
  /** Copy the keys of this older prefix to `prefix` once, before the first command (none when unset). */
  adoptFrom?: string;
  logger?: RedisLogger;
  /** How long start-up waits for a first answer before going on without Redis (default 5 s). */
  connectTimeoutMs?: number;
}

/** Throws RedisAuthError when Redis refuses the credentials. */
export async function openRedisStore(opts: OpenRedisOptions): Promise<Store> {
  const redis = connectRedis(opts.url, opts.logger);
  await firstConnection(redis, opts.url, opts.connectTimeoutMs);
  const from = opts.adoptFrom;
  return createRedisStore(redis, {
    prefix: opts.prefix,
    ...(from !== undefined && {
      prepare: async () => {
        const copied = await adoptLegacyKeys(redis, from, opts.prefix);
        if (copied >= 0) {
          (opts.logger?.info ?? opts.logger?.warn)?.call(
            opts.logger,
            { from, to: opts.prefix, copied },
            "copied the state kept under the old shared key prefix to this bot's own prefix",
          );
        }
      },
    }),
  });
}
