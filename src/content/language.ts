/**
 * Whether a report is written in Chinese, for the few words the bot adds to
 * it (a table card's colon, a digest's title, a category's label). Judged
 * from the text itself: reports carry no language field.
 */

/** Enough text to judge; the rest of a long report says the same. */
const SAMPLE = 2000;
/** How many characters pass between two looks at whether the rest could still change the answer. */
const CHECK_EVERY = 128;

interface Tally {
  han: number;
  latin: number;
}

/** The judgement on the counts: Han characters at least half as many as Latin letters. */
function chinese(t: Tally): boolean {
  return t.han > 0 && t.han * 2 >= t.latin;
}

/**
 * Whether `rest` more characters, whatever they are, leave the answer as it
 * is now: all of them Latin cannot outweigh the Han already seen, or all of
 * them Han cannot catch up. Then `chinese(t)` is already the final answer.
 */
function settled(t: Tally, rest: number): boolean {
  return (t.han > 0 && t.han * 2 >= t.latin + rest) || (t.han + rest) * 2 < t.latin;
}

/**
 * Count Han characters (the common CJK blocks) and Latin letters of
 * `text[0, end)` into `t`, `restAfter` more characters to come after it.
 * Returns true when it stopped early because the answer was settled.
 */
function tally(t: Tally, text: string, end: number, restAfter: number): boolean {
  // Code ranges rather than a Unicode-property regex: this runs on every render.
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      // `| 0x20` folds A-Z onto a-z and moves nothing else into a-z.
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) t.latin++;
    } else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) t.han++;
    // A report's language shows early: most of the sample is not read.
    if (i % CHECK_EVERY === CHECK_EVERY - 1 && settled(t, end - i - 1 + restAfter)) return true;
  }
  return false;
}

/** Whether a report is in Chinese: its title and the start of its body. */
export function isChineseReport(report: { title: string; body: string }): boolean {
  // The sample is `${title}\n${body}` cut to SAMPLE characters, counted in
  // place rather than built (the newline counts as neither).
  const t: Tally = { han: 0, latin: 0 };
  const titleEnd = Math.min(report.title.length, SAMPLE);
  const bodyEnd = Math.max(0, Math.min(report.body.length, SAMPLE - titleEnd - 1));
  if (!tally(t, report.title, titleEnd, bodyEnd)) tally(t, report.body, bodyEnd, 0);
  return chinese(t);
}

/** Chinese when Han characters (the common CJK blocks) are at least half as many as Latin letters (reports mix in English names). */
export function isChineseText(text: string): boolean {
  const t: Tally = { han: 0, latin: 0 };
  tally(t, text, Math.min(text.length, SAMPLE), 0);
  return chinese(t);
}
