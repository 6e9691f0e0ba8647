import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openFileStore } from '../../src/store/file-store.js';
import { openStore } from '../../src/store/index.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { startRedisServer } from '../support/redis-server.js';

let redis: Awaited<ReturnType<typeof startRedisServer>>;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

const cli = async (args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> => {
  const out: string[] = [];
  const code = await runCli(args, env, { out: (s) => out.push(s), err: (s) => out.push(s), now: () => new Date() });
  return { code, out: out.join('\n') };
};

it('report-bot migrate-store copies values and sets from the file store into Redis', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'drb-migrate-'));
  const file = await openFileStore(dataDir);
  await file.set('publish:last:@x', { reportId: 'r1', messageIds: [1, 2] });
  await file.setAdd('publish:received:@x', 'r1');
  await file.setAdd('publish:received:@x', 'r2');
  await file.close();

  const { code, out } = await cli(['migrate-store', '--from', 'file'], {
    DATA_DIR: dataDir,
    REDIS_URL: `${redis.url}/3`,
    BOT_TOKEN: '5550001:AAmigrationtesttokenmigrationtest',
  });
  expect(code, out).toBe(0);
  expect(out).toContain('Copied 1 value and 1 set from file (state.json) to redis (Redis)');

  const r = await openStore({ redisUrl: `${redis.url}/3`, dataDir, redisPrefix: 'drb:5550001:' });
  expect(await r.get('publish:last:@x')).toEqual({ reportId: 'r1', messageIds: [1, 2] });
  expect(await r.setMembers('publish:received:@x')).toEqual(['r1', 'r2']);
  await r.close();
});

it('copies sqlite → redis → file → sqlite, TTLs carried over', async () => {
  const a = mkdtempSync(join(tmpdir(), 'drb-migrate-a-'));
  const b = mkdtempSync(join(tmpdir(), 'drb-migrate-b-'));
  const c = mkdtempSync(join(tmpdir(), 'drb-migrate-c-'));
  const src = openSqliteStore(a);
  await src.setAdd('publish:received:@x', 'r1');
  await src.set('update:1', 1, 3_600_000);
  await src.close();
  const redisUrl = `${redis.url}/4`;

  expect(
    (await cli(['migrate-store'], { DATA_DIR: a, REDIS_URL: redisUrl, BOT_TOKEN: '5550001:AAmigrationtesttokenmigrationtest' })).out,
  ).toContain('from sqlite (state.db) to redis');
  expect(
    (
      await cli(['migrate-store', '--from', 'redis', '--to', 'file'], {
        DATA_DIR: b,
        REDIS_URL: redisUrl,
        BOT_TOKEN: '5550001:AAmigrationtesttokenmigrationtest',
      })
    ).code,
  ).toBe(0);
  expect((await cli(['migrate-store', '--from', 'file', '--to', 'sqlite'], { DATA_DIR: b })).code).toBe(0);
  const back = openSqliteStore(b);
  expect(await back.setMembers('publish:received:@x')).toEqual(['r1']);
  expect(await back.ttl('update:1')).toBeGreaterThan(3_500_000);
  await back.close();

  expect(await cli(['migrate-store', '--from', 'sqlite', '--to', 'sqlite'], { DATA_DIR: c })).toMatchObject({
    code: 2,
    out: expect.stringContaining('both sqlite'),
  });
  expect(await cli(['migrate-store', '--to', 'mongo'], { DATA_DIR: c })).toMatchObject({
    code: 2,
    out: expect.stringContaining('--to must be one of sqlite, file, redis'),
  });
  expect(await cli(['migrate-store', '--to', 'redis'], { DATA_DIR: c })).toMatchObject({
    code: 1,
    out: expect.stringContaining('REDIS_URL is missing'),
  });
});
