/**
 * Keyword alerts at scale: 10,000 readers x 5 keywords against generated
 * reports of 30 topics, on the JSON file store, SQLite and Redis, through the
 * Bot API stand-in. Numbers, not a gate: `npm run bench:alerts`
 * (ALERTS_BENCH_STORES=file,sqlite,redis to choose the stores, default
 * sqlite,redis: the file store takes minutes to subscribe 10,000 readers).
 *
 *  1. Matching alone (pure CPU): every distinct keyword against one report,
 *     with the pair index, versus a plain includes() over every topic.
 *  2. onPosted per report: store reads, matching, writing the batch.
 *  3. Delivery of one report's batch as the running bot does it: the
 *     worker behind `budgetLimiter(outgoing)` (the outgoing budget, 30/s
 *     bot-wide, one a second per chat, retries installed after it), against
 *     the strict stand-in (STRICT_FLOOD_LIMITS: Telegram's limits with no
 *     burst), in real time, for ALERTS_BENCH_SECONDS (default 40; the whole
 *     batch would take jobs / 30 s). Judged from the stand-in's call log.
 *  4. (file store only) The worker's stand-alone limiter (an Api without the
 *     budget) in real time, default pace, the stand-in's default limits, for
 *     a subset of readers and two reports back to back (so chats get two).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import pino from 'pino';
import { matchKeywords } from '../src/alerts/fan-out.js';
import { createAlerts, type EnqueueInfo } from '../src/alerts/index.js';
import { NormCache } from '../src/alerts/keywords.js';
import { budgetLimiter } from '../src/alerts/limiter.js';
import { createAlertQueue } from '../src/alerts/queue.js';
import { createSubscriptions } from '../src/alerts/subscriptions.js';
import type { Report } from '../src/content/report.js';
import { installOutgoing, openOutgoing } from '../src/outgoing/index.js';
import { installRetries } from '../src/publish/telegram-api.js';
import { normalizeText } from '../src/search/normalize.js';
import { STRICT_FLOOD_LIMITS } from '../src/standin/limits.js';
import { type Standin, startStandin } from '../src/standin/server.js';
import { openFileStore } from '../src/store/file-store.js';
import { createRedisStore } from '../src/store/redis-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { hasRedisServer, type RedisServerHandle, startRedisServer } from '../tests/support/redis-server.js';
import { parseTelegramHtml } from '../tests/support/tdlib.js';
import { fmt, maxInWindow, minPerChatGap } from './alerts/rates.js';
import { reports as makeReports, prng, subscribers, vocabulary } from './alerts/workload.js';

const USERS = 10_000;
const PER_USER = 5;
const REPORTS = 5;
const REALTIME_USERS = Number(process.env.ALERTS_BENCH_REALTIME_USERS ?? 150);
/** Seconds of real-time delivery per store through the outgoing budget (the whole batch would take jobs / 30 s). */
const DELIVERY_SECONDS = Number(process.env.ALERTS_BENCH_SECONDS ?? 40);
/** OUTGOING_PER_SECOND's default: what the running bot allows itself. */
const BUDGET_PER_SECOND = 30;
const STORES = (process.env.ALERTS_BENCH_STORES ?? 'sqlite,redis').split(',');
const TOKEN = '700700:alerts-bench';
const CHANNEL = '@bench_channel';
const logger = pino({ level: 'silent' });

const random = prng(20260108);
const vocab = vocabulary(random);
const reports = makeReports(vocab, random, REPORTS);
const readers = subscribers(vocab, random, USERS, PER_USER);
const distinct = [...new Set(readers.flatMap((r) => r.keywords))];

/** Progress on stderr, so stdout stays the markdown report. */
const progress = (text: string): void => void process.stderr.write(`[alerts bench] ${text}\n`);

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// 1. Matching alone.
function naive(report: Report, keywords: string[]): number {
  const texts = report.topics.map((t) => [normalizeText(t.title), normalizeText(t.body)] as const);
  let hits = 0;
  for (const k of keywords) {
    const n = normalizeText(k).trim();
    if (texts.some(([a, b]) => a.includes(n) || b.includes(n))) hits++;
  }
  return hits;
}

