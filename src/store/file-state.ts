/**
 * The on-disk format of the file store (`state.json`) and its validation.
 * Kept apart from the store logic so the format is readable in one place:
 *
 * ```json
 * { "version": 1,
 *   "entries": {
 *     "lock:post": { "value": "owner-1", "expiresAt": 1767225600000 },
 *     "subscribers": { "members": ["1", "2"] } } }
 * ```
 *
 * `expiresAt` is absolute (ms since the epoch) so a TTL keeps counting while
 * the bot is stopped.
 */
import { statSync } from 'node:fs';

/** A JSON value, held in memory as its JSON text (compared as text, like Redis). */
export interface ValueEntry {
  kind: 'value';
  json: string;
  expiresAt?: number;
}
/** A set of strings. Sets never expire (Redis SADD sets no TTL either). */
export interface SetEntry {
  kind: 'set';
  members: Set<string>;
}
export type Entry = ValueEntry | SetEntry;

const FORMAT_VERSION = 1;

/**
 * `state.json` is not what this store wrote; `why` says what is wrong with
 * it, and the message says how to get the state back. Never "start fresh":
 * an empty store forgets what each channel received.
 */
export class CorruptStateError extends Error {
  constructor(
    readonly file: string,
    readonly why: string,
  ) {
    super(`state file ${file} is ${why}; ${restoreHint(file)}`);
    this.name = 'CorruptStateError';
  }
}

/** The file store keeps the state before its last write here (file-store.ts). */
export const backupPathOf = (file: string): string => `${file}.bak`;

function restoreHint(file: string): string {
  const backup = backupPathOf(file);
  let saved: string | undefined;
  try {
    saved = statSync(backup).mtime.toISOString();
  } catch {
    saved = undefined;
  }
  return saved
    ? `the last good state is ${backup} (saved ${saved}, one step before the last write): check it, then restore it with \`cp ${backup} ${file}\``
    : `restore ${file} from a backup, or move it away and start once with ADOPT_ON_FIRST_START=all, so that no report already posted goes out again`;
}

/**
 * Parse and validate `state.json`. Throws a {@link CorruptStateError} naming
 * the file when it is not what this store wrote: silently starting empty
 * would lose every posting record and lock.
 */
export function parseState(text: string, file: string): Map<string, Entry> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CorruptStateError(file, 'not valid JSON');
  }
  const bad = (why: string): Error => new CorruptStateError(file, `not a valid store state (${why})`);
  if (!isObject(doc)) throw bad('not a JSON object');
  if (doc.version !== FORMAT_VERSION) throw bad(`unsupported version ${JSON.stringify(doc.version)}`);
  if (!isObject(doc.entries)) throw bad('"entries" is not an object');
  const entries = new Map<string, Entry>();
  for (const [key, raw] of Object.entries(doc.entries)) {
    if (!isObject(raw)) throw bad(`entry ${JSON.stringify(key)} is not an object`);
    if (Array.isArray(raw.members)) {
      if (!raw.members.every((m): m is string => typeof m === 'string')) {
        throw bad(`set ${JSON.stringify(key)} has a non-string member`);
      }
      entries.set(key, { kind: 'set', members: new Set(raw.members) });
    } else if ('value' in raw) {
      const { expiresAt } = raw;
      if (expiresAt !== undefined && typeof expiresAt !== 'number') {
        throw bad(`entry ${JSON.stringify(key)} has a non-numeric expiresAt`);
      }
      entries.set(key, { kind: 'value', json: JSON.stringify(raw.value), ...(expiresAt !== undefined && { expiresAt }) });
    } else {
      throw bad(`entry ${JSON.stringify(key)} has neither "value" nor "members"`);
    }
  }
  return entries;
}

/** Serialise entries (keys and set members sorted, for stable diffs), skipping those expired at `now`. */
export function serializeState(entries: Map<string, Entry>, now: number): string {
  const out: Record<string, unknown> = {};
  for (const key of [...entries.keys()].sort()) {
    const e = entries.get(key)!;
    if (e.kind === 'set') {
      out[key] = { members: [...e.members].sort() };
    } else if (!isExpired(e, now)) {
      out[key] = e.expiresAt === undefined ? { value: JSON.parse(e.json) } : { value: JSON.parse(e.json), expiresAt: e.expiresAt };
    }
  }
  return `${JSON.stringify({ version: FORMAT_VERSION, entries: out }, null, 1)}\n`;
}

/** True when a value entry's TTL has run out at `now`. */
export function isExpired(e: Entry, now: number): boolean {
  return e.kind === 'value' && e.expiresAt !== undefined && e.expiresAt <= now;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
