/**
 * /repost and /post. Admin commands are for the numeric user ids in
 * ADMIN_IDS only (never by username: anyone can take a username); the
 * registry (commands/registry.ts) declares them with scope `admin`, and its
 * admin filter refuses anyone else before these run. Posting runs in the
 * background: the command answers at once and the result follows as a
 * second message when every channel is done.
 */
import type { CommandContext } from 'grammy';
import type { Report } from '../../content/report.js';
import type { ChatTarget, PostResult } from '../../publish/types.js';
import type { MessagePart } from '../../render/messages.js';
import { errorText } from '../../telegram/html.js';
import { reportFromArg, startJob } from '../admin-jobs.js';
import type { BotContext } from '../context.js';
import { replyHtml } from '../reply.js';

/** A post that threw is reported like one that failed, so one bad channel does not hide the others. */
async function postTo(ctx: BotContext, report: Report, channel: ChatTarget): Promise<PostResult> {
  const { publisher, library } = ctx.services;
  let parts: MessagePart[] | undefined;
  try {
    parts = await library.render(report);
    return await publisher.post(report, parts, channel, { force: true });
  } catch (err) {
    ctx.log.error({ err, channel, reportId: report.id }, 'repost failed');
    return {
      status: 'failed',
      channel,
      reportId: report.id,
      sent: 0,
      total: parts?.length ?? 0, // none when rendering is what failed
      messageIds: [],
      error: errorText(err),
    };
  }
}

export async function repostCommand(ctx: CommandContext<BotContext>): Promise<void> {
  const channels = ctx.services.config.CHANNEL_ID;
  const report = await reportFromArg(ctx, ctx.match.trim(), ctx.t.noReports);
  if (!report) return;
  if (channels.length === 0) return replyHtml(ctx, ctx.t.noChannels);
  await startJob(ctx, 'repost', ctx.t.repostStarted(report.title, report.date, channels.length), async () => {
    const lines = [ctx.t.repostDone(report.title, report.date)];
    // One channel after another: the publisher paces sends, and parallel posts would share its budget anyway.
    for (const channel of channels) lines.push(ctx.t.postResult(await postTo(ctx, report, channel)));
    return lines.join('\n');
  });
}

export async function postCommand(ctx: BotContext): Promise<void> {
  if (ctx.services.config.CHANNEL_ID.length === 0) return replyHtml(ctx, ctx.t.noChannels);
  await startJob(ctx, 'post', ctx.t.postStarted, async () => {
    const results = await ctx.services.scheduler.runOnce('admin');
    return results.length === 0 ? ctx.t.postNothing : [ctx.t.postDone, ...results.map(ctx.t.postResult)].join('\n');
  });
}
