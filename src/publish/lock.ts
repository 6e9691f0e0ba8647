/**
 * A lease on a name, shared through the {@link Store} (Redis `SET NX PX` when
 * several instances share Redis), so only one instance posts to a channel at
 * a time. The holder's random token is the proof of ownership: renewal and
 * release act only when the stored value is still that token, so an instance
 * whose lease expired can never extend or delete its successor's.
 *
 * When the lease is lost (expired while the process stalled, or Redis lost
 * it), `signal` aborts and the holder stops between two parts.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';

export interface LockOptions {
  /** Lease length in ms (default 30 000); the time a crashed holder blocks others. */
  ttlMs?: number;
  /** Renewal period in ms (default 10 000); must be shorter than ttlMs. */
  renewEveryMs?: number;
  logger: Logger;
}

export interface Lock {
  readonly name: string;
  /** The random value stored under the lock key while held. */
  readonly token: string;
  /** Aborts when the lease is lost; never aborts because of release(). */
  readonly signal: AbortSignal;
  /**
   * Extend the lease now and say how it stands: `held` when the store
   * confirmed it, `unconfirmed` when the store could not be reached (the
   * lease still stands until its TTL would have run out), `lost` once it is
   * lost (then `signal` is aborted too).
   */
  confirm(): Promise<LeaseState>;
  /** Extend the lease now. False once it is lost (then `signal` is aborted too). */
  renew(): Promise<boolean>;
  /** Stop renewing and delete the key if it is still ours. Never throws; true when deleted. */
  release(): Promise<boolean>;
}

/** What {@link Lock.confirm} found. */
export type LeaseState = 'held' | 'unconfirmed' | 'lost';

export const lockKey = (name: string): string => `lock:${name}`;

/** Identifies this process among restarts that reuse its pid (a container's pid 1). */
const PROCESS_INCARNATION = randomUUID().slice(0, 8);

/**
 * True when the lock's holder was a process on this host that no longer
 * exists: after a crash (kill -9) the restarted bot takes the lock over at
 * once instead of waiting out the lease. Holders on other hosts are always
 * presumed alive; their lease expires on its own.
 */
export function heldByDeadLocalProcess(holder: unknown): boolean {
  if (typeof holder !== 'string') return false;
  const [host, pidText, incarnation] = holder.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return incarnation !== PROCESS_INCARNATION;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Take the lock `name`, or null when someone else holds it. */
export async function acquireLock(store: Store, name: string, opts: LockOptions): Promise<Lock | null> {
  const ttlMs = opts.ttlMs ?? 30_000;
  const renewEveryMs = opts.renewEveryMs ?? Math.min(10_000, Math.floor(ttlMs / 3));
  if (!(renewEveryMs > 0 && renewEveryMs < ttlMs)) {
    throw new RangeError(`renewEveryMs (${renewEveryMs}) must be positive and shorter than ttlMs (${ttlMs})`);
  }
  const key = lockKey(name);
  // Host and pid make a held lock traceable to its holder when an operator looks at the store.
  const token = `${hostname()}:${process.pid}:${PROCESS_INCARNATION}:${randomUUID()}`;
  if (!(await store.setIfAbsent(key, token, ttlMs))) {
    const holder = await store.get<string>(key);
    if (!heldByDeadLocalProcess(holder)) return null;
    opts.logger.warn({ lock: name, holder }, 'taking over a lock left by a crashed process on this host');
    // Compare-and-delete, then take it like anyone else: a live competitor may still win.
    await store.deleteIfEquals(key, holder);
    if (!(await store.setIfAbsent(key, token, ttlMs))) return null;
  }

  const log = opts.logger.child({ lock: name });
  const controller = new AbortController();
  let lastConfirmed = Date.now();
  let released = false;
  let failing = false; // log an outage once, not once per attempt

  const lose = (why: string): void => {
    if (controller.signal.aborted) return;
    clearInterval(timer);
    log.warn({ why }, 'lock lost; stopping');
    controller.abort(new Error(`lock ${name} lost: ${why}`));
  };

  const confirm = async (): Promise<LeaseState> => {
    if (controller.signal.aborted) return 'lost';
    if (released) return 'lost';
    try {
      if (await store.expireIfEquals(key, token, ttlMs)) {
        lastConfirmed = Date.now();
        if (failing) log.info('lock renewed again');
        failing = false;
        return 'held';
      }
      lose('the key no longer holds our token');
      return 'lost';
    } catch (err) {
      // The store is unreachable: the lease still stands until its TTL would have run out.
      const held = Date.now() - lastConfirmed < ttlMs;
      if (!failing) log.warn({ err, held }, 'lock renewal failed');
      failing = true;
      if (!held) lose('could not renew within the lease');
      return held ? 'unconfirmed' : 'lost';
    }
  };
  const renew = async (): Promise<boolean> => (await confirm()) !== 'lost';

  let renewing = false;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    void renew().finally(() => {
      renewing = false;
    });
  }, renewEveryMs);
  timer.unref(); // a held lock must never keep the process alive

  return {
    name,
    token,
    signal: controller.signal,
    confirm,
    renew,
    async release() {
      if (released) return false;
      released = true;
      clearInterval(timer);
      try {
        return await store.deleteIfEquals(key, token);
      } catch (err) {
        log.warn({ err }, 'lock release failed; it expires on its own');
        return false;
      }
    },
  };
}
