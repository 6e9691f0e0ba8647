/**
 * The content folder -> reports, problems and warnings. A broken file is
 * reported by name and skipped; it never stops the others.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import type { MarkdownIt } from 'markdown-it';
import { mapLimited } from '../util/map-limited.js';
import { stripControlChars } from './control-chars.js';
import { bodyFirstLine, dateMismatch, droppedLinks, noTopics } from './editor-checks.js';
import { classifyName, type IgnoredFile } from './file-kinds.js';
import { createMarkdown, createOutlineMarkdown } from './markdown.js';
import { DEFAULT_MAX_BYTES, type ParseResult, parseReport } from './parse-report.js';
import { readConfined, unchangedSince } from './read-confined.js';
import { hasWrittenDate, type LoadProblem, type LoadWarning, type ProblemCode, type Report, type TextParams } from './report.js';

export interface LoadOptions {
  timeZone: string;
  maxBytes?: number;
  md?: MarkdownIt;
  /** Block-only parser for titles and topics (see createOutlineMarkdown). */
  outline?: MarkdownIt;
  /**
   * Results of earlier loads by file name: a file whose size and modification
   * time are unchanged is not read or parsed again (rescans of a large archive
   * cost one stat per file). A `Map` will do; `store/content-cache.ts` also
   * keeps it in SQLite so a restart does not reparse the archive.
   */
  cache?: ContentCache;
  /** Parses off the main thread with a deadline (library/parse-pool.ts); default: parseReport here. */
  parser?: ReportParser;
  /** How one file is read, confined to the folder (default `readConfined`; tests count the calls). */
  read?: typeof readConfined;
}

/** The signature of parseReport, off the main thread (library/parse-pool.ts gives one). */
export type ReportParser = (
  file: string,
  bytes: Uint8Array,
  mtime: Date,
  opts: { timeZone: string; maxBytes: number },
) => Promise<ParseResult>;

/** Where loads are remembered, by file name. */
export interface ContentCache {
  get(file: string): CachedFile | undefined;
  set(file: string, entry: CachedFile): void;
  delete(file: string): void;
  keys(): Iterable<string>;
}

export interface CachedFile {
  size: number;
  mtimeMs: number;
  ino: number;
  /** The file's change time (see FileStamp in read-confined.ts); absent in older cache rows. */
  ctimeMs?: number | undefined;
  result: LoadedContent;
}

export interface LoadedContent {
  /** Oldest first (by publish instant, then id). */
  reports: Report[];
  problems: LoadProblem[];
  warnings: LoadWarning[];
  /** Names that are not reports (hidden, backups, README, folders, other types): skipped without complaint. */
  ignored: IgnoredFile[];
}

function describeIoError(err: unknown): { code: ProblemCode; reason: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return { code: 'permission', reason: 'the file cannot be read (permission denied)' };
  if (code === 'ELOOP')
    return { code: 'outside', reason: 'it is a link that leads outside the content folder; only files inside the folder are read' };
  return { code: 'unreadable', reason: `the file cannot be read (${code ?? (err as Error).message})` };
}

export function byPublishTime(a: Report, b: Report): number {
  return a.publishAt.getTime() - b.publishAt.getTime() || a.id.localeCompare(b.id);
}

/** A fresh result each time: results are cached and merged, never shared. */
const empty = (): LoadedContent => ({ reports: [], problems: [], warnings: [], ignored: [] });

function refused(file: string, code: ProblemCode, reason: string, params?: TextParams): LoadedContent {
  return { ...empty(), problems: [{ file, reason, code, ...(params ? { params } : {}) }] };
}

/** The real path of the content folder (symlinks in CONTENT_DIR itself are the operator's choice). */
async function realFolder(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `content folder ${dir} does not exist` : `content folder ${dir} cannot be read (${code})`);
  }
}

/**
 * Load one file of the content folder, confined to it (see read-confined.ts).
 * `realDir` is the folder's real path when the caller knows it.
 */
export async function loadReportFile(
  dir: string,
  file: string,
  opts: LoadOptions & { md: MarkdownIt; realDir?: string },
): Promise<LoadedContent> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const cached = opts.cache?.get(file);
  try {
    const realDir = opts.realDir ?? (await realFolder(dir));
    const read = await (opts.read ?? readConfined)(dir, file, { realDir, maxBytes, ...(cached ? { previous: cached } : {}) });
    if (read.kind === 'unchanged' && cached) return cached.result;
    if (read.kind === 'folder') return { ...empty(), ignored: [{ file, why: 'folder' }] };
    if (read.kind === 'refused') {
      opts.cache?.delete(file);
      return refused(file, read.code, read.reason, read.params);
    }
    if (read.kind !== 'file') return empty();
    const result =
      read.bytes.length > maxBytes
        ? refused(file, 'too-big', `the file is over the ${(maxBytes / 1048576).toFixed(1)} MB limit for a report`, {
            limitMb: (maxBytes / 1048576).toFixed(1),
          })
        : await parseFile(file, read.bytes, read.mtime, maxBytes, opts);
    // A parse cut short (deadline, memory, shutdown) says nothing lasting about the file: try it again next scan.
    if (!result.problems.some((p) => p.code !== undefined && CUT_SHORT.has(p.code)))
      opts.cache?.set(file, { size: read.size, mtimeMs: read.mtimeMs, ino: read.ino, ctimeMs: read.ctimeMs, result });
    else opts.cache?.delete(file);
    return result;
  } catch (err) {
    opts.cache?.delete(file);
    const why = describeIoError(err);
    return refused(file, why.code, why.reason);
  }
}

