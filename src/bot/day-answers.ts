/**
 * The answers about days that several commands share: reading a date
 * argument (with a clear reply when it is not one), and "no report that
 * day" with the nearest days that have one as buttons.
 */
import { InlineKeyboard } from 'grammy';
import { dayInZone } from '../content/timezone.js';
import type { BotContext } from './context.js';
import { MAX_ARG_LENGTH, parseDateArg } from './date-arg.js';
import { nearestDays } from './days.js';
import { replyHtml } from './reply.js';

/** The day `arg` names, or undefined after telling the reader what is wrong with it. */
export async function dayFromArg(ctx: BotContext, arg: string): Promise<string | undefined> {
  const { config, now } = ctx.services;
  const parsed = parseDateArg(arg, dayInZone(now(), config.TIMEZONE));
  if (parsed.ok) return parsed.day;
  const text =
    parsed.error === 'too-long'
      ? ctx.t.argTooLong(MAX_ARG_LENGTH)
      : parsed.error === 'impossible'
        ? ctx.t.dateImpossible(arg)
        : ctx.t.dateUnreadable(arg);
  await replyHtml(ctx, text);
  return undefined;
}

/**
 * "No report on `day`" with buttons to the nearest days before and after
 * that have one. `open` says what a button opens: the day's report or its topics.
 */
export async function replyDayMissing(ctx: BotContext, day: string, open: 'report' | 'topics'): Promise<void> {
  const { library, now, codec } = ctx.services;
  const near = nearestDays(library, now(), day);
  if (!near.before && !near.after) return replyHtml(ctx, ctx.t.noReports);
  const data = (d: string): string => codec.encode(open === 'report' ? { kind: 'day', day: d } : { kind: 'topics', day: d, page: 0 });
  const kb = new InlineKeyboard();
  if (near.before) kb.text(`◀ ${near.before}`, data(near.before));
  if (near.after) kb.text(`${near.after} ▶`, data(near.after));
  await replyHtml(ctx, ctx.t.dayMissing(day), kb);
}
