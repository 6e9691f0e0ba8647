/**
 * The table of contents a long report's opening message gets once it is
 * posted (publish/toc.ts adds it, with links to the channel messages). It is
 * decided here because the splitter keeps room for it in the first message.
 */
import { isChineseReport } from '../content/language.js';
import type { Report } from '../content/report.js';
import { clipAtBoundary } from '../util/line-break.js';
import type { HeadingMark } from './doc-builder.js';

/** Reports of fewer messages get no table of contents. */
export const TOC_MIN_PARTS = 3;
/** The table's heading, in the report's language (not the reader's: the table is part of the post). */
export const TOC_LABELS = { zh: '目录', en: 'Contents' } as const;

export function tocLabelOf(report: { title: string; body: string }): string {
  return tocLabel(isChineseReport(report));
}

/** The table's heading for a report already judged Chinese or not. */
export function tocLabel(chinese: boolean): string {
  return chinese ? TOC_LABELS.zh : TOC_LABELS.en;
}
const ENTRY_MAX_CHARS = 48;
/** The most of a first message kept free for the table: the rest of it is the report. */
export const TOC_MAX_RESERVE = 1024;

/** An entry's title: at most 48 graphemes, cut between words or at a clause mark, never inside a word. */
export function clipTocTitle(title: string): string {
  return clipAtBoundary(title.replace(/\s+/g, ' ').trim(), ENTRY_MAX_CHARS);
}

/** What the table lists: the sections (headings of level 1–2 other than the report's title), else the topics. */
export function tocTitles(report: Report, headings: HeadingMark[]): string[] {
  let titleSeen = false;
  const sections = headings.filter((h) => {
    if (h.level > 2) return false;
    if (h.level === 1 && !titleSeen && h.title === report.title) {
      titleSeen = true;
      return false;
    }
    return true;
  });
  return sections.length > 0 ? sections.map((h) => h.title) : report.topics.map((t) => t.title);
}

/** Text units and entities the whole table takes: `\n\n<b>label</b>` then a `\n• <a>title</a>` line per entry. */
export function tocSize(titles: string[], label: string): { length: number; entities: number } {
  const lines = titles.reduce((n, t) => n + '\n• '.length + clipTocTitle(t).length, 0);
  return { length: '\n\n'.length + label.length + lines + '\n…'.length, entities: 1 + titles.length };
}
