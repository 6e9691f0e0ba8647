/**
 * Units of text (numbered by the caller, numbers ascending as they are
 * added) -> which units may contain a string. Every code unit and every pair
 * of adjacent code units (unigrams and bigrams) of a unit's text has a
 * posting list of the units containing it; Chinese needs no word boundaries.
 *
 * A one-code-unit query reads its unigram list and a two-code-unit query its
 * bigram list: both exact. A longer query intersects its bigram lists,
 * rarest first, and the caller confirms each candidate on the text, since
 * having all the bigrams of a string does not mean having the string.
 */
import { BigramTable, UnigramTable } from './gram-table.js';
import { clearRecord, type PoolState, PostingPool, RECORD, recordCount } from './postings.js';

export interface Candidates {
  /** Ascending unit numbers (a view of a buffer that the next call reuses). */
  units: Int32Array;
  /** Every unit surely contains the query; otherwise each needs checking. */
  exact: boolean;
}

const NONE = new Int32Array(0);

/** Ascending `a[0..n)` ∩ ascending `b`, written over `a`; returns the count. */
function intersectInto(a: Int32Array, n: number, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let out = 0;
  while (i < n && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      a[out++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Everything a `GramIndex` holds, for persisting it once built. */
export interface GramState {
  pool: PoolState;
  unigrams: Int32Array;
  bigrams: { meta: Int32Array; count: number };
}

export class GramIndex {
  private pool = new PostingPool();
  private readonly unigrams = new UnigramTable();
  private bigrams = new BigramTable();

  /** Its lists as they are (shared, not copied). */
  state(): GramState {
    return { pool: this.pool.state(), unigrams: this.unigrams.meta, bigrams: this.bigrams.state() };
  }

  /** An index continuing from `state`: units added afterwards must be above every unit in it. */
  static fromState(state: GramState): GramIndex {
    const index = new GramIndex();
    if (state.unigrams.length !== index.unigrams.meta.length) throw new RangeError('unigram table of the wrong size');
    index.unigrams.meta.set(state.unigrams);
    index.bigrams = BigramTable.fromState(state.bigrams);
    index.pool = PostingPool.fromState(state.pool);
    return index;
  }
  // The last unit that each code unit was posted for: characters repeat
  // within a unit, and this small table stays in cache where records would not.
  private readonly seenIn = new Int32Array(0x10000).fill(-1);
  private candidates = new Int32Array(1024);

  /** Post `unit` (above every unit added so far) under each gram of `text`. */
  add(unit: number, text: string): void {
    const { pool, seenIn, bigrams } = this;
    const uni = this.unigrams.meta;
    let c = text.charCodeAt(0);
    for (let i = 0; i < text.length; i++) {
      if (seenIn[c] !== unit) {
        seenIn[c] = unit;
        pool.append(uni, c * RECORD, unit);
      }
      if (i + 1 === text.length) break;
      const d = text.charCodeAt(i + 1);
      const m = bigrams.findOrAdd(BigramTable.key(c, d));
      pool.append(bigrams.meta, m, unit);
      c = d;
    }
  }

  /** Units whose text may contain `q` (non-empty). */
  find(q: string): Candidates {
    const { pool, bigrams } = this;
    if (q.length === 1) return { units: pool.decode(this.unigrams.meta, this.unigrams.at(q.charCodeAt(0))), exact: true };
    const grams = new Set<number>();
    for (let i = 0; i + 1 < q.length; i++) {
      const m = bigrams.find(BigramTable.key(q.charCodeAt(i), q.charCodeAt(i + 1)));
      if (m < 0) return { units: NONE, exact: true };
      grams.add(m);
    }
    const meta = bigrams.meta;
    const rarest = [...grams].sort((a, b) => recordCount(meta, a) - recordCount(meta, b));
    const first = pool.decode(meta, rarest[0]!);
    if (this.candidates.length < first.length) this.candidates = new Int32Array(first.length);
    const candidates = this.candidates;
    candidates.set(first);
    let n = first.length;
    for (let i = 1; i < rarest.length && n > 0; i++) {
      // Reading a list costs a few ns per id, confirming a candidate tens to
      // hundreds: stop intersecting when the next list dwarfs the candidates.
      if (recordCount(meta, rarest[i]!) > 32 * n) break;
      n = intersectInto(candidates, n, pool.decode(meta, rarest[i]!));
    }
    return { units: candidates.subarray(0, n), exact: q.length === 2 };
  }

  /**
   * Rewrite every list into a fresh pool, unit `u` becoming `renumber[u]`, or
   * dropped where that is negative. `renumber` must keep the units' order.
   */
  compact(renumber: (unit: number) => number): void {
    const old = this.pool;
    const next = new PostingPool();
    const rewrite = (meta: Int32Array, m: number): void => {
      if (recordCount(meta, m) === 0) return;
      const ids = old.decode(meta, m);
      let n = 0;
      for (let i = 0; i < ids.length; i++) {
        const unit = renumber(ids[i]!);
        if (unit >= 0) ids[n++] = unit;
      }
      clearRecord(meta, m);
      next.appendAll(meta, m, ids, n);
    };
    for (let c = 0; c < 0x10000; c++) rewrite(this.unigrams.meta, this.unigrams.at(c));
    this.bigrams.forEachRecord(rewrite);
    this.bigrams.prune((meta, m) => recordCount(meta, m) === 0);
    this.pool = next;
    this.seenIn.fill(-1); // units were renumbered
  }

  stats(): { grams: number; postings: number; bytes: number } {
    let unigrams = 0;
    for (let c = 0; c < 0x10000; c++) if (recordCount(this.unigrams.meta, this.unigrams.at(c)) > 0) unigrams++;
    return { grams: unigrams + this.bigrams.size, postings: this.pool.postings, bytes: this.pool.bytes };
  }
}
