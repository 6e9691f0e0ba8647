/**
 * A cached report without its text in memory. A warm start of a ten-year
 * archive needs every report's id, date, title and tags (to list days, post,
 * order and fingerprint), but the bodies and topics (~90% of the bytes) only
 * for the few reports a reader opens or a search page shows. So the content
 * cache keeps a small head per file and gives out reports whose `body` and
 * `topics` are read from the full cached row on first use, through a small
 * LRU: the rest of the bot sees an ordinary `Report`.
 *
 * Pure apart from the `load` it is given.
 */
import type { LoadedContent } from '../content/load.js';
import type { Report, Topic } from '../content/report.js';

/** A report as the head row keeps it: everything but the text; dates as ISO strings. */
export type ReportHead = Omit<Report, 'body' | 'topics' | 'publishAt'> & { publishAt: string };

/** What the head row of a file holds: its load, with reports as heads. */
export interface FileHead {
  v: string;
  ino: number;
  reports: ReportHead[];
  problems: LoadedContent['problems'];
  warnings: LoadedContent['warnings'];
  ignored: LoadedContent['ignored'];
}

export function toHead(result: LoadedContent, v: string, ino: number): FileHead {
  const reports = result.reports.map(({ body: _body, topics: _topics, publishAt, ...rest }) => ({ ...rest, publishAt: publishAt.toISOString() }));
  return { v, ino, reports, problems: result.problems, warnings: result.warnings, ignored: result.ignored };
}

/** The text of a report: read when first needed. */
export interface ReportText {
  body: string;
  topics: Topic[];
}

/**
 * A `Report` of `head` whose `body` and `topics` come from `text()` (which
 * caches or throws). Assigning either replaces it with a plain value.
 */
export function lazyReport(head: ReportHead, text: () => ReportText): Report {
  const { publishAt, ...rest } = head;
  const report = { ...rest, publishAt: new Date(publishAt) } as Report;
  for (const key of ['body', 'topics'] as const) {
    Object.defineProperty(report, key, {
      enumerable: true,
      configurable: true,
      get: () => text()[key],
      set: (value: unknown) => Object.defineProperty(report, key, { value, enumerable: true, configurable: true, writable: true }),
    });
  }
  return report;
}

/** Read a lazy report's text now and keep it in the report (a plain report is left as it is). */
export function pinText(report: Report): void {
  for (const key of ['body', 'topics'] as const) {
    if (Object.getOwnPropertyDescriptor(report, key)?.get) (report as unknown as Record<string, unknown>)[key] = report[key];
  }
}

/** The few most recently read texts, by key: a small map kept in use order. */
export class TextLru<T> {
  private readonly items = new Map<string, T>();
  constructor(private readonly capacity: number) {}

  get(key: string, load: () => T): T {
    const hit = this.items.get(key);
    if (hit !== undefined) {
      this.items.delete(key);
      this.items.set(key, hit);
      return hit;
    }
    const value = load();
    this.items.set(key, value);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value!);
    return value;
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}
