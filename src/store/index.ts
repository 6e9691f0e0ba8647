/**
 * Backend selection in one place: Redis when `REDIS_URL` is configured (several
 * instances can share it), otherwise the embedded file store under DATA_DIR.
 */
import { openFileStore } from './file-store.js';
import { openRedisStore } from './redis-open.js';
import type { RedisLogger } from './redis-store.js';
import type { Store } from './store.js';

export type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Redis URL; when empty or unset the file store is used. */
  redisUrl?: string;
  /** Directory of the file store's `state.json`. */
  dataDir: string;
  /** Receives Redis connection-state warnings. */
  logger?: RedisLogger;
  /** Key prefix in Redis (REDIS_PREFIX, or `drb:<bot id>:`; default `drb:`). */
  redisPrefix?: string;
  /** An older prefix whose keys are copied to `redisPrefix` once (see redis-legacy.ts). */
  adoptRedisKeysFrom?: string;
}

/**
 * Open the configured store. Redis connects in the background (an outage at
 * start-up is logged and retried, not fatal; refused credentials throw); the
 * file store throws when its state file is unreadable.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.redisUrl) {
    return openRedisStore({
      url: opts.redisUrl,
      prefix: opts.redisPrefix ?? 'drb:',
      ...(opts.adoptRedisKeysFrom !== undefined && { adoptFrom: opts.adoptRedisKeysFrom }),
      ...(opts.logger && { logger: opts.logger }),
    });
  }
  return openFileStore(opts.dataDir);
}
