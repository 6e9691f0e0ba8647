/**
 * A built topic index as bytes, so a restart with unchanged reports takes it
 * over instead of indexing the archive again. Pure: whoever stores it (the
 * SQLite content cache) keeps the bytes under `indexFingerprint(reports)`,
 * and a saved index is used only for exactly the reports it was built from.
 *
 * Layout: a 4-byte length, a 4-byte CRC-32 of every byte after it (so a
 * damaged or rewritten row, even one of the right length, is refused rather
 * than answered from), a JSON header (zod-checked), then the typed
 * arrays it lists, each 4-byte aligned, then the posting pool's chunks, each
 * starting at a multiple of the chunk size (`INDEX_PART_BYTES`). The gram
 * tables are saved as their used entries only (key and record; a few MB
 * instead of the tables with their unused capacity) and rebuilt on restore.
 * Damaged bytes give an error (the caller then indexes from scratch).
 *
 * Whoever stores the bytes in parts of `INDEX_PART_BYTES` (the SQLite
 * content cache does) gets every chunk back as a part of its own, and
 * `decodeIndex` adopts those parts as the chunks: a restart copies none of
 * the ~40 MB of postings, and frees no 1 MB buffers (glibc kept ~20 MB of
 * such freed buffers resident). `encodeIndexParts` gives the bytes in those
 * parts, the chunks as themselves, so saving does not copy them either.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { Report } from '../content/report.js';
import { BigramTable, UnigramTable } from './gram-table.js';
import { POOL_CHUNK_BYTES, RECORD, recordCount } from './postings.js';
import type { TopicIndexState } from './topic-index.js';

// 4: records of 7 ints (count and block level share one; a bigram's usual neighbours), flagged bigram postings.
// 5: a CRC-32 of the bytes after the lead.
const VERSION = 5;
/** The header's length and the checksum, before the header. */
const LEAD = 8;

/** Store the bytes of `encodeIndex` in parts of this size, and `decodeIndex` takes the chunks over without a copy. */
export const INDEX_PART_BYTES = POOL_CHUNK_BYTES;

const Count = z.number().int().min(0);
const Header = z.object({
  v: z.literal(VERSION),
  docIds: z.array(z.string().nullable()),
  firsts: z.array(z.number().int()),
  counts: z.array(Count),
  topics: Count,
  pool: z.object({ used: Count, wasted: Count, total: Count, chunks: z.array(Count) }),
  /** Non-empty unigram lists and bigrams: how many of each are saved (key, then record). */
  unigrams: Count,
  bigrams: Count,
});

export class IndexSnapshotError extends Error {
  override name = 'IndexSnapshotError';
}

/** Names a set of reports by id and content hash, in any order. */
export function indexFingerprint(reports: readonly Report[]): string {
  const hash = createHash('sha256');
  hash.update(`topic-index v${VERSION}\n`);
  for (const key of reports.map((r) => `${r.id}\u0000${r.hash}`).sort()) hash.update(`${key}\n`);
  return hash.digest('hex');
}

const align4 = (n: number): number => (n + 3) & ~3;

/** The saved index as one buffer: `encodeIndexParts` joined. */
export function encodeIndex(state: TopicIndexState): Buffer {
  return Buffer.concat(encodeIndexParts(state));
}

/**
 * The saved index as consecutive parts of `INDEX_PART_BYTES` (the last may be shorter), which
 * joined are `encodeIndex`'s bytes: the tables in parts of their own, then each posting chunk
 * as a part, the index's own chunk (not a copy: write the parts before the index changes). A
 * store that writes a row per part then needs no 50 MB buffer for ten years' index.
 */
