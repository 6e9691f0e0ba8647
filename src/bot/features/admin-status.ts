/** /status and /reload: what an admin needs to see that the bot is healthy, in one message. */
import type { LoadedContent } from '../../content/load.js';
import type { LoadProblem } from '../../content/report.js';
import { queueStatusLine } from '../../outgoing/status-line.js';
import { budgetOf } from '../../outgoing/transformer.js';
import { createProgressStore } from '../../publish/progress.js';
import { errorText } from '../../telegram/html.js';
import type { BotContext } from '../context.js';
import { formatInstant } from '../days.js';
import { replyHtml } from '../reply.js';

/** Problems shown in one message; the rest are counted (the message must stay under 4096 characters). */
const MAX_PROBLEMS = 8;
/** Warnings listed under the count, in the admin's language. */
const MAX_WARNINGS = 6;
/** A store that does not answer within this is reported as down, not waited for. */
const PING_TIMEOUT_MS = 3000;

function firstProblems(problems: LoadProblem[]): { problems: LoadProblem[]; moreProblems: number } {
  return { problems: problems.slice(0, MAX_PROBLEMS), moreProblems: Math.max(0, problems.length - MAX_PROBLEMS) };
}

async function pingStore(ctx: BotContext): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)));
  try {
    return await Promise.race([ctx.services.store.ping().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function status(ctx: BotContext): Promise<void> {
  const { library, store, scheduler, config, now } = ctx.services;
  const content = library.current();
  const published = library.published(now());
  const progress = createProgressStore(store);
  const channels = await Promise.all(
    config.CHANNEL_ID.map(async (channel) => {
      // A store that cannot answer shows as "nothing recorded"; the store line below says why.
      const last = await progress.lastPosted(channel).catch(() => undefined);
      return { channel, ...(last ? { last: { reportId: last.reportId, at: formatInstant(new Date(last.at), config.TIMEZONE) } } : {}) };
    }),
  );
  const next = scheduler.nextRun();
  const latest = published[0];
  await replyHtml(
    ctx,
    ctx.t.status({
      reports: content.reports.length,
      published: published.length,
      ...(latest ? { latest: { day: latest.date, title: latest.title } } : {}),
      ...firstProblems(content.problems),
      warnings: content.warnings.length,
      warningList: content.warnings.slice(0, MAX_WARNINGS),
      channels,
      ...(next ? { nextRun: formatInstant(next, config.TIMEZONE) } : {}),
      schedulerAlive: scheduler.isAlive(),
      timeZone: config.TIMEZONE,
      storeKind: store.kind,
      storeOk: await pingStore(ctx),
    }) + queueStatusLine(budgetOf(ctx.api)?.depth(), ctx.lang),
  );
}

export async function reload(ctx: BotContext): Promise<void> {
  const { library, now, redact } = ctx.services;
  let content: LoadedContent;
  try {
    content = await library.reload();
  } catch (err) {
    ctx.log.error({ err }, '/reload failed');
    return replyHtml(ctx, redact(ctx.t.reloadFailed(errorText(err))));
  }
  await replyHtml(
    ctx,
    ctx.t.reloadDone({
      reports: content.reports.length,
      published: library.published(now()).length,
      warnings: content.warnings.length,
      ...firstProblems(content.problems),
    }),
  );
}
