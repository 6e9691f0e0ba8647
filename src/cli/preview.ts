/** `report-bot preview <file>`: the messages a file would become. */
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { loadReportFile } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import type { Report } from '../content/report.js';
import { createRenderer } from '../render/document.js';
import { reportToParts, type MessagePart } from '../render/messages.js';
import { UserError } from './errors.js';

export interface PreviewOptions {
  file: string;
  json: boolean;
  timeZone: string;
}

export async function partsForFile(file: string, timeZone: string): Promise<MessagePart[]> {
  return (await reportForFile(file, timeZone)).parts;
}

export async function reportForFile(file: string, timeZone: string): Promise<{ report: Report; parts: MessagePart[] }> {
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
  return { report, parts: reportToParts(report, createRenderer(md)) };
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

export async function preview(opts: PreviewOptions, out: (s: string) => void): Promise<void> {
  const { report, parts } = await reportForFile(opts.file, opts.timeZone);
  if (opts.json) {
    out(JSON.stringify(parts.map((p) => p.payload), null, 2));
    return;
  }
  // --json stays pure payloads; the readable view says up front that this file will not be posted yet.
  if (report.draft) out(`DRAFT: ${basename(opts.file)} has draft: true, so it is not posted until that line is removed.\n`);
  out(formatParts(parts));
}
