/**
 * Topics: /topics [date] lists a day's topics as buttons, a tap sends that
 * topic alone; /topic <keyword> searches titles, tags and bodies of every
 * published report (one hit is sent at once, several become paged buttons).
 * A search is paged through a short key in the store, since the query itself
 * may not fit in 64 bytes of callback data.
 */
import { type CommandContext, Composer, InlineKeyboard } from 'grammy';
import type { Report } from '../../content/report.js';
import { topicParts } from '../../render/topic-message.js';
import { normalizeText } from '../../search/normalize.js';
import type { TopicHit } from '../../search/topics.js';
import { queryKey, reportTag } from '../../telegram/callback-data.js';
import { clipLabel } from '../../telegram/html.js';
import type { BotContext } from '../context.js';
import { MAX_ARG_LENGTH } from '../date-arg.js';
import { dayFromArg, replyDayMissing } from '../day-answers.js';
import { addPagerRow, paginate } from '../keyboards/pager.js';
import { pressed } from '../middlewares/callbacks.js';
import { chatOf, replyHtml, showPage } from '../reply.js';

/** Topic buttons per page, for a day's list and for search hits. */
export const TOPICS_PAGE_SIZE = 10;
/** How long a search's buttons keep working. */
export const SEARCH_TTL_MS = 24 * 60 * 60 * 1000;

type TopicRef = Pick<TopicHit, 'report' | 'index'>;

function topicButton(ctx: BotContext, ref: TopicRef, label: string): [string, string] {
  const data = ctx.services.codec.encode({ kind: 'topic', day: ref.report.date, report: reportTag(ref.report.id), index: ref.index });
  return [label, data];
}

async function sendTopic(ctx: BotContext, report: Report, index: number): Promise<void> {
  const { publisher, renderer } = ctx.services;
  // `report` and `topicIndex`: with POST_FORMAT=rich a private chat gets the topic as a rich message.
  await publisher.sendParts(chatOf(ctx), topicParts(report, index, renderer), { report, topicIndex: index });
}

async function showDayTopics(ctx: BotContext, day: string, page: number): Promise<void> {
  const { library, now, codec } = ctx.services;
  const reports = library.onDay(day, now());
  if (reports.length === 0) return replyDayMissing(ctx, day, 'topics');
  const refs = reports.flatMap((report) => report.topics.map((topic, index) => ({ report, index, topic })));
  if (refs.length === 0) return replyHtml(ctx, ctx.t.topicsEmpty(day));
  const p = paginate(refs, page, TOPICS_PAGE_SIZE);
  const kb = new InlineKeyboard();
  for (const ref of p.items)
    kb.text(...topicButton(ctx, ref, clipLabel(`${ref.topic.time ? `${ref.topic.time} ` : ''}${ref.topic.title}`, 40))).row();
  addPagerRow(kb, ctx.t, p, (n) => codec.encode({ kind: 'topics', day, page: n }));
  await showPage(ctx, ctx.t.topicsHeader(day, refs.length, p.page + 1, p.pages), kb);
}

/** One page of search results, fetched from the index (only that page is materialised). */
async function searchPage(
  ctx: BotContext,
  query: string,
  page: number,
): Promise<{ hits: TopicHit[]; total: number; page: number; pages: number }> {
  const { library, now } = ctx.services;
  const at = (n: number) => library.searchWhenIndexed(query, { now: now(), limit: TOPICS_PAGE_SIZE, offset: n * TOPICS_PAGE_SIZE });
  let result = await at(Math.max(0, page));
  const pages = Math.max(1, Math.ceil(result.total / TOPICS_PAGE_SIZE));
  // The archive may have shrunk since the button was made: show its last page instead.
  const p = Math.min(Math.max(0, page), pages - 1);
  if (p !== page) result = await at(p);
  return { ...result, page: p, pages };
}

async function showHits(ctx: BotContext, query: string, found: Awaited<ReturnType<typeof searchPage>>, key: string): Promise<void> {
  const p = { items: found.hits, page: found.page, pages: found.pages };
  const kb = new InlineKeyboard();
  for (const hit of p.items) kb.text(...topicButton(ctx, hit, clipLabel(`${hit.report.date.slice(5)} ${hit.topic.title}`, 40))).row();
  addPagerRow(kb, ctx.t, p, (n) => ctx.services.codec.encode({ kind: 'search', key, page: n }));
  await showPage(ctx, ctx.t.topicHits(query, found.total, p.page + 1, p.pages), kb);
}

/** /topics [date]: a day's topics as buttons (the latest report's without a date). */
export async function topicsCommand(ctx: CommandContext<BotContext>): Promise<void> {
  const arg = ctx.match.trim();
  if (arg === '') {
    const latest = ctx.services.library.published(ctx.services.now())[0];
    return latest ? showDayTopics(ctx, latest.date, 0) : replyHtml(ctx, ctx.t.noReports);
  }
  const day = await dayFromArg(ctx, arg);
  if (day) await showDayTopics(ctx, day, 0);
}

/** /topic <keyword>: search every published report's topics. */
export async function topicCommand(ctx: CommandContext<BotContext>): Promise<void> {
  const { store } = ctx.services;
  const query = ctx.match.trim();
  if (query === '') return replyHtml(ctx, ctx.t.topicUsage);
  if (query.length > MAX_ARG_LENGTH) return replyHtml(ctx, ctx.t.argTooLong(MAX_ARG_LENGTH));
  const found = await searchPage(ctx, query, 0);
  if (found.total === 0) return replyHtml(ctx, ctx.t.topicNoHits(query));
  if (found.total === 1) return sendTopic(ctx, found.hits[0]!.report, found.hits[0]!.index);
  const key = queryKey(normalizeText(query));
  await store.set(`search:${key}`, query, SEARCH_TTL_MS);
  await showHits(ctx, query, found, key);
}

/** The buttons of /topics and /topic (the commands are in the registry, commands/registry.ts). */
export function topicsFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();

  c.filter(pressed('topics'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await showDayTopics(ctx, ctx.callback.day, ctx.callback.page);
  });

  c.filter(pressed('topic'), async (ctx) => {
    const { day, report: tag, index } = ctx.callback;
    const report = ctx.services.library.onDay(day, ctx.services.now()).find((r) => reportTag(r.id) === tag);
    if (!report?.topics[index]) {
      await ctx.answerCallbackQuery({ text: ctx.t.topicGone, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await sendTopic(ctx, report, index);
  });

  c.filter(pressed('search'), async (ctx) => {
    const query = await ctx.services.store.get<string>(`search:${ctx.callback.key}`);
    const found = query === undefined ? undefined : await searchPage(ctx, query, ctx.callback.page);
    if (query === undefined || !found || found.total === 0) {
      await ctx.answerCallbackQuery({ text: ctx.t.searchExpired, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await showHits(ctx, query, found, ctx.callback.key);
  });
  return c;
}
