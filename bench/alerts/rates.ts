/** What the stand-in saw, judged against Telegram's bulk limits. */
import type { CallRecord } from '../../src/standin/server.js';

/** Most sends in any window of `windowMs` (sliding). */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Smallest gap between two sends to one chat, in ms (Infinity when no chat got two). */
export function minPerChatGap(calls: CallRecord[]): number {
  const last = new Map<string, number>();
  let min = Infinity;
  for (const c of [...calls].sort((a, b) => a.at - b.at)) {
    const chat = String(c.payload.chat_id);
    const prev = last.get(chat);
    if (prev !== undefined) min = Math.min(min, c.at - prev);
    last.set(chat, c.at);
  }
  return min;
}

export const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
