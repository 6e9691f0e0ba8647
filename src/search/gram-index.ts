/**
 * Units of text (numbered by the caller, numbers ascending as they are
 * added) -> which units may contain a string. Every code unit and every pair
 * of adjacent code units (unigrams and bigrams) of a unit's text has a
 * posting list of the units containing it; Chinese needs no word boundaries.
 *
 * A one-code-unit query reads its unigram list and a two-code-unit query its
 * bigram list: both exact. A longer query intersects its bigram lists,
 * rarest first; having all the bigrams of a string does not mean having the
 * string, so a candidate is a hit only where the index proves it (below) or
 * the caller finds the query in the text.
 *
 * The proof. Each bigram remembers the code units around it where it was
 * first seen (its "usual" neighbours: 英伟 -> 达, 联储 <- 美), and each of its
 * postings carries two flags: every occurrence of the bigram in that unit is
 * followed by its usual follower (F), is preceded by its usual predecessor
 * (P). For a query c0 c1 ... and a unit holding all its bigrams: if the
 * bigrams at k, k+1, ... (up to the last but one) have F where the query has
 * the usual follower next, and those at k, k-1, ..., 1 have P where it has
 * the usual predecessor before, then any occurrence of bigram k extends to
 * the whole query, and the unit holds it. Flags are conservative: a missing
 * one only means "look at the text". Broad queries (thousands of hits) were
 * almost all confirmation by `includes`; most of them now need none.
 */
import { BigramTable, NEIGHBOURS, NO_CHAR, POSTED_AT, UnigramTable } from './gram-table.js';
import { clearRecord, OWNED, type PoolState, PostingPool, RECORD, recordCount } from './postings.js';

export interface Candidates {
  /** Ascending unit numbers (a view of a buffer that the next call reuses). */
  units: Int32Array;
  /** Every unit surely contains the query; otherwise each needs checking. */
  exact: boolean;
  /** When not exact: 1 where `units[i]` surely contains the query, 0 where it needs checking (a reused buffer), or null: check all. */
  sure: Uint8Array | null;
}

// Posting flags of a bigram list.
const FOLLOWED = 1;
const PRECEDED = 2;
// A query's bigram positions fit an int's bits up to here; longer queries are confirmed on the text.
const MAX_PROVEN_GRAMS = 30;

const NONE = new Int32Array(0);

/**
 * Ascending `a[0..n)` ∩ ascending `b`, written over `a` (returns the count),
 * carrying each kept id's proof masks along (`follow`, `precede`, beside
 * `a`) and adding `followBits` / `precedeBits` where the matching id of `b`
 * has the FOLLOWED / PRECEDED flag.
 */
