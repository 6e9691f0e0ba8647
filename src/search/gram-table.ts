/**
 * Where each gram's posting list is recorded. Unigrams (one UTF-16 code
 * unit) index a flat table directly. Bigrams (two, packed into an int32) are
 * entries in a dense array (key, then the list's record: one cache line per
 * two entries, which a lookup and the append that follows both touch),
 * found through an open-addressing hash of entry numbers with linear
 * probing. A `Map` with numeric keys costs several times more per lookup and
 * ~80 bytes per entry; keeping the records in the hash slots themselves (as
 * before) left half the slots empty: 16 MB for 190k bigrams, now ~8.
 */
import { clearRecord, OWNED, RECORD } from './postings.js';

const ENTRY = 1 + RECORD; // key, record: two entries per cache line
/**
 * A bigram record's first owned int: the code units that followed and that
 * preceded the bigram where it was first seen (`NO_CHAR`: none yet), as
 * `preceding << 16 | following`. See `GramIndex.add`.
 */
export const NEIGHBOURS = OWNED;
/** A bigram record's second owned int: where `GramIndex.add` posted the unit being added (meaningful while it is the list's last). */
export const POSTED_AT = OWNED + 1;
/** No code unit recorded (U+FFFF itself is never recorded: it counts as none). */
export const NO_CHAR = 0xffff;

export class UnigramTable {
  readonly meta = new Int32Array(0x10000 * RECORD);

  constructor() {
    for (let c = 0; c < 0x10000; c++) clearRecord(this.meta, c * RECORD);
  }

  /** Offset of code unit `c`'s record in `meta`. */
  at(c: number): number {
    return c * RECORD;
  }
}

export class BigramTable {
  /** Dense entries: key, then the list's record (`RECORD` ints); entry `e` at `e * ENTRY`, its record at `e * ENTRY + 1`. */
  meta: Int32Array;
  /** Open addressing: entry number + 1 per slot (0: free); a power of two, at most half full. */
  private slots: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(capacity = 1 << 12) {
    this.meta = new Int32Array(Math.max(1, capacity) * ENTRY);
    this.slots = new Int32Array(0);
    this.mask = 0;
    this.shift = 0;
    this.rehash(capacity);
  }

  /** Entries and count, for persisting a built index (entries past `count` are unused capacity). */
  state(): { meta: Int32Array; count: number } {
    return { meta: this.meta, count: this.count };
  }

  /** A table continuing from `state` (its hash is rebuilt; a repeated key is an error). */
  static fromState(state: { meta: Int32Array; count: number }): BigramTable {
    if (!(Number.isInteger(state.count) && state.count >= 0 && state.meta.length >= state.count * ENTRY))
      throw new RangeError(`bigram table of ${state.meta.length} ints cannot hold ${state.count} entries`);
    const table = new BigramTable(1);
    table.meta = state.meta;
    table.count = state.count;
    table.rehash(state.count);
    return table;
  }

  /** The entries as keys and their records (`RECORD` ints each): what a saved index keeps of the table. */
  entries(): { keys: Int32Array; records: Int32Array } {
    const keys = new Int32Array(this.count);
    const records = new Int32Array(this.count * RECORD);
    for (let e = 0; e < this.count; e++) {
      keys[e] = this.meta[e * ENTRY]!;
      records.set(this.meta.subarray(e * ENTRY + 1, (e + 1) * ENTRY), e * RECORD);
    }
    return { keys, records };
  }

  /** A table of these keys and records (as `entries` gives them); a repeated key is an error. */
  static fromEntries(keys: Int32Array, records: Int32Array): BigramTable {
    if (records.length !== keys.length * RECORD) throw new RangeError('bigram keys and records differ in count');
    const meta = new Int32Array(keys.length * ENTRY);
    for (let e = 0; e < keys.length; e++) {
      meta[e * ENTRY] = keys[e]!;
      meta.set(records.subarray(e * RECORD, (e + 1) * RECORD), e * ENTRY + 1);
    }
    return BigramTable.fromState({ meta, count: keys.length });
  }

  static key(a: number, b: number): number {
    return (a << 16) | b;
  }

  get size(): number {
    return this.count;
  }

  /** Offset of the record of `key` in `meta`, or -1 when the bigram was never seen. */
  find(key: number): number {
    const { meta, slots } = this;
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const e = slots[slot]! - 1;
      if (e < 0) return -1;
      if (meta[e * ENTRY] === key) return e * ENTRY + 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Offset of `key`'s record, creating an empty list if needed. Offsets move when the entries grow (see `reserve`). */
  findOrAdd(key: number): number {
    const found = this.find(key);
    if (found >= 0) return found;
    this.reserve(1);
    const e = this.count++;
    this.meta[e * ENTRY] = key;
    this.place(key, e);
    clearRecord(this.meta, e * ENTRY + 1);
    return e * ENTRY + 1;
  }

  /** Grow now if `more` new keys would not fit, so that adding that many moves no record. */
  reserve(more: number): void {
    const need = this.count + more;
    if (need * 2 > this.slots.length) this.rehash(need);
    if (need * ENTRY > this.meta.length) {
      // By half again, not double: the entries are most of the table, and slack in them is memory held for nothing.
      const grown = new Int32Array(Math.max(need, Math.ceil((this.meta.length / ENTRY) * 1.5)) * ENTRY);
      grown.set(this.meta.subarray(0, this.count * ENTRY));
      this.meta = grown;
    }
  }

  /** Call `fn` with every entry's key and record (compaction, appending another index). */
  forEachEntry(fn: (key: number, meta: Int32Array, m: number) => void): void {
    for (let e = 0; e < this.count; e++) fn(this.meta[e * ENTRY]!, this.meta, e * ENTRY + 1);
  }

  /** Drop bigrams whose lists are empty (after compaction); the rest keep their order. */
  prune(isEmpty: (meta: Int32Array, m: number) => boolean): void {
    const meta = this.meta;
    let kept = 0;
    for (let e = 0; e < this.count; e++) {
      if (isEmpty(meta, e * ENTRY + 1)) continue;
      if (kept !== e) meta.copyWithin(kept * ENTRY, e * ENTRY, (e + 1) * ENTRY);
      kept++;
    }
    this.count = kept;
    this.rehash(kept);
  }

  /** A hash of at least twice `capacity` slots (16 at least), holding every entry. */
  private rehash(capacity: number): void {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    for (let e = 0; e < this.count; e++) {
      const key = this.meta[e * ENTRY]!;
      if (this.find(key) >= 0) throw new RangeError(`bigram ${key} saved twice`);
      this.place(key, e);
    }
  }

  /** Put entry `e` (of `key`) in its free slot. */
  private place(key: number, e: number): void {
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = e + 1;
  }
}
