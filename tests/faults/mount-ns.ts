/**
 * A real read-only or full disk for one bot process, without touching the
 * machine's mounts: the bot runs in a private mount namespace (`unshare -m`)
 * where its DATA_DIR is a read-only bind mount of itself, or a tiny tmpfs.
 * We run as root, so chmod would not stop a write; a mount does. Needs
 * CAP_SYS_ADMIN (root in CI); `canMount` tells, and the cases skip without it
 * (tests/faults/disk-enospc-unit.test.ts covers ENOSPC without privileges).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NS = ['unshare', '--mount', '--propagation', 'private'];

function probe(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'drb-mnt-probe-'));
  try {
    const r = spawnSync(NS[0]!, [...NS.slice(1), 'sh', '-c', 'mount -t tmpfs -o size=16k tmpfs "$0" && mount --bind "$0" "$0"', dir], {
      stdio: 'ignore',
    });
    return r.status === 0;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when this process may create mount namespaces and mount in them. */
export const canMount = probe();
if (!canMount) {
  console.warn(
    'SKIPPED: the read-only and full-disk cases need to mount in a private mount namespace (unshare --mount, as root); disk-enospc-unit.test.ts still covers ENOSPC',
  );
}

/** Spawn prefix: DATA_DIR is a read-only bind mount of itself (files readable, nothing writable). */
export const readOnlyDataDir = [
  ...NS,
  'sh',
  '-c',
  'mount --bind "$DATA_DIR" "$DATA_DIR" && mount -o remount,bind,ro "$DATA_DIR" && exec "$@"',
  'sh',
];

/** Spawn prefix: DATA_DIR is an empty tmpfs of `kib` KiB, visible only to the bot (and via /proc/<pid>/root). */
export const tinyDataDir = (kib: number): string[] => [
  ...NS,
  'sh',
  '-c',
  `mount -t tmpfs -o size=${kib}k,mode=0755 tmpfs "$DATA_DIR" && exec "$@"`,
  'sh',
];

/** Make the read-only bind mount of process `pid` writable again. */
export function remountWritable(pid: number, dir: string): void {
  execFileSync('nsenter', ['-t', String(pid), '-m', 'mount', '-o', 'remount,bind,rw', dir]);
}

/** `dir` as process `pid` sees it (inside its mount namespace). */
export const seenBy = (pid: number, dir: string): string => `/proc/${pid}/root${dir}`;
