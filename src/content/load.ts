/**
 * The content folder -> reports, problems and warnings. A broken file is
 * reported by name and skipped; it never stops the others.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { createMarkdown, createOutlineMarkdown } from './markdown.js';
import { DEFAULT_MAX_BYTES, parseReport } from './parse-report.js';
import type { LoadProblem, LoadWarning, Report } from './report.js';
import { mapLimited } from '../util/map-limited.js';

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
}

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
  result: LoadedContent;
}

export interface LoadedContent {
  /** Oldest first (by publish instant, then id). */
  reports: Report[];
  problems: LoadProblem[];
  warnings: LoadWarning[];
}

function describeIoError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'the file cannot be read (permission denied)';
  if (code === 'EISDIR') return 'this is a folder, not a report file';
  return `the file cannot be read (${code ?? (err as Error).message})`;
}

export function byPublishTime(a: Report, b: Report): number {
  return a.publishAt.getTime() - b.publishAt.getTime() || a.id.localeCompare(b.id);
}

/** Load one file of the content folder. */
export async function loadReportFile(dir: string, file: string, opts: LoadOptions & { md: MarkdownIt }): Promise<LoadedContent> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const path = join(dir, file);
  try {
    const info = await stat(path);
    if (!info.isFile()) return { reports: [], problems: [{ file, reason: 'this is not a regular file' }], warnings: [] };
    const cached = opts.cache?.get(file);
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached.result;
    const result = await parseFile(file, path, info, maxBytes, opts);
    opts.cache?.set(file, { size: info.size, mtimeMs: info.mtimeMs, result });
    return result;
  } catch (err) {
    opts.cache?.delete(file);
    return { reports: [], problems: [{ file, reason: describeIoError(err) }], warnings: [] };
  }
}

async function parseFile(
  file: string,
  path: string,
  info: { size: number; mtime: Date },
  maxBytes: number,
  opts: LoadOptions & { md: MarkdownIt },
): Promise<LoadedContent> {
  // Refuse enormous files before reading them into memory.
  if (info.size > maxBytes) {
    return { reports: [], problems: [{ file, reason: `the file is ${(info.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(1)} MB limit for a report` }], warnings: [] };
  }
  const parsed = parseReport(file, await readFile(path), info.mtime, {
    timeZone: opts.timeZone,
    md: opts.md,
    maxBytes,
    ...(opts.outline ? { outline: opts.outline } : {}),
  });
  return parsed.ok
    ? { reports: [parsed.report], problems: [], warnings: parsed.warnings }
    : { reports: [], problems: [parsed.problem], warnings: [] };
}

/** Files read at once: parsing is synchronous, so this only overlaps the reads with it. */
const READ_CONCURRENCY = 16;

/** Every visible file in `dir` is a report. */
export async function loadContent(dir: string, opts: LoadOptions): Promise<LoadedContent> {
  const md = opts.md ?? createMarkdown();
  const outline = opts.outline ?? createOutlineMarkdown();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `content folder ${dir} does not exist` : `content folder ${dir} cannot be read (${code})`);
  }
  const out: LoadedContent = { reports: [], problems: [], warnings: [] };
  const seen = new Map<string, string>();
  // Forget files that are gone, so the cache never outgrows the folder.
  if (opts.cache) {
    const present = new Set(names);
    for (const name of [...opts.cache.keys()]) if (!present.has(name)) opts.cache.delete(name);
  }
  const results = await mapLimited(names, READ_CONCURRENCY, (name) => loadReportFile(dir, name, { ...opts, md, outline }));
  names.forEach((name, i) => {
    const one = results[i]!;
    for (const r of one.reports) {
      const other = seen.get(r.id);
      if (other) {
        out.problems.push({ file: name, reason: `its id "${r.id}" is already used by ${other} (rename one of them)` });
        continue;
      }
      seen.set(r.id, name);
      out.reports.push(r);
    }
    out.problems.push(...one.problems);
    out.warnings.push(...one.warnings);
  });
  out.reports.sort(byPublishTime);
  return out;
}
