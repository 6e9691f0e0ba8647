/**
 * The running bot, assembled from its parts: content library and watcher,
 * store, publisher, scheduler, grammY bot (long polling via the runner, or a
 * webhook), and the HTTP server for health and metrics. `stop()` shuts down
 * in the order that loses nothing.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Config } from '../config.js';
import { createLibrary, type Library } from '../content/library.js';
import type { Logger } from '../logger.js';
import { createBackgroundTasks } from '../bot/background.js';
import { createBot, registerCommands } from '../bot/create-bot.js';
import { createMetrics, type Metrics } from '../observe/metrics.js';
import { startHttpServer, type RunningHttpServer } from '../observe/http-server.js';
import { retryTransformer } from '../publish/telegram-api.js';
import { createArchiveLedger } from '../schedule/archive-ledger.js';
import { createScheduler, type Scheduler } from '../schedule/scheduler.js';
import { embeddedContentCache } from '../store/content-cache.js';
import { confirmIdentity } from './bot-identity.js';
import { openServices, type Services } from './services.js';
import { createWebhook, DEFAULT_WEBHOOK_PORT } from './webhook.js';

/** The update types the bot handles: nothing else is fetched or delivered. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query'] as const;

/** After Telegram refused getUpdates, how long until this instance polls again. */
const REPOLL_AFTER_MS = 60_000;

export interface AppOptions {
  now: () => Date;
}

export interface App {
  library: Library;
  services: Services;
  scheduler: Scheduler;
  metrics: Metrics;
  http?: RunningHttpServer;
  /** Stop taking updates, let the part in flight finish, save, release, close. */
  stop(): Promise<void>;
}

export async function startApp(config: Config & { BOT_TOKEN: string }, logger: Logger, opts: AppOptions): Promise<App> {
  const metrics = createMetrics();
  // With SQLite, parsed reports are kept in state.db: a restart reparses only changed files.
  const contentCache = embeddedContentCache(config);
  const library = createLibrary({
    dir: config.CONTENT_DIR,
    timeZone: config.TIMEZONE,
    cache: contentCache,
    onReload: (content, err) => {
      if (err) return void logger.error({ err }, 'content folder could not be read');
      metrics.contentFiles.set({ state: 'loaded' }, content.reports.length);
      metrics.contentFiles.set({ state: 'broken' }, content.problems.length);
      for (const p of content.problems) logger.warn({ file: p.file, line: p.line }, `content file skipped: ${p.reason}`);
    },
  });
  await library.reload().catch(() => undefined);
  const stopWatching = library.watch();

  const services = await openServices(config, logger, { now: opts.now, metrics, library });
  const scheduler = createScheduler({
    cron: config.POST_CRON,
    timeZone: config.TIMEZONE,
    channels: config.CHANNEL_ID,
    library,
    publisher: services.publisher,
    logger,
    now: opts.now,
    catchUpHours: config.CATCH_UP_HOURS,
    ledger: createArchiveLedger(services.store),
    adopt: config.ADOPT_ON_FIRST_START,
  });
  const background = createBackgroundTasks(logger);
  const bot = createBot({
    token: config.BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    config,
    library,
    store: services.store,
    publisher: services.publisher,
    scheduler,
    logger,
    now: opts.now,
    background,
    observer: {
      command: (name) => metrics.commands.inc({ command: name }),
      handled: (kind, seconds) => metrics.handlerSeconds.observe({ kind }, seconds),
    },
  });
  bot.api.config.use(services.outgoing.transformer, retryTransformer({ logger, maxAttempts: 4 })); // budget inside, retries outside
  await confirmIdentity(bot, logger);
  logger.info({ bot: bot.botInfo.username, channels: config.CHANNEL_ID, store: services.store.kind }, 'bot identity confirmed');
  await registerCommands(bot.api, config).catch((err: unknown) => logger.warn({ err }, 'could not register the command menu'));

  const webhook = config.WEBHOOK_URL && config.WEBHOOK_SECRET
    ? createWebhook(bot, { url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET, allowedUpdates: ALLOWED_UPDATES, logger })
    : undefined;
  const port = config.PORT ?? (webhook ? DEFAULT_WEBHOOK_PORT : undefined);
  let http: RunningHttpServer | undefined;
  if (port !== undefined) {
    http = await startHttpServer({
      port,
      logger,
      ...(webhook ? { webhook } : {}),
      registry: metrics.registry,
      health: async () => {
        const store = await services.store.ping().catch(() => false);
        const schedulerAlive = scheduler.isAlive();
        return { ok: store && schedulerAlive, checks: { store, storeKind: services.store.kind, scheduler: schedulerAlive, nextRun: scheduler.nextRun()?.toISOString() ?? null } };
      },
    });
  }

  let runner: RunnerHandle | undefined;
  let repoll: NodeJS.Timeout | undefined;
  let stopping = false;
  const poll = (): void => {
    const handle = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
    runner = handle;
    // The runner gives up on a 409 (or 401) by rejecting its task; unhandled, that rejection would
    // kill the process mid-post. Keep posting, say why no updates arrive, and poll again later.
    void handle.task()?.catch((err: unknown) => {
      if (stopping) return;
      const conflict = (err as { error_code?: unknown }).error_code === 409;
      logger.error(
        { err, retryInMs: REPOLL_AFTER_MS },
        conflict
          ? 'long polling stopped: another process polls with this bot token (run several instances in webhook mode); posting goes on'
          : 'long polling stopped: Telegram refused getUpdates; posting goes on',
      );
      repoll = setTimeout(poll, REPOLL_AFTER_MS);
    });
  };
  if (webhook) {
    // Listening first, so Telegram's first delivery finds us.
    await webhook.register().catch(async (err: unknown) => {
      await http?.close();
      stopWatching();
      contentCache?.close();
      await services.close();
      throw err;
    });
  } else {
    // As grammY's own bot.start() does: a webhook left from webhook mode would make every getUpdates fail with 409.
    await bot.api.deleteWebhook();
    poll();
  }
  void scheduler.start().catch((err: unknown) => logger.error({ err }, 'scheduler failed to start'));
  services.alerts.start();

  return {
    library,
    services,
    scheduler,
    metrics,
    ...(http ? { http } : {}),
    async stop() {
      logger.info('shutting down');
      if (webhook) {
        // Take no new requests (the load balancer and Telegram's retries go to the other
        // instances), then finish the updates taken. No deleteWebhook: the others still serve it.
        http?.server.close();
        await webhook.drain();
      }
      stopping = true;
      clearTimeout(repoll);
      if (runner?.isRunning()) await runner.stop();
      runner = undefined;
      await scheduler.stop();
      await services.alerts.stop();
      await background.idle();
      stopWatching();
      contentCache?.close();
      await http?.close();
      await services.close();
      logger.info('stopped cleanly');
    },
  };
}
