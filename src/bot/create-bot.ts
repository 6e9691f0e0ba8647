/**
 * The bot, assembled: context (services, language, logger), error boundary,
 * who may talk to us, rate limit, button verification, the features, and the
 * fallback for everything else. No network I/O until the bot is started.
 */
import { Bot } from 'grammy';
import { ADMIN_COMMANDS, READER_COMMANDS } from './commands.js';
import { observeUpdates } from './middlewares/observe.js';
import { scrub } from '../logger.js';
import { createRenderer } from '../render/document.js';
import { createBackgroundTasks } from './background.js';
import { callbackSecret, createCallbackCodec } from './callback-data.js';
import type { BotContext, BotDeps, BotServices } from './context.js';
import { adminFeature } from './features/admin.js';
import { archiveFeature } from './features/archive.js';
import { inlineFeature } from './features/inline.js';
import { reportsFeature } from './features/reports.js';
import { startFeature } from './features/start.js';
import { subscriptionsFeature } from './features/subscriptions.js';
import { topicsFeature } from './features/topics.js';
import { unhandledFeature } from './features/unhandled.js';
import { updateFeature } from './features/update.js';
import { addressing } from './middlewares/addressing.js';
import { adminRepliesInPrivate } from './middlewares/admin-private.js';
import { attach } from './middlewares/attach.js';
import { verifyCallbacks } from './middlewares/callbacks.js';
import { dedupeUpdates } from './middlewares/dedupe.js';
import { errorHandler } from './middlewares/error-boundary.js';
import { DEFAULT_RATE_LIMIT, rateLimit } from './middlewares/rate-limit.js';

export type { BotContext, BotDeps, BotServices } from './context.js';
export { registerCommands } from './commands.js';

export function createBot(deps: BotDeps): Bot<BotContext> {
  const services: BotServices = {
    config: deps.config,
    library: deps.library,
    store: deps.store,
    publisher: deps.publisher,
    scheduler: deps.scheduler,
    logger: deps.logger,
    now: deps.now,
    renderer: deps.renderer ?? createRenderer(),
    background: deps.background ?? createBackgroundTasks(deps.logger),
    codec: createCallbackCodec(callbackSecret(deps.token)),
    redact: (text) => scrub(text, [deps.token]),
  };
  const bot = new Bot<BotContext>(deps.token, {
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    ...(deps.apiRoot ? { client: { apiRoot: deps.apiRoot } } : {}),
  });
  const onError = errorHandler(deps.logger);
  // Last resort for long polling; the boundary below already answers the reader.
  bot.catch(onError);
  if (deps.observer) bot.use(observeUpdates(deps.observer, new Set([...READER_COMMANDS, ...ADMIN_COMMANDS, 'start', 'update', 'subscribe', 'subscriptions', 'unsubscribe'])));
  bot.use(attach(services));
  bot
    .errorBoundary(onError)
    .use(
      ...(deps.config.WEBHOOK_URL ? [dedupeUpdates()] : []),
      addressing(),
      rateLimit({ ...DEFAULT_RATE_LIMIT, ...deps.rateLimit }),
      subscriptionsFeature(), // ahead of verifyCallbacks: its remove buttons carry their own signed data
      verifyCallbacks(),
      startFeature(),
      reportsFeature(),
      archiveFeature(),
      topicsFeature(),
      inlineFeature(),
      adminRepliesInPrivate(),
      updateFeature(),
      adminFeature(),
      unhandledFeature(),
    );
  return bot;
}
