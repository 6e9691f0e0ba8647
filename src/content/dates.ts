/**
 * A report's date, by the first rule that gives one: front matter `date`,
 * a `YYYY-MM-DD` in the file name, a date in the first heading, the file's
 * modification time. A date without a time is a calendar day in the
 * configured zone; a date with a time is an instant.
 */
import type { DateSource } from './report.js';
import { dayInZone, isCalendarDate, startOfDay, zonedTimeToInstant } from './timezone.js';

export interface ResolvedDate {
  date: string;
  publishAt: Date;
  source: DateSource;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function day(year: number, month: number, date: number): string | undefined {
  return isCalendarDate(year, month, date) ? `${year}-${pad(month)}-${pad(date)}` : undefined;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Front matter `date` (a string: the YAML is read without timestamp typing,
 * so `2026-01-07` never becomes UTC midnight). Returns an error sentence
 * when the value is present but is no date.
 */
export function dateFromFrontMatter(value: unknown, timeZone: string): ResolvedDate | { error: string } | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const raw = String(value).trim();
  const only = DATE_ONLY.exec(raw);
  if (only) {
    const d = day(Number(only[1]), Number(only[2]), Number(only[3]));
    if (d) return { date: d, publishAt: startOfDay(d, timeZone), source: 'front-matter' };
  }
  const full = DATE_TIME.exec(raw);
  if (full) {
    const [, y, mo, d, h, mi, s, zone] = full;
    if (day(Number(y), Number(mo), Number(d)) && Number(h) < 24 && Number(mi) < 60) {
      const wall = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s ?? 0) };
      const instant = zone
        ? new Date(
            `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`,
          )
        : zonedTimeToInstant(wall, timeZone);
      if (!Number.isNaN(instant.getTime())) return { date: dayInZone(instant, timeZone), publishAt: instant, source: 'front-matter' };
    }
  }
  return { error: `front matter date "${raw.slice(0, 40)}" is not a date (write YYYY-MM-DD or YYYY-MM-DDTHH:MM)` };
}

/** A `YYYY-MM-DD` anywhere in the file name. */
export function dateFromFileName(fileName: string, timeZone: string): ResolvedDate | undefined {
  const m = /(\d{4})-(\d{2})-(\d{2})/.exec(fileName);
  const d = m && day(Number(m[1]), Number(m[2]), Number(m[3]));
  return d ? { date: d, publishAt: startOfDay(d, timeZone), source: 'file-name' } : undefined;
}

/** A date in the first heading: `2026-01-06`, `2026/1/6`, `2026年1月6日`. */
export function dateFromHeading(heading: string | undefined, timeZone: string): ResolvedDate | undefined {
  const m = heading && /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(heading);
  const d = m && day(Number(m[1]), Number(m[2]), Number(m[3]));
  return d ? { date: d, publishAt: startOfDay(d, timeZone), source: 'heading' } : undefined;
}

export function dateFromModifiedTime(mtime: Date, timeZone: string): ResolvedDate {
  const d = dayInZone(mtime, timeZone);
  return { date: d, publishAt: startOfDay(d, timeZone), source: 'modified-time' };
}
