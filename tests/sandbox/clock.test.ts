/** --date: parsing, the shifted clock, and the schedules that do or do not catch up at start. */
import { describe, expect, it } from 'vitest';
import { CATCH_UP_CRON, parseDateFlag, quietCron, shiftedClock } from '../../src/sandbox/clock.js';
import { cronMatcher, lastRunToday } from '../../src/schedule/cron-times.js';

describe('parseDateFlag', () => {
  it('reads a day, or a day and a time', () => {
    expect(parseDateFlag('2026-03-04')).toEqual({ year: 2026, month: 3, day: 4 });
    expect(parseDateFlag('2026-03-04T09:30')).toEqual({ year: 2026, month: 3, day: 4, time: { hour: 9, minute: 30 } });
  });

  it.each(['2026-02-30', 'tomorrow', '2026-3-4', '2026-03-04T25:00'])('refuses %s with a sentence', (bad) => {
    expect(() => parseDateFlag(bad)).toThrow(`--date ${bad} is not a date`);
  });
});

describe('shiftedClock', () => {
  let real = new Date('2026-11-21T00:30:15Z'); // 08:30:15 in Shanghai
  const tick = () => real;

  it('moves to the day in the time zone, keeping the time of day, and runs on', () => {
    const now = shiftedClock(parseDateFlag('2026-03-04'), 'Asia/Shanghai', tick);
    expect(now().toISOString()).toBe('2026-03-04T00:30:15.000Z');
    real = new Date(real.getTime() + 5000);
    expect(now().toISOString()).toBe('2026-03-04T00:30:20.000Z');
  });

  it('uses the time given', () => {
    expect(shiftedClock(parseDateFlag('2026-03-04T18:05'), 'Asia/Shanghai', tick)().toISOString()).toBe('2026-03-04T10:05:00.000Z');
  });

  it('is the real clock without --date', () => {
    expect(shiftedClock(undefined, 'UTC', tick)).toBe(tick);
  });
});

describe('schedules', () => {
  const at = new Date('2026-03-04T00:00:30Z');
  it('CATCH_UP_CRON has always fired today', () => {
    expect(lastRunToday(cronMatcher(CATCH_UP_CRON, 'UTC'), at, 'UTC')).toBeDefined();
  });

  it('quietCron has not fired today, on the sandbox day or the real one', () => {
    const realNow = new Date('2026-11-01T12:00:00Z');
    const cron = quietCron(at, realNow, 'UTC');
    expect(cron).toBe('0 0 3 * *'); // not the 4th (sandbox), the 1st (real) or the 2nd (real tomorrow)
    expect(lastRunToday(cronMatcher(cron, 'UTC'), new Date('2026-03-04T23:59:00Z'), 'UTC')).toBeUndefined();
    expect(lastRunToday(cronMatcher(cron, 'UTC'), new Date('2026-11-01T23:59:00Z'), 'UTC')).toBeUndefined();
  });
});
