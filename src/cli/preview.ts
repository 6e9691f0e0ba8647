/** `report-bot preview <file>`: the messages a file would become. */
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { loadReportFile } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import type { Report } from '../content/report.js';
import { createRenderer } from '../render/document.js';
import { type MessagePart, reportToParts } from '../render/messages.js';
import { outlineBlocks, richCounts } from '../render/rich/outline.js';
import { type RichPart, reportToRichParts } from '../render/rich/parts.js';
import { UserError } from '../util/user-error.js';

export interface PreviewOptions {
  file: string;
  json: boolean;
  timeZone: string;
  /** `rich`: the rich messages (POST_FORMAT=rich) as an outline and their blocks as JSON. Default `messages`. */
  format?: 'messages' | 'rich';
}

export async function partsForFile(file: string, timeZone: string): Promise<MessagePart[]> {
  return (await reportForFile(file, timeZone)).parts;
}

/** The report a file becomes (drafts included), its HTML parts, and the markdown-it it was parsed with. */
export async function reportForFile(file: string, timeZone: string): Promise<{ report: Report; parts: MessagePart[]; md: MarkdownIt }> {
  try {
    await stat(file);
  } catch {
    throw new UserError(`${file} does not exist.`);
  }
  const md = createMarkdown();
  const loaded = await loadReportFile(dirname(file), basename(file), { timeZone, md });
  const problem = loaded.problems[0];
  if (problem) throw new UserError(`${problem.file}: ${problem.reason}${problem.line ? ` (line ${problem.line})` : ''}.`);
  // Previewing ignores `draft`: editors preview before they publish.
  const report = loaded.reports[0]!;
  return { report, parts: reportToParts(report, createRenderer(md)), md };
}

export async function richPartsForFile(file: string, timeZone: string): Promise<RichPart[]> {
  const { report, parts, md } = await reportForFile(file, timeZone);
  return reportToRichParts(md, report, parts);
}

export function formatParts(parts: MessagePart[]): string {
  return parts
    .map((p, i) => {
      const kind = p.payload.method === 'sendPhoto' ? `photo ${p.payload.photo} with caption` : 'message';
      const head = `── ${i + 1}/${parts.length} · ${kind} · ${p.text.length}/${p.limit} ──`;
      return `${head}\n${p.text}\n`;
    })
    .join('\n');
}

export function formatRichParts(parts: RichPart[]): string {
  const outline = parts
    .map((p, i) => {
      const blocks = p.payload.rich_message.blocks;
      const head = `── ${i + 1}/${parts.length} · rich message · ${p.payload.disable_notification ? 'silent' : 'notifies'} · ${richCounts(blocks)} ──`;
      return `${head}\n${outlineBlocks(blocks)}\n`;
    })
    .join('\n');
  return `${outline}\n── blocks (sendRichMessage payloads) ──\n${JSON.stringify(
    parts.map((p) => p.payload),
    null,
    2,
  )}`;
}

export async function preview(opts: PreviewOptions, out: (s: string) => void): Promise<void> {
  const { report, parts, md } = await reportForFile(opts.file, opts.timeZone);
  const rich = opts.format === 'rich' ? reportToRichParts(md, report, parts) : undefined;
  if (opts.json) {
    out(
      JSON.stringify(
        (rich ?? parts).map((p) => p.payload),
        null,
        2,
      ),
    );
    return;
  }
  // --json stays pure payloads; the readable view says up front that this file will not be posted yet.
  if (report.draft) out(`DRAFT: ${basename(opts.file)} has draft: true, so it is not posted until that line is removed.\n`);
  out(rich ? formatRichParts(rich) : formatParts(parts));
}
