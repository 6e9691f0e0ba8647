import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { COMMAND_TIMEOUT_MS, redactRedisUrl, retryDelay } from '../../src/store/redis-connect.js';
import { connectRedis, createRedisStore } from '../../src/store/redis-store.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import { describeStoreContract } from './contract.js';

let server: RedisServerHandle;
beforeAll(async () => {
  server = await startRedisServer(); // throws a clear error when redis-server is not installed
});
afterAll(async () => {
  await server?.stop();
});

let seq = 0;
/** Each store gets its own prefix, so tests never see each other's keys. */
const uniquePrefix = (): string => `t${process.pid}-${++seq}:`;

describeStoreContract('redis', async () => createRedisStore(new Redis(server.url), { prefix: uniquePrefix() }));

describe('RedisStore specifics', () => {
  it('prefixes every key (default drb:) and strips it in keys()', async () => {
    const raw = new Redis(server.url);
    const store = createRedisStore(new Redis(server.url));
    await store.set('a', { x: 1 }, 60_000);
    await store.setAdd('s', 'm');
    expect(await raw.get('drb:a')).toBe('{"x":1}');
    expect(await raw.pttl('drb:a')).toBeGreaterThan(50_000);
    expect(await raw.smembers('drb:s')).toEqual(['m']);
    await raw.set('unrelated', '1');
    expect(await store.keys('')).toEqual(['a', 's']);
    await store.close();
    raw.disconnect();
  });

  it('lists many keys through SCAN', async () => {
    const store = createRedisStore(new Redis(server.url), { prefix: uniquePrefix() });
    await Promise.all(Array.from({ length: 700 }, (_, i) => store.set(`k:${String(i).padStart(3, '0')}`, i)));
    const keys = await store.keys('k:');
    expect(keys).toHaveLength(700);
    expect(keys[0]).toBe('k:000');
    expect(keys[699]).toBe('k:699');
    await store.close();
  });

  it('reports ping false while Redis is down, fails commands instead of hanging, and recovers', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_: object, msg: string) => void warnings.push(msg), info: (_: object, msg: string) => void warnings.push(msg) };
    const store = createRedisStore(connectRedis(server.url, logger), { prefix: uniquePrefix() });
    await store.set('before', 1);
    await server.kill();
    expect(await store.ping()).toBe(false);
    const started = Date.now();
    await expect(store.get('before')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS + 1000);
    await server.restart(); // empty again: no persistence
    await expect.poll(() => store.ping(), { timeout: 10_000, interval: 100 }).toBe(true);
    expect(await store.get('before')).toBeUndefined();
    await store.set('after', 2);
    expect(await store.get('after')).toBe(2);
    expect(warnings).toEqual(['redis unavailable; retrying in the background', 'redis connection restored']);
    await store.close();
  });

  it('close() does not hang when Redis is unreachable', async () => {
    const store = createRedisStore(connectRedis('redis://127.0.0.1:1'), { prefix: uniquePrefix() });
    expect(await store.ping()).toBe(false);
    await store.close();
  });

  it('never logs the password', async () => {
    const logged: unknown[] = [];
    const url = 'redis://:s3cr%40t@127.0.0.1:1'; // nothing listens there: connection errors get logged
    const redis = connectRedis(url, { warn: (obj, msg) => void logged.push(obj, msg) });
    await expect.poll(() => logged.length, { timeout: 5000 }).toBeGreaterThan(0);
    redis.disconnect();
    expect(JSON.stringify(logged)).not.toMatch(/s3cr/);
    expect(redactRedisUrl(url)).toBe('redis://:***@127.0.0.1:1');
  });

  it('backs off exponentially up to 5 s and never gives up', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelay)).toEqual([100, 200, 400, 800, 1600, 3200, 5000]);
    expect(retryDelay(1000)).toBe(5000);
  });

  it('openStore picks Redis when a URL is set', async () => {
    const store = await openStore({ redisUrl: server.url, dataDir: '/nonexistent', redisPrefix: uniquePrefix() });
    expect(store.kind).toBe('redis');
    expect(await store.ping()).toBe(true);
    await store.close();
  });
});
