/**
 * Mistakes an editor would want to hear about in a report that still loads:
 * a file name whose date differs from the front matter, links the renderer
 * will drop (a scheme Telegram cannot open, or a relative address) with
 * their line, and a report with no topics. Pure; linear scans only.
 */
import { safeUrl } from '../util/links.js';
import { dateFromFileName } from './dates.js';
import type { LoadWarning, Report } from './report.js';

/** `](target` of an inline link or image, `<scheme:…>` autolinks, `[label]: target` definitions. */
const INLINE_LINK = /\]\(\s*<?([^\s)>]*)/g;
const AUTOLINK = /<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>/gi;
const DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)/;
const FENCE = /^ {0,3}(```|~~~)/;

export function dateMismatch(report: Report, timeZone: string): LoadWarning | undefined {
  if (report.dateSource !== 'front-matter') return undefined;
  const named = dateFromFileName(report.file, timeZone);
  if (!named || named.date === report.date) return undefined;
  return {
    file: report.file,
    code: 'date-mismatch',
    params: { nameDate: named.date, date: report.date },
    message: `the file name says ${named.date} but the front matter date is ${report.date} (the front matter wins; fix whichever is wrong)`,
  };
}

/**
 * Links the renderer keeps only as text. `firstLine` is the file line of the
 * body's first line (after the front matter), so lines point into the file.
 */
export function droppedLinks(report: Report, bodyStart: number | (() => number)): LoadWarning[] {
  if (report.shape === 'plain-text') return [];
  const out: LoadWarning[] = [];
  // The line is found only for a file that has a dropped link (finding it decodes the file's head again).
  let known: number | undefined = typeof bodyStart === 'number' ? bodyStart : undefined;
  const lineOf = (i: number): number => {
    known ??= (bodyStart as () => number)();
    return known + i;
  };
  let inFence = false;
  report.body.split('\n').forEach((text, i) => {
    if (text.includes('`') && FENCE.test(text)) inFence = !inFence;
    // Most lines hold no link at all: skip them before any regular expression runs.
    if (inFence || !(text.includes('](') || text.includes('<') || text.includes(']:'))) return;
    const targets: string[] = [];
    for (const m of text.matchAll(INLINE_LINK)) targets.push(m[1] ?? '');
    for (const m of text.matchAll(AUTOLINK)) targets.push(m[1] ?? '');
    const def = DEFINITION.exec(text);
    if (def) targets.push(def[1] ?? '');
    for (const target of targets) {
      if (safeUrl(target) !== undefined) continue;
      const firstLine = lineOf(0);
      const kind = /^[a-z][a-z0-9+.-]*:/i.test(target) ? 'scheme' : 'relative';
      const shown = target.slice(0, 60) || '(empty)';
      out.push({
        file: report.file,
        line: firstLine + i,
        code: 'dropped-link',
        params: { kind, target: shown, line: firstLine + i },
        message:
          kind === 'scheme'
            ? `line ${firstLine + i}: the link ${shown} is dropped (only http, https, tg and mailto links reach Telegram); its text is kept`
            : `line ${firstLine + i}: the relative link ${shown} is dropped (Telegram needs a full https:// address); its text is kept`,
      });
    }
  });
  return out;
}

export function noTopics(report: Report): LoadWarning | undefined {
  if (report.topics.length > 0) return undefined;
  return {
    file: report.file,
    code: 'no-topics',
    message: 'no topics found (no ##/### headings, newswire items or title lines): /topics and /topic find nothing in it',
  };
}

/** Line of the file (1-based) where `body` starts, given the decoded file text. */
export function bodyFirstLine(text: string, body: string): number {
  const at = text.indexOf(body.slice(0, 200));
  if (at < 0) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
