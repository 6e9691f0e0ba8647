import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/alerts/limiter.js';

function fakeClock() {
  const c = { t: 0, slept: [] as number[] };
  return {
    c,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  };
}

describe('createLimiter', () => {
  it('spaces sends evenly under the global rate', async () => {
    const { c, now, sleep } = fakeClock();
    const limiter = createLimiter({ globalPerSecond: 25, perChatIntervalMs: 1000, now, sleep });
    const times: number[] = [];
    for (let chat = 1; chat <= 60; chat++) {
      await limiter.take(chat);
      times.push(c.t);
    }
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeCloseTo(40, 5);
    // Never more than 25 in any second.
    for (const t of times) expect(times.filter((x) => x >= t && x < t + 1000).length).toBeLessThanOrEqual(25);
  });

  it('keeps one chat at least the interval apart, without slowing the others beyond the rate', async () => {
    const { c, now, sleep } = fakeClock();
    const limiter = createLimiter({ globalPerSecond: 100, perChatIntervalMs: 1000, now, sleep });
    const at: Array<[number, number]> = [];
    for (const chat of [1, 2, 3, 1, 4, 1]) {
      await limiter.take(chat);
      at.push([chat, c.t]);
    }
    const ones = at.filter(([chat]) => chat === 1).map(([, t]) => t);
    expect(ones).toEqual([0, 1000, 2000]);
  });

  it('refuses nonsense settings', () => {
    expect(() => createLimiter({ globalPerSecond: 0 })).toThrow(RangeError);
    expect(() => createLimiter({ perChatIntervalMs: -1 })).toThrow(RangeError);
  });
});
