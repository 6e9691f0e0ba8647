/**
 * The one-time move off the shared `drb:` prefix (store/redis-legacy.ts):
 * legacy keys are copied with their TTLs and types, other bots' namespaces
 * are left alone, nothing the new prefix already holds is overwritten, and
 * it happens once.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ADOPTED_MARKER, adoptLegacyKeys } from '../../src/store/redis-legacy.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';

let server: RedisServerHandle;
let raw: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  raw = new Redis(server.url);
});
afterAll(async () => {
  raw.disconnect();
  await server.stop();
});
beforeEach(async () => {
  await raw.flushall();
});

it('copies legacy keys once, with TTLs and types, skipping other bots and keys already there', async () => {
  await raw.set('drb:publish:last:@c', '{"reportId":"r1"}');
  await raw.sadd('drb:publish:received:@c', 'r1', 'r2');
  await raw.set('drb:rate:42', '3', 'PX', 60_000);
  await raw.set('drb:9999999:alerts:sub:1', '["other bot"]'); // another bot's own namespace
  await raw.set('drb:7777777:search:x', '"mine already"');
  await raw.set('drb:search:x', '"legacy"');

  expect(await adoptLegacyKeys(raw, 'drb:', 'drb:7777777:')).toBe(3);
  expect(await raw.get('drb:7777777:publish:last:@c')).toBe('{"reportId":"r1"}');
  expect((await raw.smembers('drb:7777777:publish:received:@c')).sort()).toEqual(['r1', 'r2']);
  const ttl = await raw.pttl('drb:7777777:rate:42');
  expect(ttl).toBeGreaterThan(50_000);
  expect(ttl).toBeLessThanOrEqual(60_000);
  expect(await raw.get('drb:7777777:search:x')).toBe('"mine already"');
  expect(await raw.exists('drb:7777777:9999999:alerts:sub:1')).toBe(0);
  expect(await raw.get(`drb:7777777:${ADOPTED_MARKER}`)).toBe('3');
  // The old keys stay (a release going back still finds them).
  expect(await raw.get('drb:publish:last:@c')).toBe('{"reportId":"r1"}');

  // Once: later legacy writes (an old release still running) are not copied again.
  await raw.set('drb:publish:last:@c', '{"reportId":"r9"}');
  expect(await adoptLegacyKeys(raw, 'drb:', 'drb:7777777:')).toBe(-1);
  expect(await raw.get('drb:7777777:publish:last:@c')).toBe('{"reportId":"r1"}');
});

it("runs before the store's first command, so the first read already sees the copied state", async () => {
  await raw.sadd('drb:publish:received:@c', 'r1');
  const client = new Redis(server.url);
  const store = createRedisStore(client, {
    prefix: 'drb:5555555:',
    prepare: async () => void (await adoptLegacyKeys(client, 'drb:', 'drb:5555555:')),
  });
  expect(await store.setMembers('publish:received:@c')).toEqual(['r1']);
  await store.close();
});
