/**
 * A bad day at Telegram: 20% of calls answered 500/502 and 10% of
 * connections dropped (seeded, so the pattern repeats), plus one answer lost
 * after Telegram already posted the part. Faults begin once the bot is up
 * (a start-up failing four times in a row exits for the supervisor to
 * restart, another story). The report still completes; only the part whose
 * answer was lost may appear twice.
 */
import { afterEach, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { seeded } from '../publish/helpers.js';
import { expectReportOnce } from './expect-report.js';
import { CHANNEL, channelSend, channelStandin, cleanup, onCall, sleep, startBot, waitUntil, workspace } from './rig.js';

let standin: Standin;

afterEach(async () => {
  await cleanup();
  await standin?.close();
});

it('completes through 20% server errors and 10% dropped connections', async () => {
  const t0 = Date.now();
  // Seed 44: about 30% of the first calls fail, and no two in a row whatever a few getUpdates calls
  // interleaved take from the stream, so each failure costs auto-retry's first 3 s wait rather than
  // 3 + 6 + 12 + 24 s; the rates are the issue's, the luck is fixed.
  const prng = seeded(44);
  let faulty = false;
  standin = await channelStandin({ faults: { serverErrorRate: 0.2, dropRate: 0.1, random: () => (faulty ? prng() : 1) } });
  const ws = await workspace(7);
  void onCall(
    standin,
    (c) => c.method === 'deleteWebhook' && c.status === 200,
    () => (faulty = true),
  );
  let answered = 0;
  void onCall(
    standin,
    (c) => channelSend(200)(c) && ++answered === 2,
    () => standin.dropNext('sendMessage', 1, { afterProcessing: true }),
  );

  const b = startBot(standin, { CONTENT_DIR: ws.content, DATA_DIR: ws.data });
  await waitUntil('the post to complete', () => b.lines('post finished').some((l) => l.status === 'posted'), 100_000);
  await sleep(1000);
  const repeated = expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 1 });
  expect(repeated).toEqual([3]); // the part whose answer was lost, sent again by the retry
  // The random faults did happen, to posts and polling alike (the scripted lost answer aside).
  const calls = standin.allCalls().filter((c) => c.method !== 'getMe' && c.method !== 'setMyCommands' && c.method !== 'deleteWebhook');
  const stats = {
    calls: calls.length,
    serverErrors: calls.filter((c) => c.status >= 500).length,
    dropped: calls.filter((c) => c.status === 0).length - 1,
  };
  expect(stats.serverErrors + stats.dropped).toBeGreaterThanOrEqual(3);
  expect(b.alive()).toBe(true);
  console.info(
    JSON.stringify({
      case: 'flaky-telegram',
      ...stats,
      retries: b.lines('Bot API call failed; retrying').length,
      seconds: (Date.now() - t0) / 1000,
    }),
  );
}, 120_000);
