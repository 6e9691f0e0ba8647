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
