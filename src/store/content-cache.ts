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
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import DatabaseCtor from 'better-sqlite3';
import type { CachedFile, ContentCache, LoadedContent } from '../content/load.js';
import type { IndexStore } from '../library/library.js';
import { inIndexParts } from '../search/topic-index-snapshot.js';
import { ownVersion } from '../util/own-version.js';
import { type FileHead, lazyReport, pinText, type ReportHead, type ReportText, reportHead, TextLru, toHead } from './cached-report.js';
import { DB_FILE, openWritable } from './sqlite-db.js';

/** Bumped when the shape of a cached load changes: older rows are ignored. */
const FORMAT = 6;

/** Files whose full text (body and topics) stays parsed in memory after use (see cached-report.ts). */
const TEXTS_KEPT = 64;

/** How much of state.db this connection maps into memory (SQLite maps at most the file's size). */
const MMAP_BYTES = 512 * 1048576;

/**
 * Pending rows are committed in transactions of this many files (and what is
 * left when a load is done, or a second after the first pending row): a cold
 * start of 3,650 files then costs eight commits, where committing whenever
 * loading yielded made about 700 (2.4 s of a 7 s start), and the log
 * between checkpoints stays a few tens of MB.
 */
const BATCH_ROWS = 512;
/** Rows a load commits at a time once it has replied (`loaded`), yielding between. */
const SLICE_ROWS = 128;
const FLUSH_AFTER_MS = 1000;

export interface SqliteContentCache extends ContentCache, IndexStore {
  hasIndex(): boolean;
  /** A load starts: its rows wait for `loaded` instead of being committed while it runs. */
  loading(): void;
  /**
   * The load is done: commit its rows (in transactions of a few hundred, yielding between them,
   * so that this may run while the bot already serves), then stop mapping the database (see MMAP_BYTES).
   */
  loaded(): Promise<void>;
  /** Commit pending rows now (they are otherwise committed once loading yields). */
  flush(): void;
  /**
   * Commit pending rows, then give out the reports loaded since the last call as the rows'
   * lazy reports (texts read on demand, as a warm start gives them), so that a cold start
   * need not keep ten years of texts in memory. Returns how many files changed form; a file
   * whose row could not be written keeps its texts.
   */
  settle(): number;
  /** Files whose entries hold their reports' texts (loaded since the last `settle`). */
  textsHeld(): number;
  /** Commit pending rows now and release the database (reports' texts are still read on demand, each with a read-only connection of its own). */
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
  const dbFile = path.join(dataDir, DB_FILE);
  try {
    mkdirSync(dataDir, { recursive: true });
    db = openWritable(dbFile).db;
    // A cache needs no fsync per commit: after a power loss the log may lack the last commits (never
    // half of one), and those files are parsed again. The store's own connection keeps FULL, and its
    // next commit syncs the log with every frame before it.
    db.pragma('synchronous = NORMAL');
    // A warm start reads every cached report and the saved index (~100 MB for ten years), mostly overflow
    // pages: mapped, they cost a page fault instead of a read() call each, about half the CPU time.
    // Only until the first load is done (`loaded`): later rescans read few rows, and mapped pages count as resident.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
  } catch {
    db = undefined; // read-only or unusable data directory: memory only, as before
  }
  const memory = new Map<string, CachedFile>();
  const root = path.resolve(contentDir);
  const key = (file: string): string => path.join(root, file);
  const pending = new Map<string, CachedFile | null>();
  // A saved index is of these reports as this version indexes them: a new version (which may fold
  // or index text differently) indexes again rather than answer from another's tables.
  const indexKeys = `${FORMAT}|${fingerprint}|`;
  const indexKeysEnd = `${FORMAT}|${fingerprint}}`; // '}' follows '|': every key of this version sorts between
  const indexKey = (reports: string): string => indexKeys + reports;
  /** Files whose entry in `memory` holds its texts (set by a load), and of those, the ones whose row could not be written. */
  const holdingTexts = new Set<string>();
  const unsaved = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;

  const q = db && {
    ...headStatements(db),
    headsUnder: db.prepare('SELECT path, head FROM file_heads WHERE path > ? AND path < ?').raw(),
    full: db.prepare('SELECT report FROM files WHERE path = ?').pluck(),
    put: db.prepare(
      `INSERT INTO files (path, size, mtime_ms, hash, report) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash, report = excluded.report`,
    ),
    del: db.prepare('DELETE FROM files WHERE path = ?'),
    // Paths under the folder: a range on the primary key (no LIKE, so no character of the path is special).
    under: db.prepare('SELECT path FROM files WHERE path > ? AND path < ?').pluck(),
    ...indexStatements(db),
  };

