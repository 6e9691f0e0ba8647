/**
 * The order of /topic results, shared by the index and the linear scan:
 * title hits, then tag hits, then body hits; within each, newer reports
 * first; within a report, topic order.
 */
import type { Report } from '../content/report.js';

export type MatchField = 'title' | 'tag' | 'body';

export const FIELDS: readonly MatchField[] = ['title', 'tag', 'body'];

/** Newest first: later publish instant, then the reverse of the loader's id order (`byPublishTime` reversed). */
export function newestFirst(a: Report, b: Report): number {
  return b.publishAt.getTime() - a.publishAt.getTime() || b.id.localeCompare(a.id);
}

// A hit as one exact double: field (2 bits) | report rank (26 bits) | topic index (24 bits).
const RANK_UNIT = 2 ** 24;
const FIELD_UNIT = 2 ** 50;
export const MAX_RANK = 2 ** 26;
export const MAX_TOPIC_INDEX = RANK_UNIT;

export function hitKey(field: number, rank: number, topicIndex: number): number {
  return field * FIELD_UNIT + rank * RANK_UNIT + topicIndex;
}

export function unpackHitKey(key: number): { field: number; rank: number; topicIndex: number } {
  const field = Math.floor(key / FIELD_UNIT);
  const rest = key - field * FIELD_UNIT;
  const rank = Math.floor(rest / RANK_UNIT);
  return { field, rank, topicIndex: rest - rank * RANK_UNIT };
}

/**
 * Keys `[offset, offset + limit)` of `keys[0..n)` in ascending order. A small
 * page of many hits keeps a bounded max-heap (n log k) instead of sorting
 * everything; `keys` may be reordered.
 */
export function selectPage(keys: Float64Array, n: number, offset: number, limit: number): Float64Array {
  const k = Math.min(n, offset + limit);
  if (k <= offset) return new Float64Array(0);
  if (k * 4 >= n) return keys.subarray(0, n).sort().slice(offset, k);
  const heap = new Float64Array(k);
  heap.set(keys.subarray(0, k));
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(heap, i, k);
  for (let i = k; i < n; i++) {
    const v = keys[i]!;
    if (v < heap[0]!) {
      heap[0] = v;
      siftDown(heap, 0, k);
    }
  }
  return heap.sort().slice(offset, k);
}

function siftDown(heap: Float64Array, at: number, n: number): void {
  const v = heap[at]!;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= n) break;
    if (child + 1 < n && heap[child + 1]! > heap[child]!) child++;
    if (heap[child]! <= v) break;
    heap[at] = heap[child]!;
    at = child;
  }
  heap[at] = v;
}
