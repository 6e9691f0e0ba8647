/** `report-bot check [--content-dir DIR]`: validate every file, name each problem, fail when any file is broken. */
import { loadContent } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import { createRenderer } from '../render/document.js';
import { reportToParts } from '../render/messages.js';
import { plural } from './plural.js';

export interface CheckOptions {
  dir: string;
  timeZone: string;
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
    out(`${r.file}: ok (${r.date}${r.draft ? ', draft' : ''}, ${plural(parts.length, 'message')}, ${plural(r.topics.length, 'topic')})`);
  }
  const broken = content.problems.length;
  out(`${plural(content.reports.length, 'report')} ok, ${broken} broken, ${plural(content.warnings.length, 'warning')}.`);
  return broken > 0 ? 1 : 0;
}
