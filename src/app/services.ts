/**
 * What both `run` and `post` need, wired once: the store, the Telegram API
 * with retries, the publisher and the metrics. Closing releases everything.
 */
import { Api } from 'grammy';
import { type Alerts, createAlerts } from '../alerts/index.js';
import { budgetLimiter } from '../alerts/limiter.js';
import { type Config, LEGACY_REDIS_PREFIX, redisPrefixOf } from '../config.js';
import type { Library } from '../library/library.js';
import type { Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../observe/metrics.js';
import { type Pacer, pacerFor } from '../publish/pacer.js';
import { createPublisher, type PublisherDeps } from '../publish/publisher.js';
import { createRichPublishing } from '../publish/rich-send.js';
import { configSecrets, installSecretGuard } from '../publish/secret-guard.js';
import { installRetries } from '../publish/telegram-api.js';
import { createTocEditor } from '../publish/toc.js';
import type { Publisher } from '../publish/types.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { type Outgoing, openOutgoingFor } from './outgoing.js';

export interface Services {
  store: Store;
  api: Api;
  publisher: Publisher;
  /** The outgoing budget's view for the publisher: every call on `api` (and on the bot's) is paced below it. */
  pacer: Pacer;
  /** One outgoing budget for every Bot API call; install it on any other Api before its retries. */
  outgoing: Outgoing;
  /** Topic alerts: queued when a report is posted (by `run` or `post`); delivered by `run`'s worker. */
  alerts: Alerts;
  metrics: Metrics;
  close(): Promise<void>;
}

export interface ServiceOptions {
  now: () => Date;
  metrics?: Metrics;
  /** The parts the table of contents links to are the library's (exactly what was posted). */
  library: Library;
  /** Called after a report fully reached a channel and its table of contents was added. */
  onPosted?: PublisherDeps['onPosted'];
}

export async function openServices(config: Config & { BOT_TOKEN: string }, logger: Logger, opts: ServiceOptions): Promise<Services> {
  const metrics = opts.metrics ?? createMetrics({ defaultMetrics: false });
  const api = new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT });
  const outgoing = openOutgoingFor(config, logger, metrics);
  // Before the retries: grammY runs the last installed outermost, so each retry queues again.
  api.config.use(outgoing.transformer);
  installRetries(api, {
    logger,
    onRetry: (info) => {
      if (info.reason === '429') {
        metrics.floodWaits.inc();
        metrics.floodWaitSeconds.inc(info.waitMs / 1000);
      }
      metrics.telegramErrors.inc({ code: info.reason === '429' ? '429' : info.reason === '5xx' ? '5xx' : '0', method: info.method });
    },
  });
  // A store that cannot open (corrupt state, refused password) must not leave the budget's connection open.
  const store = await openStore({
    redisUrl: config.REDIS_URL,
    dataDir: config.DATA_DIR,
    embedded: config.EMBEDDED_STORE,
    logger,
    redisPrefix: redisPrefixOf(config),
    // Only the derived default moves off the old shared prefix; a REDIS_PREFIX set by hand is used as it is.
    ...(!config.REDIS_PREFIX && { adoptRedisKeysFrom: LEGACY_REDIS_PREFIX }),
  }).catch(async (err: unknown) => {
    await outgoing.close().catch(() => undefined);
    throw err;
  });
  const notifyAdmins = async (text: string): Promise<void> => {
    for (const admin of config.ADMIN_IDS) {
      await api.sendMessage(admin, text, { link_preview_options: { is_disabled: true } }).catch((err: unknown) => {
        logger.warn({ err, admin }, 'could not tell an admin');
      });
    }
  };
  // Installed last, so it runs first: nothing holding a secret reaches the budget, a retry or Telegram.
  installSecretGuard(api, { secrets: configSecrets(config), logger, notifyAdmins });
  const pacer = pacerFor(api);
  const alerts = createAlerts({ store, api, logger, now: opts.now, limiter: budgetLimiter(outgoing) });
  const toc = createTocEditor({ api, store, logger, pacer, parts: (report) => opts.library.parts(report), now: opts.now });
  const inner = createPublisher({
    api,
    store,
    logger,
    pacer,
    now: opts.now,
    pinPosts: config.PIN_POSTS,
    maxMessages: config.MAX_MESSAGES,
    notifyAdmins,
    ...(config.POST_FORMAT === 'rich' ? { rich: createRichPublishing() } : {}),
    onPartSent: (info) => {
      if (info.reportId !== undefined) metrics.partsSent.inc({ channel: String(info.chat) });
    },
    onPosted: async (info) => {
      metrics.lastPostTime.set({ channel: String(info.channel) }, opts.now().getTime() / 1000);
      await toc.onPosted(info);
      // Only queues: delivery runs on its own and never delays the next channel.
      await alerts.onPosted(info);
      await opts.onPosted?.(info);
    },
  });
  // Every posting run is counted by outcome, whoever started it (schedule, /repost, `post`).
  const publisher: Publisher = {
    ...inner,
    post: async (report, parts, channel, postOpts) => {
      const result = await inner.post(report, parts, channel, postOpts);
      metrics.postsTotal.inc({ channel: String(channel), status: result.status });
      return result;
    },
    sendParts: (chat, parts, sendOpts) => inner.sendParts(chat, parts, sendOpts),
  };
  return {
    store,
    api,
    publisher,
    pacer,
    outgoing,
    alerts,
    metrics,
    close: async () => {
      await store.close();
      await outgoing.close();
    },
  };
}
