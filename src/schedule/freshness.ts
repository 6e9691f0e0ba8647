/**
 * Which reports the schedule may post on its own. A channel post cannot be
 * taken back, so only fresh reports qualify: one dated today (in the
 * report's zone), or one whose posting time passed less than the catch-up
 * window ago (the bot was down then). A report whose date was not written by
 * the editors (only the file's modification time) never qualifies. A report
 * is posted at its posting time, not before. Pure.
 */
import { hasWrittenDate, isPublished, type Report } from '../content/report.js';
import { dayInZone, startOfDay } from '../content/timezone.js';
import type { CronMatcher } from './cron-times.js';

export interface FreshnessRules {
  matcher: CronMatcher;
  timeZone: string;
  /** How long after its posting time a missed report is still posted. */
  catchUpMs: number;
}

/** Ticks fire a moment late; a report due exactly one window earlier still counts. */
const TICK_GRACE_MS = 60_000;

/**
 * The report's posting time: the first scheduled moment on its day at or
 * after it is published; its publish instant when the schedule does not fire
 * that day (a weekday-only cron and a Sunday report).
 */
export function dueAt(report: Report, rules: FreshnessRules): Date {
  const from = report.publishAt.getTime();
  const end = startOfDay(report.date, rules.timeZone).getTime() + 86_400_000 + 3_600_000; // a DST day can have 25 hours
  const seconds = [...rules.matcher.seconds].reverse();
  for (let minute = Math.floor(from / 60_000) * 60_000; minute < end; minute += 60_000) {
    for (const second of seconds) {
      const t = minute + second * 1000;
      if (t >= from && dayInZone(new Date(t), rules.timeZone) === report.date && rules.matcher.match(new Date(t))) return new Date(t);
    }
  }
  return report.publishAt;
}

/** 'not-due': published, but its posting time today has not come yet (the tick posts it). */
export type Freshness = 'fresh' | 'not-due' | 'stale' | 'undated' | 'unpublished';

export function freshness(report: Report, now: Date, rules: FreshnessRules): Freshness {
  if (!isPublished(report, now)) return 'unpublished';
  if (!hasWrittenDate(report)) return 'undated';
  const late = now.getTime() - dueAt(report, rules).getTime();
  if (late < 0) return 'not-due';
  return late <= rules.catchUpMs + TICK_GRACE_MS || report.date === dayInZone(now, rules.timeZone) ? 'fresh' : 'stale';
}

/**
 * The reports a run may post, in posting order: publish time, then file
 * name (several reports on one day go out in that order). Only reports of
 * the last few days are examined, so a large archive costs nothing.
 */
export function freshReports(published: Report[], now: Date, rules: FreshnessRules): Report[] {
  const oldest = dayInZone(new Date(now.getTime() - rules.catchUpMs - 2 * 86_400_000), rules.timeZone);
  return published
    .filter((r) => r.date >= oldest && freshness(r, now, rules) === 'fresh')
    .sort((a, b) => a.publishAt.getTime() - b.publishAt.getTime() || a.id.localeCompare(b.id));
}
