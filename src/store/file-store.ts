/**
 * The embedded backend: everything in memory, persisted as one JSON file
 * (`state.json`) so a single-instance deployment needs no Redis. Every
 * mutation is on disk (atomically, see `atomic-write.ts`) before its promise
 * resolves, so an acknowledged post or lock survives `kill -9`.
 */
import { access, constants, link, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { errorCode, tempPathFor, writeFileAtomic } from './atomic-write.js';
import { type Entry, isExpired, parseState, type SetEntry, serializeState, type ValueEntry } from './file-state.js';
import type { Store } from './store.js';
import { checkTtl, encodeValue, WrongTypeError } from './values.js';

/** Name of the state file inside the data directory. */
export const STATE_FILE = 'state.json';
/** The state before the last write: what a corrupt state.json is restored from. */
export const BACKUP_FILE = 'state.json.bak';

export interface FileStoreOptions {
  /** Clock in ms since the epoch; injectable so tests can move time forward. */
  now?: () => number;
}

/**
 * Open (creating if needed) the store in `dir`. Throws when `state.json`
 * exists but is not a valid state, rather than starting empty and forgetting
 * what was already posted.
 */
export async function openFileStore(dir: string, opts: FileStoreOptions = {}): Promise<FileStore> {
  await mkdir(dir, { recursive: true });
  // A temp file left by a crash mid-write is garbage: state.json is still whole.
  await rm(tempPathFor(dir, STATE_FILE), { force: true }).catch(() => undefined);
  const file = path.join(dir, STATE_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  // A corrupt state throws a CorruptStateError naming the backup and how to restore it.
  const entries = text === undefined ? new Map<string, Entry>() : parseState(text, file);
  return new FileStore(dir, entries, opts.now ?? Date.now, text !== undefined);
}

/**
 * Keep the state about to be replaced as BACKUP_FILE: a hard link (no data
 * copied; the state file is always replaced by rename, never rewritten in
 * place, so the linked content stays as it was), moved over the old backup
 * by rename so the backup is always whole. Best effort: a filesystem without
 * hard links only loses the backup, never a save.
 */
async function keepBackup(dir: string): Promise<void> {
  const tmp = path.join(dir, `${BACKUP_FILE}.tmp`);
  try {
    await rm(tmp, { force: true });
    await link(path.join(dir, STATE_FILE), tmp);
    await rename(tmp, path.join(dir, BACKUP_FILE));
    // rename() between two links of one file does nothing: the backup already was this state.
    await rm(tmp, { force: true });
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}
interface Outcome<R> {
  result: R;
  changed: boolean;
}

/** {@link Store} over one JSON file; create it with {@link openFileStore}. */
export class FileStore implements Store {
  readonly kind = 'file' as const;
  readonly file: string;
  /** Text of state.json as last read or written: what a failed write rolls back to. */
  private persisted: string;
  /** Mutations applied in memory, waiting for the write that makes them durable. */
  private queue: Waiter[] = [];
  private dirty = false;
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** The last write failed (disk full, read-only): nothing new is kept until one succeeds. */
  private writeFailing = false;
  /** state.json exists and holds a state this store read or wrote (so it may become the backup). */
  private persistedOnDisk: boolean;

  /** @internal use {@link openFileStore}. */
  constructor(
    readonly dir: string,
    private entries: Map<string, Entry>,
    private readonly now: () => number,
    onDisk = false,
  ) {
    this.persistedOnDisk = onDisk;
    this.file = path.join(dir, STATE_FILE);
    this.persisted = serializeState(entries, now());
  }

  async get<T>(key: string): Promise<T | undefined> {
    const e = this.liveValue(key);
    return e === undefined ? undefined : (JSON.parse(e.json) as T);
  }

  set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    return this.mutate(() => {
      this.entries.set(key, this.valueEntry(value, ttlMs));
      return { result: undefined, changed: true };
    });
  }

  delete(key: string): Promise<void> {
    return this.mutate(() => ({ result: undefined, changed: this.entries.delete(key) }));
  }

  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    return this.mutate(() => {
      const entry = this.valueEntry(value, ttlMs);
      if (this.live(key) !== undefined) return { result: false, changed: false };
      this.entries.set(key, entry);
      return { result: true, changed: true };
    });
  }

  deleteIfEquals(key: string, expected: unknown): Promise<boolean> {
    return this.mutate(() => {
      const json = encodeValue(expected);
      const hit = this.liveValue(key)?.json === json;
      if (hit) this.entries.delete(key);
      return { result: hit, changed: hit };
    });
  }

  expireIfEquals(key: string, expected: unknown, ttlMs: number): Promise<boolean> {
    return this.mutate(() => {
      const json = encodeValue(expected);
      const ttl = checkTtl(ttlMs);
      const e = this.liveValue(key);
      const hit = e?.json === json;
      if (e && hit) e.expiresAt = this.now() + ttl;
      return { result: hit, changed: hit };
    });
  }

  increment(key: string, windowMs: number): Promise<number> {
    return this.mutate(() => {
      const window = checkTtl(windowMs, 'windowMs');
      const e = this.liveValue(key);
      if (e === undefined) {
        this.entries.set(key, { kind: 'value', json: '1', expiresAt: this.now() + window });
        return { result: 1, changed: true };
      }
      const n: unknown = JSON.parse(e.json);
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
        throw new TypeError(`key ${JSON.stringify(key)} does not hold an integer counter`);
      }
      e.json = String(n + 1);
      // Same healing as the Redis script: a counter never stays without a window.
      e.expiresAt ??= this.now() + window;
      return { result: n + 1, changed: true };
    });
  }

  setAdd(key: string, member: string): Promise<boolean> {
    return this.mutate(() => {
      let e = this.liveSet(key);
      if (e === undefined) {
        e = { kind: 'set', members: new Set() };
        this.entries.set(key, e);
      }
      const added = !e.members.has(member);
      e.members.add(member);
      return { result: added, changed: added };
    });
  }

  setRemove(key: string, member: string): Promise<boolean> {
    return this.mutate(() => {
      const e = this.liveSet(key);
      const removed = e?.members.delete(member) ?? false;
      // Like Redis, an emptied set stops existing (and stops showing in keys()).
      if (e && e.members.size === 0) this.entries.delete(key);
      return { result: removed, changed: removed };
    });
  }

  async setMembers(key: string): Promise<string[]> {
    return [...(this.liveSet(key)?.members ?? [])].sort();
  }

  async ttl(key: string): Promise<number | undefined> {
    const e = this.live(key);
    return e?.kind === 'value' && e.expiresAt !== undefined ? e.expiresAt - this.now() : undefined;
  }

  async keys(prefix: string): Promise<string[]> {
    const now = this.now();
    return [...this.entries]
      .filter(([k, e]) => k.startsWith(prefix) && !isExpired(e, now))
      .map(([k]) => k)
      .sort();
  }

  /**
   * True while open, the data directory is writable as far as permissions
   * tell, and saving works: after a failed write (a full disk passes the
   * permission check) it tries one, rewriting what is on disk.
   */
  async ping(): Promise<boolean> {
    if (this.closed) return false;
    const writable = await access(this.dir, constants.W_OK).then(
      () => true,
      () => false,
    );
    if (!writable || !this.writeFailing) return writable;
    return this.mutate(() => ({ result: true, changed: true })).catch(() => false);
  }

  /** Wait for every pending write; later mutations are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
  }

  /**
   * Apply `change` to memory now (so results follow call order) and resolve
   * once a write containing it is on disk. A change that altered nothing
   * still waits for pending writes, since its answer may rest on them.
   */
  private mutate<R>(change: () => Outcome<R>): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`file store in ${this.dir} is closed`));
    let outcome: Outcome<R>;
    try {
      outcome = change();
    } catch (err) {
      return Promise.reject(err);
    }
    if (outcome.changed) this.dirty = true;
    else if (this.flushing === undefined) return Promise.resolve(outcome.result);
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ resolve: () => resolve(outcome.result), reject });
      this.flushing ??= this.flush();
    });
  }

  /** The single writer: drains the queue, one atomic write per batch. */
  private async flush(): Promise<void> {
    await null; // let every mutation of this tick join the first write
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      if (this.dirty) {
        this.dirty = false;
        const now = this.now();
        for (const [k, e] of this.entries) if (isExpired(e, now)) this.entries.delete(k);
        const text = serializeState(this.entries, now);
        try {
          // The state being replaced becomes the backup only once the new one is on disk: a full disk
          // fails at the temp file, and the old backup's space is never what a new state is written into.
          await writeFileAtomic(this.dir, STATE_FILE, text, this.persistedOnDisk ? { beforeReplace: () => keepBackup(this.dir) } : {});
          this.persistedOnDisk = true;
          this.persisted = text;
          this.writeFailing = false;
        } catch (err) {
          // Everything not yet on disk may depend on the failed change: fail it all, back to the disk state.
          batch.push(...this.queue.splice(0));
          this.dirty = false;
          this.entries = parseState(this.persisted, this.file);
          this.writeFailing = true;
          for (const w of batch) w.reject(err);
          continue;
        }
      }
      for (const w of batch) w.resolve();
    }
    this.flushing = undefined;
  }

  private valueEntry(value: unknown, ttlMs: number | undefined): ValueEntry {
    const json = encodeValue(value);
    if (ttlMs === undefined) return { kind: 'value', json };
    return { kind: 'value', json, expiresAt: this.now() + checkTtl(ttlMs) };
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    return e === undefined || isExpired(e, this.now()) ? undefined : e;
  }

  private liveValue(key: string): ValueEntry | undefined {
    const e = this.live(key);
    if (e?.kind === 'set') throw new WrongTypeError(key, 'value');
    return e;
  }

  private liveSet(key: string): SetEntry | undefined {
    const e = this.live(key);
    if (e?.kind === 'value') throw new WrongTypeError(key, 'set');
    return e;
  }
}
