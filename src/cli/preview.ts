/** `report-bot preview <file>`: the messages a file would become. */
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { loadReportFile } from '../content/load.js';
import { createMarkdown } from '../content/markdown.js';
import { createRenderer } from '../render/document.js';
import { reportToParts, type MessagePart } from '../render/messages.js';
import { UserError } from './errors.js';

export interface PreviewOptions {
  file: string;
  json: boolean;
  timeZone: string;
}

export async function partsForFile(file: string, timeZone: string): Promise<MessagePart[]> {
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
  return reportToParts(loaded.reports[0]!, createRenderer(md));
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
  const parts = await partsForFile(opts.file, opts.timeZone);
  out(opts.json ? JSON.stringify(parts.map((p) => p.payload), null, 2) : formatParts(parts));
}
