/**
 * Inline mode: `@botname keyword` in any chat offers the matching topics;
 * picking one sends that topic as one message, with a link to where the
 * report stands in the channel. An empty query offers the latest report's
 * topics. Results are the same for everyone (not personal) and cached
 * briefly by Telegram; pages of up to 50 follow through `next_offset`.
 *
 * An inline result holds exactly one message, so a topic that would need
 * several is cut at a natural boundary (block, line, sentence, character)
 * and ends with "…".
 */
import { createHash } from 'node:crypto';
import { Composer } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import type { Report } from '../../content/report.js';
import { type ChannelInfoLookup, channelInfoFromApi, findPostedMessages, messageLink, topicLocations } from '../../publish/toc.js';
import { htmlToRichText } from '../../render/html-rich-text.js';
import type { MessagePart } from '../../render/messages.js';
import { concatRichText, escapeHtml, type RichText, sliceRichText, toHtml } from '../../render/rich-text.js';
import { MESSAGE_LIMITS } from '../../render/split.js';
import { topicParts } from '../../render/topic-message.js';
import type { TopicHit } from '../../search/topics.js';
import { clip } from '../../telegram/html.js';
import type { BotContext } from '../context.js';
import { extrasFor } from '../locales/extras.js';

/** Results per answer (Telegram's maximum). */
export const INLINE_PAGE_SIZE = 50;
/** Seconds Telegram may serve an answer from its cache: short, so a new report shows up soon. */
export const INLINE_CACHE_SECONDS = 30;
/** Longest query looked up, in characters; the rest is ignored. */
const MAX_QUERY = 64;

/** A page of the topics an inline query offers: the index's hits, or the latest report's topics for an empty query. */
async function hitsFor(ctx: BotContext, query: string, offset: number): Promise<{ hits: TopicHit[]; total: number }> {
  const { library, now } = ctx.services;
  if (query !== '') return library.searchWhenIndexed(query, { now: now(), limit: INLINE_PAGE_SIZE, offset });
  const latest = library.published(now())[0];
  const all = latest ? latest.topics.map((topic, index) => ({ report: latest, topic, index, field: 'title' as const })) : [];
  return { hits: all.slice(offset, offset + INLINE_PAGE_SIZE), total: all.length };
}

const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';', '…']);

/**
 * Where to end `rt` so that it keeps at most `maxLength` units and
 * `maxEntities` entities: a paragraph end if one keeps three quarters of
 * the room, else a line end keeping 60 %, else a sentence end keeping 30 %,
 * else between two characters (never inside a surrogate pair).
 */
export function cutPoint(rt: RichText, maxLength: number, maxEntities: number): number {
  const { text } = rt;
  let hard = Math.min(text.length, maxLength);
  const starts = rt.entities.map((e) => e.offset).sort((a, b) => a - b);
  if (starts.length > maxEntities) hard = Math.min(hard, starts[maxEntities]!);
  if (hard >= text.length) return text.length;
  const paragraph = text.lastIndexOf('\n\n', hard - 1);
  if (paragraph >= hard * 0.75) return paragraph;
  const line = text.lastIndexOf('\n', hard - 1);
  if (line >= hard * 0.6) return line;
  for (let p = hard; p > hard * 0.3; p--) {
    const c = text[p - 1]!;
    if (SENTENCE_END.has(c) || (c === '.' && /\s/.test(text[p] ?? ' '))) return p;
  }
  const low = text.charCodeAt(hard);
  return low >= 0xdc00 && low <= 0xdfff ? hard - 1 : hard;
}

const htmlOf = (part: MessagePart): string => (part.payload.method === 'sendMessage' ? part.payload.text : part.payload.caption);

/**
 * One message of at most 4,096 units and 100 entities: the topic's parts
 * joined again (a long body may start in a part of its own, after the
 * header), cut at the most natural place that still fills the message,
 * leaving room for "…" and the link.
 */
