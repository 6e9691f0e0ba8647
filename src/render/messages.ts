/**
 * Report -> the Bot API calls that post it: an optional cover photo whose
 * caption is the header, then text messages. Only the first notifies.
 */
import { isChineseReport } from '../content/language.js';
import type { Report } from '../content/report.js';
import { safeUrl } from '../util/links.js';
import { type HeadingMark, joinDocs, Rank, type RenderedDoc, sliceDoc } from './doc-builder.js';
import type { Renderer } from './document.js';
import { sliceRichTextMany, toHtml } from './rich-text.js';
import { CAPTION_LIMITS, MESSAGE_LIMITS, type Span, type SplitLimits, splitDoc } from './split.js';
import { TOC_MAX_RESERVE, TOC_MIN_PARTS, tocLabel, tocSize, tocTitles } from './toc.js';

export interface SendMessagePayload {
  method: 'sendMessage';
  text: string;
  parse_mode: 'HTML';
  link_preview_options: { is_disabled: true };
  disable_notification?: true;
}

export interface SendPhotoPayload {
  method: 'sendPhoto';
  photo: string;
  caption: string;
  parse_mode: 'HTML';
  disable_notification?: true;
}

export type Payload = SendMessagePayload | SendPhotoPayload;

export interface MessagePart {
  payload: Payload;
  /** The text as Telegram will show it (the fallback when HTML is refused). */
  text: string;
  /** Headings that start in this part (for a table of contents). */
  headings: HeadingMark[];
  /** The limit this part was measured against. */
  limit: number;
}

function fits(doc: RenderedDoc, limits: SplitLimits): boolean {
  return doc.text.trim().length <= limits.maxLength && doc.entities.length <= limits.maxEntities;
}

/** The messages of `spans` of `doc`, each measured against `limits`. */
function buildParts(doc: RenderedDoc, spans: Span[], limits: SplitLimits, build: (html: string) => Payload): MessagePart[] {
  const pieces = sliceRichTextMany(doc, spans);
  let h = 0;
  return spans.map((span, i) => {
    const headings: HeadingMark[] = [];
    for (; h < doc.headings.length && doc.headings[h]!.offset < span.end; h++) {
      const mark = doc.headings[h]!;
      if (mark.offset >= span.start) headings.push({ ...mark, offset: mark.offset - span.start });
    }
    const piece = pieces[i]!;
    return { payload: build(toHtml(piece)), text: piece.text, headings, limit: limits.maxLength };
  });
}

function toParts(doc: RenderedDoc, limits: SplitLimits, build: (html: string) => Payload): MessagePart[] {
  return buildParts(doc, splitDoc(doc, limits), limits, build);
}

function textPayload(html: string): SendMessagePayload {
  return { method: 'sendMessage', text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
}

/** The messages a report becomes, in order. Deterministic for the same report. */
export function reportToParts(report: Report, renderer: Renderer): MessagePart[] {
  const photo = safeUrl(report.coverImage);
  // Judged once for the caption, the stream and the table's label.
  const chinese = isChineseReport(report);
  const parts: MessagePart[] = [];
  let stream: RenderedDoc;
  if (photo) {
    // A caption holds 1,024 units: the whole header when it fits, else the title and date.
    const header = renderer.renderReport(report, { title: true, summary: true }, chinese);
    const headerFits = fits(header, CAPTION_LIMITS);
    const captionDoc = headerFits ? header : renderer.renderReport(report, { title: true }, chinese);
    const [caption, ...overflow] = toParts(captionDoc, CAPTION_LIMITS, (html) => ({
      method: 'sendPhoto',
      photo,
      caption: html,
      parse_mode: 'HTML',
    }));
    parts.push(caption!);
    stream = renderer.renderReport(report, { summary: !headerFits, body: true }, chinese);
    // Only a title longer than a caption overflows: it opens the first text message.
    if (overflow.length > 0)
      stream = joinDocs(sliceDoc(captionDoc, captionDoc.text.indexOf(overflow[0]!.text)), stream, '\n\n', Rank.section);
  } else {
    stream = renderer.renderReport(report, { title: true, summary: true, body: true }, chinese);
  }
  let spans = splitDoc(stream, MESSAGE_LIMITS);
  if (!photo && spans.length >= TOC_MIN_PARTS) {
    // The opening message will get a table of contents once posted: keep room for it.
    const toc = tocSize(tocTitles(report, stream.headings), tocLabel(chinese));
    const first = {
      maxLength: MESSAGE_LIMITS.maxLength - Math.min(toc.length, TOC_MAX_RESERVE),
      maxEntities: MESSAGE_LIMITS.maxEntities - Math.min(toc.entities, MESSAGE_LIMITS.maxEntities / 4),
    };
    // Only the count of the first split was needed: its messages are not built (a
    // report of 100-entity messages never meets the first split's starts again,
    // and building every message twice cost more than both splits).
    spans = splitDoc(stream, MESSAGE_LIMITS, first, spans);
  }
  parts.push(...buildParts(stream, spans, MESSAGE_LIMITS, textPayload));
  return parts.map((part, i) => (i === 0 ? part : { ...part, payload: { ...part.payload, disable_notification: true } }));
}
