/** What the main thread and an index worker (index-worker.ts) say to each other. */
import type { GramState } from '../search/gram-index.js';

export type IndexRequest =
  /** Index `texts` (raw topic titles and bodies) as units `base`, `base + 1`, ... */
  | { kind: 'texts'; base: number; texts: string[] }
  /** Append the lists of a part built on another worker, of units above these. */
  | { kind: 'append'; state: GramState }
  /** Send the lists built. */
  | { kind: 'done' };

export type IndexReply = { kind: 'state'; state: GramState } | { kind: 'failed'; reason: string };

/** The buffers of `state`, to transfer instead of copying them (tens of MB). */
export function gramBuffers(state: GramState): ArrayBuffer[] {
  const buffers = [...state.pool.chunks.map((c) => c.buffer), state.unigrams.buffer, state.bigrams.meta.buffer];
  return buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
