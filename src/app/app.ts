/**
 * The running bot, assembled from its parts: content library and watcher,
 * store, publisher, scheduler, grammY bot (long polling via the runner, or a
 * webhook), and the HTTP server for health and metrics. `stop()` shuts down
 * in the order that loses nothing.
 *
 * Start-up either completes or leaves nothing behind: every part opened is
 * closed again when a later step fails (a corrupt state, a refused token) or
 * when `signal` aborts it (SIGTERM during the wait for Telegram), so the
 * process can exit instead of being kept alive by a watcher or a socket.
 */
import { type RunnerHandle, run } from '@grammyjs/runner';
import { createBackgroundTasks } from '../bot/background.js';
import { createBot, registerCommands } from '../bot/create-bot.js';
import { type Config, httpHostOf } from '../config.js';
import { createIndexBuilder } from '../library/index-builder.js';
import { createLibrary, type Library } from '../library/library.js';
import { createParsePool } from '../library/parse-pool.js';
import type { Logger } from '../logger.js';
import { type RunningHttpServer, startHttpServer } from '../observe/http-server.js';
import { createMetrics, type Metrics } from '../observe/metrics.js';
import { retryTransformer } from '../publish/telegram-api.js';
import { createArchiveLedger } from '../schedule/archive-ledger.js';
import { createScheduler, type Scheduler } from '../schedule/scheduler.js';
import { embeddedContentCache } from '../store/content-cache.js';
import { UserError } from '../util/user-error.js';
import { confirmIdentity } from './bot-identity.js';
import { collectGarbageNow } from './full-collection.js';
import { openServices, type Services } from './services.js';
import { createWebhook, DEFAULT_WEBHOOK_PORT } from './webhook.js';
import { keepYoungGenerationSmallAgain } from './young-generation.js';

/** The update types the bot handles: nothing else is fetched or delivered. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query'] as const;

/** After Telegram refused getUpdates, how long until this instance polls again. */
const REPOLL_AFTER_MS = 60_000;

export interface AppOptions {
  now: () => Date;
  /** Aborts start-up (a signal arrived): what was opened is closed and startApp rejects with StartAborted. */
  signal?: AbortSignal;
}

/** Start-up was cut short by `AppOptions.signal`; everything opened was closed again. */
export class StartAborted extends Error {
  constructor() {
    super('start-up stopped by a signal');
    this.name = 'StartAborted';
  }
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
  // What start-up has opened so far, closed in reverse order if it cannot finish.
  const opened: Array<() => unknown> = [];
  const checkpoint = (): void => {
    if (opts.signal?.aborted) throw new StartAborted();
  };
  try {
    return await assemble(config, logger, opts, opened, checkpoint);
  } catch (err) {
    for (const close of opened.reverse()) {
      await Promise.resolve()
        .then(close)
        .catch((closeErr: unknown) => logger.warn({ err: closeErr }, 'could not close a part after start-up failed'));
    }
    throw asStartError(err);
  }
}

/** Errors whose message already tells the operator what to fix: printed as one sentence, no stack. */
const CONFIGURATION_ERRORS = new Set(['CorruptStateError', 'RedisAuthError']);

function asStartError(err: unknown): unknown {
  if (err instanceof Error && CONFIGURATION_ERRORS.has(err.name)) return new UserError(`Cannot start: ${err.message.replace(/\.$/, '')}.`);
  return err;
}

