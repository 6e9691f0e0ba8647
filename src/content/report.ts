/** What a content file becomes once loaded: everything later stages need, nothing about files. */

export type ReportShape = 'front-matter' | 'markdown' | 'plain-text';

/** Where the report's date came from, in order of preference. */
export type DateSource = 'front-matter' | 'file-name' | 'heading' | 'modified-time';

export interface Topic {
  title: string;
  /** The topic's text as written (Markdown for Markdown reports, plain text otherwise). */
  body: string;
  /** The `##` section it belongs to, when there is one. */
  section?: string;
  /** A newswire item's time stamp (`HH:MM`). */
  time?: string;
}

export interface Report {
  /** Stable id: the file name without its extension. */
  id: string;
  /** File name inside the content folder. */
  file: string;
  shape: ReportShape;
  title: string;
  /** Calendar day in the configured time zone, `YYYY-MM-DD`. */
  date: string;
  /** The instant from which the report counts as published. */
  publishAt: Date;
  dateSource: DateSource;
  draft: boolean;
  tags: string[];
  summary?: string;
  coverImage?: string;
  category?: string;
  /** Every front matter field, including the ones above. */
  meta: Record<string, unknown>;
  /** The text after the front matter, line endings normalised. */
  body: string;
  topics: Topic[];
  /** sha256 of the file's bytes (hex): identifies this version for posting progress. */
  hash: string;
}

/**
 * Why a file could not be loaded, as a machine code: the interface renders it
 * in the reader's language (bot/locales/load-texts.ts); `reason` stays the
 * English sentence for logs and the command line.
 */
export type ProblemCode =
  | 'too-big'
  | 'not-utf8'
  | 'empty'
  | 'no-body'
  | 'yaml'
  | 'front-matter'
  | 'bad-date'
  | 'unreadable'
  | 'permission'
  | 'not-regular'
  | 'outside'
  | 'duplicate-id'
  | 'yaml-alias'
  | 'yaml-depth'
  | 'bad-field'
  | 'too-deep'
  | 'too-many-blocks'
  | 'parse-timeout'
  | 'parse-memory'
  | 'parse-stopped'
  | 'render-timeout'
  | 'render-memory';

/** Values a problem's or warning's text needs (file names, dates, counts, lines). */
export type TextParams = Record<string, string | number>;

/** A file that could not be loaded: named, with one sentence saying why. */
export interface LoadProblem {
  file: string;
  /** English, for logs and the command line. */
  reason: string;
  /** 1-based line in the file, when the problem has one (YAML errors). */
  line?: number;
  code?: ProblemCode;
  params?: TextParams;
}

export type WarningCode =
  | 'no-date'
  | 'date-mismatch'
  | 'dropped-link'
  | 'no-topics'
  | 'control-chars'
  | 'same-day'
  | 'field-dropped'
  | 'cover-refused';

/** A loaded file that needs attention but is usable. */
export interface LoadWarning {
  file: string;
  /** English, for logs and the command line. */
  message: string;
  line?: number;
  code?: WarningCode;
  params?: TextParams;
}

/**
 * True when the schedule may post the report on its own: its date was written
 * by the editors (front matter, file name or title). A file's modification
 * time is only a guess for display; it never sends a report to the channel.
 */
export function hasWrittenDate(report: Report): boolean {
  return report.dateSource !== 'modified-time';
}

export function isPublished(report: Report, now: Date): boolean {
  return publishedFrom(report) <= now.getTime();
}

/** The instant (ms) from which `report` is published; NaN for a draft, which no instant publishes. */
export function publishedFrom(report: Report): number {
  return report.draft ? Number.NaN : report.publishAt.getTime();
}
