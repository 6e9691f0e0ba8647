/**
 * Whether a report is written in Chinese, for the few words the bot adds to
 * it (a table card's colon, a digest's title, a category's label). Judged
 * from the text itself: reports carry no language field.
 */

/** Enough text to judge; the rest of a long report says the same. */
const SAMPLE = 2000;

/** Whether a report is in Chinese: its title and the start of its body. */
export function isChineseReport(report: { title: string; body: string }): boolean {
  return isChineseText(`${report.title}\n${report.body.slice(0, SAMPLE)}`);
}

/** Chinese when Han characters (the common CJK blocks) are at least half as many as Latin letters (reports mix in English names). */
export function isChineseText(text: string): boolean {
  let han = 0;
  let latin = 0;
  const end = Math.min(text.length, SAMPLE);
  // Code ranges rather than a Unicode-property regex: this runs on every render.
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) han++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return han > 0 && han * 2 >= latin;
}
