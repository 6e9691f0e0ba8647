/**
 * Keyword alerts in private chats: when a report reaches a channel,
 * `onPosted` matches it against every reader's keywords and queues one alert
 * per matching reader (fast, and nothing else: it never holds up the post);
 * a worker drains the queue in the background, paced under Telegram's bulk
 * limits, one instance at a time (a lock in the store), resumable after a
 * crash. Layout and crash semantics: queue.ts and worker.ts.
 */
import type { Api } from 'grammy';
import type { Logger } from '../logger.js';
import { acquireLock, type Lock } from '../publish/lock.js';
import type { PostedInfo } from '../publish/post-run.js';
import type { Store } from '../store/store.js';
import { type CallbackCodec, callbackSecret, createCallbackCodec } from '../telegram/callback-data.js';
import { buildBatch, type FanOutTimings, postLink } from './fan-out.js';
import { NormCache } from './keywords.js';
import { createLimiter, type Limiter } from './limiter.js';
import { createAlertQueue, reportKey, type StoredBatch } from './queue.js';
import { createSubscriptions, type Subscriptions } from './subscriptions.js';
import { drainBatch } from './worker.js';

export type { FanOutTimings } from './fan-out.js';
export { createSubscriptions, type Subscriptions } from './subscriptions.js';

export interface AlertPace {
  /** Alerts per second over all chats (default 25, under Telegram's ~30 so posts and replies still fit). */
  globalPerSecond?: number;
  /** Least time between two alerts to one chat, in ms (default 1100: a second plus room for jitter). */
  perChatIntervalMs?: number;
  /** Sends in flight at once (default 4); a crash repeats at most this many. */
  maxInFlight?: number;
}

export interface AlertsDeps {
  store: Store;
  /** With retries installed (installRetries), like the publisher's. */
  api: Api;
  logger: Logger;
  /** Clock for batch time stamps (default: now). */
  now?: () => Date;
  pace?: AlertPace;
  /** Paces the sends instead of `pace`'s own limiter (the outgoing budget's view, `budgetLimiter`). */
  limiter?: Limiter;
  /** Signs the topic buttons; default: the bot's own codec, derived from `api.token`. */
  codec?: CallbackCodec;
  /** How often the worker looks for queued alerts of other instances, in ms (default 5000). */
  pollMs?: number;
  /** Lease of the drain lock in ms (default 30 000). */
  lockTtlMs?: number;
  /** After each fan-out (metrics, benchmark). */
  onEnqueued?: (info: EnqueueInfo) => void;
}

export interface EnqueueInfo {
  reportId: string;
  /** False when the report already had its alerts (another channel, a repost). */
  created: boolean;
  jobs: number;
  timings?: FanOutTimings;
  /** Writing the batch and its queue entry. */
  enqueueMs?: number;
}

export interface Alerts {
  /** The publisher's onPosted hook: queues the alerts of a report (once per report version) and wakes the worker. */
  onPosted(info: PostedInfo): Promise<void>;
  /** Start the background worker. Idempotent. */
  start(): void;
  /** Stop the worker: sends in flight finish and are recorded, the lock is released. */
  stop(): Promise<void>;
  /** Drain the queue now (when no other instance is); resolves with the number of alerts sent. */
  drainOnce(): Promise<number>;
  /** The subscription store the bot feature uses too. */
  subscriptions: Subscriptions;
}

export const DRAIN_LOCK = 'alerts-drain';

