/**
 * Where each gram's posting list is recorded. Unigrams (one UTF-16 code
 * unit) index a flat table directly; bigrams (two, packed into an int32) go
 * through open addressing with linear probing, the key stored beside the
 * list's record so a lookup and the append that follows touch one cache
 * line. A `Map` with numeric keys costs several times more per lookup and
 * ~80 bytes per entry.
 */
import { clearRecord, LAST_AT, OWNED, RECORD } from './postings.js';

const SLOT = 1 + RECORD; // key, record: two slots per cache line
const FREE = 1 + LAST_AT; // where a slot holds -2 when free
/**
 * A bigram record's first owned int: the code units that followed and that
 * preceded the bigram where it was first seen (`NO_CHAR`: none yet), as
 * `preceding << 16 | following`. See `GramIndex.add`.
 */
export const NEIGHBOURS = OWNED;
/** A bigram record's second owned int: scratch for `GramIndex.add` (the unit being added << 2 | its flags so far). */
export const UNIT_FLAGS = OWNED + 1;
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
  /** Per slot: key, then the list's record (`RECORD` ints; -2 as its last id marks a free slot). */
  meta: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(capacity = 1 << 14) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.meta = BigramTable.emptySlots(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
  }

  /** Slots and count, for persisting a built index. */
  state(): { meta: Int32Array; count: number } {
    return { meta: this.meta, count: this.count };
  }

  /** A table continuing from `state` (its slot count a power of two, as every table's is). */
  static fromState(state: { meta: Int32Array; count: number }): BigramTable {
    const size = state.meta.length / SLOT;
    if (!Number.isInteger(size) || size < 16 || (size & (size - 1)) !== 0)
      throw new RangeError(`bigram table of ${state.meta.length} ints is not a saved table`);
    const table = new BigramTable(1);
    table.meta = state.meta;
    table.mask = size - 1;
    table.shift = 32 - Math.log2(size);
    table.count = state.count;
    return table;
  }

  /** The used slots as keys and their records (`RECORD` ints each): what a saved index keeps of the table. */
  entries(): { keys: Int32Array; records: Int32Array } {
    const meta = this.meta;
    const keys = new Int32Array(this.count);
    const records = new Int32Array(this.count * RECORD);
    let n = 0;
    for (let s = 0; s < meta.length; s += SLOT) {
      if (meta[s + FREE] === -2) continue;
      keys[n] = meta[s]!;
      records.set(meta.subarray(s + 1, s + 1 + RECORD), n * RECORD);
      n++;
    }
    return { keys, records };
  }

  /** A table of these keys and records (as `entries` gives them); a repeated key is an error. */
  static fromEntries(keys: Int32Array, records: Int32Array): BigramTable {
    if (records.length !== keys.length * RECORD) throw new RangeError('bigram keys and records differ in count');
    const table = new BigramTable(keys.length);
    for (let i = 0; i < keys.length; i++) {
      if (table.find(keys[i]!) >= 0) throw new RangeError(`bigram ${keys[i]} saved twice`);
      const m = table.place(keys[i]!);
      table.meta.set(records.subarray(i * RECORD, (i + 1) * RECORD), m);
      table.meta[m + UNIT_FLAGS] = -1;
      table.count++;
    }
    return table;
  }

  static key(a: number, b: number): number {
    return (a << 16) | b;
  }

  get size(): number {
    return this.count;
  }

  /** Offset of the record of `key` in `meta`, or -1 when the bigram was never seen. */
  find(key: number): number {
    const meta = this.meta;
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const s = slot * SLOT;
      if (meta[s + FREE] === -2) return -1;
      if (meta[s] === key) return s + 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Offset of `key`'s record, creating an empty list if needed. Offsets move when the table grows (see `reserve`). */
  findOrAdd(key: number): number {
    const found = this.find(key);
    if (found >= 0) return found;
    this.reserve(1);
    const m = this.place(key);
    clearRecord(this.meta, m);
    this.count++;
    return m;
  }

  /** Grow now if `more` new keys would not fit, so that adding that many moves no record. */
  reserve(more: number): void {
    while ((this.count + more) * 2 * SLOT > this.meta.length) this.grow();
  }

  /** Call `fn` with every record (for compaction). */
  forEachRecord(fn: (meta: Int32Array, m: number) => void): void {
    const meta = this.meta;
    for (let s = 0; s < meta.length; s += SLOT) if (meta[s + FREE] !== -2) fn(meta, s + 1);
  }

  /** Drop bigrams whose lists are empty (after compaction). */
  prune(isEmpty: (meta: Int32Array, m: number) => boolean): void {
    const old = this.meta;
    const size = old.length / SLOT;
    this.meta = BigramTable.emptySlots(size);
    this.count = 0;
    for (let s = 0; s < old.length; s += SLOT) {
      if (old[s + FREE] === -2 || isEmpty(old, s + 1)) continue;
      const m = this.place(old[s]!);
      this.meta.set(old.subarray(s + 1, s + 1 + RECORD), m);
      this.meta[m + UNIT_FLAGS] = -1; // units are renumbered: no unit is being added
      this.count++;
    }
  }

  private static emptySlots(size: number): Int32Array {
    const meta = new Int32Array(size * SLOT);
    for (let s = 0; s < meta.length; s += SLOT) meta[s + FREE] = -2;
    return meta;
  }

  /** Claim the free slot for `key`; returns its record's offset. */
  private place(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.meta[slot * SLOT + FREE] !== -2) slot = (slot + 1) & this.mask;
    this.meta[slot * SLOT] = key;
    return slot * SLOT + 1;
  }

  private grow(): void {
    const old = this.meta;
    const size = (old.length / SLOT) * 2;
    this.meta = BigramTable.emptySlots(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    for (let s = 0; s < old.length; s += SLOT) {
      if (old[s + FREE] === -2) continue;
      this.meta.set(old.subarray(s + 1, s + 1 + RECORD), this.place(old[s]!));
    }
  }
}
