/**
 * One reader's alert as one message: the matched topics listed, a button per
 * topic carrying the same signed data as /topics' buttons (so a tap sends the
 * topic alone), and a button to the channel post when there is a link. The
 * plain text goes with it for sendPart's fallback should Telegram refuse the
 * HTML. Pure.
 */
import { InlineKeyboard } from 'grammy';
import type { MessagePart } from '../render/messages.js';
import { type CallbackCodec, reportTag } from '../telegram/callback-data.js';
import { clip } from '../telegram/html.js';
import type { Job, PendingBatch } from './queue.js';
import { alertMessagesFor } from './texts.js';

/** Topics listed (and buttons) per alert; the rest are counted and pointed to /topics. */
export const MAX_LISTED_TOPICS = 10;

/** Our own HTML has only tags and the five escapes: stripping them gives the text Telegram would show. */
function plainOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export function renderAlert(batch: PendingBatch, job: Job, codec: CallbackCodec): { part: MessagePart; keyboard: InlineKeyboard } {
  const [, lang, topicIndexes, keywords] = job;
  const t = alertMessagesFor(lang);
  const byIndex = new Map(batch.topics.map((topic) => [topic.index, topic]));
  const listed = topicIndexes.slice(0, MAX_LISTED_TOPICS).flatMap((index) => {
    const topic = byIndex.get(index);
    return topic ? [topic] : [];
  });
  const html = t.alert({
    reportTitle: batch.title,
    day: batch.day,
    keywords,
    topics: listed,
    more: topicIndexes.length - listed.length,
  });
  const keyboard = new InlineKeyboard();
  const tag = reportTag(batch.reportId);
  for (const topic of listed) {
    const label = clip(`${topic.time ? `${topic.time} ` : ''}${topic.title}`, 40);
    keyboard.text(label, codec.encode({ kind: 'topic', day: batch.day, report: tag, index: topic.index })).row();
  }
  if (batch.link) keyboard.url(t.readInChannel, batch.link);
  const part: MessagePart = {
    payload: { method: 'sendMessage', text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    text: plainOf(html),
    headings: [],
    limit: 4096,
  };
  return { part, keyboard };
}
