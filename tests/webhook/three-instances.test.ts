/**
 * Production shape: three `report-bot run` processes in webhook mode behind
 * a (simulated) load balancer, sharing one Redis, against the Bot API
 * stand-in. The test is the load balancer: it delivers each update to one
 * instance's own port, round-robin, with the secret header, as Telegram
 * would through the balancer. The scheduled post reaches the channel once;
 * any instance answers commands; an update delivered to two instances is
 * answered once; a wrong or missing secret gets 401; SIGTERM exits 0 within
 * 10 s and leaves the webhook set for the others.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_UPDATES } from '../../src/app/app.js';
import { createLibrary } from '../../src/library/library.js';
import { type Standin, startStandin, type TgUser, type Update } from '../../src/standin/server.js';
import { type BotProcess, spawnBot, TEST_TOKEN } from '../support/bot-process.js';
import { longReport, todayUtc } from '../support/long-report.js';
import { freePort } from '../support/net.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const CHANNEL = '@webhook_test_channel';
const SECRET = 'wh_secret_5f0c2b7e9a8d4c1b6e3f0a9d8c7b6a5e';
const HOOK_PATH = '/telegram/updates-5f0c';
const WEBHOOK_URL = `https://bot.example.test${HOOK_PATH}`;
const reader = (n: number): TgUser => ({ id: 7000 + n, first_name: `Reader ${n}`, language_code: 'en' });

let standin: Standin;
let redis: RedisServerHandle;
let expected: string[];
const ports: number[] = [];
const bots: BotProcess[] = [];

// As posted: the opening message's later table-of-contents edit is not part of the post.
const channelTexts = () => standin.messages(CHANNEL).map((m) => m.edits[0]?.before.text ?? m.text ?? m.caption ?? '');
const chatTexts = (user: TgUser) => standin.messages(user.id).map((m) => m.text ?? m.caption ?? '');
const allOutput = () => bots.map((b) => b.output()).join('\n');
/** Redeliveries the dedupe middleware dropped, over all instances. */
const skipped = () => allOutput().split('update already taken').length - 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The load balancer: POST `update` to instance `i` with `secret` in the header (none when null). */
async function deliver(i: number, update: Update, secret: string | null = SECRET): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${ports[i]}${HOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== null ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}) },
    body: JSON.stringify(update),
    signal: AbortSignal.timeout(10_000),
  });
  await res.text();
  return res.status;
}

