/**
 * The date a reader typed after /date, /topics or /repost: `2026-01-07`
 * (also with `/` or `.`, or `2026年1月7日`), `01-07`, `1/7` or `1月7日`.
 * A date without a year is its most recent occurrence up to today, so in
 * January `12-31` means last December. Full-width digits are folded first.
 */
import { isCalendarDate } from '../content/timezone.js';

/** Longer arguments are refused before any parsing: nobody types a date that long. */
export const MAX_ARG_LENGTH = 200;

export type DateArg = { ok: true; day: string } | { ok: false; error: 'too-long' | 'unreadable' | 'impossible' };

const FULL = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/;
const MONTH_DAY = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/;
/** How far back a year-less date may reach (Feb 29 needs up to 8 years across a century). */
const YEARS_BACK = 8;

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

/** `today` is the current calendar day (`YYYY-MM-DD`) in the configured zone. */
export function parseDateArg(input: string, today: string): DateArg {
  if (input.length > MAX_ARG_LENGTH) return { ok: false, error: 'too-long' };
  const text = input.normalize('NFKC').trim();
  const full = FULL.exec(text);
  if (full) {
    const [y, m, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    return isCalendarDate(y, m, d) ? { ok: true, day: iso(y, m, d) } : { ok: false, error: 'impossible' };
  }
  const short = MONTH_DAY.exec(text);
  if (!short) return { ok: false, error: 'unreadable' };
  const [m, d] = [Number(short[1]), Number(short[2])];
  const thisYear = Number(today.slice(0, 4));
  for (let y = thisYear; y > thisYear - YEARS_BACK; y--) {
    // ISO days compare as strings.
    if (isCalendarDate(y, m, d) && iso(y, m, d) <= today) return { ok: true, day: iso(y, m, d) };
  }
  return { ok: false, error: 'impossible' };
}
