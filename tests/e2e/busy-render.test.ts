/**
 * Issue 9, seen 2 in a running bot: a hostile file that loads within the
 * deadline can still take seconds to render and split into messages. The
 * files are dropped into the content folder of `report-bot run`, the bot
 * rescans, and a reader asks for today's reports (which renders them):
 * /healthz, polled every 100 ms throughout, must keep answering.
 * Before rendering moved to the parse worker, the main thread was blocked
 * for about 3 s here and a /healthz reply took as long (over 5 s under load).
 * The goal is 1 s. What still runs on the main thread (receiving the
 * messages, indexing 175k topics) stalls it for about 250 ms on a quiet
 * machine, but with other test files running on 2 cores one reply can
 * stretch to about 1.1 s. So this test fails at 2 s: well clear of the
 * blocked main thread it guards against, without failing CI on load.
 *
 * Then the bot restarts on the same data folder: the reports come from the
 * SQLite content cache without being parsed, and the next /today rendered
 * them on the main thread (about 1.3 s each with nothing else to do). They
 * now render on the worker there too; with no scan or indexing left on the
 * main thread, this phase is held to the 1 s.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from '../../src/standin/server.js';
import { HOSTILE_CASES } from '../fixtures/hostile/cases.js';
import { type BotProcess, spawnBot } from '../support/bot-process.js';
import { healthLatency, pollHealth, waitFor, worst } from '../support/health.js';
import { todayUtc } from '../support/long-report.js';
import { freePort } from '../support/net.js';

const CHANNEL = '@busy_render_channel';
const reader = { id: 5009, first_name: 'Reader', language_code: 'en' };
const secondReader = { id: 5010, first_name: 'Later', language_code: 'en' };

let standin: Standin | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  bot?.kill('SIGKILL');
  await bot?.exited;
  await standin?.close();
  bot = standin = undefined;
});

/** Files of the last scan, loaded or broken (from /metrics). */
async function files(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return [...text.matchAll(/^content_files\{state="(?:loaded|broken)"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('report-bot run while hostile files render', () => {
  it('answers /healthz within 1 s while files that load fine are rendered and split', async () => {
    standin = await startStandin({ channels: { [CHANNEL]: { id: -1001000000019, username: CHANNEL.slice(1), title: 'Busy' } } });
    const dir = mkdtempSync(join(tmpdir(), 'drb-busy-render-'));
    const content = join(dir, 'content');
    mkdirSync(content);
    writeFileSync(join(content, '2026-11-20-good.md'), '# 2026-11-20\n\n## Markets\n\n### Rates\n\nRates held.\n');
    const port = await freePort();
    const env = {
      TELEGRAM_API_ROOT: standin.apiRoot,
      CHANNEL_ID: CHANNEL,
      CONTENT_DIR: content,
      DATA_DIR: join(dir, 'data'),
      POST_CRON: '0 0 1 1 *',
      PORT: String(port),
    };
    bot = spawnBot(['run'], env);
    await waitFor('/healthz', async () => (await healthLatency(port)) < 5000, 30_000);

    const latencies = await pollHealth(port, async () => {
      // Dated today, so /today renders them (the corpus names them after another day).
      for (const name of ['emphasis runs 1 MB', 'many headings']) {
        const c = HOSTILE_CASES.find((h) => h.name === name)!;
        writeFileSync(join(content, c.file.replace(/^\d{4}-\d{2}-\d{2}/, todayUtc())), c.text());
      }
      // Loaded, or (on a machine too busy for the deadline) reported broken: either way the scan is done.
      await waitFor('both files to be scanned', async () => (await files(port)) === 3, 60_000);
      standin!.sendText(reader, reader.id, '/today');
      await standin!.waitForMessages(reader.id, 1, 30_000);
    });
    expect(latencies.length).toBeGreaterThan(10);
    expect(Math.max(...latencies), `${bot.output().slice(-2000)}\n${worst(latencies)}`).toBeLessThan(2000);

    // A restart from the content cache: nothing is parsed again, so /today is the first render.
    bot.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    bot = spawnBot(['run'], env);
    await waitFor('/healthz after the restart', async () => (await healthLatency(port)) < 5000, 30_000);
    await waitFor('the cached files', async () => (await files(port)) === 3, 30_000);
    const afterRestart = await pollHealth(port, async () => {
      standin!.sendText(secondReader, secondReader.id, '/today');
      await standin!.waitForMessages(secondReader.id, 2, 60_000); // the first message of each large report
    });
    expect(afterRestart.length).toBeGreaterThan(5);
    expect(Math.max(...afterRestart), `${bot.output().slice(-2000)}\n${worst(afterRestart)}`).toBeLessThan(1000);
  }, 120_000);
});
