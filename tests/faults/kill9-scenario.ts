/**
 * `kill -9` of the posting process at four points of one post, then a
 * restart that completes it (tests/e2e/crash.test.ts kills at arbitrary
 * message counts; these are the points with a known state in between):
 *
 *  1. the lock is taken and the run recorded, nothing sent yet (the first
 *     send is answered 500 and the process dies in auto-retry's wait);
 *  2. the moment Telegram answered part 1 (its progress may or may not be saved);
 *  3. mid-report, part 4 reached the channel but its answer was lost (the
 *     connection dropped after processing), so it is unrecorded;
 *  4. after the last part was saved, before completion is recorded (the
 *     completion write is made to fail, then the process is killed: the state
 *     left behind is that of a crash between the two writes).
 *
 * Each restart takes over the lock of the dead process at once. The channel
 * ends with the report once, repeating at most the parts of points 2 and 3.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import { type EmbeddedKind, storeEnv, storeName, withStore } from './embedded-state.js';
import { expectReportOnce, sentText } from './expect-report.js';
import { BOT_KEYS, type Bot, CHANNEL, channelSend, channelStandin, cleanup, onCall, sleep, startBot, waitUntil, workspace } from './rig.js';

const RECEIVED_KEY = `publish:received:${CHANNEL}`;

export function kill9Scenario(kind: EmbeddedKind | 'redis'): void {
  let standin: Standin;
  let redis: RedisServerHandle | undefined;
  let client: Redis | undefined;

  beforeAll(async () => {
    if (kind === 'redis') {
      redis = await startRedisServer();
      client = new Redis(redis.url);
    }
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  afterEach(async () => {
    await cleanup();
    await standin?.close();
  });

  describe(`kill -9 at four points of a post (${kind === 'redis' ? 'Redis' : storeName(kind)})`, () => {
    it('restarts complete the report with at most the part in flight repeated', async () => {
      const t0 = Date.now();
      standin = await channelStandin();
      const ws = await workspace(6);
      const env: Record<string, string> = {
        CONTENT_DIR: ws.content,
        DATA_DIR: ws.data,
        ...(redis ? { REDIS_URL: redis.url } : storeEnv(kind as EmbeddedKind)),
      };
      const parts = () => standin.messages(CHANNEL).map((m) => ws.expected.indexOf(sentText(m)) + 1);
      const distinct = () => new Set(parts()).size;
      const bots: Bot[] = [];
      const start = (): Bot => {
        const bot = startBot(standin, env);
        bots.push(bot);
        return bot;
      };
      const killWhen = async (b: Bot, call: Promise<unknown>): Promise<void> => {
        await Promise.race([
          call,
          b.exited.then(() => {
            throw new Error(`bot exited before the kill point:\n${b.output()}`);
          }),
        ]);
        await b.exited;
      };

      // 1. Lock and run recorded, nothing in the channel.
      standin.failNext('sendMessage', { code: 500 });
      let b = start();
      await killWhen(
        b,
        onCall(standin, channelSend(500), () => b.kill('SIGKILL')),
      );
      expect(parts()).toEqual([]);

      // 2. Part 1 answered; killed before or while its progress is saved.
      b = start();
      await killWhen(
        b,
        onCall(standin, channelSend(200), () => b.kill('SIGKILL')),
      );
      expect(distinct()).toBe(1);

      // 3. Once part 3 is in, the answer to the next send (part 4) is lost; killed in the retry wait.
      b = start();
      void onCall(
        standin,
        (c) => channelSend(200)(c) && distinct() === 3,
        () => standin.dropNext('sendMessage', 1, { afterProcessing: true }),
      );
      await killWhen(
        b,
        onCall(standin, channelSend(0), () => b.kill('SIGKILL')),
      );
      expect(parts().at(-1)).toBe(4);

      // 4. The completion write fails (a wrongly typed key), then the process dies.
      await setReceivedKey(kind, ws.data, client, 'blocker');
      b = start();
      await waitUntil('the post to fail at completion', () => b.lines('posting failed').length > 0, 30_000);
      b.kill('SIGKILL');
      await b.exited;
      expect(distinct()).toBe(ws.expected.length);
      await setReceivedKey(kind, ws.data, client, undefined);

      // Restart: nothing left to send, completion recorded.
      b = start();
      await waitUntil('the post to complete', () => b.lines('post finished').some((l) => l.status === 'posted'), 30_000);
      expect(b.lines('post finished').find((l) => l.status === 'posted')?.sent).toBe(0);
      await sleep(1500); // a wrongly repeating bot gets the time to show itself
      const repeated = expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 2 });
      expect(repeated).toContain(4); // the part whose answer was lost
      expect(repeated.every((p) => p === 1 || p === 4)).toBe(true);
      // Restarts 2-4 found the lock of a killed process and took it over at once (the last one
      // only if the kill at point 4 came before the failed post released its lock).
      const takeovers = bots.map((x) => x.lines('taking over a lock left by a crashed process on this host').length);
      expect(takeovers.slice(0, 4)).toEqual([0, 1, 1, 1]);
      console.info(JSON.stringify({ case: `kill9-${kind}`, repeated, seconds: (Date.now() - t0) / 1000 }));
    }, 90_000);
  });
}

/** Put a plain value where the received set belongs (the completion write then fails), or remove it. Bot stopped. */
async function setReceivedKey(
  kind: EmbeddedKind | 'redis',
  dataDir: string,
  client: Redis | undefined,
  value: string | undefined,
): Promise<void> {
  if (kind === 'redis') {
    if (value === undefined) await client!.del(`${BOT_KEYS}${RECEIVED_KEY}`);
    else await client!.set(`${BOT_KEYS}${RECEIVED_KEY}`, JSON.stringify(value));
    return;
  }
  await withStore(kind, dataDir, (s) => (value === undefined ? s.delete(RECEIVED_KEY) : s.set(RECEIVED_KEY, value)));
}
