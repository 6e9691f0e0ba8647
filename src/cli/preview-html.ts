/** `report-bot preview <file> --html out.html`: the messages a file becomes, as a page to open in a browser. */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { loadReportFile } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import { renderPreviewPage } from '../preview/html-page.js';
import { UserError } from './errors.js';
import { partsForFile } from './preview.js';

/** Write the preview page for `file` to `out` (its folder is created). Resolves to the number of messages shown. */
export async function writePreviewHtml(file: string, out: string, timeZone: string): Promise<{ bubbles: number }> {
  const parts = await partsForFile(file, timeZone);
  // partsForFile has already reported any problem with the file; this load only supplies the header.
  const loaded = await loadReportFile(dirname(file), basename(file), { timeZone, md: createMarkdown() });
  const report = loaded.reports[0];
  const page = renderPreviewPage(parts, { title: report?.title ?? basename(file), file, date: report?.date ?? '' });
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, page, 'utf8');
  } catch (err) {
    throw new UserError(`Cannot write the preview to ${out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  return { bubbles: parts.length };
}
