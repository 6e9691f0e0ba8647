/**
 * Growing lists of ascending ids in a byte pool. A list is a chain of blocks
 * that grow by half (8 bytes, then 12, 16, 24, ... up to 256), the first 4
 * bytes of a block pointing at the next; ids are stored as varint gaps. The
 * unused tail of a list's last block is the pool's waste: blocks that
 * doubled up to 4 KB left ~11 MB of it over ten years' 190k lists, these ~6. A Chinese
 * archive has hundreds of thousands of distinct bigrams, most of them in a
 * few topics: per-list typed arrays or JS arrays would cost more in headers
 * than in ids, while here a rare bigram costs 8 bytes of pool and a frequent
 * one about a byte per id.
 *
 * The pool is a row of 1 MB chunks that no block straddles: it grows without
 * copying and without doubling's slack. It keeps no per-list state: each
 * list's record (`RECORD` int32s) lives wherever its owner keeps it (the gram
 * tables), so that finding a list and appending to it touch one cache line.
 */
const BLOCK_SIZES = Int32Array.of(8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256);
const FIRST_BLOCK = BLOCK_SIZES[0]!;
const LAST_LEVEL = BLOCK_SIZES.length - 1;
const NEXT = 4; // bytes of the next-block pointer
// 1 MB: a saved index keeps each chunk in a row of its own, and a restart adopts each row's buffer
// as the chunk (see topic-index-snapshot.ts) instead of copying 40 MB through another buffer.
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
/** Bytes of one pool chunk. */
export const POOL_CHUNK_BYTES = CHUNK;
const IN_CHUNK = CHUNK - 1;

// A list's record: where it starts (-1: empty), where its next byte goes,
// the end of its last block, how many ids it holds (times 16) plus that
// block's level, and the last id. Positions are pool offsets: chunk <<
// CHUNK_BITS | byte. The record's last `RECORD - OWNED` ints are its owner's
// (the gram tables keep per-gram facts there, in the same cache line).
const HEAD = 0;
const WRITE = 1;
const END = 2;
const COUNT_LEVEL = 3;
const LAST = 4;
/** Ints of a record the pool uses; the owner's start here. */
export const OWNED = 5;
/** Offset of the last id in a record (-1: none yet): owners may mark a record unused with -2 there. */
export const LAST_AT = LAST;
export const RECORD = 7;
// Count and level share an int: 4 bits of level (0..LAST_LEVEL), 27 of count.
const LEVEL_BITS = 4;
const LEVEL_MASK = (1 << LEVEL_BITS) - 1;
const MAX_COUNT = 2 ** (31 - LEVEL_BITS) - 1;

const blockSize = (level: number): number => BLOCK_SIZES[level]!;

/** Make `meta[m..m + RECORD)` an empty list (the owner's ints -1). */
export function clearRecord(meta: Int32Array, m: number): void {
  meta[m + HEAD] = -1;
  meta[m + WRITE] = 0;
  meta[m + END] = 0;
  meta[m + COUNT_LEVEL] = 0;
  meta[m + LAST] = -1;
  for (let i = OWNED; i < RECORD; i++) meta[m + i] = -1;
}

export function recordCount(meta: Int32Array, m: number): number {
  return meta[m + COUNT_LEVEL]! >>> LEVEL_BITS;
}

const levelOf = (meta: Int32Array, m: number): number => meta[m + COUNT_LEVEL]! & LEVEL_MASK;

/**
 * Lists come in two kinds, fixed by their owner: plain ids, or flagged ids
 * that carry `FLAG_BITS` bits each (stored in the low bits of the gap, so a
 * flag costs a byte only on gaps of 32 or more).
 */
export const FLAG_BITS = 2;
const FLAG_SCALE = 1 << FLAG_BITS;

// Out of line: `append` runs for every posting and stays small enough to be inlined.
function outOfOrder(id: number, last: number): never {
  throw new Error(`posting ${id} after ${last}: ids must ascend`);
}

function listFull(): never {
  throw new Error(`posting list full: ${MAX_COUNT} ids`);
}

/** A pool's whole state, for persisting a built index (see topic-index-snapshot.ts). */
export interface PoolState {
  chunks: Uint8Array[];
  used: number;
  wasted: number;
  total: number;
}

