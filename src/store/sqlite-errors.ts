/**
 * SQLite reports a full or read-only disk in its own words (SQLITE_FULL,
 * SQLITE_READONLY, SQLITE_CANTOPEN…). The bot, its logs and its operators
 * speak errno (ENOSPC, EROFS, EACCES), as the file store does, so the same
 * fault reads the same whichever embedded store is configured.
 */
import { accessSync, constants } from 'node:fs';
import { errorCode, StoreWriteError } from './atomic-write.js';

/** SQLite's primary result codes (extended codes start with them) → errno. */
const ERRNO: Record<string, string> = {
  SQLITE_FULL: 'ENOSPC',
  SQLITE_READONLY: 'EROFS',
  SQLITE_PERM: 'EPERM',
  SQLITE_IOERR: 'EIO',
  SQLITE_CANTOPEN: 'ENOENT',
  SQLITE_CORRUPT: 'EIO',
  SQLITE_NOTADB: 'EIO',
};

/** True for errors better-sqlite3 raises from SQLite itself (their `code` is `SQLITE_…`). */
export function isSqliteError(err: unknown): boolean {
  return errorCode(err)?.startsWith('SQLITE_') ?? false;
}

/**
 * The errno that explains a SQLite failure in `dir`. A read-only or
 * unopenable database is usually a directory we may not write: the kernel's
 * own answer (EROFS, EACCES) is more precise than SQLite's, so ask it.
 */
export function errnoFor(dir: string, err: unknown): string {
  const code = errorCode(err) ?? '';
  const primary = Object.keys(ERRNO).find((p) => code === p || code.startsWith(`${p}_`));
  if (primary === 'SQLITE_READONLY' || primary === 'SQLITE_CANTOPEN' || primary === 'SQLITE_PERM') {
    try {
      accessSync(dir, constants.W_OK);
    } catch (fsErr) {
      return errorCode(fsErr) ?? ERRNO[primary]!;
    }
  }
  return primary === undefined ? code || 'EUNKNOWN' : ERRNO[primary]!;
}

/**
 * A failed mutation as a {@link StoreWriteError} (same message and `code`
 * as the file store's), keeping SQLite's error as the cause. Anything that
 * is not a SQLite error (a wrong type, a bad TTL) passes through unchanged.
 */
export function writeError(dir: string, err: unknown): unknown {
  if (!isSqliteError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StoreWriteError(dir, Object.assign(new Error(message, { cause: err }), { code: errnoFor(dir, err) }));
}

/** A read the database could not answer (unreadable file, I/O error). */
export class StoreReadError extends Error {
  readonly code: string;
  constructor(dir: string, cause: unknown) {
    const code = errnoFor(dir, cause);
    super(`could not read state in ${dir}: ${cause instanceof Error ? cause.message : String(cause)} (${code})`, { cause });
    this.name = 'StoreReadError';
    this.code = code;
  }
}

/** A failed read as a {@link StoreReadError}; other errors pass through. */
export function readError(dir: string, err: unknown): unknown {
  return isSqliteError(err) ? new StoreReadError(dir, err) : err;
}
