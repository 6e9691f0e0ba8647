/**
 * What both `run` and `post` need, wired once: the store, the Telegram API
 * with retries, the publisher and the metrics. Closing releases everything.
 */
import { Api } from 'grammy';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../observe/metrics.js';
import { createPublisher, type PublisherDeps } from '../publish/publisher.js';
import { installRetries } from '../publish/telegram-api.js';
import type { Publisher } from '../publish/types.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';

export interface Services {
  store: Store;
  api: Api;
  publisher: Publisher;
  metrics: Metrics;
  close(): Promise<void>;
}

export interface ServiceOptions {
  now: () => Date;
  /** The bot's own Api in `run` (so commands and posts share one client); a new one otherwise. */
  api?: Api;
  metrics?: Metrics;
  onPosted?: PublisherDeps['onPosted'];
}

export async function openServices(config: Config & { BOT_TOKEN: string }, logger: Logger, opts: ServiceOptions): Promise<Services> {
  const metrics = opts.metrics ?? createMetrics({ defaultMetrics: false });
  const api = opts.api ?? new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT });
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
  const store = await openStore({ redisUrl: config.REDIS_URL, dataDir: config.DATA_DIR, logger });
  const notifyAdmins = async (text: string): Promise<void> => {
    for (const admin of config.ADMIN_IDS) {
      await api.sendMessage(admin, text, { link_preview_options: { is_disabled: true } }).catch((err: unknown) => {
        logger.warn({ err, admin }, 'could not tell an admin');
      });
    }
  };
  const publisher = createPublisher({
    api,
    store,
    logger,
    now: opts.now,
    pinPosts: config.PIN_POSTS,
    notifyAdmins,
    onPartSent: (info) => {
      if (info.reportId !== undefined) metrics.partsSent.inc({ channel: String(info.chat) });
    },
    onPosted: async (info) => {
      metrics.lastPostTime.set({ channel: String(info.channel) }, opts.now().getTime() / 1000);
      await opts.onPosted?.(info);
    },
  });
  return {
    store,
    api,
    publisher,
    metrics,
    close: () => store.close(),
  };
}
