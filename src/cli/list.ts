/** `report-bot list`: every report with its date, state and size. */
import { loadContent } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import { isPublished } from '../content/report.js';
import { createRenderer } from '../render/document.js';
import { reportToParts } from '../render/messages.js';

export interface ListOptions {
  dir: string;
  json: boolean;
  timeZone: string;
  now: Date;
}

export async function list(opts: ListOptions, out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const md = createMarkdown();
  const renderer = createRenderer(md);
  const content = await loadContent(opts.dir, { timeZone: opts.timeZone, md });
  const rows = content.reports.map((r) => ({
    id: r.id,
    file: r.file,
    date: r.date,
    title: r.title,
    draft: r.draft,
    published: isPublished(r, opts.now),
    topics: r.topics.length,
    messages: reportToParts(r, renderer).length,
  }));
  for (const p of content.problems) err(`${p.file}: ${p.reason}${p.line ? ` (line ${p.line})` : ''}`);
  if (opts.json) {
    out(JSON.stringify(rows, null, 2));
    return;
  }
  for (const r of rows) {
    const state = r.draft ? 'draft' : r.published ? 'published' : 'scheduled';
    out(
      `${r.date}  ${state.padEnd(9)}  ${String(r.messages).padStart(2)} msg  ${String(r.topics).padStart(3)} ${(r.topics === 1 ? 'topic' : 'topics').padEnd(6)}  ${r.id}  ${r.title}`,
    );
  }
  if (rows.length === 0) out(`No reports in ${opts.dir}.`);
}
