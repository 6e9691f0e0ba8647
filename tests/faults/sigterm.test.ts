/**
 * SIGTERM in the middle of a post (Redis, and the SQLite store): the part in flight (held up
 * by a 500 and auto-retry's 3 s wait) still goes out and is saved, posting
 * stops before the next part, the lock key is deleted, and the process exits
 * 0 within the 10 s a container runtime allows. A restart resumes after that
 * part: nothing repeated.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import { storeEnv, withStore } from './embedded-state.js';
import { expectReportOnce, sentText } from './expect-report.js';
import { BOT_KEYS, CHANNEL, channelSend, channelStandin, cleanup, onCall, sleep, startBot, waitUntil, workspace } from './rig.js';

let standin: Standin;
let redis: RedisServerHandle;
let client: Redis;

beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(redis.url);
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});
afterEach(async () => {
  await cleanup();
  await standin?.close();
});

/** The lock key's presence and the saved progress, read from the store after the bot exited. */
async function storedState(kind: 'redis' | 'sqlite', dataDir: string): Promise<{ locked: boolean; progress: unknown }> {
  if (kind === 'redis') {
    const [progressKey] = await client.keys(`${BOT_KEYS}publish:progress:${CHANNEL}:*`);
    return {
      locked: (await client.exists(`${BOT_KEYS}lock:post:${CHANNEL}`)) === 1,
      progress: JSON.parse((await client.get(progressKey!))!),
    };
  }
  let out = { locked: true, progress: undefined as unknown };
  await withStore('sqlite', dataDir, async (s) => {
    const [progressKey] = await s.keys(`publish:progress:${CHANNEL}:`);
    out = { locked: (await s.get(`lock:post:${CHANNEL}`)) !== undefined, progress: await s.get(progressKey!) };
  });
  return out;
}

describe.each(['redis', 'sqlite'] as const)('%s store', (kind) => {
  it('SIGTERM mid-post: the part in flight finishes, progress saved, lock released, exit 0 within 10 s; restart resumes with no repeat', async () => {
    const t0 = Date.now();
    standin = await channelStandin();
    const ws = await workspace(5);
    const env = { CONTENT_DIR: ws.content, DATA_DIR: ws.data, ...(kind === 'redis' ? { REDIS_URL: redis.url } : storeEnv('sqlite')) };
    const parts = () => standin.messages(CHANNEL).map((m) => ws.expected.indexOf(sentText(m)) + 1);

    const b = startBot(standin, env);
    // Part 3 is answered 500 once; SIGTERM arrives while auto-retry waits to send it again.
    let sends = 0;
    void onCall(
      standin,
      (c) => channelSend(200)(c) && ++sends === 2,
      () => standin.failNext('sendMessage', { code: 500 }),
    );
    let signalledAt = 0;
    await onCall(standin, channelSend(500), () => {
      signalledAt = Date.now();
      b.kill('SIGTERM');
    });
    const exit = await b.exited;
    const tookMs = Date.now() - signalledAt;
    expect(exit, b.output()).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(10_000);
    expect(b.lines('stopped cleanly')).toHaveLength(1);
    expect(b.lines('post finished').map((l) => l.status)).toEqual(['aborted']);

    // The in-flight part went out after the signal, and nothing after it.
    expect(parts()).toEqual([1, 2, 3]);
    const third = standin
      .callsOf('sendMessage')
      .filter((c) => c.status === 200)
      .at(-1)!;
    expect(third.at).toBeGreaterThanOrEqual(signalledAt - 5);
    // Its progress is saved and the lock is gone.
    const { locked, progress } = await storedState(kind, ws.data);
    expect(locked).toBe(false);
    expect(progress).toMatchObject({ next: 3, done: false });

    const again = startBot(standin, env);
    await waitUntil('the post to complete', () => again.lines('post finished').some((l) => l.status === 'posted'), 30_000);
    expect(again.lines('resuming an unfinished post')[0]).toMatchObject({ next: 3, total: 5 });
    expect(again.lines(/taking over a lock/)).toHaveLength(0); // released, not left behind
    await sleep(1500);
    expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 0 });
    console.info(JSON.stringify({ case: `sigterm-${kind}`, exitMs: tookMs, seconds: (Date.now() - t0) / 1000 }));
  }, 60_000);
});
