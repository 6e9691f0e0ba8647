/**
 * The embedded backend on SQLite (`DATA_DIR/state.db`, see `sqlite-db.ts`):
 * one row per key, so a write costs the same with ten entries or a million,
 * and each mutation is one fsynced transaction before its promise resolves.
 * Keys with a TTL read as absent once expired and are deleted in the
 * background through an index on their expiry.
 *
 * better-sqlite3 is synchronous: each call runs to completion in turn, which
 * is what serialises mutations (and what Redis' single thread does for it).
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { StoreWriteError } from './atomic-write.js';
import { DB_FILE, type OpenedDb, openReadOnly, openWritable, UPSERT_ENTRY } from './sqlite-db.js';
import { readError, writeError } from './sqlite-errors.js';
import type { Store } from './store.js';
import { checkTtl, encodeValue, WrongTypeError } from './values.js';

export interface SqliteStoreOptions {
  /** Clock in ms since the epoch; injectable so tests can move time forward. */
  now?: () => number;
  /** How often expired keys are deleted (default one minute). */
  purgeEveryMs?: number;
}

interface Row {
  kind: 'value' | 'set';
  json: string | null;
  expires_at: number | null;
}

/** Rows deleted per purge transaction, so one purge never holds the writer long. */
const PURGE_BATCH = 5000;

/**
 * Open (creating if needed) the store in `dir`. A directory that refuses
 * writes (read-only mount, no permission, full disk) still opens, read-only:
 * reads answer from what is stored, mutations fail with a
 * {@link StoreWriteError} naming the directory and reason, and `ping()`
 * tries again.
 */
export function openSqliteStore(dir: string, opts: SqliteStoreOptions = {}): SqliteStore {
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    // Reported by the open below, in the store's own words.
  }
  return new SqliteStore(dir, opts);
}

