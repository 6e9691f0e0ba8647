/**
 * The content loader's cache (`ContentCache` in content/load.ts) kept in
 * `DATA_DIR/state.db` as well as in memory, so a restart reads and parses
 * only the files that changed since the last run. A row per file: its path,
 * size, modification time and content hash, and what loading it gave.
 *
 * It is a cache: every failure (read-only or full disk, a row from another
 * version) only means the file is parsed again. Writes are gathered and
 * committed together once loading yields, so a cold start of thousands of
 * files costs one transaction, not one fsync per file.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { CachedFile, ContentCache, LoadedContent } from '../content/load.js';
import type { IndexStore } from '../library/library.js';
import type { Report } from '../content/report.js';
import { DB_FILE, openWritable } from './sqlite-db.js';

/** Bumped when the shape of a cached load changes: older rows are ignored. */
const FORMAT = 2;

interface Row {
  size: number;
  mtime_ms: number;
  report: string;
}

export interface SqliteContentCache extends ContentCache, IndexStore {
  /** Commit pending rows now and release the database. */
  close(): void;
}

/**
 * A cache for the content folder `contentDir` in `dataDir/state.db`. When the
 * database cannot be opened for writing it still works, in memory only.
 * `fingerprint` names what a parse depends on besides the file (the bot's
 * version, the time zone): rows written under another are parsed again.
 */
export function openContentCache(dataDir: string, contentDir: string, fingerprint: string): SqliteContentCache {
  let db: Database.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = openWritable(path.join(dataDir, DB_FILE)).db;
  } catch {
    db = undefined; // read-only or unusable data directory: memory only, as before
  }
  const memory = new Map<string, CachedFile>();
  const root = path.resolve(contentDir);
  const key = (file: string): string => path.join(root, file);
  const pending = new Map<string, CachedFile | null>();
  let flushTimer: NodeJS.Timeout | undefined;

  const q = db && {
    get: db.prepare('SELECT size, mtime_ms, report FROM files WHERE path = ?'),
    put: db.prepare(
      `INSERT INTO files (path, size, mtime_ms, hash, report) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash, report = excluded.report`,
    ),
    del: db.prepare('DELETE FROM files WHERE path = ?'),
    // Paths under the folder: a range on the primary key (no LIKE, so no character of the path is special).
    under: db.prepare('SELECT path FROM files WHERE path > ? AND path < ?').pluck(),
    ...indexStatements(db),
  };

  const flush = (): void => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (!db || !q || pending.size === 0) return;
    const batch = [...pending];
    pending.clear();
    try {
      db.transaction(() => {
        for (const [file, entry] of batch) {
          if (entry === null) q.del.run(key(file));
          else q.put.run(key(file), entry.size, entry.mtimeMs, entry.result.reports[0]?.hash ?? '', encode(entry, fingerprint));
        }
      })();
    } catch {
      // A full or read-only disk: those files are parsed again next start.
    }
  };
  const later = (): void => {
    flushTimer ??= setTimeout(flush, 0);
  };

  return {
    get(file) {
      const hit = memory.get(file);
      if (hit || !q) return hit;
      try {
        const row = q.get.get(key(file)) as Row | undefined;
        const decoded = row && decode(row.report, fingerprint);
        if (!row || !decoded) return undefined;
        const entry: CachedFile = { size: row.size, mtimeMs: row.mtime_ms, ino: decoded.ino, result: decoded.result };
        memory.set(file, entry);
        return entry;
      } catch {
        return undefined;
      }
    },
    set(file, entry) {
      memory.set(file, entry);
      pending.set(file, entry);
      later();
    },
    delete(file) {
      memory.delete(file);
      pending.set(file, null);
      later();
    },
    keys() {
      const names = new Set(memory.keys());
      if (q) {
        try {
          const prefix = `${root}${path.sep}`;
          for (const p of q.under.all(prefix, `${root}${String.fromCharCode(path.sep.charCodeAt(0) + 1)}`) as string[]) {
            const name = p.slice(prefix.length);
            if (!name.includes(path.sep)) names.add(name);
          }
        } catch {
          // Memory alone, then.
        }
      }
      return names;
    },
    loadIndex(fingerprint) {
      try {
        return (q?.indexGet.get(INDEX_ROW, `${FORMAT}|${fingerprint}`) as Buffer | undefined) ?? undefined;
      } catch {
        return undefined;
      }
    },
    saveIndex(fingerprint, bytes) {
      try {
        // One row: the index of the folder as last loaded.
        q?.indexPut.run(INDEX_ROW, `${FORMAT}|${fingerprint}`, bytes);
      } catch {
        // A full or read-only disk: the index is built again next start.
      }
    },
    close() {
      flush();
      db?.close();
      db = undefined;
    },
  };
}

const INDEX_ROW = 'topic-index';

/** The saved topic index lives in a table of its own, made here: only the content cache uses it. */
function indexStatements(db: Database.Database): { indexGet: Database.Statement; indexPut: Database.Statement } {
  db.exec('CREATE TABLE IF NOT EXISTS search_index (name TEXT PRIMARY KEY NOT NULL, fingerprint TEXT NOT NULL, data BLOB NOT NULL) WITHOUT ROWID');
  return {
    indexGet: db.prepare('SELECT data FROM search_index WHERE name = ? AND fingerprint = ?').pluck(),
    indexPut: db.prepare(
      `INSERT INTO search_index (name, fingerprint, data) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, data = excluded.data`,
    ),
  };
}

/** A load as JSON text; dates as ISO strings. The inode is kept: the loader matches on it too. */
function encode(entry: CachedFile, fingerprint: string): string {
  return JSON.stringify({ v: `${FORMAT}|${fingerprint}`, ino: entry.ino, ...entry.result });
}

function decode(text: string, fingerprint: string): { ino: number; result: LoadedContent } | undefined {
  const doc = JSON.parse(text) as LoadedContent & { v?: string; ino?: number };
  if (doc.v !== `${FORMAT}|${fingerprint}` || !Array.isArray(doc.reports) || typeof doc.ino !== 'number') return undefined;
  for (const r of doc.reports as unknown as (Omit<Report, 'publishAt'> & { publishAt: Date | string })[]) r.publishAt = new Date(r.publishAt);
  return { ino: doc.ino, result: { reports: doc.reports, problems: doc.problems, warnings: doc.warnings, ignored: doc.ignored ?? [] } };
}

/** The settings that decide whether the content cache is persisted, and where. */
export interface ContentCacheSettings {
  REDIS_URL?: string | undefined;
  EMBEDDED_STORE: 'sqlite' | 'file';
  DATA_DIR: string;
  CONTENT_DIR: string;
  TIMEZONE: string;
}

/** The persisted cache when the store is SQLite (one instance owns DATA_DIR); undefined otherwise. */
export function embeddedContentCache(config: ContentCacheSettings): SqliteContentCache | undefined {
  if (config.REDIS_URL || config.EMBEDDED_STORE !== 'sqlite') return undefined;
  return openContentCache(config.DATA_DIR, config.CONTENT_DIR, `${botVersion()}|${config.TIMEZONE}`);
}

function botVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