async function assemble(
  config: Config & { BOT_TOKEN: string },
  logger: Logger,
  opts: AppOptions,
  opened: Array<() => unknown>,
  checkpoint: () => void,
): Promise<App> {
  const metrics = createMetrics();
  // Files are parsed on a worker with a deadline, so no file stops the bot from answering.
  const parsePool = createParsePool({
    timeoutMs: config.PARSE_TIMEOUT_MS,
    memoryMb: config.PARSE_MEMORY_MB,
    onWorkerReady: keepYoungGenerationSmallAgain,
  });
  // With SQLite, parsed reports are kept in state.db: a restart reparses only changed files.
  const contentCache = embeddedContentCache(config);
  if (contentCache) opened.push(() => contentCache.close());
  const library = createLibrary({
    dir: config.CONTENT_DIR,
    timeZone: config.TIMEZONE,
    parser: parsePool.parse,
    render: parsePool.render,
    // A cold start's topic index on worker threads (index-builder.ts).
    buildIndex: createIndexBuilder({
      memoryMb: config.PARSE_MEMORY_MB,
      onWorkerReady: keepYoungGenerationSmallAgain,
    }),
    cache: contentCache,
    onReload: (content, err) => {
      if (err) return void logger.error({ err }, 'content folder could not be read');
      metrics.contentFiles.set({ state: 'loaded' }, content.reports.length);
      metrics.contentFiles.set({ state: 'broken' }, content.problems.length);
      for (const p of content.problems) logger.warn({ file: p.file, line: p.line }, `content file skipped: ${p.reason}`);
    },
  });
  // A folder that is missing or unreadable at start is a configuration error (later, a rescan that
  // fails keeps the reports loaded before). Broken files inside it never stop the bot.
  const loadStarted = performance.now();
  await library.reload().catch((err: unknown) => {
    throw new UserError(`Cannot start: ${(err as Error).message}; set CONTENT_DIR to the folder of report files.`);
  });
  // A cold start serves before its topic index is complete (/topic waits for it): say when it is.
  void library
    .indexed()
    .then(() =>
      logger.info({ reports: library.current().reports.length, ms: Math.round(performance.now() - loadStarted) }, 'topic index ready'),
    );
  // Once the first load's after-work has dropped what a cold start held, give the memory back now.
  void library.settled().then(collectGarbageNow);
  checkpoint();

  const services = await openServices(config, logger, { now: opts.now, metrics, library });
  opened.push(() => services.close());
  checkpoint();
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
  // One getMe per attempt, not bot.init(): grammY's init retries network errors itself, silently and
  // forever. Its own wait logs one line per attempt and ends at a signal; the outgoing budget and
  // auto-retry come after it. (grammY types the signal with the abort-controller polyfill's type; at
  // run time it is the platform's.)
  const getMe = async (signal?: AbortSignal): Promise<void> => {
    bot.botInfo = await bot.api.getMe(signal as Parameters<typeof bot.init>[0]);
  };
  await confirmIdentity({ init: getMe }, logger, { apiRoot: config.TELEGRAM_API_ROOT, ...(opts.signal && { signal: opts.signal }) });
  checkpoint();
  bot.api.config.use(services.outgoing.transformer, retryTransformer({ logger, maxAttempts: 4 })); // budget inside, retries outside
  logger.info({ bot: bot.botInfo.username, channels: config.CHANNEL_ID, store: services.store.kind }, 'bot identity confirmed');
  await registerCommands(bot.api, config).catch((err: unknown) => logger.warn({ err }, 'could not register the command menu'));
  checkpoint();

  const webhook =
    config.WEBHOOK_URL && config.WEBHOOK_SECRET
      ? createWebhook(bot, { url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET, allowedUpdates: ALLOWED_UPDATES, logger })
      : undefined;
  const port = config.PORT ?? (webhook ? DEFAULT_WEBHOOK_PORT : undefined);
  let http: RunningHttpServer | undefined;
  if (port !== undefined) {
    http = await startHttpServer({
      port,
      host: httpHostOf(config),
      limits: { maxConnections: config.HTTP_MAX_CONNECTIONS },
      logger,
      ...(webhook ? { webhook } : {}),
      registry: metrics.registry,
      health: async () => {
        // ping() writes: a store that answers but cannot save (a read-only replica, a full disk) is unhealthy.
        const store = await services.store.ping().catch(() => false);
        const schedulerAlive = scheduler.isAlive();
        return {
          ok: store && schedulerAlive,
          checks: { store, storeKind: services.store.kind, scheduler: schedulerAlive, nextRun: scheduler.nextRun()?.toISOString() ?? null },
        };
      },
    });
    const server = http;
    opened.push(() => server.close());
    checkpoint();
  }
  // Watching starts last: an open watcher would keep a process whose start-up failed alive.
  const stopWatching = library.watch();
  opened.push(stopWatching);

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
    await webhook.register();
  } else {
    // As grammY's own bot.start() does: a webhook left from webhook mode would make every getUpdates fail with 409.
    await bot.api.deleteWebhook(undefined, opts.signal as Parameters<typeof bot.init>[0]);
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
      await parsePool.close();
      contentCache?.close();
      await http?.close();
      await services.close();
      logger.info('stopped cleanly');
    },
  };
}
