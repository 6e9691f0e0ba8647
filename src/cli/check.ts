/** `report-bot check [--content-dir DIR]`: validate every file, name each problem, fail when any file is broken. */
import type { IgnoredFile } from '../content/file-kinds.js';
import { loadContent } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import { overMessageLimit } from '../publish/message-limit.js';
import { createRenderer } from '../render/document.js';
import { reportToParts } from '../render/messages.js';
import { plural } from './plural.js';

export interface CheckOptions {
  dir: string;
  timeZone: string;
  /** The posting limit (MAX_MESSAGES): a longer report is warned about, it would be held back. */
  maxMessages?: number;
}

const WHY: Record<IgnoredFile['why'], string> = {
  hidden: 'hidden',
  backup: 'editor backup/swap',
  readme: 'README',
  folder: 'folder',
  'other-type': 'not .md/.markdown/.txt',
};

/** "3 ignored (not reports): images/ (folder), x.md~ (editor backup/swap), …" in one line. */
function ignoredLine(ignored: IgnoredFile[]): string {
  const shown = ignored.slice(0, 10).map((f) => `${f.file}${f.why === 'folder' ? '/' : ''} (${WHY[f.why]})`);
  const more = ignored.length > 10 ? `, … ${ignored.length - 10} more` : '';
  return `${ignored.length} ignored (not reports): ${shown.join(', ')}${more}`;
}

/** Returns the exit code: 0 when every file is usable. */
export async function check(opts: CheckOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const md = createMarkdown();
  const renderer = createRenderer(md);
  const content = await loadContent(opts.dir, { timeZone: opts.timeZone, md });
  for (const p of content.problems) err(`${p.file}: error: ${p.reason}${p.line ? ` (line ${p.line})` : ''}`);
  // Every warning is one line and one count: the total below is the number of lines above it.
  for (const w of content.warnings) err(`${w.file}: warning: ${w.message}`);
  let overLimit = 0;
  for (const r of content.reports) {
    const parts = reportToParts(r, renderer);
    const over = overMessageLimit(parts.length, opts.maxMessages);
    if (over !== undefined) {
      overLimit++;
      err(`${r.file}: warning: it ${over}; it will not be posted (shorten it, or report-bot post --ignore-limit)`);
    }
    const undated = r.dateSource === 'modified-time' ? ', undated: never posted automatically' : '';
    out(
      `${r.file}: ok (${r.date}${undated}${r.draft ? ', draft' : ''}, ${plural(parts.length, 'message')}, ${plural(r.topics.length, 'topic')})`,
    );
  }
  if (content.ignored.length > 0) out(ignoredLine(content.ignored));
  const broken = content.problems.length;
  out(
    `${plural(content.reports.length, 'report')} ok, ${broken} broken, ${plural(content.warnings.length + overLimit, 'warning')}, ${content.ignored.length} ignored.`,
  );
  return broken > 0 ? 1 : 0;
}
