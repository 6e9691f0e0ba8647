/**
 * The one-time upgrade from the file store: a `state.json` found beside the
 * SQLite database is imported (every key, TTLs kept as absolute expiry), in
 * one transaction, then renamed to `state.json.migrated`. The import and a
 * marker are committed together, so a crash between the commit and the
 * rename re-runs only the rename: what was posted since is never overwritten
 * by the old file.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { isExpired, parseState } from './file-state.js';
import { STATE_FILE } from './file-store.js';
import { UPSERT_ENTRY } from './sqlite-db.js';
import type { SqliteStore } from './sqlite-store.js';

export const MIGRATED_SUFFIX = '.migrated';
const MARKER = 'migrated-state-json';

export interface JsonMigration {
  values: number;
  sets: number;
}

/**
 * Import `dir/state.json` into `store` once. Returns what was imported, or
 * undefined when there was nothing to do. Throws (the bot does not start)
 * when state.json is not a valid state: starting without it would repost.
 */
export function migrateStateJson(dir: string, store: SqliteStore, now: number = Date.now()): JsonMigration | undefined {
  const file = path.join(dir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  const db = store.database;
  const done = db.prepare('SELECT value FROM meta WHERE name = ?').pluck().get(MARKER) !== undefined;
  if (!store.writable) {
    // Starting without the import would forget what was posted the moment the directory is writable again.
    throw new Error(
      `state file ${file} must be imported into ${store.file}, but ${dir} cannot be written; make it writable and start again`,
    );
  }
  let result: JsonMigration | undefined;
  if (!done) {
    const entries = parseState(readFileSync(file, 'utf8'), file);
    const put = db.prepare(UPSERT_ENTRY);
    const clear = db.prepare('DELETE FROM members WHERE key = ?');
    const add = db.prepare('INSERT OR IGNORE INTO members (key, member) VALUES (?, ?)');
    const mark = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)');
    result = { values: 0, sets: 0 };
    const counts = result;
    db.transaction(() => {
      for (const [key, e] of entries) {
        clear.run(key);
        if (e.kind === 'set') {
          if (e.members.size === 0) continue;
          put.run(key, 'set', null, null);
          for (const m of e.members) add.run(key, m);
          counts.sets++;
        } else if (!isExpired(e, now)) {
          put.run(key, 'value', e.json, e.expiresAt ?? null);
          counts.values++;
        }
      }
      mark.run(MARKER, new Date(now).toISOString());
    }).immediate();
  }
  renameSync(file, `${file}${MIGRATED_SUFFIX}`);
  return result;
}
