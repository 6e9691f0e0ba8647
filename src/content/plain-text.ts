/**
 * Plain-text reports: one paragraph per line, no Markdown. Editors write a
 * short title line followed by its body line; we tell them apart by length
 * because the titles carry no marker (some end in "?" or "!" like sentences).
 */
import { isChineseText } from './language.js';

export interface PlainLine {
  kind: 'title' | 'body';
  text: string;
}

/** A title is short and followed by a longer line. */
const TITLE_MAX = 80;

export function classifyPlainLines(text: string): PlainLine[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const out: PlainLine[] = [];
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    const afterTitle = out[i - 1]?.kind === 'title';
    const isTitle = !afterTitle && line.length <= TITLE_MAX && next !== undefined && next.length > line.length;
    out.push({ kind: isTitle ? 'title' : 'body', text: line });
  });
  return out;
}

/**
 * A plain-text report's title. A digest of several articles (each a title
 * line and its body) is named for the whole report, in its language, not for
 * its first article, whose title stays as the first topic's heading. A
 * single article, or text without title lines, is named by its first line.
 * The date is not part of it: the date line and /archive show the date.
 */
export function plainTextTitle(body: string): string | undefined {
  const lines = classifyPlainLines(body);
  const articles = lines.filter((l) => l.kind === 'title').length;
  if (articles < 2) return lines[0]?.text;
  return isChineseText(body) ? `文章摘要（${articles} 篇）` : `Digest of ${articles} articles`;
}