async function parseFile(
  file: string,
  bytes: Buffer,
  mtime: Date,
  maxBytes: number,
  opts: LoadOptions & { md: MarkdownIt },
): Promise<LoadedContent> {
  const parsed = opts.parser
    ? await opts.parser(file, bytes, mtime, { timeZone: opts.timeZone, maxBytes })
    : parseReport(file, bytes, mtime, {
        timeZone: opts.timeZone,
        md: opts.md,
        maxBytes,
        ...(opts.outline ? { outline: opts.outline } : {}),
      });
  if (!parsed.ok) return { ...empty(), problems: [parsed.problem] };
  const report = parsed.report;
  // The body starts after the front matter, near the top: decoding the head is enough to find its line
  // (only for a file with a dropped link: the others need no line, and the decoding cost ~8% of a cold start).
  const bodyStart = (): number =>
    bodyFirstLine(stripControlChars(lenientUtf8.decode(bytes.subarray(0, HEAD_BYTES)).replace(/\r\n?/g, '\n')).text, report.body);
  const extra = [dateMismatch(report, opts.timeZone), ...droppedLinks(report, bodyStart), noTopics(report)];
  return { ...empty(), reports: [report], warnings: [...parsed.warnings, ...extra.filter((w): w is LoadWarning => w !== undefined)] };
}

const lenientUtf8 = new TextDecoder('utf-8');
const CUT_SHORT = new Set<ProblemCode>(['parse-timeout', 'parse-memory', 'parse-stopped']);
const HEAD_BYTES = 64 * 1024;

/** Files read at once: parsing is synchronous, so this only overlaps the reads with it. */
const READ_CONCURRENCY = 16;

/**
 * Every report file in `dir` (see file-kinds.ts); other names are listed as
 * ignored. Reports sharing a calendar day are all kept, each with a warning.
 */
export async function loadContent(dir: string, opts: LoadOptions): Promise<LoadedContent> {
  const md = opts.md ?? createMarkdown();
  const outline = opts.outline ?? createOutlineMarkdown();
  const realDir = await realFolder(dir);
  let all: Dirent[];
  try {
    all = (await readdir(realDir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `content folder ${dir} does not exist` : `content folder ${dir} cannot be read (${code})`);
  }
  const out: LoadedContent = { reports: [], problems: [], warnings: [], ignored: [] };
  const names: string[] = [];
  /** Names the folder listing says are regular files (not links): only those can skip the confined read. */
  const regular = new Set<string>();
  for (const entry of all) {
    const kind = classifyName(entry.name);
    if (kind !== 'hidden' && entry.isDirectory()) out.ignored.push({ file: entry.name, why: 'folder' });
    else if (kind === 'report') {
      names.push(entry.name);
      if (entry.isFile()) regular.add(entry.name);
    } else out.ignored.push({ file: entry.name, why: kind });
  }
  const seen = new Map<string, string>();
  // Forget files that are gone, so the cache never outgrows the folder.
  if (opts.cache) {
    const present = new Set(names);
    for (const name of [...opts.cache.keys()]) if (!present.has(name)) opts.cache.delete(name);
  }
  // A warm start: a file that is a regular file in the folder with the stamp of its cached load is taken
  // from the cache after one lstat, without opening it; only new and changed files (and anything that is
  // not a plain file: links, pipes, devices) go through the confined read.
  const results: Array<LoadedContent | undefined> = names.map((name) => {
    const cached = opts.cache?.get(name);
    return cached && regular.has(name) && unchangedSince(realDir, name, cached) ? cached.result : undefined;
  });
  const toRead: number[] = [];
  for (let i = 0; i < names.length; i++) if (results[i] === undefined) toRead.push(i);
  const read = await mapLimited(toRead, READ_CONCURRENCY, (i) => loadReportFile(realDir, names[i]!, { ...opts, md, outline, realDir }));
  toRead.forEach((i, k) => {
    results[i] = read[k];
  });
  names.forEach((name, i) => {
    const one = results[i]!;
    for (const r of one.reports) {
      const other = seen.get(r.id);
      if (other) {
        out.problems.push({
          file: name,
          code: 'duplicate-id',
          params: { id: r.id, other },
          reason: `its id "${r.id}" is already used by ${other} (rename one of them)`,
        });
        continue;
      }
      seen.set(r.id, name);
      out.reports.push(r);
    }
    out.problems.push(...one.problems);
    out.warnings.push(...one.warnings);
    out.ignored.push(...one.ignored);
  });
  out.reports.sort(byPublishTime);
  out.warnings.push(...sameDayWarnings(out.reports));
  return out;
}

/** Several reports on one day are all posted (by publish time, then file name); an editor should know, in case one was a mistake. */
function sameDayWarnings(reports: Report[]): LoadWarning[] {
  const byDay = new Map<string, Report[]>();
  for (const r of reports) {
    if (r.draft || !hasWrittenDate(r)) continue; // an undated report's day is only a guess
    byDay.set(r.date, [...(byDay.get(r.date) ?? []), r]);
  }
  const out: LoadWarning[] = [];
  for (const [day, list] of byDay) {
    if (list.length < 2) continue;
    const files = list.map((r) => r.file).join(', ');
    for (const r of list.slice(1)) {
      out.push({
        file: r.file,
        code: 'same-day',
        params: { date: day, files, count: list.length },
        message: `${list.length} reports share the day ${day} (${files}); each is posted, in this order, unless one is a mistake`,
      });
    }
  }
  return out;
}
