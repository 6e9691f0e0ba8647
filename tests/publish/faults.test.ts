/**
 * Posting through random 5xx answers and dropped connections (its own file:
 * auto-retry's fixed 3 s backoff makes it the slowest test, so it runs in
 * parallel with the others).
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL, longReport, partsOf, partTexts, rig, seeded, texts } from './helpers.js';

describe('faults', () => {
  it('completes through random 5xx answers and dropped connections: each part present, in order, at most once repeated', async () => {
    // Seed 59: one 5xx and one drop, apart (auto-retry waits 3 s per fault, doubling when they follow each other).
    const r = await rig({ standin: { faults: { serverErrorRate: 0.2, dropRate: 0.1, random: seeded(59) } } });
    // Also one answer lost after Telegram executed the send: the case that legitimately repeats a part.
    r.s.dropNext('sendMessage', 1, { afterProcessing: true });
    const report = longReport({ sections: 4 });
    const parts = partsOf(report);
    const result = await r.publisher.post(report, parts, CHANNEL);
    expect(result).toMatchObject({ status: 'posted', sent: 4 });

    const seen = texts(r.s);
    const want = partTexts(parts);
    // Collapse immediate repeats: what is left must be exactly the parts, in order.
    const collapsed = seen.filter((t, i) => i === 0 || t !== seen[i - 1]);
    expect(collapsed).toEqual(want);
    for (const t of want) expect(seen.filter((x) => x === t).length).toBeLessThanOrEqual(2);
    expect(seen.length - want.length).toBe(1); // the one lost answer
    const kinds = new Set(r.retries.map((x) => x.reason));
    expect(kinds).toEqual(new Set(['network', '5xx']));
    // The message ids returned are the ones the run kept (the duplicate's twin is the orphan).
    expect(result.messageIds).toHaveLength(4);
  });
});
