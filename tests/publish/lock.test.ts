/** The posting lock, on every store backend: the same guarantees from FileStore, SqliteStore and Redis. */

import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, heldByDeadLocalProcess, lockKey } from '../../src/publish/lock.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import { fileStore, later, silentLogger, sleep, tempDir } from './helpers.js';

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

let seq = 0;
async function redisStore(prefix = `lock${++seq}:`): Promise<Store> {
  const store = createRedisStore(new Redis(redis.url), { prefix });
  later(() => store.close());
  return store;
}

const logger = silentLogger();

describe.each([
  ['file', () => fileStore()],
  [
    'sqlite',
    async () => {
      const store = openSqliteStore(await tempDir());
      later(() => store.close());
      return store;
    },
  ],
  ['redis', () => redisStore()],
] as const)('lock on %s store', (_kind, open) => {
  it('is exclusive until released, and released only by its owner', async () => {
    const store = await open();
    const a = await acquireLock(store, 'post:@c', { logger });
    expect(a).not.toBeNull();
    expect(await acquireLock(store, 'post:@c', { logger })).toBeNull();
    expect(await acquireLock(store, 'post:@other', { logger })).not.toBeNull();

    // A loses its lease (expired while stalled); B takes the lock.
    await store.delete(lockKey('post:@c'));
    const b = await acquireLock(store, 'post:@c', { logger });
    expect(b).not.toBeNull();
    expect(await a!.release()).toBe(false); // A cannot delete B's lock
    expect(await store.get(lockKey('post:@c'))).toBe(b!.token);
    expect(await a!.renew()).toBe(false); // nor extend it
    expect(await b!.release()).toBe(true);
    expect(await b!.release()).toBe(false);
    expect(await acquireLock(store, 'post:@c', { logger })).not.toBeNull();
  });

  it('renews itself on a timer while held, so it outlives its ttl', async () => {
    const store = await open();
    const lock = await acquireLock(store, 'long', { ttlMs: 200, renewEveryMs: 50, logger });
    await sleep(500);
    expect(lock!.signal.aborted).toBe(false);
    expect(await acquireLock(store, 'long', { ttlMs: 200, logger })).toBeNull();
    await lock!.release();
    expect(await store.get(lockKey('long'))).toBeUndefined();
  });

  it('expires when its holder stops renewing (a crashed instance)', async () => {
    const store = await open();
    await store.setIfAbsent(lockKey('crashed'), 'dead-holder', 150);
    expect(await acquireLock(store, 'crashed', { logger })).toBeNull();
    await sleep(200);
    expect(await acquireLock(store, 'crashed', { logger })).not.toBeNull();
  });

  it('aborts its signal when a renewal finds it lost', async () => {
    const store = await open();
    const lock = await acquireLock(store, 'lost', { ttlMs: 300, renewEveryMs: 40, logger });
    await store.set(lockKey('lost'), 'someone-else');
    await sleep(120);
    expect(lock!.signal.aborted).toBe(true);
    expect(String(lock!.signal.reason)).toMatch(/lock lost/);
    expect(await store.get(lockKey('lost'))).toBe('someone-else');
  });

  it('refuses a renewal period not shorter than the ttl', async () => {
    const store = await open();
    await expect(acquireLock(store, 'x', { ttlMs: 100, renewEveryMs: 100, logger })).rejects.toThrow(RangeError);
  });
});

describe('locks left by crashed processes', () => {
  it('recognises a holder on this host whose process is gone, and nothing else', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(heldByDeadLocalProcess(`${hostname()}:${dead}:abcd1234:x`)).toBe(true);
    expect(heldByDeadLocalProcess(`${hostname()}:${process.pid}:previous:x`)).toBe(true);
    expect(heldByDeadLocalProcess(`other-host:${dead}:abcd1234:x`)).toBe(false);
    expect(heldByDeadLocalProcess(`${hostname()}:1:abcd1234:x`)).toBe(false);
    expect(heldByDeadLocalProcess(undefined)).toBe(false);
  });

  it('is taken over at once after its holder died', async () => {
    const store = await fileStore();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await store.set(lockKey('post:@x'), `${hostname()}:${dead}:abcd1234:old`, 30_000);
    const lock = await acquireLock(store, 'post:@x', { logger: silentLogger() });
    expect(lock).not.toBeNull();
    // A live holder is respected.
    expect(await acquireLock(store, 'post:@x', { logger: silentLogger() })).toBeNull();
    await lock!.release();
    await store.close();
  });
});
