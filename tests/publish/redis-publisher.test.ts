/**
 * Several bot instances sharing one Redis: the per-channel lock decides who
 * posts, keeps holding through a post longer than its ttl, and stops a holder
 * that lost it between two parts.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockKey } from '../../src/publish/lock.js';
import { createPacer } from '../../src/publish/pacer.js';
import { createPublisher, type PublisherDeps } from '../../src/publish/publisher.js';
import type { PostResult } from '../../src/publish/types.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import {
  apiFor,
  CHANNEL,
  FAST,
  FAST_LIMITS,
  later,
  longReport,
  partsOf,
  partTexts,
  silentLogger,
  sleep,
  standin,
  texts,
} from './helpers.js';

let server: RedisServerHandle;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

let seq = 0;
const LOCK = lockKey(`post:${CHANNEL}`);

/** N bot instances: each its own Api and Redis connection, all on one prefix of one Redis. */
async function instances(n: number, deps: Partial<PublisherDeps> = {}) {
  const s = await standin(FAST_LIMITS);
  const prefix = `pub${++seq}:`;
  const raw = new Redis(server.url);
  later(() => {
    raw.disconnect();
  });
  const publishers = Array.from({ length: n }, () => {
    const store = createRedisStore(new Redis(server.url), { prefix });
    later(() => store.close());
    return createPublisher({ api: apiFor(s).api, store, logger: silentLogger(), pacer: createPacer(FAST), ...deps });
  });
  return { s, publishers, raw, key: prefix + LOCK };
}

describe('publishers sharing Redis', () => {
  it('lets exactly one of two concurrent posts send, the other gets "locked"', async () => {
    const {
      s,
      publishers: [a, b],
    } = await instances(2);
    const report = longReport({ sections: 3 });
    const parts = partsOf(report);
    const results = await Promise.all([a!.post(report, parts, CHANNEL), b!.post(report, parts, CHANNEL)]);
    expect(results.map((r) => r.status).sort()).toEqual(['locked', 'posted']);
    expect(results.find((r) => r.status === 'locked')).toMatchObject({ sent: 0, messageIds: [] });
    expect(texts(s)).toEqual(partTexts(parts));
    // Once the winner is done, the other instance sees the report as posted.
    expect((await b!.post(report, parts, CHANNEL)).status).toBe('already-posted');
  });

  it('renews the lock through a post longer than its ttl, then releases it', async () => {
    const pending: Array<Promise<PostResult>> = [];
    const ttls: number[] = [];
    const box: { other?: () => Promise<PostResult>; pttl?: () => Promise<number> } = {};
    const {
      s,
      publishers: [a, b],
      raw,
      key,
    } = await instances(2, {
      lockTtlMs: 300,
      pacer: createPacer({ minIntervalMs: 150 }),
      onPartSent: (i) => {
        if (i.index === 4 && box.other) pending.push(box.other());
        if (box.pttl) void box.pttl().then((t) => ttls.push(t));
      },
    });
    const report = longReport({ sections: 6 });
    const parts = partsOf(report);
    box.other = () => b!.post(report, parts, CHANNEL);
    box.pttl = () => raw.pttl(key);
    const started = Date.now();
    const r = await a!.post(report, parts, CHANNEL);
    expect(Date.now() - started).toBeGreaterThan(600); // two ttls: without renewal the lock would have expired
    expect(r).toMatchObject({ status: 'posted', sent: 6 });
    expect((await Promise.all(pending)).map((x) => x.status)).toEqual(['locked']);
    expect(ttls.slice(0, 5).every((t) => t > 0)).toBe(true);
    expect(await raw.exists(key)).toBe(0);
    expect(texts(s)).toEqual(partTexts(parts));
  });

  it('stops between parts when the lock is lost, and another instance resumes without repeats', async () => {
    const box: { steal?: () => Promise<unknown> } = {};
    const stolen: Array<Promise<unknown>> = [];
    const {
      s,
      publishers: [a, b],
      raw,
      key,
    } = await instances(2, {
      onPartSent: (i) => {
        if (i.index === 1 && box.steal) stolen.push(box.steal());
      },
    });
    // Another instance took over after our lease lapsed (say, a long GC pause).
    box.steal = () => raw.set(key, '"someone-else"', 'PX', 5000);
    const report = longReport({ sections: 5 });
    const parts = partsOf(report);
    const r = await a!.post(report, parts, CHANNEL);
    await Promise.all(stolen);
    expect(r).toMatchObject({ status: 'aborted', sent: 2 });
    expect(r.error).toMatch(/lock was lost/);
    expect(await raw.get(key)).toBe('"someone-else"'); // the loser did not release the new owner's lock

    delete box.steal;
    await raw.del(key);
    expect(await b!.post(report, parts, CHANNEL)).toMatchObject({ status: 'posted', sent: 3 });
    expect(texts(s)).toEqual(partTexts(parts));
  });

  it("waits for a crashed holder's lock to expire", async () => {
    const {
      s,
      publishers: [a],
      raw,
      key,
    } = await instances(1);
    await raw.set(key, '"crashed-instance"', 'PX', 200);
    const report = longReport({ sections: 2 });
    const parts = partsOf(report);
    expect((await a!.post(report, parts, CHANNEL)).status).toBe('locked');
    expect(s.callsOf('sendMessage')).toHaveLength(0);
    await sleep(250);
    expect((await a!.post(report, parts, CHANNEL)).status).toBe('posted');
  });
});
