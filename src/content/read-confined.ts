/**
 * Reading one file of the content folder without leaving it. The folder is
 * untrusted: a symlink can point at `/proc/self/environ` (whose size reads 0)
 * or `/etc/passwd`, a FIFO blocks a reader forever, a device never ends.
 * Only a regular file whose real path lies inside the folder is read, and
 * the check is made on the opened handle, so swapping the file between the
 * check and the read changes nothing. Reading stops at the byte limit,
 * counted from what was read, never from the size the file claims.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { ProblemCode, TextParams } from './report.js';

export type ConfinedRead =
  | { kind: 'file'; bytes: Buffer; mtime: Date; size: number; mtimeMs: number; ino: number; ctimeMs: number }
  | { kind: 'unchanged' }
  | { kind: 'folder' }
  | { kind: 'refused'; code: ProblemCode; reason: string; params?: TextParams };

export function isInside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

const CHUNK = 64 * 1024;

/**
 * Up to `limit + 1` bytes: one more than allowed tells "too big" without
 * reading the rest. The size the file claims only sizes the first buffer
 * (one read for an honest file); reading goes on until the file ends or the
 * limit is passed, whatever it claimed.
 */
function readBounded(fd: number, limit: number, claimed: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let want = Math.min(limit + 1, Math.max(claimed + 1, 4096));
  while (total <= limit) {
    const buf = Buffer.allocUnsafe(Math.min(want, limit + 1 - total));
    want = CHUNK;
    const bytesRead = readSync(fd, buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    chunks.push(buf.subarray(0, bytesRead));
    total += bytesRead;
    if (bytesRead < buf.length) break; // a short read of a regular file is its end
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** Where the opened descriptor really points (Linux); undefined where /proc is not available. */
function openedPath(fd: number): string | undefined {
  try {
    const target = readlinkSync(`/proc/self/fd/${fd}`);
    return target.endsWith(' (deleted)') ? undefined : target;
  } catch {
    return undefined;
  }
}

export interface ConfinedOptions {
  /** The content folder's real path (realpath of CONTENT_DIR). */
  realDir: string;
  maxBytes: number;
  /** What an earlier read saw: an unchanged file is not read again. */
  previous?: FileStamp;
}

/**
 * What identifies one version of a file without reading it. The change time
 * is part of it because it cannot be set back: a rewrite that keeps the size
 * and restores the modification time (`touch -r`, a copy that preserves
 * times) still moves it.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
  /** Absent in a stamp recorded before it was kept: then only the other three are compared. */
  ctimeMs?: number | undefined;
}

const sameStamp = (prev: FileStamp, info: { size: number; mtimeMs: number; ino: number; ctimeMs: number }): boolean =>
  prev.size === info.size &&
  prev.mtimeMs === info.mtimeMs &&
  prev.ino === info.ino &&
  (prev.ctimeMs === undefined || prev.ctimeMs === info.ctimeMs);

/**
 * A warm start's check of a file an earlier confined read took in: true when
 * `name`, directly in the real content folder `realDir`, is still a regular
 * file (lstat: a link is not followed, so a link, FIFO or device is never
 * "unchanged") with the same stamp. Nothing is opened or read, so the earlier
 * read's result stands for it; anything else goes through `readConfined`.
 */
export function unchangedSince(realDir: string, name: string, previous: FileStamp): boolean {
  if (name.includes(sep) || name === '.' || name === '..') return false;
  const info = lstatSync(join(realDir, name), { throwIfNoEntry: false });
  if (!info?.isFile() || previous.ctimeMs === undefined) return false;
  return sameStamp(previous, info);
}

export async function readConfined(dir: string, file: string, opts: ConfinedOptions): Promise<ConfinedRead> {
  const path = join(dir, file);
  // The path checks are single metadata calls: done synchronously, they cost microseconds instead of a
  // thread-pool round trip each (a rescan of a ten-year archive makes thousands).
  const entry = lstatSync(path);
  if (entry.isDirectory()) return { kind: 'folder' };
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && entry.isSymbolicLink()) {
      return { kind: 'refused', code: 'outside', reason: 'it is a link that leads nowhere (its target is missing)' };
    }
    throw err;
  }
  if (!isInside(opts.realDir, real)) {
    return {
      kind: 'refused',
      code: 'outside',
      reason: 'it is a link that leads outside the content folder; only files inside the folder are read',
    };
  }
  // O_NOFOLLOW: `real` has no links left, so a link swapped in now is refused; O_NONBLOCK: a FIFO cannot hang the open.
  // Opened, checked and read synchronously, like the path checks above: only a regular file is read,
  // at most `maxBytes` + 1 of it, and four thread-pool round trips a file were ~0.5 s of a cold
  // start's main thread (3,650 files), which that start waits on.
  const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { kind: 'folder' };
    if (!info.isFile())
      return { kind: 'refused', code: 'not-regular', reason: 'this is not a regular file (a device, pipe or socket); it is not read' };
    const opened = openedPath(fd);
    if (opened !== undefined && !isInside(opts.realDir, opened)) {
      return {
        kind: 'refused',
        code: 'outside',
        reason: 'it is a link that leads outside the content folder; only files inside the folder are read',
      };
    }
    const prev = opts.previous;
    if (prev && sameStamp(prev, info)) return { kind: 'unchanged' };
    const bytes = readBounded(fd, opts.maxBytes, info.size);
    return { kind: 'file', bytes, mtime: info.mtime, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, ctimeMs: info.ctimeMs };
  } finally {
    closeSync(fd);
  }
}
