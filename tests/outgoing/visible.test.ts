/**
 * The budget is visible: /metrics shows the queue depth per priority, the
 * waits and the 429s that paused a scope; /status shows the queue depth
 * while calls wait, and nothing about it when none do.
 */
import { Api } from 'grammy';
import { afterEach, expect, it } from 'vitest';
import { openOutgoingFor } from '../../src/app/outgoing.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/observe/metrics.js';
import { createBudget, createMemoryWindow, createScheduler, installOutgoing } from '../../src/outgoing/index.js';
import { type Standin, startStandin } from '../../src/standin/server.js';
import { ADMIN, type Harness, startHarness, textOf } from '../bot/harness.js';

let h: Harness | undefined;
let s: Standin | undefined;
afterEach(async () => {
  await h?.close();
  await s?.close();
  h = undefined;
  s = undefined;
});

it('/metrics shows queue depth per priority, waits and 429s', async () => {
  s = await startStandin();
  const metrics = createMetrics({ defaultMetrics: false });
  const config = parseConfig({ BOT_TOKEN: '123456:AAAAAAAAAAAAAAAAAAAAAAAA', CHANNEL_ID: '@daily_report' });
  const outgoing = openOutgoingFor(config, createLogger({ level: 'silent' }), metrics);
  const api = new Api('123456:AAAAAAAAAAAAAAAAAAAAAAAA', { apiRoot: s.apiRoot });
  installOutgoing(api, outgoing);
  s.failNext('sendMessage', { code: 429, retryAfter: 1 });
  // The first is refused with 429 (no retries installed here); the second waits out the chat's pause.
  await expect(api.sendMessage(42, 'a')).rejects.toMatchObject({ error_code: 429 });
  const queued = api.sendMessage(42, 'b');
  await new Promise((r) => setTimeout(r, 50));
  const during = await metrics.registry.metrics();
  expect(during).toMatch(/^telegram_outgoing_queue_depth\{priority="reply"\} 1$/m);
  expect(during).toMatch(/^telegram_outgoing_queue_depth\{priority="post"\} 0$/m);
  expect(during).toMatch(/^telegram_outgoing_429_total\{scope="chat"\} 1$/m);
  await queued;
  const after = await metrics.registry.metrics();
  expect(after).toMatch(/^telegram_outgoing_queue_depth\{priority="reply"\} 0$/m);
  expect(after).toMatch(/^telegram_outgoing_waits_total\{priority="reply"\} 1$/m);
  const waited = Number(/^telegram_outgoing_wait_seconds_total\{priority="reply"\} (\S+)$/m.exec(after)?.[1]);
  expect(waited).toBeGreaterThanOrEqual(0.9);
  await outgoing.close();
});

it('/status shows the queue depth when calls wait, and nothing when none do', async () => {
  h = await startHarness();
  const scheduler = createScheduler({ window: createMemoryWindow({ limit: 30 }) });
  let depth = { post: 0, reply: 0, background: 0 };
  installOutgoing(h.bot.api, createBudget({ scheduler: { ...scheduler, depth: () => depth }, channels: h.config.CHANNEL_ID }));
  const [idle] = await h.send(ADMIN, '/status');
  expect(textOf(idle!)).not.toContain('Outgoing queue');
  depth = { post: 1, reply: 12, background: 3400 };
  const [busy] = await h.send(ADMIN, '/status');
  expect(textOf(busy!).split('\n').at(-1)).toBe('Outgoing queue: 3413 (channel posts 1, replies 12, background 3400)');
});