/** {@link Store} over SQLite; create it with {@link openSqliteStore}. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly file: string;
  private conn: (OpenedDb & { q: Statements }) | undefined;
  /** Why the last read-write open failed (what a mutation reports while read-only). */
  private openError: unknown;
  private closed = false;
  private readonly now: () => number;
  private readonly purgeTimer: NodeJS.Timeout;

  /** @internal use {@link openSqliteStore}. */
  constructor(
    readonly dir: string,
    opts: SqliteStoreOptions,
  ) {
    this.file = path.join(dir, DB_FILE);
    this.now = opts.now ?? Date.now;
    this.connect();
    this.purgeTimer = setInterval(() => this.purgeExpired(), opts.purgeEveryMs ?? 60_000);
    this.purgeTimer.unref();
  }

  /** The open database (for the migration and the content cache, which share the file). */
  get database(): Database.Database {
    return this.connection().db;
  }

  /** False while the data directory refuses writes. */
  get writable(): boolean {
    return this.conn?.writable ?? false;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = this.read(() => this.liveValue(key)?.json ?? undefined);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    const json = encodeValue(value);
    const expiresAt = ttlMs === undefined ? null : this.now() + checkTtl(ttlMs);
    this.write((q) => {
      q.deleteMembers.run(key);
      q.put.run(key, 'value', json, expiresAt);
    });
  }

  async delete(key: string): Promise<void> {
    this.write((q) => {
      q.deleteMembers.run(key);
      q.deleteEntry.run(key);
    });
  }

  async setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    const json = encodeValue(value);
    const expiresAt = ttlMs === undefined ? null : this.now() + checkTtl(ttlMs);
    return this.write((q) => {
      if (this.live(key) !== undefined) return false;
      q.deleteMembers.run(key); // an expired key's leftovers, if any
      q.put.run(key, 'value', json, expiresAt);
      return true;
    });
  }

  async deleteIfEquals(key: string, expected: unknown): Promise<boolean> {
    const json = encodeValue(expected);
    return this.write((q) => {
      if (this.liveValue(key)?.json !== json) return false;
      q.deleteEntry.run(key);
      return true;
    });
  }

  async expireIfEquals(key: string, expected: unknown, ttlMs: number): Promise<boolean> {
    const json = encodeValue(expected);
    const ttl = checkTtl(ttlMs);
    return this.write((q) => {
      if (this.liveValue(key)?.json !== json) return false;
      q.setExpiry.run(this.now() + ttl, key);
      return true;
    });
  }

  async increment(key: string, windowMs: number): Promise<number> {
    const window = checkTtl(windowMs, 'windowMs');
    return this.write((q) => {
      const e = this.liveValue(key);
      if (e === undefined) {
        q.put.run(key, 'value', '1', this.now() + window);
        return 1;
      }
      const n: unknown = JSON.parse(e.json!);
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
        throw new TypeError(`key ${JSON.stringify(key)} does not hold an integer counter`);
      }
      // Same healing as the Redis script: a counter never stays without a window.
      q.put.run(key, 'value', String(n + 1), e.expires_at ?? this.now() + window);
      return n + 1;
    });
  }

  async setAdd(key: string, member: string): Promise<boolean> {
    return this.write((q) => {
      if (this.liveSet(key) === undefined) {
        q.deleteMembers.run(key);
        q.put.run(key, 'set', null, null);
      }
      return q.addMember.run(key, member).changes > 0;
    });
  }

  async setRemove(key: string, member: string): Promise<boolean> {
    return this.write((q) => {
      if (this.liveSet(key) === undefined) return false;
      const removed = q.removeMember.run(key, member).changes > 0;
      // Like Redis, an emptied set stops existing (and stops showing in keys()).
      if (removed && q.anyMember.get(key) === undefined) q.deleteEntry.run(key);
      return removed;
    });
  }

  async setMembers(key: string): Promise<string[]> {
    return this.read((q) => {
      if (this.liveSet(key) === undefined) return [];
      // Sorted here, not by SQL: JavaScript's order (UTF-16 units) is the contract's.
      return (q.members.pluck().all(key) as string[]).sort();
    });
  }

  async ttl(key: string): Promise<number | undefined> {
    return this.read(() => {
      const e = this.live(key);
      return e?.expires_at == null ? undefined : e.expires_at - this.now();
    });
  }

  async keys(prefix: string): Promise<string[]> {
    return this.read((q) => {
      // A range on the primary key, not LIKE/GLOB: no character of the prefix is special.
      const out: string[] = [];
      for (const k of q.keysFrom.pluck().iterate(prefix, this.now()) as IterableIterator<string>) {
        if (!k.startsWith(prefix)) break;
        out.push(k);
      }
      return out.sort();
    });
  }

  /**
   * True while open and saving works. A store that could not write (read-only
   * directory, full disk) tries one write now, reopening read-write first.
   */
  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      this.write((q) => void q.heartbeat.run(String(this.now())));
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.purgeTimer);
    this.conn?.db.close();
    this.conn = undefined;
  }

  /** Delete expired keys in batches (periodic; also callable by tests and benchmarks). Returns how many went. */
  purgeExpired(): number {
    if (this.closed || !this.conn?.writable) return 0;
    let total = 0;
    try {
      for (;;) {
        const n = this.conn.q.purge.run(this.now(), PURGE_BATCH).changes;
        total += n;
        if (n < PURGE_BATCH) return total;
      }
    } catch {
      return total; // a full or read-only disk: the next purge tries again; reads skip expired rows anyway
    }
  }

  /** One fsynced transaction; a SQLite failure becomes a {@link StoreWriteError} and nothing of it is applied. */
  private write<R>(change: (q: Statements) => R): R {
    const conn = this.connection();
    if (!conn.writable) {
      this.reconnectWritable();
      if (!this.conn?.writable) throw this.refusal();
    }
    const { db, q } = this.conn!;
    try {
      return db.transaction(() => change(q)).immediate();
    } catch (err) {
      throw writeError(this.dir, err);
    }
  }

  private read<R>(query: (q: Statements) => R): R {
    const { q } = this.connection();
    try {
      return query(q);
    } catch (err) {
      throw readError(this.dir, err);
    }
  }

  private connection(): OpenedDb & { q: Statements } {
    if (this.closed) throw new Error(`sqlite store in ${this.dir} is closed`);
    return this.conn ?? this.connect();
  }

  /** Open read-write, or read-only when the directory refuses writes. */
  private connect(): OpenedDb & { q: Statements } {
    let opened: OpenedDb;
    try {
      opened = openWritable(this.file);
    } catch (err) {
      this.openError = err;
      try {
        opened = openReadOnly(this.file);
      } catch {
        throw readError(this.dir, err);
      }
    }
    this.conn = { ...opened, q: prepare(opened.db) };
    return this.conn;
  }

  private reconnectWritable(): void {
    try {
      accessSync(this.dir, constants.W_OK);
      const opened = openWritable(this.file);
      this.openError = undefined;
      this.conn?.db.close();
      this.conn = { ...opened, q: prepare(opened.db) };
    } catch (err) {
      this.openError = err; // still refused: the caller reports it
    }
  }

  /** The error for a mutation while the database is open read-only: the directory's refusal, or SQLite's. */
  private refusal(): unknown {
    try {
      accessSync(this.dir, constants.W_OK);
    } catch (err) {
      return new StoreWriteError(this.dir, err);
    }
    const why = writeError(this.dir, this.openError);
    return why instanceof StoreWriteError
      ? why
      : new StoreWriteError(this.dir, Object.assign(new Error(`${this.file} is read-only`), { code: 'EIO' }));
  }

  private live(key: string): Row | undefined {
    const row = this.conn!.q.entry.get(key) as Row | undefined;
    return row === undefined || (row.expires_at !== null && row.expires_at <= this.now()) ? undefined : row;
  }

  private liveValue(key: string): Row | undefined {
    const row = this.live(key);
    if (row?.kind === 'set') throw new WrongTypeError(key, 'value');
    return row;
  }

  private liveSet(key: string): Row | undefined {
    const row = this.live(key);
    if (row?.kind === 'value') throw new WrongTypeError(key, 'set');
    return row;
  }
}

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  return {
    entry: db.prepare('SELECT kind, json, expires_at FROM entries WHERE key = ?'),
    put: db.prepare(UPSERT_ENTRY),
    deleteEntry: db.prepare('DELETE FROM entries WHERE key = ?'),
    setExpiry: db.prepare('UPDATE entries SET expires_at = ? WHERE key = ?'),
    deleteMembers: db.prepare('DELETE FROM members WHERE key = ?'),
    addMember: db.prepare('INSERT OR IGNORE INTO members (key, member) VALUES (?, ?)'),
    removeMember: db.prepare('DELETE FROM members WHERE key = ? AND member = ?'),
    anyMember: db.prepare('SELECT 1 FROM members WHERE key = ? LIMIT 1'),
    members: db.prepare('SELECT member FROM members WHERE key = ?'),
    keysFrom: db.prepare('SELECT key FROM entries WHERE key >= ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key'),
    purge: db.prepare(
      'DELETE FROM entries WHERE key IN (SELECT key FROM entries WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT ?)',
    ),
    heartbeat: db.prepare(`INSERT INTO meta (name, value) VALUES ('ping', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`),
  };
}