/** A port nobody listens on right now. */

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${bots.map((b, i) => `--- instance ${i}\n${b.output()}`).join('\n')}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
  standin = await startStandin({
    validateHtml: parseTelegramHtml,
    channels: { [CHANNEL]: { id: -1001000000003, username: CHANNEL.slice(1), title: 'Webhook' } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'drb-webhook-'));
  const content = join(dir, 'content');
  mkdirSync(content);
  writeFileSync(
    join(content, '2026-01-04-short.md'),
    '---\ntitle: Short note\ndate: 2026-01-04\n---\n# Short note\n\nA short report of our own.\n',
  );
  writeFileSync(join(content, `${todayUtc()}-long.md`), longReport(todayUtc(), 3));
  const library = createLibrary({ dir: content, timeZone: 'UTC' });
  await library.reload();
  expected = library.parts(library.published(new Date())[0]!).map((p) => p.text);
  expect(expected.length).toBeGreaterThanOrEqual(3);

  for (let i = 0; i < 3; i++) ports.push(await freePort());
  for (let i = 0; i < 3; i++) {
    bots.push(
      spawnBot(['run'], {
        TELEGRAM_API_ROOT: standin.apiRoot,
        CHANNEL_ID: CHANNEL,
        CONTENT_DIR: content,
        DATA_DIR: join(dir, `data-${i}`),
        REDIS_URL: `${redis.url}/0`,
        // Already passed today in UTC: every instance tries the catch-up post at start.
        POST_CRON: '0 0 * * *',
        WEBHOOK_URL,
        WEBHOOK_SECRET: SECRET,
        PORT: String(ports[i]),
      }),
    );
  }
  await waitUntil('three setWebhook calls', () => standin.callsOf('setWebhook').length >= 3, 30_000);
  await waitUntil(
    'three health checks',
    async () => {
      const answers = await Promise.all(
        ports.map((p) =>
          fetch(`http://127.0.0.1:${p}/healthz`).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      return answers.every(Boolean);
    },
    10_000,
  );
}, 60_000);

afterAll(async () => {
  for (const b of bots) {
    b.kill('SIGKILL');
    await b.exited;
  }
  await standin?.close();
  await redis?.stop();
});

describe('three instances in webhook mode on one Redis', () => {
  it('each set the same webhook: the secret, only the update types handled, no pending updates dropped', () => {
    const calls = standin.callsOf('setWebhook');
    expect(calls).toHaveLength(3);
    for (const c of calls) {
      expect(c.status).toBe(200);
      expect(c.payload).toEqual({ url: WEBHOOK_URL, secret_token: SECRET, allowed_updates: [...ALLOWED_UPDATES] });
    }
    expect(standin.webhook()).toEqual({ url: WEBHOOK_URL, secret_token: SECRET, allowed_updates: [...ALLOWED_UPDATES] });
    // Webhook mode never polls (getUpdates would be refused with 409 while a webhook is set).
    expect(standin.callsOf('getUpdates')).toHaveLength(0);
  });

  it('post the scheduled report to the channel exactly once', async () => {
    await standin.waitFor(() => channelTexts().length >= expected.length, 30_000);
    // Give a wrongly repeating instance the chance to show itself.
    await sleep(2_000);
    expect(channelTexts()).toEqual(expected);
  }, 40_000);

  it('answer commands whichever instance receives them', async () => {
    const readers = [reader(1), reader(2), reader(3)];
    for (let i = 0; i < 3; i++) {
      expect(await deliver(i, standin.sendText(readers[i]!, readers[i]!.id, '/help'))).toBe(200);
      expect(await deliver((i + 1) % 3, standin.sendText(readers[i]!, readers[i]!.id, '/latest'))).toBe(200);
    }
    for (const r of readers) {
      await standin.waitForMessages(r.id, 1 + expected.length, 20_000);
      const [help, ...latest] = chatTexts(r);
      expect(help).toContain('/latest');
      expect(latest).toEqual(expected);
    }
  }, 40_000);

  it('answer an update delivered to two instances once', async () => {
    const r = reader(4);
    const update = standin.sendText(r, r.id, '/help');
    // At the same time to two instances, then again to the third (a later redelivery).
    expect(await Promise.all([deliver(0, update), deliver(1, update)])).toEqual([200, 200]);
    expect(await deliver(2, update)).toBe(200);
    await standin.waitForMessages(r.id, 1, 10_000);
    await waitUntil('two copies skipped', () => skipped() >= 2, 5_000);
    await sleep(500);
    expect(chatTexts(r)).toHaveLength(1);
    expect(skipped()).toBe(2);
  }, 20_000);

  it('refuse a request with a wrong or missing secret with 401, and answer nothing', async () => {
    const r = reader(5);
    const update = standin.sendText(r, r.id, '/help');
    const wrong = `${SECRET.slice(0, -1)}x`;
    for (let i = 0; i < 3; i++) {
      expect(await deliver(i, update, null)).toBe(401);
      expect(await deliver(i, update, wrong)).toBe(401);
      expect(await deliver(i, update, TEST_TOKEN)).toBe(401);
    }
    await sleep(500);
    expect(chatTexts(r)).toEqual([]);
    // The same update with the secret is still new: nothing claimed it.
    expect(await deliver(1, update)).toBe(200);
    await standin.waitForMessages(r.id, 1, 10_000);
  }, 20_000);

  it('the instances that found the channel locked retried later without posting again', async () => {
    const locked = bots.filter((b) => b.output().includes('"status":"locked"'));
    expect(locked).toHaveLength(2);
    // The scheduler retries a locked channel 30 s after the first try.
    await waitUntil('the retries', () => locked.every((b) => b.output().includes('"reason":"retry"')), 45_000);
    await sleep(500);
    expect(channelTexts()).toEqual(expected);
  }, 50_000);

  it('exit 0 within 10 s on SIGTERM, the others serving on; the webhook stays set', async () => {
    const stop = async (i: number) => {
      const started = Date.now();
      bots[i]!.kill('SIGTERM');
      const exit = await bots[i]!.exited;
      return { exit, ms: Date.now() - started, output: bots[i]!.output() };
    };
    // A reader whose chat has used up its burst, so /latest takes a few seconds to answer ...
    const r = reader(7);
    for (let k = 0; k < 3; k++) expect(await deliver(1, standin.sendText(r, r.id, '/help'))).toBe(200);
    await standin.waitForMessages(r.id, 3, 10_000);
    const latest = deliver(0, standin.sendText(r, r.id, '/latest'));
    await standin.waitForMessages(r.id, 4, 10_000);
    // ... and SIGTERM arrives while the answer is half sent: it is finished before the exit.
    const first = await stop(0);
    expect(first.exit.code, first.output).toBe(0);
    expect(first.ms).toBeLessThan(10_000);
    expect(await latest).toBe(200);
    expect(chatTexts(r).slice(3)).toEqual(expected);
    // The stopped instance no longer listens; the load balancer's next pick answers.
    await expect(deliver(0, standin.sendText(reader(6), reader(6).id, '/help'))).rejects.toThrow();
    expect(await deliver(1, standin.sendText(reader(6), reader(6).id, '/help'))).toBe(200);
    await standin.waitForMessages(reader(6).id, 1, 10_000);

    const rest = await Promise.all([stop(1), stop(2)]);
    for (const r of rest) {
      expect(r.exit.code, r.output).toBe(0);
      expect(r.ms).toBeLessThan(10_000);
    }
    expect(standin.callsOf('deleteWebhook')).toHaveLength(0);
    expect(standin.webhook()?.url).toBe(WEBHOOK_URL);
    for (const b of bots) {
      expect(b.output()).not.toContain(SECRET);
      expect(b.output()).not.toContain('AAtesttoken');
    }
  }, 40_000);
});
