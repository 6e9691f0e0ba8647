/**
 * One outgoing budget for the whole bot (Telegram's limits: ~30 calls a
 * second bot-wide, one a second per chat, 20 a minute per group or channel),
 * applied below every feature as an API transformer. Wiring: `openOutgoing`
 * builds it from the settings, in memory or shared through Redis.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { type BotWindow, createMemoryWindow } from './bot-window.js';
import { createRedisWindow } from './redis-window.js';
import { createScheduler, type SchedulerHooks } from './scheduler.js';
import { createBudget, type OutgoingBudget } from './transformer.js';

export { type BotWindow, createMemoryWindow } from './bot-window.js';
export { createRedisWindow } from './redis-window.js';
export { createScheduler, OutgoingQueueFullError, PRIORITIES, type Priority } from './scheduler.js';
export { budgetOf, createBudget, type OutgoingBudget } from './transformer.js';

export interface OutgoingOptions {
  channels: ReadonlyArray<string | number>;
  /** Calls per second over the whole bot (OUTGOING_PER_SECOND). */
  perSecond: number;
  /** Most queued calls before background work is refused (OUTGOING_QUEUE_MAX). */
  maxDepth: number;
  /** Share the bot-wide budget with every instance using this Redis. */
  redis?: Redis;
  redisPrefix?: string;
  logger: Logger;
  hooks?: SchedulerHooks;
}

export interface Outgoing extends OutgoingBudget {
  readonly shared: boolean;
  /** Refuse what is still queued (after the bot stopped sending) and release Redis. */
  close(): Promise<void>;
}

export function openOutgoing(opts: OutgoingOptions): Outgoing {
  const log = opts.logger.child({ component: 'outgoing' });
  const window: BotWindow = opts.redis
    ? createRedisWindow({
        redis: opts.redis,
        limit: opts.perSecond,
        ...(opts.redisPrefix ? { prefix: opts.redisPrefix } : {}),
        // Info, not warn: the store's own connection already warns about the outage once.
        onFallback: (err) => log.info({ err }, 'shared outgoing budget unavailable; this instance keeps to its own until Redis answers'),
      })
    : createMemoryWindow({ limit: opts.perSecond });
  const scheduler = createScheduler({
    window,
    maxDepth: opts.maxDepth,
    hooks: {
      ...opts.hooks,
      windowFailed: (err) => {
        log.warn({ err }, 'outgoing budget window failed; call sent without it');
        opts.hooks?.windowFailed?.(err);
      },
      dropped: (priority) => {
        log.warn({ priority }, 'outgoing queue full: oldest background call refused, its sender retries later');
        opts.hooks?.dropped?.(priority);
      },
    },
  });
  const budget = createBudget({ scheduler, channels: opts.channels });
  return {
    ...budget,
    shared: opts.redis !== undefined,
    async close() {
      scheduler.close();
      await window.close();
      // QUIT waits for a connection that may never come (Redis down, or refusing the password), which
      // would hold a failed start-up or a shutdown open: a connection that is not ready is dropped instead.
      if (opts.redis?.status === 'ready') await opts.redis.quit().catch(() => undefined);
      else opts.redis?.disconnect();
    },
  };
}

/**
 * Put the budget on `api`. Call it before installing the retry transformer:
 * grammY runs the last installed outermost, so each retry queues again.
 */
export function installOutgoing(api: import('grammy').Api, budget: OutgoingBudget): void {
  api.config.use(budget.transformer);
}
