/**
 * When the schedule fires, in the report's time zone. node-cron's own
 * matcher decides (same semantics as the running task, seconds field
 * included); we only walk the clock.
 */
import cron from 'node-cron';
import { startOfDay, dayInZone } from '../content/timezone.js';

export interface CronMatcher {
  match(date: Date): boolean;
}

export function cronMatcher(expression: string, timeZone: string): CronMatcher {
  const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
  return { match: (d) => task.match(d) };
}

export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

/**
 * The latest scheduled moment of today (in `timeZone`) that is not after
 * `now`, or undefined when today's schedule has not fired yet. Walks back
 * minute by minute, checking each second of a minute only when the minute
 * itself could match, so a day costs at most a few thousand checks.
 */
export function lastRunToday(matcher: CronMatcher, now: Date, timeZone: string): Date | undefined {
  const dayStart = startOfDay(dayInZone(now, timeZone), timeZone).getTime();
  const nowSec = Math.floor(now.getTime() / 1000) * 1000;
  for (let minute = Math.floor(nowSec / 60_000) * 60_000; minute >= dayStart; minute -= 60_000) {
    const lastSecond = Math.min(minute + 59_000, nowSec);
    for (let t = lastSecond; t >= minute; t -= 1000) {
      if (matcher.match(new Date(t))) return new Date(t);
    }
  }
  return undefined;
}
