/**
 * Prometheus metrics (prom-client), one registry per process passed to
 * whoever records. Names follow Prometheus conventions; labels are bounded
 * (channels and commands are configured sets, error codes are few).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  postsTotal: Counter<'channel' | 'status'>;
  partsSent: Counter<'channel'>;
  telegramErrors: Counter<'code' | 'method'>;
  floodWaitSeconds: Counter;
  floodWaits: Counter;
  commands: Counter<'command'>;
  handlerSeconds: Histogram<'kind'>;
  contentFiles: Gauge<'state'>;
  lastPostTime: Gauge<'channel'>;
  /** The outgoing budget (src/outgoing): calls queued now, per priority. */
  outgoingDepth: Gauge<'priority'>;
  /** Calls that waited in the outgoing queue, and for how long in all. */
  outgoingWaits: Counter<'priority'>;
  outgoingWaitSeconds: Counter<'priority'>;
  /** Background calls refused because the queue was full (their senders retry later). */
  outgoingDropped: Counter<'priority'>;
  /** 429 answers that paused a scope (`chat` or `bot`). */
  outgoingRateLimited: Counter<'scope'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    postsTotal: new Counter({
      name: 'report_posts_total',
      help: 'Posting runs by channel and outcome',
      labelNames: ['channel', 'status'],
      registers,
    }),
    partsSent: new Counter({
      name: 'report_parts_sent_total',
      help: 'Report messages sent to each channel',
      labelNames: ['channel'],
      registers,
    }),
    telegramErrors: new Counter({
      name: 'telegram_errors_total',
      help: 'Telegram API errors by code (0 = network)',
      labelNames: ['code', 'method'],
      registers,
    }),
    floodWaits: new Counter({ name: 'telegram_flood_waits_total', help: '429 answers waited out', registers }),
    floodWaitSeconds: new Counter({
      name: 'telegram_flood_wait_seconds_total',
      help: 'Seconds spent waiting on 429 retry_after',
      registers,
    }),
    commands: new Counter({ name: 'bot_commands_total', help: 'Commands handled by name', labelNames: ['command'], registers }),
    handlerSeconds: new Histogram({
      name: 'bot_handler_seconds',
      help: 'Update handling latency',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    contentFiles: new Gauge({ name: 'content_files', help: 'Content files by state (loaded, broken)', labelNames: ['state'], registers }),
    lastPostTime: new Gauge({
      name: 'report_last_post_timestamp_seconds',
      help: 'Unix time of the last completed post per channel',
      labelNames: ['channel'],
      registers,
    }),
    outgoingDepth: new Gauge({
      name: 'telegram_outgoing_queue_depth',
      help: 'Bot API calls waiting for the outgoing budget, by priority',
      labelNames: ['priority'],
      registers,
    }),
    outgoingWaits: new Counter({
      name: 'telegram_outgoing_waits_total',
      help: 'Bot API calls that waited for the outgoing budget, by priority',
      labelNames: ['priority'],
      registers,
    }),
    outgoingWaitSeconds: new Counter({
      name: 'telegram_outgoing_wait_seconds_total',
      help: 'Seconds Bot API calls waited for the outgoing budget, by priority',
      labelNames: ['priority'],
      registers,
    }),
    outgoingDropped: new Counter({
      name: 'telegram_outgoing_dropped_total',
      help: 'Background calls refused because the outgoing queue was full',
      labelNames: ['priority'],
      registers,
    }),
    outgoingRateLimited: new Counter({
      name: 'telegram_outgoing_429_total',
      help: '429 answers that paused a scope of the outgoing budget',
      labelNames: ['scope'],
      registers,
    }),
  };
}
