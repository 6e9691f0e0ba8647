/**
 * What was seen (issue 13): 2,000 readers send a command at about the same
 * moment (right after the morning post). Replies went out as fast as they
 * were produced and relied on auto-retry after the 429: 12,793 answers of 429
 * on the strict stand-in, and 1,280 of the 2,000 readers never got an answer.
 *
 * Here the same burst goes through the real bot (createBot, auto-retry with
 * the app's attempt budget) against the stand-in enforcing Telegram's limits
 * (30 a second bot-wide, one a second per chat with no burst, 20 a minute per
 * group), with the outgoing budget installed the way the app installs it.
 * Every reader must get an answer, Telegram must never answer 429, and it
 * must take about 2,000 / 30 seconds (plus the answers' latency: each slot is
 * held until a second after its answer). The clock is accelerated ×8 for both
 * the stand-in and the budget (tests/outgoing/clock.ts), so the limits are
 * checked for real on one clock; `npm run bench:outgoing` runs it in real time.
 */
import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createBudget, createMemoryWindow, createScheduler, installOutgoing } from '../../src/outgoing/index.js';
import { retryTransformer } from '../../src/publish/telegram-api.js';
import { STRICT_FLOOD_LIMITS } from '../../src/standin/limits.js';
import type { TgUser } from '../../src/standin/server.js';
import { type Harness, startHarness } from '../bot/harness.js';
import { acceleratedClock } from './clock.js';

const READERS = 2000;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('answers 2,000 readers who write at once, with zero 429s, in about 2,000/30 s', async () => {
  const clock = acceleratedClock(8);
  h = await startHarness({
    standin: { clock: clock.now, floodLimits: STRICT_FLOOD_LIMITS },
    rateLimit: { limit: 10, windowMs: 10_000 },
  });
  const logger = createLogger({ level: 'silent' });
  const scheduler = createScheduler({ window: createMemoryWindow({ limit: 30 }, clock.now), now: clock.now, setTimer: clock.setTimer });
  // Innermost: how long each answer took on the shared clock (each budget slot is held that long plus 1 s).
  const latencies: number[] = [];
  h.bot.api.config.use(async (prev, method, payload, signal) => {
    const sent = clock.now();
    try {
      return await prev(method, payload, signal);
    } finally {
      if (method === 'sendMessage') latencies.push(clock.now() - sent);
    }
  });
  installOutgoing(h.bot.api, createBudget({ scheduler, channels: h.config.CHANNEL_ID }));
  h.bot.api.config.use(retryTransformer({ logger, maxAttempts: 4 }));

  const readers: TgUser[] = Array.from({ length: READERS }, (_, i) => ({ id: 700_000 + i, first_name: `R${i}`, language_code: 'en' }));
  const started = clock.now();
  // Like the runner: every update handled concurrently.
  await Promise.all(readers.map((r) => h!.bot.handleUpdate(h!.s.sendText(r, r.id, '/subscribe chips'))));
  const seconds = (clock.now() - started) / 1000;

  const calls = h.s.allCalls().filter((c) => c.method === 'sendMessage');
  const refused = calls.filter((c) => c.status === 429).length;
  const unanswered = readers.filter((r) => h!.s.messages(r.id).filter((m) => m.from?.is_bot).length !== 1).length;
  const latencyS = latencies.reduce((a, b) => a + b, 0) / latencies.length / 1000;
  // Each bot-wide slot is held from the grant until a second after the answer, so 30 answers take 1 s + the latency.
  const expected = (READERS / 30) * (1 + latencyS);
  console.info(
    JSON.stringify({
      case: 'burst',
      readers: READERS,
      seconds,
      expected,
      latencyS,
      sends: calls.length,
      refused,
      unanswered,
      ratePerSecond: READERS / seconds,
    }),
  );
  expect(refused).toBe(0);
  expect(unanswered).toBe(0);
  // Never faster than the limit allows. Not much slower either: the slack is the answers' latency and
  // the event loop's lag, both stretched ×8 by the clock here (on a loaded 2-core machine, up to ~1.3×
  // the ideal); the bound catches a budget that idles or serialises. The real-time numbers
  // (70 s for 2,000, 95 % of 30/s) come from `npm run bench:outgoing`.
  expect(seconds).toBeGreaterThanOrEqual(READERS / 30 - 1);
  expect(seconds).toBeLessThan((READERS / 30) * 2);
}, 120_000);

it('a reader who sends 20 commands in a second still gets the rate limit: 10 answers and one note, one a second, no 429', async () => {
  const clock = acceleratedClock(8);
  h = await startHarness({ standin: { clock: clock.now, floodLimits: STRICT_FLOOD_LIMITS } });
  const scheduler = createScheduler({ window: createMemoryWindow({ limit: 30 }, clock.now), now: clock.now, setTimer: clock.setTimer });
  installOutgoing(h.bot.api, createBudget({ scheduler, channels: h.config.CHANNEL_ID }));
  h.bot.api.config.use(retryTransformer({ logger: createLogger({ level: 'silent' }), maxAttempts: 4 }));
  const reader: TgUser = { id: 650_001, first_name: 'Eager', language_code: 'en' };
  const updates = Array.from({ length: 20 }, () => h!.s.sendText(reader, reader.id, '/help'));
  await Promise.all(updates.map((u) => h!.bot.handleUpdate(u)));
  const answers = h.s.messages(reader.id).filter((m) => m.from?.is_bot);
  expect(answers).toHaveLength(11);
  expect(answers.filter((m) => m.text === 'That was a lot of commands at once. Please wait a few seconds.')).toHaveLength(1);
  const sends = h.s.callsOf('sendMessage');
  expect(sends.filter((c) => c.status === 429)).toEqual([]);
  const times = sends.map((c) => c.at).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
}, 60_000);
