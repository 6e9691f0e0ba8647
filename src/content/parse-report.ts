/**
 * One file's bytes -> a Report, or a problem naming why not. Pure: the
 * caller supplies the bytes, the modification time and the settings.
 */
import { createHash } from 'node:crypto';
import type { MarkdownIt, Token } from 'markdown-it';
import { dateFromFileName, dateFromFrontMatter, dateFromHeading, dateFromModifiedTime } from './dates.js';
import { FrontMatterError, parseFrontMatter } from './front-matter.js';
import { inlineTextOf } from './markdown.js';
import { stripControlChars } from './control-chars.js';
import { plainTextTitle } from './plain-text.js';
import type { LoadProblem, LoadWarning, ProblemCode, Report, ReportShape } from './report.js';
import { looksLikeMarkdown } from './shape.js';
import { markdownTopics, plainTextTopics } from './topics.js';

export interface ParseOptions {
  timeZone: string;
  md: MarkdownIt;
  /** Block-only parser for titles and topics (createOutlineMarkdown); defaults to `md`. */
  outline?: MarkdownIt;
  /** Files larger than this are refused (a runaway export, not a report). */
  maxBytes: number;
}

export type ParseResult =
  | { ok: true; report: Report; warnings: LoadWarning[] }
  | { ok: false; problem: LoadProblem };

export const DEFAULT_MAX_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(true|yes)$/i.test(v.trim()));
}

function falsy(v: unknown): boolean {
  return v === false || (typeof v === 'string' && /^(false|no)$/i.test(v.trim()));
}

function tagsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((t) => String(t).trim()).filter(Boolean);
  if (typeof v === 'string') return v.split(/[,，]/).map((t) => t.trim()).filter(Boolean);
  return [];
}

function firstH1(md: MarkdownIt, tokens: Token[]): string | undefined {
  const at = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1');
  return at >= 0 ? inlineTextOf(md, tokens[at + 1]) || undefined : undefined;
}

/** UTF-8 -> text with `\n` line ends and no control characters (counted for a warning). */
function decode(bytes: Uint8Array): { text: string; removed: number } | undefined {
  try {
    return stripControlChars(utf8.decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  } catch {
    return undefined;
  }
}

export function parseReport(file: string, bytes: Uint8Array, mtime: Date, opts: ParseOptions): ParseResult {
  const fail = (code: ProblemCode, reason: string, line?: number): ParseResult => ({
    ok: false,
    problem: line !== undefined ? { file, reason, line, code } : { file, reason, code },
  });
  if (bytes.length > opts.maxBytes) {
    return fail('too-big', `the file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${(opts.maxBytes / 1048576).toFixed(1)} MB limit for a report`);
  }
  const decoded = decode(bytes);
  if (decoded === undefined) return fail('not-utf8', 'the file is not valid UTF-8 text (save it as UTF-8)');
  const { text } = decoded;
  if (text.trim().length === 0) return fail('empty', 'the file is empty');

  let fm;
  try {
    fm = parseFrontMatter(text);
  } catch (err) {
    if (err instanceof FrontMatterError) return fail(err.line !== undefined ? 'yaml' : 'front-matter', err.reason, err.line);
    throw err;
  }
  const body = fm.body.replace(/^\n+/, '').trimEnd();
  if (body.trim().length === 0) return fail('no-body', 'the report has no text after its front matter');

  const markdown = fm.hasFrontMatter || looksLikeMarkdown(body, file);
  const shape: ReportShape = fm.hasFrontMatter ? 'front-matter' : markdown ? 'markdown' : 'plain-text';
  // One block-level parse serves the title and the topics.
  const tokens = markdown ? (opts.outline ?? opts.md).parse(body, {}) : [];
  const heading = markdown ? firstH1(opts.md, tokens) : undefined;
  const plainFirst = markdown ? undefined : plainTextTitle(body);

  const warnings: LoadWarning[] = [];
  const fromFrontMatter = dateFromFrontMatter(fm.data.date, opts.timeZone);
  if (fromFrontMatter && 'error' in fromFrontMatter) return fail('bad-date', fromFrontMatter.error);
  let resolved = fromFrontMatter ?? dateFromFileName(file, opts.timeZone) ?? dateFromHeading(heading, opts.timeZone);
  if (!resolved) {
    resolved = dateFromModifiedTime(mtime, opts.timeZone);
    warnings.push({
      file,
      code: 'no-date',
      params: { date: resolved.date },
      message: `no date in the front matter, the file name or the first heading: it is never posted automatically (listed under its modification date ${resolved.date})`,
    });
  }

  if (decoded.removed > 0) {
    warnings.push({ file, code: 'control-chars', params: { count: decoded.removed }, message: `${decoded.removed} control character(s) removed (invisible characters that must not reach Telegram)` });
  }

  const meta = fm.data;
  const id = file.replace(/\.[^.]+$/, '');
  const summary = str(meta.summary);
  const coverImage = str(meta.coverImage) ?? str(meta.cover_image) ?? str(meta.cover);
  const category = str(meta.category);
  const report: Report = {
    id,
    file,
    shape,
    title: str(meta.title) ?? heading ?? plainFirst ?? id,
    date: resolved.date,
    publishAt: resolved.publishAt,
    dateSource: resolved.source,
    draft: truthy(meta.draft) || falsy(meta.published),
    tags: tagsOf(meta.tags),
    meta,
    body,
    topics: markdown ? markdownTopics(opts.md, tokens, body) : plainTextTopics(body),
    hash: createHash('sha256').update(bytes).digest('hex'),
  };
  if (summary !== undefined) report.summary = summary;
  if (coverImage !== undefined) report.coverImage = coverImage;
  if (category !== undefined) report.category = category;
  return { ok: true, report, warnings };
}
