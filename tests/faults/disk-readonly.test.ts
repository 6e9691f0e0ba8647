/**
 * The embedded store's DATA_DIR is read-only when the bot starts (a real
 * read-only mount in the bot's own mount namespace). The bot starts, logs
 * one clear error naming DATA_DIR and the reason, reports 503 on /healthz,
 * leaves state.json as it was (still valid), stays up and retries; once the
 * directory is writable again the retry posts the report.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { parseState } from '../../src/store/file-state.js';
import { openFileStore } from '../../src/store/file-store.js';
import { freePort } from './aof-redis.js';
import { expectReportOnce } from './expect-report.js';
import { canMount, readOnlyDataDir, remountWritable } from './mount-ns.js';
import { CHANNEL, channelStandin, cleanup, REPORT_DATE, startBot, waitUntil, workspace } from './rig.js';

let standin: Standin;

afterEach(async () => {
  await cleanup();
  await standin?.close();
});

const healthStatus = (port: number): Promise<number> =>
  fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);

it.skipIf(!canMount)('read-only DATA_DIR: one clear error, 503, state.json untouched, no crash; posts once writable', async () => {
  const t0 = Date.now();
  standin = await channelStandin();
  const ws = await workspace(3);
  // The state from before: yesterday's report went out.
  mkdirSync(ws.data);
  const seed = await openFileStore(ws.data);
  await seed.setAdd(`publish:received:${CHANNEL}`, '2026-01-04-old');
  await seed.close();
  const file = join(ws.data, 'state.json');
  const before = readFileSync(file, 'utf8');

  const port = await freePort();
  const b = startBot(standin, { CONTENT_DIR: ws.content, DATA_DIR: ws.data, PORT: String(port) }, { prefix: readOnlyDataDir });
  await waitUntil('the catch-up post to fail', () => b.lines('posting unfinished; retrying later').length > 0, 20_000);
  const [error] = b.lines('could not take the posting lock');
  expect((error?.err as { message?: string } | undefined)?.message).toContain(
    `could not save state in ${ws.data}: read-only file system (EROFS); the change was not applied`,
  );
  expect(b.lines('posting unfinished; retrying later')[0]).toMatchObject({ inMs: 30_000 });
  await waitUntil('/healthz 503', async () => (await healthStatus(port)) === 503, 10_000);
  expect(readFileSync(file, 'utf8')).toBe(before);
  expect(() => parseState(before, file)).not.toThrow();
  expect(readdirSync(ws.data)).toEqual(['state.json']);
  expect(standin.messages(CHANNEL)).toHaveLength(0);
  expect(b.alive()).toBe(true);

  remountWritable(b.child.pid!, ws.data);
  await waitUntil('/healthz 200', async () => (await healthStatus(port)) === 200, 10_000);
  await waitUntil('the retried post to complete', () => b.lines('post finished').some((l) => l.status === 'posted'), 40_000);
  expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 0 });
  const after = parseState(readFileSync(file, 'utf8'), file);
  const received = after.get(`publish:received:${CHANNEL}`);
  expect(received?.kind === 'set' && [...received.members].sort()).toEqual(['2026-01-04-old', `${REPORT_DATE}-long`]);
  expect(b.logs().filter((l) => l.level >= 50).map((l) => l.msg)).toEqual(['could not take the posting lock']);
  console.info(JSON.stringify({ case: 'disk-readonly', seconds: (Date.now() - t0) / 1000 }));
}, 90_000);
