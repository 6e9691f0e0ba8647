/**
 * The outgoing budget from the settings, reporting to /metrics: shared
 * through Redis when REDIS_URL is set (its own connection, so a slow store
 * command never holds up a send), in memory otherwise.
 */
import { type Config, redisPrefixOf } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observe/metrics.js';
import { type Outgoing, openOutgoing, PRIORITIES } from '../outgoing/index.js';
import { connectRedis } from '../store/redis-store.js';

export type { Outgoing } from '../outgoing/index.js';

export function openOutgoingFor(config: Config, logger: Logger, metrics: Metrics): Outgoing {
  for (const priority of PRIORITIES) metrics.outgoingDepth.set({ priority }, 0);
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL) : undefined;
  return openOutgoing({
    channels: config.CHANNEL_ID,
    perSecond: config.OUTGOING_PER_SECOND,
    maxDepth: config.OUTGOING_QUEUE_MAX,
    // No logger: the store's connection to the same Redis already says when it is down or back.
    // Under the bot's own prefix like every other key: Telegram's limits are per bot, so two bots on one Redis keep two budgets.
    ...(redis ? { redis, redisPrefix: redisPrefixOf(config) } : {}),
    logger,
    hooks: {
      depth: (depth) => {
        for (const priority of PRIORITIES) metrics.outgoingDepth.set({ priority }, depth[priority]);
      },
      waited: (priority, ms) => {
        metrics.outgoingWaits.inc({ priority });
        metrics.outgoingWaitSeconds.inc({ priority }, ms / 1000);
      },
      dropped: (priority) => metrics.outgoingDropped.inc({ priority }),
      rateLimited: (scope) => metrics.outgoingRateLimited.inc({ scope }),
    },
  });
}
