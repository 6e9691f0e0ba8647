/**
 * When the schedule fires, in the report's time zone. node-cron's own
 * matcher decides (same semantics as the running task, seconds field
 * included); we only walk the clock.
 */
import cron from 'node-cron';
import { dayInZone, startOfDay } from '../content/timezone.js';

export interface CronMatcher {
  match(date: Date): boolean;
  /** The seconds of a minute at which the expression can fire, descending. */
  seconds: number[];
}

export function cronMatcher(expression: string, timeZone: string): CronMatcher {
  const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
  const seconds = [...cron.parse(expression).second].sort((a, b) => b - a);
  return { match: (d) => task.match(d), seconds };
}

export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

/**
 * The latest scheduled moment of today (in `timeZone`) that is not after
 * `now`, or undefined when today's schedule has not fired yet. Walks back
 * minute by minute, trying only the seconds the expression names.
 */
export function lastRunToday(matcher: CronMatcher, now: Date, timeZone: string): Date | undefined {
  const dayStart = startOfDay(dayInZone(now, timeZone), timeZone).getTime();
  const nowSec = Math.floor(now.getTime() / 1000) * 1000;
  for (let minute = Math.floor(nowSec / 60_000) * 60_000; minute >= dayStart; minute -= 60_000) {
    for (const second of matcher.seconds) {
      const t = minute + second * 1000;
      if (t <= nowSec && matcher.match(new Date(t))) return new Date(t);
    }
  }
  return undefined;
}