export class PostingPool {
  private chunks: Uint8Array[] = [];
  /** Next free offset. */
  private used = 0;
  private wasted = 0;
  private total = 0;
  private scratch = new Int32Array(1024);
  private flagScratch = new Uint8Array(1024);

  /** The pool as it is (shared, not copied: take it only from an index that is done changing). */
  state(): PoolState {
    return { chunks: this.chunks, used: this.used, wasted: this.wasted, total: this.total };
  }

  /** A pool continuing from `state` (full-size chunks; a shorter last one is widened). */
  static fromState(state: PoolState): PostingPool {
    const pool = new PostingPool();
    pool.chunks = state.chunks.map((c) => {
      if (c.length === CHUNK) return c;
      const full = new Uint8Array(CHUNK);
      full.set(c);
      return full;
    });
    pool.used = state.used;
    pool.wasted = state.wasted;
    pool.total = state.total;
    return pool;
  }

  /** Ids held, over every list. */
  get postings(): number {
    return this.total;
  }

  /** Bytes of pool in use (blocks, including their unused tails). */
  get bytes(): number {
    return this.used - this.wasted;
  }

  /**
   * Append `id` to the list recorded at `meta[m]`: ids ascend; a repeat of the
   * last one is ignored. `flags` (below 2 ** FLAG_BITS) is stored with the id
   * when given, which makes the list a flagged one: pass flags to every append
   * of a flagged list and to none of a plain one. Returns where the id went
   * (for `keepFlags`), or -1 for a repeat.
   */
  append(meta: Int32Array, m: number, id: number, flags = -1): number {
    const last = meta[m + LAST]!;
    if (id <= last) {
      if (id === last) return -1;
      outOfOrder(id, last);
    }
    const countLevel = meta[m + COUNT_LEVEL]!;
    if (countLevel >>> LEVEL_BITS === MAX_COUNT) listFull();
    meta[m + COUNT_LEVEL] = countLevel + (1 << LEVEL_BITS);
    this.total++;
    meta[m + LAST] = id;
    if (meta[m + HEAD] === -1) this.firstBlock(meta, m);
    const gap = id - last; // >= 1; the first id is stored as id + 1
    return this.put(meta, m, flags < 0 ? gap : gap * FLAG_SCALE + flags);
  }

  /** Clear the flags not in `flags` of the id that `append` put at `at` (its flags sit in the low bits of the byte there). */
  keepFlags(at: number, flags: number): void {
    const chunk = this.chunks[at >>> CHUNK_BITS]!;
    const i = at & IN_CHUNK;
    chunk[i] = chunk[i]! & (~(FLAG_SCALE - 1) | flags);
  }

