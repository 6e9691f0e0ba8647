/**
 * Report -> rich parts: one `sendRichMessage` per message, normally one for
 * the whole report; only the first notifies. Each part carries the report's
 * split HTML parts as its fallback, so a refused rich message loses nothing.
 */
import type { MarkdownIt } from 'markdown-it';
import type { Report } from '../../content/report.js';
import type { HeadingMark } from '../doc-builder.js';
import type { MessagePart } from '../messages.js';
import { tocLabel } from '../toc.js';
import { renderRichReport } from './document.js';
import type { RichMeasure } from './limits.js';
import { RICH_LIMITS } from './limits.js';
import { blockText, fitsOneMessage, packItems, richItems } from './pack.js';
import {
  anchorsIn,
  ONE_SCREEN_CHARACTERS,
  RICH_TOC_MIN_ENTRIES,
  richTocBlock,
  type TocPlan,
  tocEntries,
  tocPlanOf,
  tocReserveBound,
} from './toc.js';
import type { Block, SendRichPayload } from './types.js';

/** One rich message of a report, shaped like a MessagePart so posting treats both alike. */
export interface RichPart {
  payload: SendRichPayload;
  /** The text the message shows, block after block. */
  text: string;
  headings: HeadingMark[];
  /** The character limit it was measured against. */
  limit: number;
  /** The whole report as split HTML parts, sent instead when Telegram refuses the rich message. */
  fallback: MessagePart[];
}

/** What posting sends: split HTML parts, or rich parts. */
export type OutgoingPart = MessagePart | RichPart;

export function isRichPart(part: OutgoingPart): part is RichPart {
  return part.payload.method === 'sendRichMessage';
}

/** The plain text a message shows, block after block (logs, search, the preview's lengths). */
export function blocksText(blocks: Block[]): string {
  return blocks
    .map(blockText)
    .filter((t) => t !== '')
    .join('\n\n');
}

/** The blocks of a report as rich messages, table of contents included where it is due. */
export function reportToRichBlocks(md: MarkdownIt, report: Report): Block[][] {
  const doc = renderRichReport(md, report);
  // Judged once, with the rest of the document: a second look at the text cost a tenth of a small report's render.
  const label = tocLabel(doc.chinese);
  const entries = tocEntries(doc.headings);
  const items = richItems(doc.header, doc.units);
  let toc: TocPlan | undefined;
  let reserve: RichMeasure | undefined;
  if (entries.length >= RICH_TOC_MIN_ENTRIES) {
    const bound = tocReserveBound(entries, label);
    // A report that fits one message even beside the largest table its titles
    // could make is packed the same for the real one: the table is only built
    // if the message turns out long enough to show it (a fifth of a small
    // report's render went to building a table it did not show).
    if (fitsOneMessage(items, bound)) reserve = bound;
    else {
      toc = tocPlanOf(entries, label);
      reserve = toc.reserve;
    }
  }
  const packed = packItems(items, reserve);
  const messages = packed.map((p) => p.blocks);
  const first = messages[0];
  if (reserve && first && packed[0]!.m.characters > ONE_SCREEN_CHARACTERS && doc.header.every((b, i) => first[i] === b)) {
    toc ??= tocPlanOf(entries, label);
    const here = anchorsIn(first);
    const shown = toc.entries.filter((h) => here.has(h.anchor));
    // Every entry in the first message (the usual case): the table already built for the reserve is the one.
    if (shown.length === toc.entries.length) first.splice(doc.header.length, 0, toc.block);
    else if (shown.length >= RICH_TOC_MIN_ENTRIES) first.splice(doc.header.length, 0, richTocBlock(shown, label));
  }
  return messages;
}

/** Rich parts of a report; `fallback` are its split HTML parts (reportToParts). */
export function reportToRichParts(md: MarkdownIt, report: Report, fallback: MessagePart[]): RichPart[] {
  return reportToRichBlocks(md, report).map((blocks, i) => {
    const headings: HeadingMark[] = [];
    let offset = 0;
    for (const b of blocks) {
      if (b.type === 'heading') headings.push({ level: b.size, title: blockText(b), offset });
      offset += blockText(b).length + 2;
    }
    const payload: SendRichPayload = {
      method: 'sendRichMessage',
      rich_message: { blocks },
      ...(i > 0 ? { disable_notification: true as const } : {}),
    };
    return { payload, text: blocksText(blocks), headings, limit: RICH_LIMITS.maxCharacters, fallback };
  });
}

/** The parts a run with fingerprint `partsHash` posted: the rich ones, or their HTML fallback. */
export function postedVariant(
  parts: OutgoingPart[],
  partsHash: string | undefined,
  fingerprint: (p: OutgoingPart[]) => string,
): OutgoingPart[] {
  const first = parts[0];
  if (
    first &&
    isRichPart(first) &&
    partsHash !== undefined &&
    partsHash !== fingerprint(parts) &&
    partsHash === fingerprint(first.fallback)
  )
    return first.fallback;
  return parts;
}
