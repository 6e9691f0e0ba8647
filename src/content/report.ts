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

/** A file that could not be loaded: named, with one sentence saying why. */
export interface LoadProblem {
  file: string;
  reason: string;
  /** 1-based line in the file, when the problem has one (YAML errors). */
  line?: number;
}

/** A loaded file that needs attention but is usable. */
export interface LoadWarning {
  file: string;
  message: string;
}

export function isPublished(report: Report, now: Date): boolean {
  return !report.draft && report.publishAt.getTime() <= now.getTime();
}
