/**
 * Which reports the schedule may post on its own. A channel post cannot be
 * taken back, so only fresh reports qualify: one dated today (in the
 * report's zone), or one whose posting time passed less than the catch-up
 * window ago (the bot was down then). A report whose date was not written by
 * the editors (only the file's modification time) never qualifies. A report
 * is posted at its posting time, not before. Pure.
 */
import { hasWrittenDate, isPublished, type Report } from '../content/report.js';
import { dayInZone } from '../content/timezone.js';
import type { CronMatcher } from './cron-times.js';

export interface FreshnessRules {
  matcher: CronMatcher;
  timeZone: string;
  /** How long after its posting time a missed report is still posted. */
  catchUpMs: number;
}

/** Ticks fire a moment late; a report due exactly one window earlier still counts. */
const TICK_GRACE_MS = 60_000;
/** How far past its publish instant a report's posting time is looked for (a weekly schedule still finds one). */
const DUE_SEARCH_MS = 8 * 86_400_000;

/**
 * The report's posting time: the first scheduled moment at or after it is
 * published (a report published at 09:00 under an 08:00 schedule is due the
 * next morning; a Sunday report under a weekday schedule on Monday).
 * Undefined when the schedule does not fire within eight days.
 */
export function dueAt(report: Report, rules: FreshnessRules): Date | undefined {
  const from = report.publishAt.getTime();
  const seconds = [...rules.matcher.seconds].reverse();
  for (let minute = Math.floor(from / 60_000) * 60_000; minute < from + DUE_SEARCH_MS; minute += 60_000) {
    for (const second of seconds) {
      const t = minute + second * 1000;
      if (t >= from && rules.matcher.match(new Date(t))) return new Date(t);
    }
  }
  return undefined;
}

/** 'not-due': published, but its posting time has not come yet (the tick posts it). */
export type Freshness = 'fresh' | 'not-due' | 'stale' | 'undated' | 'unpublished';

export function freshness(report: Report, now: Date, rules: FreshnessRules): Freshness {
  if (!isPublished(report, now)) return 'unpublished';
  if (!hasWrittenDate(report)) return 'undated';
  // Far older than any posting time plus the window: no need to walk the schedule.
  if (now.getTime() - report.publishAt.getTime() > DUE_SEARCH_MS + rules.catchUpMs + TICK_GRACE_MS) return 'stale';
  const due = dueAt(report, rules);
  if (!due || due.getTime() > now.getTime()) return 'not-due';
  const late = now.getTime() - due.getTime();
  return late <= rules.catchUpMs + TICK_GRACE_MS || report.date === dayInZone(now, rules.timeZone) ? 'fresh' : 'stale';
}

/**
 * The reports a run may post, in posting order: publish time, then file
 * name (several reports on one day go out in that order). Only reports of
 * the last few days are examined, so a large archive costs nothing.
 */
export function freshReports(published: Report[], now: Date, rules: FreshnessRules): Report[] {
  const oldest = dayInZone(new Date(now.getTime() - rules.catchUpMs - DUE_SEARCH_MS - 86_400_000), rules.timeZone);
  return published
    .filter((r) => r.date >= oldest && freshness(r, now, rules) === 'fresh')
    .sort((a, b) => a.publishAt.getTime() - b.publishAt.getTime() || a.id.localeCompare(b.id));
}