export function createAlerts(deps: AlertsDeps): Alerts {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ component: 'alerts' });
  const subs = createSubscriptions(deps.store);
  const queue = createAlertQueue(deps.store);
  const norms = new NormCache();
  const codec = deps.codec ?? createCallbackCodec(callbackSecret(deps.api.token));
  const limiter = deps.limiter ?? createLimiter(deps.pace ?? {});
  const maxInFlight = Math.max(1, Math.floor(deps.pace?.maxInFlight ?? 4));
  const pollMs = deps.pollMs ?? 5000;

  let stopping = false;
  let loop: Promise<void> | undefined;
  let draining: Promise<number> | undefined;
  let wake: (() => void) | undefined;
  /** A batch was queued since the loop last looked: look again before sleeping. */
  let kicked = false;
  let recovered = false;
  /** Set while Telegram is unreachable: the loop waits before retrying. */
  let pausedUntil = 0;

  const kick = (): void => {
    kicked = true;
    wake?.();
  };

  /** Whether the last drain found the store unusable: said once per outage, the store's own errors say the rest. */
  let storeDown = false;

  const drain = async (): Promise<number> => {
    let lock: Lock | null;
    try {
      lock = await acquireLock(deps.store, DRAIN_LOCK, { logger: log, ...(deps.lockTtlMs ? { ttlMs: deps.lockTtlMs } : {}) });
    } catch (err) {
      if (!storeDown) log.info({ err }, 'alert delivery waits for the store to work again');
      storeDown = true;
      return 0;
    }
    if (storeDown) log.info('alert delivery resumes: the store works again');
    storeDown = false;
    if (!lock) return 0; // another instance is draining
    let sent = 0;
    try {
      if (!recovered) {
        const requeued = await queue.recover();
        recovered = true;
        if (requeued > 0) log.warn({ requeued }, 'queued alert batches a crash had left off the queue');
      }
      const drainDeps = {
        api: deps.api,
        queue,
        subs,
        limiter,
        codec,
        log,
        maxInFlight,
        now: () => now().getTime(),
        halted: () => stopping,
      };
      // Again until empty: batches may be queued while one drains.
      for (let pass = 0; pass < 100 && !stopping && !lock.signal.aborted; pass++) {
        const pending = await queue.pending();
        if (pending.length === 0) break;
        for (const { member, key } of pending) {
          if (stopping || lock.signal.aborted) break;
          const outcome = await drainBatch(drainDeps, member, key, lock);
          sent += outcome.sent;
          if ('paused' in outcome) {
            pausedUntil = Date.now() + pollMs;
            return sent;
          }
        }
      }
      return sent;
    } finally {
      await lock.release();
    }
  };

  const drainOnce = (): Promise<number> => {
    draining ??= drain().finally(() => {
      draining = undefined;
    });
    return draining;
  };

  return {
    subscriptions: subs,

    async onPosted(info) {
      const { report } = info;
      const key = reportKey(report.id, report.hash);
      try {
        const existing = await queue.get(key);
        if (existing) {
          // Another channel got this version first: its batch stands (requeued if a crash dropped it).
          if (!existing.done) await queue.requeue(key);
          deps.onEnqueued?.({ reportId: report.id, created: false, jobs: existing.done ? existing.jobs : existing.jobs.length });
          return;
        }
        const link = postLink(info.channel, info.messageIds[0]);
        const { batch, timings } = await buildBatch(subs, norms, { report, link, createdAt: now().getTime() });
        const t = performance.now();
        // Nobody to alert: the tombstone alone, so later channels need not match again.
        const stored: StoredBatch =
          batch.jobs.length > 0
            ? batch
            : {
                v: 1,
                done: true,
                reportId: batch.reportId,
                hash: batch.hash,
                createdAt: batch.createdAt,
                jobs: 0,
                finishedAt: batch.createdAt,
              };
        const created = await queue.create(key, stored);
        const enqueueMs = performance.now() - t;
        log.info(
          { reportId: report.id, created, jobs: batch.jobs.length, ...timings, enqueueMs },
          created ? 'alerts queued' : 'alerts already queued',
        );
        deps.onEnqueued?.({ reportId: report.id, created, jobs: batch.jobs.length, timings, enqueueMs });
        if (created && batch.jobs.length > 0) kick();
      } catch (err) {
        // The publisher logs hook errors too; say what it means for readers.
        log.error({ err, reportId: report.id }, 'could not queue keyword alerts for this report');
        throw err;
      }
    },

    start() {
      if (loop) return;
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          try {
            await drainOnce();
          } catch (err) {
            log.error({ err }, 'alert delivery failed; retrying later');
            pausedUntil = Date.now() + pollMs;
          }
          if (stopping) break;
          const paused = pausedUntil > Date.now();
          if (kicked && !paused) {
            kicked = false;
            continue;
          }
          kicked = false;
          const wait = Math.max(paused ? 0 : pollMs, pausedUntil - Date.now());
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, wait);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      })();
    },

    async stop() {
      stopping = true;
      kick();
      await loop;
      await draining?.catch(() => undefined);
      loop = undefined;
      stopping = false; // an explicit drainOnce() may run again
    },

    drainOnce,
  };
}
