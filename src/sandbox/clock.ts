/**
 * The sandbox's sense of time: `--date` moves the clock to another day in the
 * report time zone (keeping the time of day, or the time given) and lets it
 * run from there, so "today", "published" and the catch-up all behave as
 * they would on that day. Also the schedules that make the catch-up post at
 * start, or not.
 */

import { dayInZone, isCalendarDate, wallClock, zonedTimeToInstant } from '../content/timezone.js';
import { UserError } from '../util/user-error.js';

export interface DateFlag {
  year: number;
  month: number;
  day: number;
  /** Present when the flag named a time (`2026-03-04T09:30`). */
  time?: { hour: number; minute: number };
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; throws a UserError naming the flag otherwise. */
export function parseDateFlag(value: string): DateFlag {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(value.trim());
  const [year, month, day, hour, minute] = (m ?? []).slice(1).map((x) => (x === undefined ? undefined : Number(x)));
  if (!m || !isCalendarDate(year!, month!, day!) || (hour !== undefined && (hour > 23 || minute! > 59))) {
    throw new UserError(`--date ${value} is not a date: use YYYY-MM-DD (or YYYY-MM-DDTHH:MM for a time of day).`, 2);
  }
  return { year: year!, month: month!, day: day!, ...(hour !== undefined ? { time: { hour, minute: minute! } } : {}) };
}

/**
 * A clock that reads `date` (in `timeZone`) now and runs at the real pace.
 * Without a time in the flag, the time of day is the real one.
 */
export function shiftedClock(date: DateFlag | undefined, timeZone: string, real: () => Date): () => Date {
  if (!date) return real;
  const start = real();
  const w = wallClock(start, timeZone);
  const target = zonedTimeToInstant(
    {
      year: date.year,
      month: date.month,
      day: date.day,
      hour: date.time?.hour ?? w.hour,
      minute: date.time?.minute ?? w.minute,
      second: date.time ? 0 : w.second,
    },
    timeZone,
  );
  const offset = target.getTime() - start.getTime();
  return () => new Date(real().getTime() + offset);
}

/** Fires at midnight: whatever the clock says, today's run has passed, so the scheduler catches up at start. */
export const CATCH_UP_CRON = '0 0 * * *';

/**
 * A schedule that has not fired today and will not fire during a session:
 * midnight on a day of the month that is neither the sandbox's day nor the
 * real one nor the real tomorrow. The scheduler still runs (as in
 * production); it just has nothing to catch up on.
 */
export function quietCron(sandboxNow: Date, realNow: Date, timeZone: string): string {
  const dayOf = (d: Date): number => Number(dayInZone(d, timeZone).slice(8));
  const busy = new Set([dayOf(sandboxNow), dayOf(realNow), dayOf(new Date(realNow.getTime() + 86_400_000))]);
  let day = 1;
  while (busy.has(day)) day++;
  return `0 0 ${day} * *`;
}