function intersectProving(
  a: Int32Array,
  n: number,
  follow: Int32Array,
  precede: Int32Array,
  b: Int32Array,
  flags: Uint8Array,
  followBits: number,
  precedeBits: number,
): number {
  let i = 0;
  let j = 0;
  let out = 0;
  while (i < n && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      const f = flags[j]!;
      a[out] = x;
      follow[out] = follow[i]! | ((f & FOLLOWED) !== 0 ? followBits : 0);
      precede[out] = precede[i]! | ((f & PRECEDED) !== 0 ? precedeBits : 0);
      out++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/**
 * Whether masks prove a query of `grams` bigrams (see the file comment):
 * some k with `follow` holding every position k..grams-2 and `precede`
 * every position 1..k.
 */
function proves(follow: number, precede: number, grams: number): boolean {
  // Highest position below grams - 1 that `follow` lacks, plus one: the least k.
  const missing = ~follow & ((1 << (grams - 1)) - 1);
  const least = missing === 0 ? 0 : 32 - Math.clz32(missing);
  // How many positions from 1 on `precede` holds without a gap: the greatest k.
  const run = ~(precede >>> 1);
  const most = 31 - Math.clz32(run & -run);
  return least <= most;
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
  private follow = new Int32Array(1024);
  private precede = new Int32Array(1024);
  private sure = new Uint8Array(1024);

  /**
   * Post `unit` (above every unit added so far) under each gram of `text`.
   * A bigram is posted at its first occurrence with the flags of that one
   * (FOLLOWED, PRECEDED: it has the bigram's usual neighbours), and later
   * occurrences in the text clear the flags they lack, at the place in the
   * pool kept in the record's scratch int.
   */
  add(unit: number, text: string): void {
    const { pool, seenIn, bigrams } = this;
    const uni = this.unigrams.meta;
    const length = text.length;
    if (length === 0) return;
    let before = NO_CHAR;
    let c = text.charCodeAt(0);
    let d = length > 1 ? text.charCodeAt(1) : NO_CHAR;
    for (let i = 0; ; i++) {
      if (seenIn[c] !== unit) {
        seenIn[c] = unit;
        pool.append(uni, c * RECORD, unit);
      }
      if (i + 1 === length) break;
      const after = i + 2 < length ? text.charCodeAt(i + 2) : NO_CHAR;
      const m = bigrams.findOrAdd(BigramTable.key(c, d));
      const meta = bigrams.meta; // after findOrAdd: growing replaces it
      let around = meta[m + NEIGHBOURS]!;
      // A bigram's usual neighbours are those it was first seen with; one missing then is taken from a later occurrence.
      let follows = around & 0xffff;
      let precedes = around >>> 16;
      if (follows === NO_CHAR || precedes === NO_CHAR) {
        if (follows === NO_CHAR) follows = after;
        if (precedes === NO_CHAR) precedes = before;
        around = (precedes << 16) | follows;
        meta[m + NEIGHBOURS] = around;
      }
      const flags = (after === follows && after !== NO_CHAR ? FOLLOWED : 0) | (before === precedes && before !== NO_CHAR ? PRECEDED : 0);
      const at = pool.append(meta, m, unit, flags);
      if (at >= 0) meta[m + POSTED_AT] = at;
      else if (flags !== FOLLOWED + PRECEDED) pool.keepFlags(meta[m + POSTED_AT]!, flags);
      before = c;
      c = d;
      d = after;
    }
  }

  /** Units whose text may contain `q` (non-empty). */
  find(q: string): Candidates {
    const { pool, bigrams } = this;
    if (q.length === 1) return { units: pool.decode(this.unigrams.meta, this.unigrams.at(q.charCodeAt(0))), exact: true, sure: null };
    const grams = q.length - 1;
    const meta = bigrams.meta;
    // Per distinct bigram of the query: its record, and the positions its flags would prove.
    const records: number[] = [];
    const indexOf = new Map<number, number>();
    const followBits: number[] = [];
    const precedeBits: number[] = [];
    const proving = grams <= MAX_PROVEN_GRAMS;
    for (let i = 0; i < grams; i++) {
      const m = bigrams.find(BigramTable.key(q.charCodeAt(i), q.charCodeAt(i + 1)));
      if (m < 0) return { units: NONE, exact: true, sure: null };
      let g = indexOf.get(m);
      if (g === undefined) {
        g = records.push(m) - 1;
        indexOf.set(m, g);
        followBits.push(0);
        precedeBits.push(0);
      }
      if (!proving) continue;
      const around = meta[m + NEIGHBOURS]!;
      const follows = around & 0xffff;
      const precedes = around >>> 16;
      if (i + 2 < q.length && follows !== NO_CHAR && q.charCodeAt(i + 2) === follows) followBits[g]! |= 1 << i;
      if (i > 0 && precedes !== NO_CHAR && q.charCodeAt(i - 1) === precedes) precedeBits[g]! |= 1 << i;
    }
    if (grams === 1) return { units: pool.decode(meta, records[0]!, true), exact: true, sure: null };
    const order = records.map((_, g) => g).sort((a, b) => recordCount(meta, records[a]!) - recordCount(meta, records[b]!));
    const first = pool.decodeFlagged(meta, records[order[0]!]!);
    const size = first.ids.length;
    if (this.candidates.length < size) {
      this.candidates = new Int32Array(size);
      this.follow = new Int32Array(size);
      this.precede = new Int32Array(size);
      this.sure = new Uint8Array(size);
    }
    const { candidates, follow, precede } = this;
    candidates.set(first.ids);
    {
      const f0 = followBits[order[0]!]!;
      const p0 = precedeBits[order[0]!]!;
      const flags = first.flags;
      for (let i = 0; i < size; i++) {
        const f = flags[i]!;
        follow[i] = (f & FOLLOWED) !== 0 ? f0 : 0;
        precede[i] = (f & PRECEDED) !== 0 ? p0 : 0;
      }
    }
    let n = size;
    for (let k = 1; k < order.length && n > 0; k++) {
      const m = records[order[k]!]!;
      // Reading a list costs a few ns per id, confirming a candidate tens to
      // hundreds: stop intersecting when the next list dwarfs the candidates.
      if (recordCount(meta, m) > 32 * n) break;
      const next = pool.decodeFlagged(meta, m);
      n = intersectProving(candidates, n, follow, precede, next.ids, next.flags, followBits[order[k]!]!, precedeBits[order[k]!]!);
    }
    let sure: Uint8Array | null = null;
    if (proving) {
      sure = this.sure;
      for (let i = 0; i < n; i++) sure[i] = proves(follow[i]!, precede[i]!, grams) ? 1 : 0;
    }
    return { units: candidates.subarray(0, n), exact: false, sure };
  }

  /**
   * Append the postings of `later` (built apart, every unit of it above every
   * unit here) to this index's lists: what adding its units here would have
   * given, so that parts of an archive can be indexed on several threads.
   * A bigram keeps the usual neighbours it has here (`later`'s where it has
   * none yet); `later`'s flags that were of other neighbours are dropped, which
   * only means looking at the text (see the file comment). `later` is spent.
   */
  append(later: GramIndex): void {
    const { pool, bigrams } = this;
    const uni = this.unigrams.meta;
    const laterUni = later.unigrams.meta;
    for (let c = 0; c < 0x10000; c++) {
      const m = c * RECORD;
      pool.appendList(uni, m, later.pool, laterUni, m);
    }
    bigrams.reserve(later.bigrams.size); // no record moves below
    later.bigrams.forEachEntry((key, laterMeta, lm) => {
      const theirs = laterMeta[lm + NEIGHBOURS]!;
      const m = bigrams.findOrAdd(key);
      const meta = bigrams.meta;
      const ours = meta[m + NEIGHBOURS]!;
      let follows = ours & 0xffff;
      let precedes = ours >>> 16;
      if (follows === NO_CHAR) follows = theirs & 0xffff;
      if (precedes === NO_CHAR) precedes = theirs >>> 16;
      meta[m + NEIGHBOURS] = (precedes << 16) | follows;
      const kept = ((theirs & 0xffff) === follows ? FOLLOWED : 0) | (theirs >>> 16 === precedes ? PRECEDED : 0);
      pool.appendList(meta, m, later.pool, laterMeta, lm, kept);
    });
  }

  /**
   * Rewrite every list into a fresh pool, unit `u` becoming `renumber[u]`, or
   * dropped where that is negative. `renumber` must keep the units' order.
   */
  compact(renumber: (unit: number) => number): void {
    const old = this.pool;
    const next = new PostingPool();
    const rewrite = (meta: Int32Array, m: number, flagged: boolean): void => {
      if (recordCount(meta, m) === 0) return;
      let ids: Int32Array;
      let flags: Uint8Array | undefined;
      if (flagged) ({ ids, flags } = old.decodeFlagged(meta, m));
      else ids = old.decode(meta, m);
      let n = 0;
      for (let i = 0; i < ids.length; i++) {
        const unit = renumber(ids[i]!);
        if (unit < 0) continue;
        if (flags) flags[n] = flags[i]!;
        ids[n++] = unit;
      }
      // The owner's ints (a bigram's usual neighbours) outlive the rewrite.
      const owned = meta.slice(m + OWNED, m + RECORD);
      clearRecord(meta, m);
      meta.set(owned, m + OWNED);
      next.appendAll(meta, m, ids, n, flags);
    };
    for (let c = 0; c < 0x10000; c++) rewrite(this.unigrams.meta, this.unigrams.at(c), false);
    this.bigrams.forEachEntry((_key, meta, m) => rewrite(meta, m, true));
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
