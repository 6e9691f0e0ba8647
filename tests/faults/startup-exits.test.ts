/**
 * Start-up that cannot succeed ends the process; a signal during start-up
 * ends it cleanly. Each case runs `report-bot run` as a child process:
 *  - a corrupt state.json, a token Telegram refuses (401), Redis refusing
 *    the password, a missing content folder: one sentence, exit non-zero
 *    within 5 s (before, the content watcher kept the process alive);
 *  - SIGTERM or SIGINT while start-up waits for an unreachable Telegram:
 *    exit 0 within 10 s (before: 143 and 130), after one log line per
 *    attempt naming the host and the cause, no stack, no "giving up".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { TEST_TOKEN } from '../support/bot-process.js';
import { freePort } from '../support/net.js';
import { type RedisVariant, startRedisWith } from './redis-variants.js';
import { type Bot, channelStandin, cleanup, startBot, waitUntil, workspace } from './rig.js';

let standin: Standin | undefined;
let redis: RedisVariant | undefined;
afterEach(async () => {
  await cleanup();
  await standin?.close();
  standin = undefined;
  await redis?.stop();
  redis = undefined;
});

/** Wait for `sentence` in the output, then for the exit; how long the exit took after the sentence. */
async function exitAfter(
  b: Bot,
  sentence: RegExp,
  limitMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }> {
  await waitUntil(`the sentence ${sentence}`, () => sentence.test(b.output()), 30_000);
  const seenAt = Date.now();
  const timeout = new Promise<'still running'>((r) => setTimeout(() => r('still running'), limitMs + 5_000).unref());
  const exit = await Promise.race([b.exited, timeout]);
  if (exit === 'still running') throw new Error(`still running ${limitMs + 5_000} ms after "${sentence}":\n${b.output()}`);
  const afterMs = Date.now() - seenAt;
  console.info(JSON.stringify({ case: String(sentence), code: exit.code, exitMsAfterSentence: afterMs }));
  return { ...exit, afterMs };
}

/** Stderr lines that are not JSON logs: what the operator reads. */
const sentences = (b: Bot): string[] =>
  b
    .output()
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('{'));

describe('a fatal start-up error exits non-zero within 5 s with one sentence', () => {
  it('corrupt state.json: names the file and how to restore it; never "start fresh"', async () => {
    standin = await channelStandin();
    const ws = await workspace(2);
    mkdirSync(ws.data, { recursive: true });
    writeFileSync(join(ws.data, 'state.json'), '{"version":1,"entries":{"publish:last:x":{"va');
    const b = startBot(standin, { CONTENT_DIR: ws.content, DATA_DIR: ws.data });
    const exit = await exitAfter(b, /state file .*state\.json is not valid JSON/, 5_000);
    expect(exit.code, b.output()).not.toBe(0);
    expect(exit.signal).toBeNull();
    expect(exit.afterMs).toBeLessThan(5_000);
    expect(sentences(b)).toHaveLength(1);
    expect(sentences(b)[0]).toMatch(
      /^Cannot start: state file .* is not valid JSON; restore .* from a backup, or move it away and start once with ADOPT_ON_FIRST_START=all/,
    );
    expect(b.output()).not.toMatch(/start fresh|\n\s+at /);
    expect(standin.messages('@fault_test_channel')).toEqual([]);
  }, 60_000);

  it('a token Telegram refuses (401)', async () => {
    standin = await channelStandin({ validToken: 'another:token' });
    const ws = await workspace(2);
    const b = startBot(standin, { CONTENT_DIR: ws.content, DATA_DIR: ws.data });
    const exit = await exitAfter(b, /Telegram refused the bot token \(401/, 5_000);
    expect(exit.code, b.output()).not.toBe(0);
    expect(exit.afterMs).toBeLessThan(5_000);
    expect(sentences(b)).toHaveLength(1);
    expect(b.output()).not.toContain(TEST_TOKEN.split(':')[1]!);
  }, 60_000);

  it('Redis refuses the password (WRONGPASS), or wants one (NOAUTH)', async () => {
    standin = await channelStandin();
    const ws = await workspace(2);
    redis = await startRedisWith(['--requirepass', 'the-right-password'], 'the-right-password');
    for (const [url, reply] of [
      [`redis://:a-wrong-password@127.0.0.1:${redis.port}`, 'WRONGPASS'],
      [redis.url, 'NOAUTH'],
    ] as const) {
      const b = startBot(standin, { CONTENT_DIR: ws.content, DATA_DIR: ws.data, REDIS_URL: url });
      const exit = await exitAfter(b, new RegExp(`refused the credentials \\(${reply}\\)`), 5_000);
      expect(exit.code, b.output()).not.toBe(0);
      expect(exit.afterMs).toBeLessThan(5_000);
      expect(sentences(b), b.output()).toEqual([
        `Cannot start: Redis at redis://${url.includes('@') ? ':***@' : ''}127.0.0.1:${redis.port} refused the credentials (${reply}): check the user and password in REDIS_URL.`,
      ]);
      expect(b.output()).not.toContain('a-wrong-password');
      expect(b.lines('redis unavailable; retrying in the background')).toEqual([]);
    }
  }, 60_000);

  it('a content folder that does not exist', async () => {
    standin = await channelStandin();
    const ws = await workspace(2);
    const b = startBot(standin, { CONTENT_DIR: join(ws.root, 'no-such-folder'), DATA_DIR: ws.data });
    const exit = await exitAfter(b, /content folder .*no-such-folder does not exist/, 5_000);
    expect(exit.code, b.output()).not.toBe(0);
    expect(exit.afterMs).toBeLessThan(5_000);
    expect(sentences(b)).toEqual([
      `Cannot start: content folder ${join(ws.root, 'no-such-folder')} does not exist; set CONTENT_DIR to the folder of report files.`,
    ]);
  }, 60_000);
});

describe.each(['SIGTERM', 'SIGINT'] as const)('%s while start-up waits for an unreachable Telegram', (signal) => {
  it('exits 0 within 10 s; the wait logs one line per attempt naming host and cause, no stack, no "giving up"', async () => {
    const ws = await workspace(2);
    const port = await freePort(); // nobody listens: connection refused
    const fake = { apiRoot: `http://127.0.0.1:${port}` } as Standin;
    const b = startBot(fake, { CONTENT_DIR: ws.content, DATA_DIR: ws.data, PORT: '0' });
    const waiting = () => b.lines(/^Cannot reach /);
    await waitUntil('two attempts', () => waiting().length >= 2, 30_000);
    const t0 = Date.now();
    b.kill(signal);
    const exit = await Promise.race([b.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000).unref())]);
    expect(exit, b.output()).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(10_000);
    console.info(JSON.stringify({ case: `${signal} during start-up wait`, exitMs: Date.now() - t0 }));

    expect(waiting().map((l) => l.msg)).toEqual([
      `Cannot reach 127.0.0.1:${port} (ECONNREFUSED); retrying in 5 s`,
      `Cannot reach 127.0.0.1:${port} (ECONNREFUSED); retrying in 10 s`,
    ]);
    expect(waiting().every((l) => l.level === 40 && l.err === undefined)).toBe(true);
    expect(b.output()).not.toMatch(/giving up|\n\s+at |"stack"/);
    expect(b.lines('stopped during start-up')).toHaveLength(1);
  }, 60_000);
});