console.log(`# Keyword alerts benchmark\n`);
console.log(
  `${USERS.toLocaleString('en-US')} readers x ${PER_USER} keywords (${distinct.length.toLocaleString('en-US')} distinct), ${REPORTS} reports of ${reports[0]!.topics.length} topics (~${Math.round(reports.reduce((s, r) => s + r.topics.reduce((a, t) => a + t.title.length + t.body.length, 0), 0) / REPORTS).toLocaleString('en-US')} characters each). Node ${process.version}.\n`,
);

{
  const cold = new NormCache();
  const rows: string[] = [];
  let t = process.hrtime.bigint();
  matchKeywords(reports[0]!, distinct, cold);
  const coldMs = ms(t);
  const warmTimes: number[] = [];
  const naiveTimes: number[] = [];
  for (const r of reports) {
    for (let i = 0; i < 5; i++) {
      t = process.hrtime.bigint();
      const got = matchKeywords(r, distinct, cold);
      warmTimes.push(ms(t));
      if (i === 0) {
        t = process.hrtime.bigint();
        const n = naive(r, distinct);
        naiveTimes.push(ms(t));
        if (n !== got.size) throw new Error(`matcher disagrees with includes(): ${got.size} vs ${n}`);
        rows.push(`${got.size}`);
      }
    }
  }
  console.log('## 1. Matching one report against every distinct keyword (pure CPU)\n');
  console.log('| matcher | ms per report (median) |');
  console.log('|---|---:|');
  console.log(`| pair index, first call (normalising ${distinct.length.toLocaleString('en-US')} keywords) | ${fmt(coldMs, 2)} |`);
  console.log(`| pair index, keyword norms cached | ${fmt(median(warmTimes), 2)} |`);
  console.log(`| plain includes() over every topic (reference) | ${fmt(median(naiveTimes), 2)} |`);
  console.log(`\nMatched keywords per report: ${rows.join(', ')} (identical for both matchers).\n`);
}

// 2 and 3, per store.
interface Backend {
  name: string;
  open(): Promise<{ store: Store; size(): Promise<string>; close(): Promise<void> }>;
}

