/**
 * One file's bytes -> a Report, or a problem naming why not. Pure: the
 * caller supplies the bytes, the modification time and the settings.
 */
import { createHash } from 'node:crypto';
import type { MarkdownIt, Token } from 'markdown-it';
import { stripControlChars } from './control-chars.js';
import { dateFromFileName, dateFromFrontMatter, dateFromHeading, dateFromModifiedTime } from './dates.js';
import { type FrontMatter, FrontMatterError, parseFrontMatter } from './front-matter.js';
import { readFrontMatterFields } from './front-matter-schema.js';
import { inlineTextOf } from './markdown.js';
import { MAX_BLOCKS, maxNestingOf, type NestingEnv } from './nesting-guard.js';
import { plainTextTitle } from './plain-text.js';
import type { LoadProblem, LoadWarning, ProblemCode, Report, ReportShape, TextParams } from './report.js';
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

export type ParseResult = { ok: true; report: Report; warnings: LoadWarning[] } | { ok: false; problem: LoadProblem };

export const DEFAULT_MAX_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function firstH1(md: MarkdownIt, tokens: Token[]): string | undefined {
  const at = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1');
  return at >= 0 ? inlineTextOf(md, tokens[at + 1]) || undefined : undefined;
}

/** UTF-8 -> text with `\n` line ends and no control characters (counted for a warning). */
function decode(bytes: Uint8Array): { text: string; removed: number } | undefined {
  try {
    return stripControlChars(
      utf8
        .decode(bytes)
        .replace(/^\uFEFF/, '')
        .replace(/\r\n?/g, '\n'),
    );
  } catch {
    return undefined;
  }
}

/** 1-based line in the file of a 0-based line of the body (the text after the front matter, leading blank lines removed). */
function bodyLine(text: string, rawBody: string, line: number): number {
  const leadingBlank = rawBody.length - rawBody.replace(/^\n+/, '').length;
  const start = text.length - rawBody.length + leadingBlank;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) lines++;
  return lines + line;
}

export function parseReport(file: string, bytes: Uint8Array, mtime: Date, opts: ParseOptions): ParseResult {
  const fail = (code: ProblemCode, reason: string, line?: number, params?: TextParams): ParseResult => ({
    ok: false,
    problem: { file, reason, code, ...(line !== undefined ? { line } : {}), ...(params ? { params } : {}) },
  });
  if (bytes.length > opts.maxBytes) {
    return fail(
      'too-big',
      `the file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${(opts.maxBytes / 1048576).toFixed(1)} MB limit for a report`,
    );
  }
  const decoded = decode(bytes);
  if (decoded === undefined) return fail('not-utf8', 'the file is not valid UTF-8 text (save it as UTF-8)');
  const { text } = decoded;
  if (text.trim().length === 0) return fail('empty', 'the file is empty');

  let fm: FrontMatter;
  try {
    fm = parseFrontMatter(text);
  } catch (err) {
    if (err instanceof FrontMatterError) {
      const code =
        err.limit === 'alias' ? 'yaml-alias' : err.limit === 'depth' ? 'yaml-depth' : err.line !== undefined ? 'yaml' : 'front-matter';
      return fail(code, err.reason, err.line);
    }
    throw err;
  }
  const checked = readFrontMatterFields(fm.data);
  if (!checked.ok) return fail('bad-field', checked.reason, undefined, { field: checked.field });
  const fields = checked.fields;
  const body = fm.body.replace(/^\n+/, '').trimEnd();
  if (body.trim().length === 0) return fail('no-body', 'the report has no text after its front matter');

  const markdown = fm.hasFrontMatter || looksLikeMarkdown(body, file);
  const shape: ReportShape = fm.hasFrontMatter ? 'front-matter' : markdown ? 'markdown' : 'plain-text';
  // One block-level parse serves the title and the topics.
  // Bounded: a file past MAX_BLOCKS is refused before it is parsed to the end (see nesting-guard.ts).
  const env: NestingEnv = { maxBlocks: MAX_BLOCKS };
  const tokens = markdown ? (opts.outline ?? opts.md).parse(body, env) : [];
  if (env.blockOverflowLine !== undefined) {
    return fail(
      'too-many-blocks',
      `the file has more than ${MAX_BLOCKS.toLocaleString('en')} blocks (paragraphs, headings, list items, levels of quotes) from here on; a report has a few hundred, so it is not shown`,
      bodyLine(text, fm.body, env.blockOverflowLine),
      { limit: MAX_BLOCKS },
    );
  }
  if (env.nestingOverflowLine !== undefined) {
    const max = maxNestingOf(opts.outline ?? opts.md);
    return fail(
      'too-deep',
      `quotes or lists are nested too deeply here to be shown (at most ${max - 1} levels of ">" or ${Math.floor(max / 2) - 1} of nested lists)`,
      bodyLine(text, fm.body, env.nestingOverflowLine),
    );
  }
  const heading = markdown ? firstH1(opts.md, tokens) : undefined;
  const plainFirst = markdown ? undefined : plainTextTitle(body);

  const warnings: LoadWarning[] = checked.warnings.map((w) => ({ file, message: w.message, code: w.code, params: { field: w.field } }));
  const fromFrontMatter = dateFromFrontMatter(fields.date, opts.timeZone);
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
    warnings.push({
      file,
      code: 'control-chars',
      params: { count: decoded.removed },
      message: `${decoded.removed} control character(s) removed (invisible characters that must not reach Telegram)`,
    });
  }

  const id = file.replace(/\.[^.]+$/, '');
  const report: Report = {
    id,
    file,
    shape,
    title: fields.title ?? heading ?? plainFirst ?? id,
    date: resolved.date,
    publishAt: resolved.publishAt,
    dateSource: resolved.source,
    draft: fields.draft,
    tags: fields.tags,
    meta: fm.data,
    body,
    topics: markdown ? markdownTopics(opts.md, tokens, body) : plainTextTopics(body),
    hash: createHash('sha256').update(bytes).digest('hex'),
  };
  if (fields.summary !== undefined) report.summary = fields.summary;
  if (fields.coverImage !== undefined) report.coverImage = fields.coverImage;
  if (fields.category !== undefined) report.category = fields.category;
  return { ok: true, report, warnings };
}
