/** `report-bot preview <file> --html out.html`: the messages a file becomes, as a page to open in a browser. */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { loadReportFile } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import { renderPreviewPage, renderRichPreviewPage } from '../preview/html-page.js';
import type { MessagePart } from '../render/messages.js';
import type { RichPart } from '../render/rich/parts.js';
import { UserError } from '../util/user-error.js';
import { partsForFile, richPartsForFile } from './preview.js';

/** Write the preview page for `file` to `out` (its folder is created). Resolves to the number of messages shown. */
export async function writePreviewHtml(
  file: string,
  out: string,
  timeZone: string,
  format: 'messages' | 'rich' = 'messages',
): Promise<{ bubbles: number }> {
  const parts = format === 'rich' ? await richPartsForFile(file, timeZone) : await partsForFile(file, timeZone);
  // partsForFile has already reported any problem with the file; this load only supplies the header.
  const loaded = await loadReportFile(dirname(file), basename(file), { timeZone, md: createMarkdown() });
  const report = loaded.reports[0];
  const info = { title: report?.title ?? basename(file), file, date: report?.date ?? '' };
  const page = format === 'rich' ? renderRichPreviewPage(parts as RichPart[], info) : renderPreviewPage(parts as MessagePart[], info);
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, page, 'utf8');
  } catch (err) {
    throw new UserError(`Cannot write the preview to ${out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  return { bubbles: parts.length };
}