  /** Commit up to `limit` pending rows in one transaction; true when rows are still pending. */
  const commit = (limit: number): boolean => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (!db || !q || pending.size === 0) return false;
    const batch: Array<[string, CachedFile | null]> = [];
    for (const row of pending) {
      if (batch.length >= limit) break;
      batch.push(row);
    }
    for (const [file] of batch) pending.delete(file);
    try {
      db.transaction(() => {
        for (const [file, entry] of batch) {
          if (entry === null) {
            q.del.run(key(file));
            q.headDel.run(key(file));
          } else {
            q.put.run(key(file), entry.size, entry.mtimeMs, entry.result.reports[0]?.hash ?? '', encodeTexts(entry.result, fingerprint));
            q.headPut.run(key(file), JSON.stringify(toHead(entry.result, `${FORMAT}|${fingerprint}`, entry)));
          }
        }
      })();
      for (const [file] of batch) unsaved.delete(file);
    } catch {
      // A full or read-only disk: those files are parsed again next start, and keep their texts till then.
      for (const [file] of batch) unsaved.add(file);
    }
    return pending.size > 0;
  };
  const flush = (): void => void commit(Number.POSITIVE_INFINITY);
  /** Between `loading` and `loaded`, rows wait: a load commits them once it has replied. */
  let deferring = false;
  let committing: Promise<void> | undefined;
  const later = (): void => {
    if (deferring) return;
    if (pending.size >= BATCH_ROWS) flush();
    else flushTimer ??= setTimeout(flush, FLUSH_AFTER_MS);
  };

  /** This folder's directory of the key space: paths of direct children sort between the two bounds. */
  const prefix = `${root}${path.sep}`;
  const prefixEnd = `${root}${String.fromCharCode(path.sep.charCodeAt(0) + 1)}`;
  /**
   * The stored heads of this folder's files, read in one query when the first is asked for (a warm
   * start asks for every one: a query each cost ~0.1 ms, 0.4 s for ten years), parsed as they are taken.
   */
  let stored: Map<string, string> | undefined;
  const storedHead = (file: string): string | undefined => {
    if (!stored) {
      stored = new Map();
      for (const [p, head] of q!.headsUnder.iterate(prefix, prefixEnd) as Iterable<[string, string]>) {
        const name = p.slice(prefix.length);
        if (!name.includes(path.sep)) stored.set(name, head);
      }
    }
    const head = stored.get(file);
    stored.delete(file); // taken once: from now on `memory` has it
    return head;
  };

  /** The full cached row of `file` (after `close`, through a read-only connection of its own). */
  const fullRow = (file: string): string | undefined => {
    if (q && db) return q.full.get(key(file)) as string | undefined;
    const reader = new DatabaseCtor(dbFile, { readonly: true, fileMustExist: true });
    try {
      return reader.prepare('SELECT report FROM files WHERE path = ?').pluck().get(key(file)) as string | undefined;
    } finally {
      reader.close();
    }
  };
  const texts = new TextLru<StoredText[]>(TEXTS_KEPT);
  /** The text of the report `head` of `file`, read from its full row; an error when that row is of another version now. */
  const textOf = (file: string, head: ReportHead) => (): ReportText => {
    const reports = texts.get(file, () => {
      const row = fullRow(file);
      return (row !== undefined && decodeTexts(row, fingerprint)) || [];
    });
    const full = reports.find((r) => r.id === head.id);
    if (!full || full.hash !== head.hash) {
      texts.delete(file);
      throw new Error(`the cached text of ${file} is gone (the file changed since it was loaded); reload the content`);
    }
    return full;
  };

  /**
   * A file's row is about to be replaced: its reports still out there (the
   * library's previous content, a reply being rendered) read their texts now,
   * while the row is still theirs, and keep them.
   */
  const keepTexts = (entry: CachedFile | undefined): void => {
    for (const report of entry?.result.reports ?? []) {
      try {
        pinText(report);
      } catch {
        // The row is gone already: such a report says so if its text is asked for.
      }
    }
  };

  return {
    get(file) {
      const hit = memory.get(file);
      if (hit || !q) return hit;
      try {
        const row = storedHead(file);
        const head = row !== undefined ? decodeHead(row, fingerprint) : undefined;
        if (!head) return undefined;
        const result: LoadedContent = {
          reports: head.reports.map((h) => lazyReport(h, textOf(file, h))),
          problems: head.problems,
          warnings: head.warnings,
          ignored: head.ignored,
        };
        const entry: CachedFile = { size: head.size, mtimeMs: head.mtimeMs, ino: head.ino, ctimeMs: head.ctimeMs, result };
        memory.set(file, entry);
        return entry;
      } catch {
        return undefined;
      }
    },
    set(file, entry) {
      keepTexts(memory.get(file));
      stored?.delete(file);
      memory.set(file, entry);
      holdingTexts.add(file);
      texts.delete(file);
      pending.set(file, entry);
      later();
    },
    delete(file) {
      keepTexts(memory.get(file));
      stored?.delete(file);
      memory.delete(file);
      holdingTexts.delete(file);
      texts.delete(file);
      pending.set(file, null);
      later();
    },
    keys() {
      const names = new Set(memory.keys());
      if (q) {
        try {
          for (const p of q.under.all(prefix, prefixEnd) as string[]) {
            const name = p.slice(prefix.length);
            if (!name.includes(path.sep)) names.add(name);
          }
        } catch {
          // Memory alone, then.
        }
      }
      return names;
    },
    hasIndex() {
      try {
        return q?.indexAny.get(INDEX_ROW, indexKeys, indexKeysEnd) !== undefined;
      } catch {
        return false;
      }
    },
    loadIndex(reports) {
      try {
        if (!q) return undefined;
        // The rows as they are read: each posting chunk is a row of its own, which the restored index
        // adopts (see topic-index-snapshot.ts), so nothing is copied into another buffer and freed.
        const parts = q.indexGet.all(INDEX_ROW, indexKey(reports)) as Buffer[];
        return parts.length > 0 ? parts : undefined;
      } catch {
        return undefined;
      }
    },
    saveIndex(reports, bytes) {
      // A row per part of INDEX_PART_BYTES (1 MB; each posting chunk is a part of its own: see encodeIndexParts).
      // SQLite reads one large value by walking its chain of overflow pages, which for the ~50 MB
      // index of ten years took ~0.9 s of CPU; the same bytes in 1 MB rows read in a fifth of that.
      const parts: readonly Uint8Array[] = bytes instanceof Uint8Array ? inIndexParts(bytes) : bytes;
      try {
        // One index: the folder's as last loaded, replacing the previous one.
        db?.transaction(() => {
          q?.indexDel.run(INDEX_ROW);
          for (const [part, p] of parts.entries())
            q?.indexPut.run(INDEX_ROW, part, indexKey(reports), Buffer.from(p.buffer, p.byteOffset, p.length));
        })();
      } catch {
        // A full or read-only disk: the index is built again next start.
      }
    },
    flush,
    settle() {
      flush();
      if (!db || !q) return 0; // memory only, or closed: the texts are nowhere else
      let settled = 0;
      for (const file of holdingTexts) {
        const entry = memory.get(file);
        if (unsaved.has(file) || pending.has(file) || !entry) continue;
        const reports = entry.result.reports.map((r) => {
          // Through JSON, as a warm start reads it: a title cut from the file's text by the parser
          // is a slice that keeps that whole text alive, ~75 MB for ten years of topic titles.
          const head = JSON.parse(JSON.stringify(reportHead(r))) as ReportHead;
          return lazyReport(head, textOf(file, head));
        });
        memory.set(file, { ...entry, result: { ...entry.result, reports } });
        holdingTexts.delete(file);
        settled++;
      }
      return settled;
    },
    textsHeld: () => holdingTexts.size,
    loading() {
      deferring = true;
    },
    loaded() {
      deferring = false;
      committing ??= (async () => {
        try {
          // A cold start of ten years writes ~60 MB: in slices of ~50 ms, so readers wait no longer.
          while (commit(SLICE_ROWS)) await new Promise((resolve) => setImmediate(resolve));
          db?.pragma('mmap_size = 0');
        } catch {
          // Closed meanwhile (close commits what is left), or still mapped: only memory.
        } finally {
          committing = undefined;
        }
      })();
      return committing;
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
function indexStatements(db: Database.Database): {
  indexGet: Database.Statement;
  indexAny: Database.Statement;
  indexPut: Database.Statement;
  indexDel: Database.Statement;
} {
  // The single-row table of earlier versions: its index is built again and saved in parts.
  db.exec(`DROP TABLE IF EXISTS search_index;
    CREATE TABLE IF NOT EXISTS search_index_parts (
      name TEXT NOT NULL, part INTEGER NOT NULL, fingerprint TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (name, part))`);
  return {
    indexGet: db.prepare('SELECT data FROM search_index_parts WHERE name = ? AND fingerprint = ? ORDER BY part').pluck(),
    indexAny: db.prepare('SELECT 1 FROM search_index_parts WHERE name = ? AND fingerprint > ? AND fingerprint < ? LIMIT 1').pluck(),
    indexPut: db.prepare('INSERT INTO search_index_parts (name, part, fingerprint, data) VALUES (?, ?, ?, ?)'),
    indexDel: db.prepare('DELETE FROM search_index_parts WHERE name = ?'),
  };
}

/**
 * Heads of cached files (cached-report.ts), in a table of their own, made
 * here: a warm start reads these few hundred bytes per file, not the full
 * row of `files` beside it.
 */
function headStatements(db: Database.Database): { headPut: Database.Statement; headDel: Database.Statement } {
  db.exec('CREATE TABLE IF NOT EXISTS file_heads (path TEXT PRIMARY KEY NOT NULL, head TEXT NOT NULL) WITHOUT ROWID');
  return {
    headPut: db.prepare('INSERT INTO file_heads (path, head) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET head = excluded.head'),
    headDel: db.prepare('DELETE FROM file_heads WHERE path = ?'),
  };
}

function decodeHead(text: string, fingerprint: string): FileHead | undefined {
  const head = JSON.parse(text) as Partial<FileHead>;
  if (
    head.v !== `${FORMAT}|${fingerprint}` ||
    !Array.isArray(head.reports) ||
    typeof head.ino !== 'number' ||
    typeof head.size !== 'number' ||
    typeof head.mtimeMs !== 'number'
  )
    return undefined;
  return {
    v: head.v,
    size: head.size,
    mtimeMs: head.mtimeMs,
    ino: head.ino,
    ctimeMs: typeof head.ctimeMs === 'number' ? head.ctimeMs : undefined,
    reports: head.reports,
    problems: head.problems ?? [],
    warnings: head.warnings ?? [],
    ignored: head.ignored ?? [],
  };
}

/**
 * The texts of a load as JSON, for the `files` row (everything else is in its head): per report its
 * id, hash (to tell a row of another version), body, and each topic's body as its `[start, end)`
 * in the body when it is found there (a section of it, in every shape the parser knows), else as
 * text. That halves what a cold start writes.
 */
function encodeTexts(result: LoadedContent, fingerprint: string): string {
  const reports = result.reports.map((r) => {
    let from = 0;
    const topics = r.topics.map((t): TopicText => {
      let at = r.body.indexOf(t.body, from);
      if (at < 0) at = r.body.indexOf(t.body);
      if (at < 0 || t.body.length === 0) return t.body;
      from = at + t.body.length;
      return [at, from];
    });
    return { id: r.id, hash: r.hash, body: r.body, topics };
  });
  return JSON.stringify({ v: `${FORMAT}|${fingerprint}`, reports });
}

type TopicText = string | [number, number];

/** A report's texts as the `files` row gives them back. */
interface StoredText {
  id: string;
  hash: string;
  body: string;
  topics: Array<{ body: string }>;
}

/** The texts of a `files` row as `ReportText`s with their id and hash; undefined when the row is of another version. */
function decodeTexts(text: string, fingerprint: string): StoredText[] | undefined {
  const doc = JSON.parse(text) as { v?: string; reports?: Array<{ id: string; hash: string; body: string; topics: TopicText[] }> };
  if (doc.v !== `${FORMAT}|${fingerprint}` || !Array.isArray(doc.reports)) return undefined;
  return doc.reports.map((r) => ({
    id: r.id,
    hash: r.hash,
    body: r.body,
    topics: r.topics.map((t) => ({ body: typeof t === 'string' ? t : r.body.slice(t[0], t[1]) })),
  }));
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
    return ownVersion(import.meta.url);
  } catch {
    return 'unknown';
  }
}
