/**
 * Reading reports: /today, /latest, /yesterday, /date and the day buttons.
 * A report is sent as exactly the messages the channel got
 * (`library.parts`), through the publisher's pacing and fallbacks. Only
 * published reports are ever shown: drafts and future ones do not exist here.
 */
import { type CommandContext, Composer, InlineKeyboard } from 'grammy';
import type { Report } from '../../content/report.js';
import { addDays, dayInZone } from '../../content/timezone.js';
import { UnrenderableReportError } from '../../library/library.js';
import type { MessagePart } from '../../render/messages.js';
import type { BotContext } from '../context.js';
import { dayFromArg, replyDayMissing } from '../day-answers.js';
import { pressed } from '../middlewares/callbacks.js';
import { chatOf, replyHtml } from '../reply.js';

async function sendReports(ctx: BotContext, reports: Report[]): Promise<void> {
  const { publisher, library } = ctx.services;
  // `report`: with POST_FORMAT=rich a private chat gets the rich form (the publisher decides).
  for (const report of reports) {
    let parts: MessagePart[];
    try {
      parts = await library.render(report);
    } catch (err) {
      // One file the renderer gave up on: say so, and still send the day's other reports.
      if (!(err instanceof UnrenderableReportError)) throw err;
      ctx.log.warn({ reportId: report.id, problem: err.problem }, 'report could not be rendered for a reader');
      await replyHtml(ctx, ctx.t.reportUnavailable(report.title, report.date));
      continue;
    }
    await publisher.sendParts(chatOf(ctx), parts, { report });
  }
}

/** The published reports of `day` in the order they came out (a day rarely has more than one). */
function reportsOn(ctx: BotContext, day: string): Report[] {
  return ctx.services.library.onDay(day, ctx.services.now()).reverse();
}

/** Every published report of `day`, or the nearest days that have one. */
async function sendDay(ctx: BotContext, day: string): Promise<void> {
  const reports = reportsOn(ctx, day);
  if (reports.length === 0) return replyDayMissing(ctx, day, 'report');
  await sendReports(ctx, reports);
}

async function sendLatest(ctx: BotContext): Promise<void> {
  const latest = ctx.services.library.published(ctx.services.now())[0];
  if (!latest) return replyHtml(ctx, ctx.t.noReports);
  await sendReports(ctx, [latest]);
}

function today(ctx: BotContext): string {
  return dayInZone(ctx.services.now(), ctx.services.config.TIMEZONE);
}

/** /today; when today's report is not out yet, a button to the latest. */
export async function todayCommand(ctx: BotContext): Promise<void> {
  const { library, now, codec } = ctx.services;
  const day = today(ctx);
  const reports = reportsOn(ctx, day);
  if (reports.length > 0) return sendReports(ctx, reports);
  // Today's may simply not be out yet: offer the latest instead of a list of days.
  const latest = library.published(now())[0];
  if (!latest) return replyHtml(ctx, ctx.t.noReports);
  await replyHtml(
    ctx,
    ctx.t.todayMissing(day),
    new InlineKeyboard().text(ctx.t.latestButton(latest.date), codec.encode({ kind: 'latest' })),
  );
}

export const latestCommand = sendLatest;
export const yesterdayCommand = (ctx: BotContext): Promise<void> => sendDay(ctx, addDays(today(ctx), -1));

/** /date <day>: the reports of that day, or the nearest days that have one. */
export async function dateCommand(ctx: CommandContext<BotContext>): Promise<void> {
  if (ctx.match.trim() === '') return replyHtml(ctx, ctx.t.dateUsage);
  const day = await dayFromArg(ctx, ctx.match);
  if (day) await sendDay(ctx, day);
}

/** The day and latest buttons (the commands are in the registry, commands/registry.ts). */
export function reportsFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();

  c.filter(pressed('day'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await sendDay(ctx, ctx.callback.day);
  });
  c.filter(pressed('latest'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await sendLatest(ctx);
  });
  return c;
}
