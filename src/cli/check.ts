/** `report-bot check [DIR]`: validate every file, name each problem, fail when any file is broken. */
import { loadContent } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import { createRenderer } from '../render/document.js';
import { reportToParts } from '../render/messages.js';
import { overMessageLimit } from '../publish/message-limit.js';

export interface CheckOptions {
  dir: string;
  timeZone: string;
  /** The posting limit (MAX_MESSAGES): a longer report is warned about, it would be held back. */
  maxMessages?: number;
}

/** Returns the exit code: 0 when every file is usable. */
export async function check(opts: CheckOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const md = createMarkdown();
  const renderer = createRenderer(md);
  const content = await loadContent(opts.dir, { timeZone: opts.timeZone, md });
  for (const p of content.problems) err(`${p.file}: error: ${p.reason}${p.line ? ` (line ${p.line})` : ''}`);
  for (const w of content.warnings) err(`${w.file}: warning: ${w.message}`);
  for (const r of content.reports) {
    const parts = reportToParts(r, renderer);
    if (r.topics.length === 0) err(`${r.file}: warning: no topics found (no ##/### headings, newswire items or title lines)`);
    const over = overMessageLimit(parts.length, opts.maxMessages);
    if (over !== undefined) err(`${r.file}: warning: it ${over}; it will not be posted (shorten it, or report-bot post --ignore-limit)`);
    out(`${r.file}: ok (${r.date}${r.draft ? ', draft' : ''}, ${parts.length} messages, ${r.topics.length} topics)`);
  }
  const broken = content.problems.length;
  out(`${content.reports.length} report(s) ok, ${broken} broken, ${content.warnings.length} warning(s).`);
  return broken > 0 ? 1 : 0;
}