export function encodeIndexParts(state: TopicIndexState): Uint8Array[] {
  const { pool } = state.grams;
  // The last chunk is cut at the pool's end; restoring widens it again.
  const chunks = pool.chunks.map((c, i) => (i === pool.chunks.length - 1 ? c.subarray(0, pool.used - i * c.length) : c));
  const uni = unigramEntries(state.grams.unigrams);
  const bi = BigramTable.fromState(state.grams.bigrams).entries();
  const header = Buffer.from(
    JSON.stringify({
      v: VERSION,
      docIds: state.docIds,
      firsts: state.firsts,
      counts: state.counts,
      topics: state.topics,
      pool: { used: pool.used, wasted: pool.wasted, total: pool.total, chunks: chunks.map((c) => c.length) },
      unigrams: uni.keys.length,
      bigrams: bi.keys.length,
    }),
  );
  const lead = Buffer.alloc(LEAD);
  lead.writeUInt32LE(header.length);
  const bytes = (a: Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const tables: Uint8Array[] = [lead, header, Buffer.alloc(align4(header.length) - header.length)];
  tables.push(bytes(uni.keys), bytes(uni.records), bytes(bi.keys), bytes(bi.records));
  const length = tables.reduce((n, t) => n + t.length, 0);
  // Zero bytes up to the first chunk's part.
  const parts = inIndexParts(Buffer.concat([...tables, Buffer.alloc(alignPart(length) - length)]));
  for (const [i, c] of chunks.entries()) {
    if (c.length === INDEX_PART_BYTES || i === chunks.length - 1) parts.push(c);
    // A chunk of another size (not made by the pool today) is padded to whole parts, as the layout says.
    else parts.push(...inIndexParts(Buffer.concat([c, Buffer.alloc(alignPart(c.length) - c.length)])));
  }
  // The first part is a view of the lead's own buffer: the checksum goes in place.
  Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, LEAD).writeUInt32LE(checksum(new Parts(parts)), 4);
  return parts;
}

/** CRC-32 of every byte after the lead (~10 ms for ten years' index). */
function checksum(bytes: Parts): number {
  let crc = 0;
  for (const p of bytes.after(LEAD)) crc = crc32(p, crc);
  return crc;
}

/** `bytes` as views of `INDEX_PART_BYTES` each (the last may be shorter): how a store cuts one buffer into rows. */
export function inIndexParts(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += INDEX_PART_BYTES) parts.push(bytes.subarray(at, at + INDEX_PART_BYTES));
  return parts;
}

const alignPart = (n: number): number => Math.ceil(n / INDEX_PART_BYTES) * INDEX_PART_BYTES;

/** Bytes given as one buffer or as consecutive parts: a range of them, as a view of one part where it lies in one. */
class Parts {
  private readonly starts: number[] = [];
  readonly length: number;
  constructor(private readonly parts: readonly Uint8Array[]) {
    let at = 0;
    for (const p of parts) {
      this.starts.push(at);
      at += p.length;
    }
    this.length = at;
  }

  /** `[at, at + n)`: a view when one part holds it and `view` is allowed, else a copy. */
  range(at: number, n: number, view: boolean): Uint8Array {
    if (at + n > this.length) throw new IndexSnapshotError('saved index: arrays past the end');
    let i = this.partAt(at);
    const offset = at - this.starts[i]!;
    const part = this.parts[i]!;
    if (offset + n <= part.length) {
      const inside = new Uint8Array(part.buffer, part.byteOffset + offset, n);
      return view ? inside : new Uint8Array(inside);
    }
    const out = new Uint8Array(n);
    for (let done = 0; done < n; i++) {
      const p = this.parts[i]!;
      const from = done === 0 ? offset : 0;
      const take = Math.min(p.length - from, n - done);
      out.set(p.subarray(from, from + take), done);
      done += take;
    }
    return out;
  }

  /** The bytes from `at` to the end, as views of the parts. */
  *after(at: number): Generator<Uint8Array> {
    for (let i = this.partAt(at); i < this.parts.length; i++) {
      const from = Math.max(0, at - this.starts[i]!);
      if (from < this.parts[i]!.length) yield this.parts[i]!.subarray(from);
    }
  }

