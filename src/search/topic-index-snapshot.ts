/**
 * A built topic index as bytes, so a restart with unchanged reports takes it
 * over instead of indexing the archive again. Pure: whoever stores it (the
 * SQLite content cache) keeps the bytes under `indexFingerprint(reports)`,
 * and a saved index is used only for exactly the reports it was built from.
 *
 * Layout: a 4-byte length, a JSON header (zod-checked), then the typed
 * arrays it lists, each 4-byte aligned. The gram tables are saved as their
 * used entries only (key and record; a few MB instead of the ~18 MB of
 * mostly empty hash slots) and rebuilt on restore. Damaged bytes give an
 * error (the caller then indexes from scratch).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Report } from '../content/report.js';
import { BigramTable, UnigramTable } from './gram-table.js';
import { RECORD, recordCount } from './postings.js';
import type { TopicIndexState } from './topic-index.js';

const VERSION = 2;

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

export function encodeIndex(state: TopicIndexState): Buffer {
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
  const parts: Uint8Array[] = [];
  const lead = Buffer.alloc(4);
  lead.writeUInt32LE(header.length);
  parts.push(lead, header, Buffer.alloc(align4(header.length) - header.length));
  const bytes = (a: Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  parts.push(bytes(uni.keys), bytes(uni.records), bytes(bi.keys), bytes(bi.records));
  for (const c of chunks) parts.push(c, Buffer.alloc(align4(c.length) - c.length));
  return Buffer.concat(parts);
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
 * The saved index in `data`. By default `data` is not kept: everything taken
 * from it is copied or rebuilt. With `adopt` the caller hands `data` over
 * (nothing else may use it afterwards): the posting chunks are views of it,
 * not copies, which saves a copy of ~40 MB and that much resident memory.
 */
export function decodeIndex(data: Uint8Array, adopt = false): TopicIndexState {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 4) throw new IndexSnapshotError('saved index: too short');
  const headerLength = buf.readUInt32LE(0);
  if (4 + headerLength > buf.length) throw new IndexSnapshotError('saved index: header past the end');
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8'));
  } catch (err) {
    throw new IndexSnapshotError(`saved index: unreadable header (${(err as Error).message})`);
  }
  const header = Header.safeParse(parsed);
  if (!header.success) throw new IndexSnapshotError(`saved index: ${header.error.issues[0]?.message ?? 'bad header'}`);
  const h = header.data;
  let at = 4 + align4(headerLength);
  // Views where the bytes are 4-byte aligned, else copies: read once, while rebuilding the tables.
  const ints = (n: number): Int32Array => {
    if (at + n * 4 > buf.length) throw new IndexSnapshotError('saved index: arrays past the end');
    const start = buf.byteOffset + at;
    at += n * 4;
    if (start % 4 === 0) return new Int32Array(buf.buffer, start, n);
    const out = new Int32Array(n);
    new Uint8Array(out.buffer).set(buf.subarray(at - n * 4, at));
    return out;
  };
  const uniKeys = ints(h.unigrams);
  const uniRecords = ints(h.unigrams * RECORD);
  const biKeys = ints(h.bigrams);
  const biRecords = ints(h.bigrams * RECORD);
  const chunks = h.pool.chunks.map((length) => {
    if (at + length > buf.length) throw new IndexSnapshotError('saved index: postings past the end');
    // Unless adopted, a copy (one memcpy): the index appends into its chunks, and the caller may hand the same bytes to another.
    const c = adopt ? new Uint8Array(buf.buffer, buf.byteOffset + at, length) : new Uint8Array(buf.subarray(at, at + length));
    at += align4(length);
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
