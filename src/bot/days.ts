/** Calendar questions the features ask of the library, answered for published reports only. */

import type { Report } from '../content/report.js';
import { dayInZone, wallClock } from '../content/timezone.js';
import type { Library } from '../library/library.js';

/** One calendar day with published reports, newest report first. */
export interface ReportDay {
  day: string;
  reports: Report[];
}

/** Days with published reports, newest first. */
export function publishedDays(library: Library, now: Date): ReportDay[] {
  const days: ReportDay[] = [];
  for (const report of library.published(now)) {
    const last = days[days.length - 1];
    if (last?.day === report.date) last.reports.push(report);
    else days.push({ day: report.date, reports: [report] });
  }
  return days;
}

/** The closest days before and after `day` that have published reports. */
export function nearestDays(library: Library, now: Date, day: string): { before?: string; after?: string } {
  const days = publishedDays(library, now).map((d) => d.day);
  const before = days.find((d) => d < day);
  const after = days.filter((d) => d > day).at(-1);
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/** `YYYY-MM-DD HH:MM` on the wall clock of `timeZone`. */
export function formatInstant(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${dayInZone(instant, timeZone)} ${p(w.hour)}:${p(w.minute)}`;
}
