/**
 * One topic of a report on its own as rich messages (a reader's /topic
 * answer in a private chat under POST_FORMAT=rich): its title as a heading,
 * an italic line placing it (date, time, section), then its body rendered
 * like the report's. Pure.
 */
import type { MarkdownIt } from 'markdown-it';
import { classifyPlainLines } from '../../content/plain-text.js';
import type { Report } from '../../content/report.js';
import type { MessagePart } from '../messages.js';
import { RICH_LIMITS } from './limits.js';
import { packRich } from './pack.js';
import { blocksText, type RichPart } from './parts.js';
import { Cut, emit, newRichState, renderRichTokens } from './rules.js';
import type { Block, SendRichPayload } from './types.js';

/** The rich messages of `report.topics[topicIndex]`; `fallback` are its HTML parts (topicParts). Throws RangeError for an index the report does not have. */
export function topicToRichParts(md: MarkdownIt, report: Report, topicIndex: number, fallback: MessagePart[]): RichPart[] {
  const topic = report.topics[topicIndex];
  if (!topic) throw new RangeError(`report ${report.id} has no topic ${topicIndex}`);
  const header: Block[] = [
    { type: 'heading', text: topic.title, size: 3 },
    { type: 'paragraph', text: { type: 'italic', text: [report.date, topic.time, topic.section].filter(Boolean).join(' · ') } },
  ];
  const s = newRichState();
  if (report.shape === 'plain-text')
    for (const line of classifyPlainLines(topic.body)) emit(s, { type: 'paragraph', text: line.text }, Cut.block);
  else renderRichTokens(md.parse(topic.body, {}), s);
  return packRich(header, s.units).map((blocks, i) => {
    const payload: SendRichPayload = {
      method: 'sendRichMessage',
      rich_message: { blocks },
      ...(i > 0 ? { disable_notification: true as const } : {}),
    };
    return { payload, text: blocksText(blocks), headings: [], limit: RICH_LIMITS.maxCharacters, fallback };
  });
}
