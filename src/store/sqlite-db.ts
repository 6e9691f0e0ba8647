/**
 * Opening `DATA_DIR/state.db`: the schema, the durability settings, and a
 * read-only fallback so a bot whose data directory cannot be written still
 * starts, answers from what is stored, and says why it cannot save.
 *
 * Schema (kept by version in `PRAGMA user_version`):
 *   entries(key, kind, json, expires_at)  one row per key: a JSON value, or the
 *                                         marker of a set; expires_at in ms since
 *                                         the epoch (absolute, so a TTL keeps
 *                                         counting while the bot is stopped)
 *   members(key, member)                  the members of set keys
 *   files(path, size, mtime_ms, hash,     the content loader's cache of parsed
 *         report)                         reports (content/load.ts), keyed by path
 *   meta(name, value)                     bookkeeping (state.json migration)
 * Expired rows are invisible to reads and deleted in the background through
 * the partial index on expires_at: never by rewriting state.
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Name of the database inside the data directory. */
export const DB_FILE = 'state.db';

/** Writes one entry, replacing what the key held: the store and the state.json import both use it. */
export const UPSERT_ENTRY = `INSERT INTO entries (key, kind, json, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, json = excluded.json, expires_at = excluded.expires_at`;

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  key TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('value', 'set')),
  json TEXT,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_expiry ON entries (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS members (
  key TEXT NOT NULL,
  member TEXT NOT NULL,
  PRIMARY KEY (key, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  hash TEXT NOT NULL,
  report TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

export interface OpenedDb {
  db: Database.Database;
  /** False when the directory refused writes and this is a read-only view of what is stored. */
  writable: boolean;
}

/**
 * Open read-write: WAL (readers never block the writer, a commit appends to
 * the log instead of rewriting pages) with `synchronous = FULL`, so every
 * commit is fsynced before it returns: an acknowledged mutation survives
 * `kill -9` and power loss. Throws SQLite's error when the file cannot be
 * opened or written.
 */
export function openWritable(file: string): OpenedDb {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000'); // `report-bot post` from a system cron may share the file briefly
    if ((db.pragma('user_version', { simple: true }) as number) !== SCHEMA_VERSION || !hasSchema(db)) {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    // A write probe: a database opened on a read-only mount still opens, but read-only.
    db.prepare(`INSERT INTO meta (name, value) VALUES ('opened', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`).run(
      new Date().toISOString(),
    );
    return { db, writable: true };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * What is stored, read-only, for a directory that refuses writes. With a
 * write-ahead log present (a crash left one), SQLite reads database and log
 * together. Without one, the database file alone is complete, and SQLite
 * cannot open a WAL database read-only without creating its shared-memory
 * file, so the file is read into memory instead. No database at all: empty.
 */
export function openReadOnly(file: string): OpenedDb {
  if (existsSync(`${file}-wal`)) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    return { db, writable: false };
  }
  let db: Database.Database;
  if (existsSync(file)) {
    const image = readFileSync(file);
    // Header bytes 18-19 say "WAL"; an in-memory copy must say "rollback journal" to be readable.
    if (image.length >= 20) image[18] = image[19] = 1;
    db = new Database(image);
  } else {
    db = new Database(':memory:');
  }
  if (!hasSchema(db)) db.exec(SCHEMA);
  return { db, writable: false };
}

function hasSchema(db: Database.Database): boolean {
  const n = db
    .prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('entries', 'members', 'files', 'meta')`)
    .get() as {
    n: number;
  };
  return n.n === 4;
}
