/**
 * Backend selection in one place: Redis when `REDIS_URL` is configured (several
 * instances can share it), otherwise the embedded file store under DATA_DIR.
 */
import { openFileStore } from './file-store.js';
import { type RedisLogger, connectRedis, createRedisStore } from './redis-store.js';
import type { Store } from './store.js';

export type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Redis URL; when empty or unset the file store is used. */
  redisUrl?: string;
  /** Directory of the file store's `state.json`. */
  dataDir: string;
  /** Receives Redis connection-state warnings. */
  logger?: RedisLogger;
  /** Key prefix in Redis (default `drb:`). */
  redisPrefix?: string;
}

/**
 * Open the configured store. Redis connects in the background (an outage at
 * start-up is logged and retried, not fatal); the file store throws when its
 * state file is unreadable.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.redisUrl) {
    return createRedisStore(connectRedis(opts.redisUrl, opts.logger), { prefix: opts.redisPrefix });
  }
  return openFileStore(opts.dataDir);
}
