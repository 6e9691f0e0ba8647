/** Timing and memory helpers for the search benchmark. */

export function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

/** Run `fn`, returning its result and the milliseconds it took. */
export function timed<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const out = fn();
  return [out, ms(start)];
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface Memory {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
}

/** Memory after a full collection (when `--expose-gc` gave us `gc`), in MB. */
export function settledMemory(): Memory {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss / 1048576, heapUsed: m.heapUsed / 1048576, arrayBuffers: m.arrayBuffers / 1048576 };
}

export const fmt = (n: number, digits = 2): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Untimed rounds of the query mix before the timed ones. A fresh process's first calls run
 * before V8 has optimised the search code: with one warm-up call per query, the slowest samples
 * (3-14 ms, with the compiler threads busy: CPU time twice the wall time) all fell in the first
 * two timed rounds (measured on F); after three rounds the slowest of 720 was 1.3 ms. What the
 * first round costs is still reported, on its own (`firstRoundMax`).
 */
export const WARM_ROUNDS = 3;

/**
 * Per-call times (ms) of `fn` for each of `queries` over `rounds` timed rounds, after
 * `WARM_ROUNDS` rounds; the first of those is timed too, and its slowest call returned.
 */
export function timeQueries(queries: string[], rounds: number, fn: (q: string) => unknown): { times: number[][]; firstRoundMax: number } {
  let firstRoundMax = 0;
  for (const q of queries) {
    const start = process.hrtime.bigint();
    fn(q);
    firstRoundMax = Math.max(firstRoundMax, ms(start));
  }
  for (let r = 1; r < WARM_ROUNDS; r++) for (const q of queries) fn(q);
  const times = queries.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    queries.forEach((q, i) => {
      const start = process.hrtime.bigint();
      fn(q);
      times[i]!.push(ms(start));
    });
  }
  return { times, firstRoundMax };
}
