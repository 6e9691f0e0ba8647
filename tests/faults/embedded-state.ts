/**
 * The fault cases run once per embedded store (the JSON file store and
 * SQLite): how each is selected, seeded with the bot stopped, and read
 * (possibly while the bot runs, through /proc/<pid>/root) as the same
 * entries, so one scenario asserts the same things of both.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Entry, parseState, serializeState } from '../../src/store/file-state.js';
import { openFileStore } from '../../src/store/file-store.js';
import { DB_FILE } from '../../src/store/sqlite-db.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

export type EmbeddedKind = 'file' | 'sqlite';
export const EMBEDDED_KINDS: EmbeddedKind[] = ['file', 'sqlite'];

/** The file each store keeps its state in. */
export const stateFile = (kind: EmbeddedKind): string => (kind === 'file' ? 'state.json' : DB_FILE);

export const storeName = (kind: EmbeddedKind): string => (kind === 'file' ? 'embedded file store' : 'SQLite store');

/** Settings that select the store. */
export const storeEnv = (kind: EmbeddedKind): Record<string, string> => ({ EMBEDDED_STORE: kind });

/** Open the store in `dir` (bot stopped), run `fn`, close it. */
export async function withStore(kind: EmbeddedKind, dir: string, fn: (s: Store) => Promise<void>): Promise<void> {
  const s = kind === 'file' ? await openFileStore(dir) : openSqliteStore(dir);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

/**
 * Every stored entry, read without writing anything in `dir` (the bot may be
 * running). SQLite's files are read from a copy: SQLite resolves the
 * /proc/<pid>/root link to the test's own view of the path, and opening the
 * original would leave -wal/-shm files beside it.
 */
export function readEntries(kind: EmbeddedKind, dir: string): Map<string, Entry> {
  const file = join(dir, stateFile(kind));
  if (kind === 'file') return parseState(readFileSync(file, 'utf8'), file);
  if (!existsSync(file)) return new Map();
  const copy = mkdtempSync(join(tmpdir(), 'drb-state-copy-'));
  copyFileSync(file, join(copy, DB_FILE));
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, join(copy, `${DB_FILE}-wal`));
  const db = new Database(join(copy, DB_FILE));
  try {
    const out = new Map<string, Entry>();
    const rows = db.prepare('SELECT key, kind, json, expires_at FROM entries').all() as {
      key: string;
      kind: 'value' | 'set';
      json: string | null;
      expires_at: number | null;
    }[];
    const members = db.prepare('SELECT member FROM members WHERE key = ?').pluck();
    for (const r of rows) {
      if (r.kind === 'set') out.set(r.key, { kind: 'set', members: new Set(members.all(r.key) as string[]) });
      else out.set(r.key, { kind: 'value', json: r.json!, ...(r.expires_at !== null && { expiresAt: r.expires_at }) });
    }
    return out;
  } finally {
    db.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The entries as canonical text: equal text, equal state. */
export const stateText = (kind: EmbeddedKind, dir: string): string => serializeState(readEntries(kind, dir), 0);
