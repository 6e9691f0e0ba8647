/**
 * A built topic index as bytes, so a restart with unchanged reports takes it
 * over instead of indexing the archive again. Pure: whoever stores it (the
 * SQLite content cache) keeps the bytes under `indexFingerprint(reports)`,
 * and a saved index is used only for exactly the reports it was built from.
 *
 * Layout: a 4-byte length, a JSON header (zod-checked), then the typed
 * arrays it lists, each 4-byte aligned. Corrupt bytes give an error, never
 * a wrong index: the caller then indexes from scratch.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Report } from '../content/report.js';
import type { TopicIndexState } from './topic-index.js';

const VERSION = 1;

const Header = z.object({
  v: z.literal(VERSION),
  docIds: z.array(z.string().nullable()),
  firsts: z.array(z.number().int()),
  topics: z.number().int().min(0),
  pool: z.object({ used: z.number().int().min(0), wasted: z.number().int().min(0), total: z.number().int().min(0), chunks: z.array(z.number().int().min(0)) }),
  unigrams: z.number().int().min(0),
  bigrams: z.object({ ints: z.number().int().min(0), count: z.number().int().min(0) }),
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
  const header = Buffer.from(JSON.stringify({
    v: VERSION,
    docIds: state.docIds,
    firsts: state.firsts,
    topics: state.topics,
    pool: { used: pool.used, wasted: pool.wasted, total: pool.total, chunks: chunks.map((c) => c.length) },
    unigrams: state.grams.unigrams.length,
    bigrams: { ints: state.grams.bigrams.meta.length, count: state.grams.bigrams.count },
  }));
  const parts: Uint8Array[] = [];
  const lead = Buffer.alloc(4);
  lead.writeUInt32LE(header.length);
  parts.push(lead, header, Buffer.alloc(align4(header.length) - header.length));
  const bytes = (a: Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  parts.push(bytes(state.grams.unigrams), bytes(state.grams.bigrams.meta));
  for (const c of chunks) parts.push(c, Buffer.alloc(align4(c.length) - c.length));
  return Buffer.concat(parts);
}

export function decodeIndex(data: Uint8Array): TopicIndexState {
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
  // Copies: the arrays must be aligned and outlive the database row.
  const ints = (n: number): Int32Array => {
    if (at + n * 4 > buf.length) throw new IndexSnapshotError('saved index: arrays past the end');
    const out = new Int32Array(n);
    new Uint8Array(out.buffer).set(buf.subarray(at, at + n * 4));
    at += n * 4;
    return out;
  };
  const unigrams = ints(h.unigrams);
  const bigramMeta = ints(h.bigrams.ints);
  const chunks = h.pool.chunks.map((length) => {
    if (at + length > buf.length) throw new IndexSnapshotError('saved index: postings past the end');
    const c = Uint8Array.from(buf.subarray(at, at + length));
    at += align4(length);
    return c;
  });
  return {
    grams: { pool: { chunks, used: h.pool.used, wasted: h.pool.wasted, total: h.pool.total }, unigrams, bigrams: { meta: bigramMeta, count: h.bigrams.count } },
    docIds: h.docIds,
    firsts: h.firsts,
    topics: h.topics,
  };
}