  /** Append `ids[0..n)` (ascending, all above the list's last id), with `flags[0..n)` for a flagged list: `append` in bulk, for compaction. */
  appendAll(meta: Int32Array, m: number, ids: Int32Array, n: number, flags?: Uint8Array): void {
    if (n === 0) return;
    let last = meta[m + LAST]!;
    this.count(meta, m, n);
    if (meta[m + HEAD] === -1) this.firstBlock(meta, m);
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id <= last) outOfOrder(id, last);
      this.put(meta, m, flags ? (id - last) * FLAG_SCALE + flags[i]! : id - last);
      last = id;
    }
    meta[m + LAST] = last;
  }

  /**
   * Append the list recorded at `fromMeta[fm]` in pool `from` (ids all above this list's last)
   * to the list at `meta[m]`, both plain or both flagged; of a flagged list's flags only those in
   * `keepFlags` stay. Only the first gap is written anew: the others are the same bytes, copied
   * (a flag sits in the low bits of a gap's first byte), which merges lists several times faster
   * than decoding and appending their ids.
   */
  appendList(meta: Int32Array, m: number, from: PostingPool, fromMeta: Int32Array, fm: number, keepFlags = -1): void {
    const n = recordCount(fromMeta, fm);
    if (n === 0) return;
    const flagged = keepFlags >= 0;
    const dropFlags = flagged ? ~(FLAG_SCALE - 1) | keepFlags : -1;
    const stop = fromMeta[fm + WRITE]!;
    let block = fromMeta[fm + HEAD]!;
    let level = 0;
    let base = block - (block & IN_CHUNK); // the chunk's own offset: `at` and `end` are within it
    let chunk = from.chunks[block >>> CHUNK_BITS]!;
    let at = (block & IN_CHUNK) + NEXT;
    let end = (block & IN_CHUNK) + FIRST_BLOCK;
    // The first gap is from -1 there and from this list's last id here: it is decoded (`value`) and written anew.
    let value = 0;
    let scale = 1;
    let w = -1; // where the next byte goes here, once the first gap is written
    let wEnd = 0;
    let out = chunk;
    let startsGap = true;
    for (;;) {
      if (base + at === stop) break;
      if (at === end) {
        const here = block & IN_CHUNK;
        block = chunk[here]! | (chunk[here + 1]! << 8) | (chunk[here + 2]! << 16) | (chunk[here + 3]! << 24);
        if (level < LAST_LEVEL) level++;
        base = block - (block & IN_CHUNK);
        chunk = from.chunks[block >>> CHUNK_BITS]!;
        at = (block & IN_CHUNK) + NEXT;
        end = (block & IN_CHUNK) + blockSize(level);
      }
      if (w < 0) {
        const b = chunk[at++]!;
        value += (b & 0x7f) * scale;
        scale *= 128;
        if (b >= 0x80) continue;
        const f = flagged ? value & (FLAG_SCALE - 1) : 0;
        const first = (flagged ? (value - f) / FLAG_SCALE : value) - 1;
        const last = meta[m + LAST]!;
        if (first <= last) outOfOrder(first, last);
        this.count(meta, m, n);
        if (meta[m + HEAD] === -1) this.firstBlock(meta, m);
        this.put(meta, m, flagged ? (first - last) * FLAG_SCALE + (f & keepFlags) : first - last);
        w = meta[m + WRITE]!;
        wEnd = meta[m + END]!;
        out = this.chunks[w >>> CHUNK_BITS]!;
        continue;
      }
      if (w === wEnd) {
        w = this.nextBlock(meta, m, w);
        wEnd = meta[m + END]!;
        out = this.chunks[w >>> CHUNK_BITS]!;
      }
      // The bytes up to the end of this block there, of the list, or of the block here.
      let run = end - at;
      const toStop = stop - base - at;
      if (toStop >= 0 && toStop < run) run = toStop;
      if (wEnd - w < run) run = wEnd - w;
      const o = w & IN_CHUNK;
      if (dropFlags !== -1) {
        for (let k = 0; k < run; k++) {
          let b = chunk[at + k]!;
          if (startsGap) b &= dropFlags;
          startsGap = b < 0x80;
          out[o + k] = b;
        }
      } else if (run > 16) out.set(chunk.subarray(at, at + run), o);
      else for (let k = 0; k < run; k++) out[o + k] = chunk[at + k]!;
      at += run;
      w += run;
    }
    meta[m + WRITE] = w;
    meta[m + LAST] = fromMeta[fm + LAST]!;
  }

  private count(meta: Int32Array, m: number, added: number): void {
    const n = recordCount(meta, m) + added;
    if (n > MAX_COUNT) listFull();
    meta[m + COUNT_LEVEL] = (n << LEVEL_BITS) | levelOf(meta, m);
    this.total += added;
  }

  /** The list's ids, ascending, in a buffer that the next call reuses (of a flagged list, without the flags). */
  decode(meta: Int32Array, m: number, flagged = false): Int32Array {
    return this.read(meta, m, flagged ? 1 : 0);
  }

  /** A flagged list's ids (as `decode`) and, in a buffer that the next call reuses, each id's flags. */
  decodeFlagged(meta: Int32Array, m: number): { ids: Int32Array; flags: Uint8Array } {
    const ids = this.read(meta, m, 2);
    return { ids, flags: this.flagScratch.subarray(0, ids.length) };
  }

  /** Decode a list: `mode` 0 plain, 1 flagged (flags dropped), 2 flagged (flags kept in `flagScratch`). */
  private read(meta: Int32Array, m: number, mode: number): Int32Array {
    const n = recordCount(meta, m);
    if (this.scratch.length < n) this.scratch = new Int32Array(Math.max(n, this.scratch.length * 2));
    if (mode === 2 && this.flagScratch.length < n) this.flagScratch = new Uint8Array(this.scratch.length);
    const out = this.scratch;
    const flagsOut = this.flagScratch;
    let block = meta[m + HEAD]!;
    let level = 0;
    let chunk = this.chunks[block >>> CHUNK_BITS]!;
    let at = (block & IN_CHUNK) + NEXT;
    let end = (block & IN_CHUNK) + FIRST_BLOCK;
    let id = -1;
    for (let i = 0; i < n; i++) {
      let value = 0;
      let scale = 1;
      for (;;) {
        if (at === end) {
          const here = block & IN_CHUNK;
          block = chunk[here]! | (chunk[here + 1]! << 8) | (chunk[here + 2]! << 16) | (chunk[here + 3]! << 24);
          if (level < LAST_LEVEL) level++;
          chunk = this.chunks[block >>> CHUNK_BITS]!;
          at = (block & IN_CHUNK) + NEXT;
          end = (block & IN_CHUNK) + blockSize(level);
        }
        const b = chunk[at++]!;
        value += (b & 0x7f) * scale;
        if (b < 0x80) break;
        scale *= 128;
      }
      if (mode === 0) id += value;
      else {
        const f = value & (FLAG_SCALE - 1); // low bits survive ToInt32 of any value below 2 ** 53
        id += (value - f) / FLAG_SCALE;
        if (mode === 2) flagsOut[i] = f;
      }
      out[i] = id;
    }
    return out.subarray(0, n);
  }

  /** Write one gap as a varint at the list's write position, chaining blocks as they fill; returns where its first byte went. */
  private put(meta: Int32Array, m: number, gap: number): number {
    let at = meta[m + WRITE]!;
    let end = meta[m + END]!;
    if (at === end) {
      at = this.nextBlock(meta, m, at);
      end = meta[m + END]!;
    }
    const first = at;
    let chunk = this.chunks[at >>> CHUNK_BITS]!;
    for (;;) {
      if (at === end) {
        at = this.nextBlock(meta, m, at);
        end = meta[m + END]!;
        chunk = this.chunks[at >>> CHUNK_BITS]!;
      }
      if (gap < 0x80) {
        chunk[at++ & IN_CHUNK] = gap;
        break;
      }
      chunk[at++ & IN_CHUNK] = (gap & 0x7f) | 0x80;
      gap = Math.floor(gap / 128);
    }
    meta[m + WRITE] = at;
    return first;
  }

  private alloc(size: number): number {
    let at = this.used;
    const limit = this.chunks.length * CHUNK;
    if (at + size > limit) {
      // Blocks never straddle chunks: start the next one.
      if (limit + size > 0x7fffffff) throw new Error('posting pool full: 2 GB of postings');
      this.wasted += limit - at;
      this.chunks.push(new Uint8Array(CHUNK));
      at = limit;
    }
    this.used = at + size;
    return at;
  }

  private firstBlock(meta: Int32Array, m: number): void {
    const block = this.alloc(FIRST_BLOCK);
    meta[m + HEAD] = block;
    meta[m + COUNT_LEVEL] = meta[m + COUNT_LEVEL]! & ~LEVEL_MASK;
    meta[m + WRITE] = block + NEXT;
    meta[m + END] = block + FIRST_BLOCK;
  }

  /** Chain a new block after the full one ending at `at`; returns where to write. */
  private nextBlock(meta: Int32Array, m: number, at: number): number {
    const current = levelOf(meta, m);
    const level = Math.min(current + 1, LAST_LEVEL);
    const size = blockSize(level);
    const block = this.alloc(size);
    const previous = at - blockSize(current);
    const chunk = this.chunks[previous >>> CHUNK_BITS]!;
    const here = previous & IN_CHUNK;
    chunk[here] = block & 0xff;
    chunk[here + 1] = (block >>> 8) & 0xff;
    chunk[here + 2] = (block >>> 16) & 0xff;
    chunk[here + 3] = (block >>> 24) & 0xff;
    meta[m + COUNT_LEVEL] = (meta[m + COUNT_LEVEL]! & ~LEVEL_MASK) | level;
    meta[m + END] = block + size;
    return block + NEXT;
  }
}
