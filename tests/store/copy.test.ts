import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openFileStore } from '../../src/store/file-store.js';
import { openStore } from '../../src/store/index.js';
import { startRedisServer } from '../support/redis-server.js';

let redis: Awaited<ReturnType<typeof startRedisServer>>;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

it('report-bot migrate-store copies values and sets from the file store into Redis', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'drb-migrate-'));
  const file = await openFileStore(dataDir);
  await file.set('publish:last:@x', { reportId: 'r1', messageIds: [1, 2] });
  await file.setAdd('publish:received:@x', 'r1');
  await file.setAdd('publish:received:@x', 'r2');
  await file.close();

  const out: string[] = [];
  // The bot's token names its key prefix in Redis (drb:<bot id>:), where `run` will look.
  const code = await runCli(['migrate-store'], { DATA_DIR: dataDir, REDIS_URL: `${redis.url}/3`, BOT_TOKEN: '5550001:AAmigrationtesttokenmigrationtest' }, { out: (s) => out.push(s), err: (s) => out.push(s), now: () => new Date() });
  expect(code, out.join('\n')).toBe(0);
  expect(out.join('\n')).toContain('Copied 1 value and 1 set');

  const r = await openStore({ redisUrl: `${redis.url}/3`, dataDir, redisPrefix: 'drb:5550001:' });
  expect(await r.get('publish:last:@x')).toEqual({ reportId: 'r1', messageIds: [1, 2] });
  expect(await r.setMembers('publish:received:@x')).toEqual(['r1', 'r2']);
  await r.close();
});
