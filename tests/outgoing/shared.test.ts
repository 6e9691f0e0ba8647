/**
 * Two webhook instances answering readers at once share one bot-wide budget
 * through Redis and together stay within 30 a second on the strict stand-in.
 * The contrast: each with only its own in-process budget, together they
 * exceed it and Telegram answers 429.
 */
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type BotWindow,
  createBudget,
  createMemoryWindow,
  createRedisWindow,
  createScheduler,
  installOutgoing,
} from '../../src/outgoing/index.js';
import { STRICT_FLOOD_LIMITS } from '../../src/standin/limits.js';
import { type Standin, startStandin } from '../../src/standin/server.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';

const TOKEN = '123456:TEST-token-shared';
const PER_INSTANCE = 60;
let redisServer: RedisServerHandle;
const clients: Redis[] = [];

beforeAll(async () => {
  redisServer = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await redisServer?.stop();
});

/** Two instances each answering PER_INSTANCE distinct readers at once; the stand-in's answers. */
async function burst(windows: () => BotWindow): Promise<{ refused: number; delivered: number; seconds: number; standin: Standin }> {
  const standin = await startStandin({ floodLimits: STRICT_FLOOD_LIMITS });
  const started = Date.now();
  try {
    await Promise.all(
      [0, 1].map(async (instance) => {
        const api = new Api(TOKEN, { apiRoot: standin.apiRoot });
        installOutgoing(api, createBudget({ scheduler: createScheduler({ window: windows() }), channels: [] }));
        await Promise.all(
          Array.from({ length: PER_INSTANCE }, (_, i) => api.sendMessage(10_000 + instance * 1000 + i, 'answer').catch(() => undefined)),
        );
      }),
    );
    const calls = standin.callsOf('sendMessage');
    return {
      refused: calls.filter((c) => c.status === 429).length,
      delivered: calls.filter((c) => c.status === 200).length,
      seconds: (Date.now() - started) / 1000,
      standin,
    };
  } finally {
    await standin.close();
  }
}

it('two instances sharing Redis stay within the bot-wide limit together', async () => {
  const shared = await burst(() => {
    const redis = new Redis(redisServer.url);
    clients.push(redis);
    return createRedisWindow({ redis, limit: 30, prefix: 'test:' });
  });
  console.info(JSON.stringify({ case: 'shared', ...shared, standin: undefined }));
  expect(shared.refused).toBe(0);
  expect(shared.delivered).toBe(2 * PER_INSTANCE);
  // 120 calls at 30 a second: the first 30 at once, then a window per 30.
  expect(shared.seconds).toBeGreaterThanOrEqual(3);

  const apart = await burst(() => createMemoryWindow({ limit: 30 }));
  console.info(JSON.stringify({ case: 'apart', ...apart, standin: undefined }));
  expect(apart.refused).toBeGreaterThan(0);
}, 60_000);

it('keeps to the limit on its own while Redis does not answer, and says so once', async () => {
  const { freePort } = await import('../support/net.js');
  const dead = new Redis(await freePort(), {
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  dead.on('error', () => undefined);
  clients.push(dead);
  const said: unknown[] = [];
  const window = createRedisWindow({ redis: dead, limit: 3, onFallback: (err) => void said.push(err) });
  const results = [];
  for (let i = 0; i < 4; i++) results.push(await window.tryAcquire());
  expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
  expect(said).toHaveLength(1);
  const first = results[0]!;
  if (first.ok) await window.release(first.token);
});
