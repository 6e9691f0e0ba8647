/**
 * Whether a report is written in Chinese, for the few words the bot adds to
 * it (a table card's colon, a digest's title, a category's label). Judged
 * from the text itself: reports carry no language field.
 */

/** Enough text to judge; the rest of a long report says the same. */
const SAMPLE = 2000;

/** Chinese when Han characters are at least half as many as Latin letters (reports mix in English names). */
export function isChineseText(text: string): boolean {
  let han = 0;
  let latin = 0;
  for (const c of text.slice(0, SAMPLE)) {
    if (/\p{Script=Han}/u.test(c)) han++;
    else if (/[A-Za-z]/.test(c)) latin++;
  }
  return han > 0 && han * 2 >= latin;
}
