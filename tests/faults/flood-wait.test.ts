/**
 * Telegram answers one part mid-report with 429 and retry_after 30 (the
 * longest flood wait this suite allows itself): the bot waits the whole 30 s
 * (its lock renewed meanwhile), then completes the report with nothing lost
 * or doubled, and /metrics counts the wait.
 */
import { afterEach, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { freePort } from './aof-redis.js';
import { expectReportOnce } from './expect-report.js';
import { CHANNEL, channelSend, channelStandin, cleanup, onCall, startBot, waitUntil, workspace } from './rig.js';

let standin: Standin;

afterEach(async () => {
  await cleanup();
  await standin?.close();
});

it('honours retry_after 30 on one part, then completes', async () => {
  const t0 = Date.now();
  standin = await channelStandin();
  const ws = await workspace(4);
  const port = await freePort();
  let answered = 0;
  void onCall(
    standin,
    (c) => channelSend(200)(c) && ++answered === 2,
    () => standin.failNext('sendMessage', { code: 429, retryAfter: 30 }),
  );

  const b = startBot(standin, { CONTENT_DIR: ws.content, DATA_DIR: ws.data, PORT: String(port) });
  const refused = await onCall(standin, channelSend(429));
  const next = await onCall(standin, channelSend());
  const waitedMs = next.at - refused.at;
  expect(waitedMs).toBeGreaterThanOrEqual(30_000);
  expect(waitedMs).toBeLessThan(33_000);
  await waitUntil('the post to complete', () => b.lines('post finished').some((l) => l.status === 'posted'), 20_000);
  expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 0 });
  expect(b.lines(/lock lost/)).toHaveLength(0);
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(metrics).toMatch(/^telegram_flood_waits_total 1$/m);
  expect(metrics).toMatch(/^telegram_flood_wait_seconds_total 30$/m);
  // The outgoing budget paused the channel for those 30 s: one 429, the parts behind it waited.
  expect(metrics).toMatch(/^telegram_outgoing_429_total\{scope="chat"\} 1$/m);
  expect(metrics).toMatch(/^telegram_outgoing_queue_depth\{priority="post"\} 0$/m);
  console.info(JSON.stringify({ case: 'flood-wait', waitedMs, seconds: (Date.now() - t0) / 1000 }));
}, 70_000);
