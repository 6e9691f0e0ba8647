/**
 * The one storage contract the bot needs. Three implementations keep the same
 * semantics: `SqliteStore` (embedded, `DATA_DIR/state.db`, the default),
 * `FileStore` (embedded, one JSON file under DATA_DIR) and `RedisStore` (ioredis). Everything typed (posting progress, locks, rate
 * limits) is built on these few primitives in other modules, so both
 * backends are checked by one contract test suite.
 *
 * Values are JSON-serialisable. TTLs are in milliseconds; a key past its TTL
 * reads as absent. Using a set key as a value (or the reverse) rejects with a
 * `WrongTypeError` (`values.ts`), like Redis' WRONGTYPE.
 */
export interface Store {
  /** `sqlite`, `file` or `redis`, shown by /status. */
  readonly kind: 'sqlite' | 'file' | 'redis';
  /** Read a JSON value; `undefined` when absent or expired. */
  get<T>(key: string): Promise<T | undefined>;
  /** Write a JSON value, optionally expiring after `ttlMs`. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Remove a key (no error when absent). */
  delete(key: string): Promise<void>;
  /** Write only when the key is absent (Redis `SET NX PX`); true when written. */
  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Delete only when the stored value equals `expected` (owner-only lock release). */
  deleteIfEquals(key: string, expected: unknown): Promise<boolean>;
  /** Reset the TTL only when the stored value equals `expected` (lock renewal). */
  expireIfEquals(key: string, expected: unknown, ttlMs: number): Promise<boolean>;
  /**
   * Increment a counter; its window starts (TTL set) at the first increment. Returns the new count.
   * A key that exists without a TTL gets one too, so a counter can never stick forever.
   */
  increment(key: string, windowMs: number): Promise<number>;
  /** Add a member to a set; true when it was new. */
  setAdd(key: string, member: string): Promise<boolean>;
  /** Remove a member from a set; true when it was there. */
  setRemove(key: string, member: string): Promise<boolean>;
  /** All members of a set, sorted. */
  setMembers(key: string): Promise<string[]>;
  /**
   * Milliseconds until `key` expires; undefined when it has no TTL or is absent.
   * Lets `migrate-store` carry TTLs over, so copied dedupe ids and caches still expire.
   */
  ttl(key: string): Promise<number | undefined>;
  /** Keys starting with `prefix`, sorted (for small administrative scans only). */
  keys(prefix: string): Promise<string[]>;
  /** True when the backend answers. */
  ping(): Promise<boolean>;
  /** Flush and release resources. */
  close(): Promise<void>;
}
