/**
 * Exactly once across crashes and instances: `report-bot run` is killed
 * with SIGKILL mid-post and started again (embedded store, then Redis); two
 * instances share one Redis. The channel must hold every part, in order,
 * each once, with at most one repeat of the part in flight at the crash.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLibrary } from '../../src/library/library.js';
import { type Standin, startStandin } from '../../src/standin/server.js';
import { type BotProcess, spawnBot } from '../support/bot-process.js';
import { longReport, todayUtc } from '../support/long-report.js';
import { startRedisServer } from '../support/redis-server.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const CHANNEL = '@crash_test_channel';
let standin: Standin | undefined;
const bots: BotProcess[] = [];
let redis: Awaited<ReturnType<typeof startRedisServer>>;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const b of bots.splice(0)) {
    b.kill('SIGKILL');
    await b.exited;
  }
  await standin?.close();
  standin = undefined;
});

async function setup() {
  standin = await startStandin({
    validateHtml: parseTelegramHtml,
    channels: { [CHANNEL]: { id: -1001000000002, username: CHANNEL.slice(1), title: 'Crash' } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'drb-crash-'));
  const content = join(dir, 'content');
  mkdirSync(content);
  writeFileSync(join(content, `${todayUtc()}-long.md`), longReport(todayUtc()));
  const library = createLibrary({ dir: content, timeZone: 'UTC' });
  await library.reload();
  const expected = library.parts(library.published(new Date())[0]!).map((p) => p.text);
  return { content, data: join(dir, 'data'), expected };
}

function start(env: Record<string, string>): BotProcess {
  const b = spawnBot(['run'], { TELEGRAM_API_ROOT: standin!.apiRoot, CHANNEL_ID: CHANNEL, POST_CRON: '0 0 * * *', ...env });
  bots.push(b);
  return b;
}

/** Every part in order, each once, except at most `repeats` consecutive repeats. */
function expectComplete(got: string[], expected: string[], repeats: number) {
  const deduped = got.filter((t, i) => i === 0 || t !== got[i - 1]);
  expect(deduped).toEqual(expected);
  expect(got.length - deduped.length).toBeLessThanOrEqual(repeats);
}

// As posted: the opening message's later table-of-contents edit is not part of the post.
const texts = () => standin!.messages(CHANNEL).map((m) => m.edits[0]?.before.text ?? m.text ?? m.caption ?? '');

describe.each([
  { store: 'embedded file store', redisUrl: undefined as string | undefined },
  { store: 'Redis', redisUrl: 'redis' },
])('kill -9 mid-post with the $store', ({ redisUrl }) => {
  it('resumes after a restart with nothing lost and at most the part in flight repeated', async () => {
    const ws = await setup();
    expect(ws.expected.length).toBeGreaterThanOrEqual(6);
    const env = {
      CONTENT_DIR: ws.content,
      DATA_DIR: ws.data,
      ...(redisUrl ? { REDIS_URL: `${redis.url}/${Math.floor(Math.random() * 15) + 1}` } : {}),
    };
    // Kill at two different points of the same post.
    for (const killAfter of [2, 4]) {
      const b = start(env);
      await standin!
        .waitFor(() => texts().length >= killAfter, 30_000)
        .catch((err: Error) => {
          throw new Error(`${err.message}\n${b.output()}`);
        });
      b.kill('SIGKILL');
      await b.exited;
    }
    start(env);
    await standin!.waitFor(() => new Set(texts()).size >= ws.expected.length, 60_000);
    // Give a wrongly repeating bot the chance to show itself.
    await new Promise((r) => setTimeout(r, 1500));
    expectComplete(texts(), ws.expected, 2);
  }, 120_000);
});

describe('two instances on one Redis', () => {
  it('post the report once', async () => {
    const ws = await setup();
    const env = { CONTENT_DIR: ws.content, REDIS_URL: `${redis.url}/0` };
    start({ ...env, DATA_DIR: `${ws.data}-a` });
    start({ ...env, DATA_DIR: `${ws.data}-b` });
    await standin!.waitFor(() => texts().length >= ws.expected.length, 60_000);
    await new Promise((r) => setTimeout(r, 2500));
    expectComplete(texts(), ws.expected, 0);
  }, 120_000);
});
