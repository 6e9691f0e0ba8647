/**
 * Report -> the Bot API calls that post it: an optional cover photo whose
 * caption is the header, then text messages. Only the first notifies.
 */
import type { Report } from '../content/report.js';
import { joinDocs, Rank, sliceDoc, type HeadingMark, type RenderedDoc } from './doc-builder.js';
import type { Renderer } from './document.js';
import { safeUrl } from './links.js';
import { sliceRichText, toHtml } from './rich-text.js';
import { CAPTION_LIMITS, MESSAGE_LIMITS, splitDoc, type SplitLimits } from './split.js';

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

function toParts(doc: RenderedDoc, limits: SplitLimits, build: (html: string, index: number) => Payload): MessagePart[] {
  return splitDoc(doc, limits).map((span, index) => {
    const rt = sliceRichText(doc, span.start, span.end);
    return {
      payload: build(toHtml(rt), index),
      text: rt.text,
      headings: doc.headings
        .filter((h) => h.offset >= span.start && h.offset < span.end)
        .map((h) => ({ ...h, offset: h.offset - span.start })),
      limit: limits.maxLength,
    };
  });
}

function textPayload(html: string): SendMessagePayload {
  return { method: 'sendMessage', text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
}

/** The messages a report becomes, in order. Deterministic for the same report. */
export function reportToParts(report: Report, renderer: Renderer): MessagePart[] {
  const { titleBlock, summary, body } = renderer.renderReport(report);
  const header = joinDocs(titleBlock, summary, '\n\n', Rank.block);
  const photo = safeUrl(report.coverImage);
  const parts: MessagePart[] = [];
  let stream: RenderedDoc;
  if (photo) {
    // A caption holds 1,024 units: the whole header when it fits, else the title and date.
    const captionDoc = fits(header, CAPTION_LIMITS) ? header : titleBlock;
    const captionSpans = splitDoc(captionDoc, CAPTION_LIMITS);
    const first = captionSpans[0]!;
    const caption = sliceRichText(captionDoc, first.start, first.end);
    parts.push({
      payload: { method: 'sendPhoto', photo, caption: toHtml(caption), parse_mode: 'HTML' },
      text: caption.text,
      headings: captionDoc.headings.filter((h) => h.offset < first.end),
      limit: CAPTION_LIMITS.maxLength,
    });
    const rest = captionSpans[1] ? sliceDoc(captionDoc, captionSpans[1].start) : { ...captionDoc, text: '', entities: [], breaks: [], headings: [], glued: [] };
    const afterCaption = captionDoc === header ? body : joinDocs(summary, body, '\n\n', Rank.section);
    stream = joinDocs(rest, afterCaption, '\n\n', Rank.section);
  } else {
    stream = joinDocs(header, body, '\n\n', Rank.section);
  }
  parts.push(...toParts(stream, MESSAGE_LIMITS, textPayload));
  return parts.map((part, i) => (i === 0 ? part : { ...part, payload: { ...part.payload, disable_notification: true } }));
}
