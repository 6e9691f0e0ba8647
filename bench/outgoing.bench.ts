/**
 * The outgoing budget in real time against the strict stand-in (30 a second
 * bot-wide, one a second per chat with no burst, 20 a minute per channel):
 * a burst of readers' replies, a backlog of topic alerts and one channel
 * post, all queued at the same moment, through grammY with the budget and
 * auto-retry installed as the app installs them.
 *
 * Printed per store: delivered calls per second as a fraction of 30/s, the
 * 429s Telegram answered, the most arrivals the stand-in saw in any second,
 * and when each class finished (the post should finish first, then the
 * replies, then the alerts).
 *
 *   embedded: one instance, the in-process budget (what the embedded store uses);
 *   redis:    two instances sharing the budget in Redis, each sending half.
 *
 * npm run bench:outgoing [-- --replies 450 --alerts 300 --parts 8]
 * (`--replies 2000 --alerts 0 --parts 0` is the 2,000-reader burst in real time.)
 * Numbers, never a gate.
 */
import { parseArgs } from 'node:util';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { createLogger } from '../src/logger.js';
import { installOutgoing, type Outgoing, openOutgoing } from '../src/outgoing/index.js';
import { retryTransformer } from '../src/publish/telegram-api.js';
import { STRICT_FLOOD_LIMITS } from '../src/standin/limits.js';
import { startStandin } from '../src/standin/server.js';
import { hasRedisServer, startRedisServer } from '../tests/support/redis-server.js';
import { fmt, maxInWindow } from './alerts/rates.js';

const { values } = parseArgs({
  options: {
    replies: { type: 'string', default: '450' },
    alerts: { type: 'string', default: '300' },
    parts: { type: 'string', default: '8' },
  },
});
const REPLIES = Number(values.replies);
const ALERTS = Number(values.alerts);
const PARTS = Number(values.parts);
const TOKEN = '123456:BENCH-outgoing-token';
const CHANNEL = '@bench_daily';
const logger = createLogger({ level: 'silent' });

interface Row {
  store: string;
  instances: number;
  calls: number;
  seconds: number;
  rate: number;
  refused: number;
  busiestSecond: number;
  postDone: number;
  repliesDone: number;
  alertsDone: number;
  undelivered: number;
}

async function run(store: string, makeOutgoing: () => Outgoing, instances: number): Promise<Row> {
  const standin = await startStandin({
    floodLimits: STRICT_FLOOD_LIMITS,
    channels: { [CHANNEL]: { id: -100999, username: 'bench_daily', title: 'Bench' } },
  });
  const outgoings: Outgoing[] = [];
  const apis = Array.from({ length: instances }, () => {
    const api = new Api(TOKEN, { apiRoot: standin.apiRoot });
    const outgoing = makeOutgoing();
    outgoings.push(outgoing);
    installOutgoing(api, outgoing);
    api.config.use(retryTransformer({ logger, maxAttempts: 4 }));
    return { api, outgoing };
  });
  const t0 = Date.now();
  const since = (): number => (Date.now() - t0) / 1000;
  let undelivered = 0;
  const settle = (p: Promise<unknown>): Promise<void> =>
    p.then(
      () => undefined,
      () => void undelivered++,
    );
  const finished = { post: 0, replies: 0, alerts: 0 };

  // All at once: the alert backlog first (queued ahead of everything), then the readers, then the post.
  const alerts = Promise.all(
    Array.from({ length: ALERTS }, (_, i) => {
      const { api, outgoing } = apis[i % instances]!;
      return settle(outgoing.withPriority('background', () => api.sendMessage(200_000 + i, `alert ${i}`)));
    }),
  ).then(() => {
    finished.alerts = since();
  });
  const replies = Promise.all(
    Array.from({ length: REPLIES }, (_, i) => {
      const { api } = apis[i % instances]!;
      return settle(api.sendMessage(100_000 + i, `answer ${i}`));
    }),
  ).then(() => {
    finished.replies = since();
  });
  const post = (async () => {
    for (let p = 0; p < PARTS; p++) await settle(apis[0]!.api.sendMessage(CHANNEL, `part ${p + 1}/${PARTS}`));
    finished.post = since();
  })();
  await Promise.all([alerts, replies, post]);
  const seconds = since();

  const sends = standin.callsOf('sendMessage');
  const ok = sends.filter((c) => c.status === 200);
  await Promise.all(outgoings.map((o) => o.close()));
  await standin.close();
  return {
    store,
    instances,
    calls: ok.length,
    seconds,
    rate: ok.length / seconds,
    refused: sends.filter((c) => c.status === 429).length,
    busiestSecond: maxInWindow(
      ok.map((c) => c.at),
      1000,
    ),
    postDone: finished.post,
    repliesDone: finished.replies,
    alertsDone: finished.alerts,
    undelivered,
  };
}

const rows: Row[] = [];
console.log(`workload: ${REPLIES} replies + ${ALERTS} alerts + a ${PARTS}-part channel post, queued at once; strict stand-in`);
rows.push(await run('embedded', () => openOutgoing({ channels: [CHANNEL], perSecond: 30, maxDepth: 5000, logger }), 1));
if (hasRedisServer()) {
  const server = await startRedisServer();
  const prefix = `bench${Date.now()}:`;
  try {
    rows.push(
      await run(
        'redis',
        () =>
          openOutgoing({ channels: [CHANNEL], perSecond: 30, maxDepth: 5000, logger, redis: new Redis(server.url), redisPrefix: prefix }),
        2,
      ),
    );
  } finally {
    await server.stop();
  }
} else {
  console.log('redis-server not on PATH: the Redis row is skipped');
}

console.log('');
console.log(
  '| store | instances | delivered | seconds | rate | of 30/s | 429s | busiest second | post done (s) | replies done (s) | alerts done (s) | undelivered |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.store} | ${r.instances} | ${r.calls} | ${fmt(r.seconds)} | ${fmt(r.rate)} /s | ${fmt((r.rate / 30) * 100, 0)} % | ${r.refused} | ${r.busiestSecond} | ${fmt(r.postDone)} | ${fmt(r.repliesDone)} | ${fmt(r.alertsDone)} | ${r.undelivered} |`,
  );
}
