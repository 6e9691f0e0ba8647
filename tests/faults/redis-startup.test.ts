/**
 * Redis unreachable at start-up (REDIS_URL points at a port nobody listens
 * on; a server appears there later): the bot starts anyway, says so in one
 * line (not one per reconnect attempt), reports 503 on /healthz, stays up,
 * retries the post with backoff, and posts once Redis is there (/healthz 200).
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { type AofRedis, aofRedis, freePort } from './aof-redis.js';
import { expectReportOnce } from './expect-report.js';
import { CHANNEL, channelStandin, cleanup, sleep, startBot, waitUntil, workspace } from './rig.js';

let standin: Standin;
let redis: AofRedis;

beforeAll(async () => {
  redis = await aofRedis(); // on a free port, not started
});
afterAll(async () => {
  await redis?.destroy();
});
afterEach(async () => {
  await cleanup();
  await standin?.close();
});

async function health(port: number): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return undefined; // not listening yet
  }
}

it('starts without Redis, logs it once, answers 503, stays up, and posts once Redis appears', async () => {
  const t0 = Date.now();
  standin = await channelStandin();
  const ws = await workspace(3);
  const httpPort = await freePort();
  const b = startBot(standin, { CONTENT_DIR: ws.content, DATA_DIR: ws.data, REDIS_URL: redis.url, PORT: String(httpPort) });

  await waitUntil('the catch-up post to fail and be rescheduled', () => b.lines('posting unfinished; retrying later').length > 0, 20_000);
  expect(b.lines('posting unfinished; retrying later')[0]).toMatchObject({ inMs: 30_000 });
  let h = await health(httpPort);
  expect(h).toMatchObject({ status: 503, body: { status: 'unhealthy', store: false, storeKind: 'redis' } });

  // Several reconnect attempts later: still one line about it, and the process is up.
  await sleep(4000);
  expect(b.alive()).toBe(true);
  expect(b.lines('redis unavailable; retrying in the background')).toHaveLength(1);
  const noisy = b.logs().filter((l) => l.level >= 40);
  expect(noisy.map((l) => l.msg)).toEqual([
    'redis unavailable; retrying in the background',
    // Issue 8: before posting, the scheduler asks the store whether the channel's archive is adopted.
    'could not check or record the adopted archive; not posting to this channel now',
    'posting unfinished; retrying later',
  ]);
  expect(String((noisy[1]!.err as { message?: string }).message)).not.toBe('');

  await redis.start();
  await waitUntil('the connection to be restored', () => b.lines('redis connection restored').length === 1, 15_000);
  await waitUntil('/healthz 200', async () => (await health(httpPort))?.status === 200, 10_000);
  h = await health(httpPort);
  expect(h).toMatchObject({ status: 200, body: { status: 'ok', store: true } });

  // The scheduler's retry (30 s after the failed catch-up) posts it.
  await waitUntil('the retried post to complete', () => b.lines('post finished').some((l) => l.status === 'posted'), 40_000);
  await sleep(1000);
  expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 0 });
  expect(b.alive()).toBe(true);
  expect(b.lines('redis unavailable; retrying in the background')).toHaveLength(1);
  console.info(
    JSON.stringify({ case: 'redis-startup', warnOrError: b.logs().filter((l) => l.level >= 40).length, seconds: (Date.now() - t0) / 1000 }),
  );
}, 90_000);