let redisServer: RedisServerHandle | undefined;
const allBackends: Backend[] = [
  {
    // Every recorded send rewrites state.json.
    name: 'file',
    async open() {
      const dir = await mkdtemp(path.join(tmpdir(), 'drb-alerts-bench-'));
      const store = await openFileStore(dir);
      return {
        store,
        size: async () => `state.json ${fmt((await stat(path.join(dir, 'state.json'))).size / 1048576, 1)} MB`,
        close: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    // One row per recorded send.
    name: 'sqlite',
    async open() {
      const dir = await mkdtemp(path.join(tmpdir(), 'drb-alerts-bench-sqlite-'));
      const store = openSqliteStore(dir);
      return {
        store,
        size: async () => {
          store.database.pragma('wal_checkpoint(TRUNCATE)');
          return `state.db ${fmt((await stat(path.join(dir, 'state.db'))).size / 1048576, 1)} MB`;
        },
        close: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
const backends = allBackends.filter((b) => STORES.includes(b.name));
if (!STORES.includes('redis')) {
  // not asked for
} else if (hasRedisServer()) {
  backends.push({
    name: 'redis',
    async open() {
      redisServer ??= await startRedisServer();
      const client = new Redis(redisServer.url);
      const store = createRedisStore(client, { prefix: `bench${Date.now()}:` });
      return {
        store,
        size: async () => `used_memory ${/used_memory_human:(\S+)/.exec(await client.info('memory'))?.[1] ?? '?'}`,
        close: () => store.close(),
      };
    },
  });
} else {
  console.log('(redis-server not on PATH: the Redis rows are skipped)\n');
}

function apiFor(s: Standin): Api {
  const api = new Api(TOKEN, { apiRoot: s.apiRoot });
  installRetries(api, { logger });
  return api;
}

const fanRows: string[] = [];
const deliveryRows: string[] = [];
const notes: string[] = [];

function judge(s: Standin, windowMs: number, label: string, store: string, clock: string, wallMs: number): void {
  const calls = s.callsOf('sendMessage').filter((c) => Number(c.payload.chat_id) > 0);
  const ok = calls.filter((c) => c.status === 200);
  const tooMany = calls.filter((c) => c.status === 429).length;
  const times = ok.map((c) => c.at);
  const span = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
  const compression = 1000 / windowMs;
  const maxWindow = maxInWindow(times, windowMs);
  const gap = minPerChatGap(ok) * compression;
  const rate = span > 0 ? (((ok.length - 1) / span) * 1000) / compression : 0;
  deliveryRows.push(
    `| ${label} | ${store} | ${clock} | ${ok.length.toLocaleString('en-US')} | ${fmt(wallMs / 1000, 1)} | ${fmt(rate, 1)} | ${maxWindow} | ${Number.isFinite(gap) ? fmt(gap / 1000, 2) : 'no chat twice'} | ${tooMany} | ${maxWindow <= 30 && tooMany === 0 && !(gap < 1000) ? 'yes' : '**NO**'} |`,
  );
}

for (const backend of backends) {
  const { store, size, close } = await backend.open();
  const subs = createSubscriptions(store);
  progress(`${backend.name}: subscribing ${USERS} readers`);
  let t = process.hrtime.bigint();
  for (let i = 0; i < readers.length; i += 2500) {
    await Promise.all(
      readers.slice(i, i + 2500).map(async ({ user, keywords }, j) => {
        for (const k of keywords) await subs.subscribe(user, k, (i + j) % 5 === 0 ? 'en' : 'zh');
      }),
    );
  }
  notes.push(
    `${backend.name}: subscribing ${USERS.toLocaleString('en-US')} x ${PER_USER} took ${fmt(ms(t) / 1000, 1)} s through the Subscriptions API; ${await size()}.`,
  );

  // The bot's own wiring: every send goes through the outgoing budget (30/s
  // bot-wide, one a second per chat) as background work, against the strict
  // stand-in (Telegram's limits with no leeway), in real time.
  const s = await startStandin({
    validateHtml: parseTelegramHtml,
    floodLimits: STRICT_FLOOD_LIMITS,
    channels: { bench: { id: -1007007, username: 'bench_channel', title: 'Bench' } },
  });
  const outgoing = openOutgoing({ channels: [CHANNEL], perSecond: BUDGET_PER_SECOND, maxDepth: 5000, logger });
  const api = new Api(TOKEN, { apiRoot: s.apiRoot });
  installOutgoing(api, outgoing); // before the retries, as src/app/services.ts does
  installRetries(api, { logger });
  const infos: EnqueueInfo[] = [];
  const alerts = createAlerts({
    store,
    api,
    logger,
    limiter: budgetLimiter(outgoing),
    onEnqueued: (i) => void infos.push(i),
  });
  for (const [i, report] of reports.entries()) {
    progress(`${backend.name}: onPosted ${report.id}`);
    t = process.hrtime.bigint();
    await alerts.onPosted({ report, channel: CHANNEL, messageIds: [100 + i] });
    const total = ms(t);
    const info = infos.at(-1)!;
    const tm = info.timings!;
    fanRows.push(
      `| ${backend.name} | ${report.id} | ${tm.matchedKeywords.toLocaleString('en-US')} | ${info.jobs.toLocaleString('en-US')} | ${fmt(tm.matchMs, 2)} | ${fmt(tm.readMs, 2)} | ${fmt(info.enqueueMs!, 2)} | ${fmt(total, 2)} |`,
    );
  }

  // Deliver the first report's batch; the others were only needed for the timings.
  const queue = createAlertQueue(store);
  const pending = await queue.pending();
  // Mark the others delivered (tombstones): a worker would otherwise find and send them too.
  for (const p of pending.slice(1)) {
    const batch = await queue.get(p.key);
    if (batch && !batch.done) await queue.finish(p.member, batch, Date.now());
  }
  progress(`${backend.name}: delivering ${infos[0]!.jobs} alerts through the outgoing budget for up to ${DELIVERY_SECONDS} s`);
  const ticker = setInterval(() => progress(`  ${s.callsOf('sendMessage').length} sent`), 5000);
  const cpu = process.cpuUsage();
  t = process.hrtime.bigint();
  const draining = alerts.drainOnce();
  // The whole batch takes jobs/30 s of real time; a fixed slice of it shows the steady rate.
  const cut = setTimeout(() => void alerts.stop(), DELIVERY_SECONDS * 1000);
  const sent = await draining;
  clearTimeout(cut);
  clearInterval(ticker);
  const wall = ms(t);
  const used = process.cpuUsage(cpu);
  judge(
    s,
    1000,
    `${sent.toLocaleString('en-US')} of ${infos[0]!.jobs.toLocaleString('en-US')} alerts of ${reports[0]!.id}`,
    backend.name,
    'real time, budget',
    wall,
  );
  notes.push(
    `${backend.name}: the drain sent ${sent.toLocaleString('en-US')} alerts in ${fmt(wall / 1000, 1)} s of wall time (${fmt(sent / (wall / 1000), 1)} alerts/s against a ${BUDGET_PER_SECOND}/s budget), using ${fmt((used.user + used.system) / 1000 / sent, 2)} ms of CPU per alert (bench process, stand-in included).`,
  );
  await alerts.stop();
  await outgoing.close();
  await s.close();
  await close();
}

// 4. Real time, default limits and pace, a subset of readers.
if (STORES.includes('file')) {
  const dir = await mkdtemp(path.join(tmpdir(), 'drb-alerts-bench-rt-'));
  const store = await openFileStore(dir);
  const subs = createSubscriptions(store);
  const subset = readers.slice(0, REALTIME_USERS);
  await Promise.all(
    subset.map(async ({ user, keywords }) => {
      for (const k of keywords) await subs.subscribe(user, k, 'zh');
    }),
  );
  const s = await startStandin({
    validateHtml: parseTelegramHtml,
    channels: { bench: { id: -1007007, username: 'bench_channel', title: 'Bench' } },
  });
  const infos: EnqueueInfo[] = [];
  const alerts = createAlerts({ store, api: apiFor(s), logger, onEnqueued: (i) => void infos.push(i) });
  await alerts.onPosted({ report: reports[1]!, channel: CHANNEL, messageIds: [1] });
  await alerts.onPosted({ report: reports[2]!, channel: CHANNEL, messageIds: [2] });
  progress(`real time: delivering ${infos.map((i) => i.jobs).join(' + ')} alerts`);
  const t = process.hrtime.bigint();
  await alerts.drainOnce();
  judge(
    s,
    1000,
    `${REALTIME_USERS} readers, 2 reports back to back (${infos.map((i) => i.jobs).join(' + ')} jobs)`,
    'file',
    'real time',
    ms(t),
  );
  await alerts.stop();
  await s.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
await redisServer?.stop();

console.log('## 2. onPosted per report (10,000 readers x 5 keywords)\n');
console.log(
  '| store | report | matched keywords | jobs (readers alerted) | match (ms) | store reads (ms) | enqueue (ms) | onPosted total (ms) |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of fanRows) console.log(r);
console.log("\n## 3-4. Delivery, judged from the stand-in's call log\n");
console.log(
  "Rates and gaps are in real-time terms (a compressed run's are multiplied back). Limits: at most 30 in any 1 s window, one chat never twice within 1 s, no 429.\n",
);
console.log(
  '| run | store | clock | alerts sent | duration (s, real-time equiv.) | send rate (msg/s) | max in any 1 s | min gap, same chat (s) | 429s | within limits |',
);
console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const r of deliveryRows) console.log(r);
console.log('');
for (const n of notes) console.log(`- ${n}`);
