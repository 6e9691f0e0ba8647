/**
 * The bot, assembled: context (services, language, logger), error boundary,
 * who may talk to us, rate limit, button verification, the features, and the
 * fallback for everything else. No network I/O until the bot is started.
 */
import { Bot } from 'grammy';
import { scrub } from '../logger.js';
import { createRenderer } from '../render/document.js';
import { callbackSecret, createCallbackCodec } from '../telegram/callback-data.js';
import { createBackgroundTasks } from './background.js';
import { commandsFeature } from './commands/mount.js';
import { ADMIN_COMMAND_NAMES, COMMAND_NAMES, COMMANDS } from './commands/registry.js';
import type { BotContext, BotServices } from './context.js';
import type { BotDeps } from './deps.js';
import { archiveFeature } from './features/archive.js';
import { inlineFeature } from './features/inline.js';
import { reportsFeature } from './features/reports.js';
import { subscriptionsFeature } from './features/subscriptions.js';
import { topicsFeature } from './features/topics.js';
import { unhandledFeature } from './features/unhandled.js';
import { addressing } from './middlewares/addressing.js';
import { adminRepliesInPrivate } from './middlewares/admin-private.js';
import { attach } from './middlewares/attach.js';
import { verifyCallbacks } from './middlewares/callbacks.js';
import { dedupeUpdates } from './middlewares/dedupe.js';
import { errorHandler } from './middlewares/error-boundary.js';
import { observeUpdates } from './middlewares/observe.js';
import { DEFAULT_RATE_LIMIT, rateLimit } from './middlewares/rate-limit.js';

export { registerCommands } from './commands/menu.js';
export type { BotContext, BotServices } from './context.js';
export type { BotDeps } from './deps.js';

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
  if (deps.observer) bot.use(observeUpdates(deps.observer, COMMAND_NAMES));
  bot.use(attach(services));
  bot.errorBoundary(onError).use(
    ...(deps.config.WEBHOOK_URL ? [dedupeUpdates()] : []),
    addressing(),
    rateLimit({ ...DEFAULT_RATE_LIMIT, ...deps.rateLimit }),
    subscriptionsFeature(), // ahead of verifyCallbacks: its remove buttons carry their own signed data
    verifyCallbacks(),
    reportsFeature(),
    archiveFeature(),
    topicsFeature(),
    inlineFeature(),
    adminRepliesInPrivate(ADMIN_COMMAND_NAMES),
    commandsFeature(COMMANDS), // every command, from the registry (commands/registry.ts)
    unhandledFeature(),
  );
  return bot;
}
