/**
 * Crash-safe file replacement: a reader (or the next process after a
 * `kill -9` or power loss) sees either the old file or the new one, never a
 * torn mix. The file store's durability rests entirely on this.
 */
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Human reasons for the errors an operator can actually fix. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'a directory is in the way of the file',
  ENOENT: 'the directory no longer exists',
  EIO: 'input/output error',
};

/**
 * A failed save. `code` keeps the underlying errno code (EACCES, ENOSPC, …)
 * so callers can branch on it; the message names the directory and reason.
 */
export class StoreWriteError extends Error {
  readonly code: string;
  constructor(dir: string, cause: unknown) {
    const code = errorCode(cause) ?? 'EUNKNOWN';
    const reason = REASONS[code] ?? (cause instanceof Error ? cause.message : String(cause));
    super(`could not save state in ${dir}: ${reason} (${code}); the change was not applied`, { cause });
    this.name = 'StoreWriteError';
    this.code = code;
  }
}

/** The errno-style `code` of a Node fs error, if any. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Temp name for `fileName`: fixed, because one store owns its directory and writes are serialised. */
export function tempPathFor(dir: string, fileName: string): string {
  return path.join(dir, `${fileName}.tmp`);
}

export interface AtomicWriteOptions {
  /**
   * Runs once the new content is safely on disk, just before it replaces the
   * target (the file store keeps the old state as its backup here, so a full
   * disk still fails the write at the temp file, before anything moved).
   */
  beforeReplace?: () => Promise<void>;
}

/**
 * Replace `dir/fileName` with `text`: write a temp file in the same
 * directory, fsync it, rename it over the target, fsync the directory.
 * On failure the temp file is removed, the target is untouched and a
 * {@link StoreWriteError} is thrown.
 */
export async function writeFileAtomic(dir: string, fileName: string, text: string, opts: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempPathFor(dir, fileName);
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await opts.beforeReplace?.();
    await rename(tmp, path.join(dir, fileName));
  } catch (err) {
    // Never a directory: if one sits at the temp path, leave it for the operator.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new StoreWriteError(dir, err);
  }
  await syncDir(dir);
}

/**
 * Make the rename itself durable. Some platforms/filesystems cannot fsync a
 * directory; that only weakens power-loss durability, so it is ignored. The
 * rename already happened, so any failure here must not be reported as
 * "not applied".
 */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // See above: the new state is in place either way.
  }
}
