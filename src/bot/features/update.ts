/**
 * /update [date] (admins, by numeric id): after a report's file was
 * corrected, edit the messages every channel already shows instead of
 * posting it again. Parts that did not change are left alone; when the
 * report now splits differently the answer says so and suggests /repost.
 * Edits are paced like sends, so the work runs in the background and the
 * result follows as a second message. The registry declares /update with
 * scope `admin`, so its admin filter refuses anyone else before this runs.
 */
import type { CommandContext } from 'grammy';
import { type Pacer, pacerFor } from '../../publish/pacer.js';
import { createRichPublishing } from '../../publish/rich-send.js';
import { type ChannelInfoLookup, channelInfoFromApi } from '../../publish/toc.js';
import { updatePosted } from '../../publish/update.js';
import { errorText } from '../../telegram/html.js';
import { reportFromArg, startJob } from '../admin-jobs.js';
import type { BotContext } from '../context.js';
import { extrasFor } from '../locales/extras.js';
import { replyHtml } from '../reply.js';

export interface UpdateFeatureOptions {
  /** Paces the edits per channel (default: the outgoing budget on ctx.api when it has one, else createPacer()). */
  pacer?: Pacer;
}

/** The /update handler; built once per bot because it keeps the pacer and channel lookup for every /update. */
export function updateCommand(opts: UpdateFeatureOptions = {}): (ctx: CommandContext<BotContext>) => Promise<void> {
  let ownPacer: Pacer | undefined;
  let channelInfo: ChannelInfoLookup | undefined;
  return async (ctx) => {
    const { config, library, store, logger } = ctx.services;
    const x = extrasFor(ctx.lang);
    // The file was just corrected: read it now rather than wait for the watcher.
    await library.reload().catch((err: unknown) => ctx.log.warn({ err }, 'reload before /update failed; using the reports loaded before'));
    const report = await reportFromArg(ctx, ctx.match.trim(), x.updateNoReports);
    if (!report) return;
    const channels = config.CHANNEL_ID;
    if (channels.length === 0) return replyHtml(ctx, ctx.t.noChannels);
    channelInfo ??= channelInfoFromApi(ctx.api);
    const info = channelInfo;
    // The outgoing budget paces /update's edits with every other call; without it, one pacer for all /updates.
    if (!opts.pacer) ownPacer ??= pacerFor(ctx.api);
    const pacer = opts.pacer ?? ownPacer!;
    await startJob(ctx, 'update', x.updateStarted(report.title, report.date, channels.length), async () => {
      const parts = await library.render(report);
      const lines = [x.updateDone(report.title, report.date)];
      // One channel after another, like /repost: each edit waits for its channel's pacer anyway.
      for (const channel of channels) {
        const rich = config.POST_FORMAT === 'rich' ? { rich: createRichPublishing() } : {};
        const summary = await updatePosted(
          { api: ctx.api, store, logger, pacer, channelInfo: info, ...rich },
          report,
          parts,
          channel,
        ).catch((err: unknown) => {
          ctx.log.error({ err, channel, reportId: report.id }, 'update failed');
          return {
            status: 'failed' as const,
            channel,
            reportId: report.id,
            total: parts.length,
            changed: [],
            unchanged: 0,
            failed: [],
            error: errorText(err),
          };
        });
        lines.push(x.updateResult(summary, report.date));
      }
      return lines.join('\n');
    });
  };
}
