/**
 * Bots sharing one Redis database, and Redis that answers but cannot save:
 *  - two bots (two tokens) on one database: a /subscribe sent to bot A is
 *    not in bot B's /subscriptions, and every key each writes is under its
 *    own prefix (`drb:<bot id>:`), none under the other's;
 *  - a deployment from before REDIS_PREFIX (everything under `drb:`) keeps
 *    its posting record when it starts with the new default: the report it
 *    posted is not posted again;
 *  - a read-only replica: /healthz says 503 (PING alone said ok) and
 *    posting refuses with one clear sentence, nothing sent.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { freePort } from '../support/net.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import { expectReportOnce } from './expect-report.js';
import { type RedisVariant, startRedisWith } from './redis-variants.js';
import { CHANNEL, channelStandin, cleanup, READER, sleep, startBot, waitUntil, workspace } from './rig.js';

const TOKEN_A = '1111111:AAbotAtokenbotAtokenbotAtokenbotAto';
const TOKEN_B = '2222222:AAbotBtokenbotBtokenbotBtokenbotBto';

let redis: RedisServerHandle;
let client: Redis;
const standins: Standin[] = [];
let replica: RedisVariant | undefined;
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
  for (const s of standins.splice(0)) await s.close();
  await replica?.stop();
  replica = undefined;
  await client.flushall();
});

async function standin(): Promise<Standin> {
  const s = await channelStandin();
  standins.push(s);
  return s;
}

/** The text of the reader's next reply to `text`. */
async function ask(s: Standin, text: string): Promise<string> {
  const before = s.messages(READER.id).length;
  s.sendText(READER, READER.id, text);
  await waitUntil(`an answer to ${text}`, () => s.messages(READER.id).length > before, 15_000);
  const m = s.messages(READER.id)[before]!;
  return m.text ?? '';
}

it("two bots on one Redis database never see each other's keys: /subscribe to A is not in B's /subscriptions", async () => {
  const ws = await workspace(2);
  const [sa, sb] = [await standin(), await standin()];
  const env = { CONTENT_DIR: ws.content, REDIS_URL: `${redis.url}/0`, POST_CRON: '59 23 * * *' };
  const a = startBot(sa, { ...env, DATA_DIR: `${ws.data}-a`, BOT_TOKEN: TOKEN_A });
  const b = startBot(sb, { ...env, DATA_DIR: `${ws.data}-b`, BOT_TOKEN: TOKEN_B });
  await waitUntil(
    'both bots to start',
    () => a.lines('bot identity confirmed').length + b.lines('bot identity confirmed').length === 2,
    30_000,
  );

  expect(await ask(sa, '/subscribe zebrafish')).toMatch(/zebrafish/);
  expect(await ask(sa, '/subscriptions')).toMatch(/zebrafish/);
  expect(await ask(sb, '/subscriptions')).not.toMatch(/zebrafish/);
  // B's own subscription stays B's.
  expect(await ask(sb, '/subscribe okapi')).toMatch(/okapi/);
  expect(await ask(sa, '/subscriptions')).not.toMatch(/okapi/);

  const keys = await client.keys('*');
  const ofA = keys.filter((k) => k.startsWith('drb:1111111:'));
  const ofB = keys.filter((k) => k.startsWith('drb:2222222:'));
  expect(ofA.some((k) => k.includes('alerts:sub:'))).toBe(true);
  expect(ofB.some((k) => k.includes('alerts:sub:'))).toBe(true);
  // Rate counters, subscriptions, everything: each key is one bot's, none shared.
  expect(keys.filter((k) => !ofA.includes(k) && !ofB.includes(k))).toEqual([]);
  console.info(JSON.stringify({ case: 'two bots one redis', keysA: ofA.length, keysB: ofB.length }));
}, 90_000);

it('a deployment from before REDIS_PREFIX (all under drb:) keeps its posting record: no repost under the new default prefix', async () => {
  const ws = await workspace(3);
  const s = await standin();
  const env = { CONTENT_DIR: ws.content, DATA_DIR: ws.data, REDIS_URL: `${redis.url}/0`, BOT_TOKEN: TOKEN_A };
  // The old release: every key under the shared "drb:".
  const old = startBot(s, { ...env, REDIS_PREFIX: 'drb:' });
  await waitUntil('the old release to post', () => old.lines('post finished').some((l) => l.status === 'posted'), 30_000);
  old.kill('SIGTERM');
  await old.exited;
  expect((await client.keys('drb:publish:received:*')).length).toBe(1);
  const posted = s.messages(CHANNEL).length;

  // The new release with its default prefix, catching up at start as every morning.
  const next = startBot(s, env);
  await waitUntil('the catch-up run', () => next.lines('posting run finished').length > 0, 30_000);
  expect(next.lines('posting run finished')[0]).toMatchObject({ status: 'already-posted' });
  expect(next.lines(/old shared key prefix/)[0]).toMatchObject({ from: 'drb:', to: 'drb:1111111:' });
  await sleep(1000);
  expect(s.messages(CHANNEL)).toHaveLength(posted);
  expectReportOnce(s.messages(CHANNEL), ws.expected, { maxRepeats: 0 });
  expect((await client.keys('drb:1111111:publish:received:*')).length).toBe(1);

  // Once only: a restart does not copy again.
  next.kill('SIGTERM');
  await next.exited;
  const again = startBot(s, env);
  await waitUntil('the second catch-up run', () => again.lines('posting run finished').length > 0, 30_000);
  expect(again.lines(/old shared key prefix/)).toEqual([]);
  expect(s.messages(CHANNEL)).toHaveLength(posted);
}, 90_000);

it('a read-only replica: /healthz 503, and posting refuses with one clear sentence, nothing sent', async () => {
  const ws = await workspace(2);
  const s = await standin();
  replica = await startRedisWith(['--replicaof', '127.0.0.1', String(redis.port), '--replica-read-only', 'yes']);
  const port = await freePort();
  const b = startBot(s, { CONTENT_DIR: ws.content, DATA_DIR: ws.data, REDIS_URL: replica.url, PORT: String(port) });
  await waitUntil('the catch-up run to give up', () => b.lines('posting unfinished; retrying later').length > 0, 30_000);
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) });
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ status: 'unhealthy', store: false, storeKind: 'redis' });

  // One error, whichever step wrote first (the archive check, the lock), carrying the one sentence; the
  // scheduler tries again later with backoff (30 s, doubling), in case the replica is promoted.
  const errors = b.logs().filter((l) => l.level >= 50);
  expect(errors).toHaveLength(1);
  expect(String((errors[0]!.err as { message?: string }).message)).toBe(
    'Redis is a read-only replica (READONLY): nothing can be saved, so nothing is posted; point REDIS_URL at the primary',
  );
  expect(s.messages(CHANNEL)).toEqual([]);
}, 60_000);
