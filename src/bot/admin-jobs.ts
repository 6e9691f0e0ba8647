/**
 * What the admin commands that post or edit share: which report an argument
 * names, and running the long part in the background while the command
 * answers at once.
 */
import type { Report } from '../content/report.js';
import { errorText } from '../telegram/html.js';
import type { BotContext } from './context.js';
import { dayFromArg, replyDayMissing } from './day-answers.js';
import { chatOf, replyHtml, sendHtml } from './reply.js';

/** The latest report, or the newest of the day named; undefined after telling the admin why there is none. */
export async function reportFromArg(ctx: BotContext, arg: string, noReports: string): Promise<Report | undefined> {
  const { library, now } = ctx.services;
  if (arg === '') {
    const latest = library.published(now())[0];
    if (!latest) await replyHtml(ctx, noReports);
    return latest;
  }
  const day = await dayFromArg(ctx, arg);
  if (!day) return undefined;
  const report = library.onDay(day, now())[0];
  if (!report) await replyDayMissing(ctx, day, 'report');
  return report;
}

/**
 * Run `job` in the background under `name` and answer `started` now (or that
 * the same job is still running). The job's text is sent when it finishes;
 * it never overtakes the `started` answer.
 */
export async function startJob(ctx: BotContext, name: string, started: string, job: () => Promise<string>): Promise<void> {
  const { background, redact } = ctx.services;
  const { t, log } = ctx;
  const chatId = chatOf(ctx);
  let answered!: () => void;
  const replied = new Promise<void>((resolve) => (answered = resolve));
  const accepted = background.run(name, async () => {
    await replied;
    let html: string;
    try {
      html = await job();
    } catch (err) {
      log.error({ err, job: name }, 'admin job failed');
      html = t.taskFailed(errorText(err));
    }
    await sendHtml(ctx, chatId, redact(html));
  });
  try {
    await replyHtml(ctx, accepted ? started : t.taskBusy);
  } finally {
    answered();
  }
}