export function singleMessage(parts: MessagePart[], link?: { url: string; label: string }): string {
  const suffix = link ? `\n\n<a href="${escapeHtml(link.url).replace(/"/g, '&quot;')}">${escapeHtml(link.label)}</a>` : '';
  const suffixLength = link ? 2 + link.label.length : 0;
  const suffixEntities = link ? 1 : 0;
  const fits = (rt: RichText): boolean =>
    rt.text.length + suffixLength <= MESSAGE_LIMITS.maxLength && rt.entities.length + suffixEntities <= MESSAGE_LIMITS.maxEntities;
  const first = htmlToRichText(htmlOf(parts[0]!));
  if (parts.length === 1 && fits(first)) return htmlOf(parts[0]!) + suffix;

  // Only as many parts as can matter for one message.
  const pieces: RichText[] = [first];
  let length = first.text.length;
  for (const part of parts.slice(1)) {
    if (length > MESSAGE_LIMITS.maxLength) break;
    const rt = htmlToRichText(htmlOf(part));
    pieces.push({ text: '\n\n', entities: [] }, rt);
    length += 2 + rt.text.length;
  }
  const whole = concatRichText(pieces);
  const complete = pieces.length === 2 * parts.length - 1;
  if (complete && fits(whole)) return toHtml(whole) + suffix;
  const ellipsis = '…';
  let end = cutPoint(whole, MESSAGE_LIMITS.maxLength - ellipsis.length - suffixLength, MESSAGE_LIMITS.maxEntities - suffixEntities);
  while (end > 0 && /\s/.test(whole.text[end - 1]!)) end--;
  return toHtml(sliceRichText(whole, 0, end)) + ellipsis + suffix;
}

/** Where to link a report's topics: its post in the first configured channel that has it, public channels first. */
async function topicLinks(ctx: BotContext, report: Report, channelInfo: ChannelInfoLookup): Promise<(index: number) => string | undefined> {
  const { config, store, library } = ctx.services;
  const found: Array<{ messageIds: number[]; info: { id: number; username?: string } }> = [];
  for (const channel of config.CHANNEL_ID) {
    try {
      const posted = await findPostedMessages(store, channel, report);
      if (!posted || posted.messageIds.length === 0) continue;
      found.push({ messageIds: posted.messageIds, info: await channelInfo(channel) });
    } catch (err) {
      ctx.log.warn({ err, channel, reportId: report.id }, 'no link to the channel for an inline result');
    }
  }
  const best = found.find((f) => f.info.username) ?? found[0];
  if (!best) return () => undefined;
  const parts = await library.render(report).catch(() => undefined);
  if (!parts) return () => undefined; // a report the renderer refused: results without links
  // A different split than what was posted (edited since): the opening message is the safe target.
  const where = best.messageIds.length === parts.length ? topicLocations(report, parts) : [];
  return (index) => messageLink(best.info, best.messageIds[where[index] ?? 0]!);
}

function resultId(report: Report, index: number): string {
  return `${createHash('sha256').update(report.id).digest('base64url').slice(0, 16)}.${index}`;
}

/** The rendered body's opening words (after the title and the date line). */
function snippet(parts: MessagePart[]): string {
  // A long body may start in a part of its own, after the header.
  const text = parts
    .slice(0, 2)
    .map((p) => p.text)
    .join('\n\n');
  const body = text.indexOf('\n\n');
  return body < 0 ? '' : clip(text.slice(body + 2), 60);
}

export function inlineFeature(): Composer<BotContext> {
  let channelInfo: ChannelInfoLookup | undefined;
  const c = new Composer<BotContext>();

  c.on('inline_query', async (ctx) => {
    const query = Array.from(ctx.inlineQuery.query.trim()).slice(0, MAX_QUERY).join('');
    const offset = /^\d{1,6}$/.test(ctx.inlineQuery.offset) ? Number(ctx.inlineQuery.offset) : 0;
    const { hits: page, total } = await hitsFor(ctx, query, offset);
    channelInfo ??= channelInfoFromApi(ctx.api);
    const links = new Map<string, Promise<(index: number) => string | undefined>>();
    const label = extrasFor(ctx.lang).viewInChannel;

    const results: InlineQueryResultArticle[] = [];
    for (const hit of page) {
      const { report, topic, index } = hit;
      let linksOf = links.get(report.id);
      if (!linksOf) {
        linksOf = topicLinks(ctx, report, channelInfo);
        links.set(report.id, linksOf);
      }
      const url = (await linksOf)(index);
      const parts = topicParts(report, index, ctx.services.renderer);
      const text = snippet(parts);
      results.push({
        type: 'article',
        id: resultId(report, index),
        title: clip(topic.title, 100),
        description: text ? `${report.date} · ${text}` : report.date,
        input_message_content: {
          message_text: singleMessage(parts, url ? { url, label } : undefined),
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      });
    }
    const next = offset + INLINE_PAGE_SIZE < total ? String(offset + INLINE_PAGE_SIZE) : '';
    await ctx.answerInlineQuery(results, { cache_time: INLINE_CACHE_SECONDS, is_personal: false, next_offset: next });
  });
  return c;
}
