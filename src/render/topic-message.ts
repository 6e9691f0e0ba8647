/**
 * One topic of a report on its own, as /topic and the topic buttons send it:
 * a bold title, an italic line placing it (date, section, time), then the
 * topic's body rendered like the report's. Split with the report's splitter
 * and limits so a long topic becomes valid messages the same way. Pure.
 */

import { classifyPlainLines } from '../content/plain-text.js';
import type { Report } from '../content/report.js';
import { DocBuilder, type HeadingMark, joinDocs, Rank, type RenderedDoc } from './doc-builder.js';
import type { Renderer } from './document.js';
import type { MessagePart, SendMessagePayload } from './messages.js';
import { sliceRichTextMany, toHtml } from './rich-text.js';
import { MESSAGE_LIMITS, splitDoc } from './split.js';

function header(report: Report, topicIndex: number): RenderedDoc {
  const topic = report.topics[topicIndex]!;
  const b = new DocBuilder();
  b.markHeading(3, topic.title);
  b.openEntity('bold');
  b.write(topic.title);
  b.closeEntity('bold');
  b.startBlock(Rank.block, '\n');
  b.openEntity('italic');
  b.write([report.date, topic.time, topic.section].filter(Boolean).join(' · '));
  b.closeEntity('italic');
  return b.finish();
}

/** Plain-text bodies have no markup: each line is a paragraph, as in the report. */
function plainBody(text: string): RenderedDoc {
  const b = new DocBuilder();
  for (const line of classifyPlainLines(text)) {
    b.startBlock(Rank.block);
    b.write(line.text);
  }
  return b.finish();
}

function textPayload(html: string, first: boolean): SendMessagePayload {
  const payload: SendMessagePayload = {
    method: 'sendMessage',
    text: html,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  };
  if (!first) payload.disable_notification = true;
  return payload;
}

/** The messages of `report.topics[topicIndex]` alone. Throws RangeError for an index the report does not have. */
export function topicParts(report: Report, topicIndex: number, renderer: Renderer): MessagePart[] {
  const topic = report.topics[topicIndex];
  if (!topic) throw new RangeError(`report ${report.id} has no topic ${topicIndex}`);
  const body = report.shape === 'plain-text' ? plainBody(topic.body) : renderer.renderMarkdown(topic.body);
  const doc = joinDocs(header(report, topicIndex), body, '\n\n', Rank.block);
  const spans = splitDoc(doc, MESSAGE_LIMITS);
  const pieces = sliceRichTextMany(doc, spans);
  return spans.map((span, i) => {
    const headings: HeadingMark[] = doc.headings
      .filter((h) => h.offset >= span.start && h.offset < span.end)
      .map((h) => ({ ...h, offset: h.offset - span.start }));
    const piece = pieces[i]!;
    return { payload: textPayload(toHtml(piece), i === 0), text: piece.text, headings, limit: MESSAGE_LIMITS.maxLength };
  });
}