  private partAt(at: number): number {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** The unigram table's non-empty lists: code unit, then record. */
function unigramEntries(meta: Int32Array): { keys: Int32Array; records: Int32Array } {
  const used: number[] = [];
  for (let c = 0; c < 0x10000; c++) if (recordCount(meta, c * RECORD) > 0) used.push(c);
  const records = new Int32Array(used.length * RECORD);
  for (let i = 0; i < used.length; i++) records.set(meta.subarray(used[i]! * RECORD, (used[i]! + 1) * RECORD), i * RECORD);
  return { keys: Int32Array.from(used), records };
}

/**
 * The saved index in `data` (one buffer, or the consecutive parts it was
 * stored in). By default `data` is not kept: everything taken from it is
 * copied or rebuilt. With `adopt` the caller hands `data` over (nothing else
 * may use it afterwards): the posting chunks are views of it, not copies,
 * which saves a copy of ~40 MB and that much resident memory.
 */
export function decodeIndex(data: Uint8Array | readonly Uint8Array[], adopt = false): TopicIndexState {
  const bytes = new Parts(data instanceof Uint8Array ? [data] : data);
  if (bytes.length < LEAD) throw new IndexSnapshotError('saved index: too short');
  const lead = Buffer.from(bytes.range(0, LEAD, false));
  if (lead.readUInt32LE(4) !== checksum(bytes)) throw new IndexSnapshotError('saved index: damaged (its checksum differs)');
  const headerLength = lead.readUInt32LE(0);
  if (LEAD + headerLength > bytes.length) throw new IndexSnapshotError('saved index: header past the end');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes.range(LEAD, headerLength, true)).toString('utf8'));
  } catch (err) {
    throw new IndexSnapshotError(`saved index: unreadable header (${(err as Error).message})`);
  }
  const header = Header.safeParse(parsed);
  if (!header.success) throw new IndexSnapshotError(`saved index: ${header.error.issues[0]?.message ?? 'bad header'}`);
  const h = header.data;
  let at = LEAD + align4(headerLength);
  // Views where the bytes are in one part and 4-byte aligned, else copies: read once, while rebuilding the tables.
  const ints = (n: number): Int32Array => {
    const range = bytes.range(at, n * 4, true);
    at += n * 4;
    const aligned = range.byteOffset % 4 === 0 ? range : new Uint8Array(range);
    return new Int32Array(aligned.buffer, aligned.byteOffset, n);
  };
  const uniKeys = ints(h.unigrams);
  const uniRecords = ints(h.unigrams * RECORD);
  const biKeys = ints(h.bigrams);
  const biRecords = ints(h.bigrams * RECORD);
  at = alignPart(at);
  const chunks = h.pool.chunks.map((length) => {
    if (at + length > bytes.length) throw new IndexSnapshotError('saved index: postings past the end');
    // Unless adopted, a copy: the index appends into its chunks, and the caller may hand the same bytes to another.
    const c = bytes.range(at, length, adopt);
    at += alignPart(length);
    return c;
  });
  const unigrams = new UnigramTable().meta;
  for (let i = 0; i < uniKeys.length; i++) {
    const c = uniKeys[i]!;
    if (!(c >= 0 && c < 0x10000)) throw new IndexSnapshotError(`saved index: unigram ${c} out of range`);
    unigrams.set(uniRecords.subarray(i * RECORD, (i + 1) * RECORD), c * RECORD);
  }
  let bigrams: BigramTable;
  try {
    bigrams = BigramTable.fromEntries(biKeys, biRecords);
  } catch (err) {
    throw new IndexSnapshotError(`saved index: ${(err as Error).message}`);
  }
  return {
    grams: { pool: { chunks, used: h.pool.used, wasted: h.pool.wasted, total: h.pool.total }, unigrams, bigrams: bigrams.state() },
    docIds: h.docIds,
    firsts: h.firsts,
    counts: h.counts,
    topics: h.topics,
  };
}
