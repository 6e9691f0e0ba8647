/**
 * Backend selection in one place: Redis when `REDIS_URL` is configured (several
 * instances can share it), otherwise the embedded store under DATA_DIR:
 * SQLite (`state.db`, the default) or the older JSON file store.
 */
import { openFileStore } from './file-store.js';
import { type JsonMigration, migrateStateJson } from './json-migration.js';
import { openRedisStore } from './redis-open.js';
import type { RedisLogger } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export type { Store } from './store.js';

/** Which embedded store to use without Redis. */
export type EmbeddedKind = 'sqlite' | 'file';

export interface OpenStoreOptions {
  /** Redis URL; when empty or unset an embedded store is used. */
  redisUrl?: string;
  /** Directory of the embedded store (`state.db` or `state.json`). */
  dataDir: string;
  /** The embedded store (default `sqlite`). */
  embedded?: EmbeddedKind;
  /** Receives Redis connection-state warnings and the state.json migration notice. */
  logger?: RedisLogger;
  /** Key prefix in Redis (REDIS_PREFIX, or `drb:<bot id>:`; default `drb:`). */
  redisPrefix?: string;
  /** An older prefix whose keys are copied to `redisPrefix` once (see redis-legacy.ts). */
  adoptRedisKeysFrom?: string;
}

/**
 * Open the configured store. Redis connects in the background (an outage at
 * start-up is logged and retried, not fatal; refused credentials throw); the embedded stores throw when
 * their state cannot be read. The SQLite store first imports a `state.json`
 * left by the file store (once; it is kept as `state.json.migrated`).
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
  if (opts.embedded === 'file') return openFileStore(opts.dataDir);
  const store = openSqliteStore(opts.dataDir);
  let migrated: JsonMigration | undefined;
  try {
    migrated = migrateStateJson(opts.dataDir, store);
  } catch (err) {
    await store.close();
    throw err;
  }
  if (migrated) {
    opts.logger?.info?.({ dataDir: opts.dataDir, ...migrated }, 'state.json imported into state.db (kept as state.json.migrated)');
  }
  return store;
}
