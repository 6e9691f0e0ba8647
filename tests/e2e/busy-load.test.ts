/**
 * Issue 9, seen 1 in a running bot: hostile files dropped into the content
 * folder of `report-bot run` never stop /healthz from answering within 1 s,
 * and each is reported by name. On the old code the alias bomb froze the
 * process (no reply within 8 s, 7 GB).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from '../../src/standin/server.js';
import { aliasBomb, HOSTILE_CASES } from '../fixtures/hostile/cases.js';
import { type BotProcess, spawnBot } from '../support/bot-process.js';
import { healthLatency, sleep, waitFor } from '../support/health.js';
import { freePort } from '../support/net.js';

const CHANNEL = '@busy_load_channel';

let standin: Standin | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  bot?.kill('SIGKILL');
  await bot?.exited;
  await standin?.close();
  bot = standin = undefined;
});

describe('report-bot run while hostile files load', () => {
  it('answers /healthz within 1 s throughout, and names each bad file', async () => {
    standin = await startStandin({ channels: { [CHANNEL]: { id: -1001000000009, username: CHANNEL.slice(1), title: 'Busy' } } });
    const dir = mkdtempSync(join(tmpdir(), 'drb-busy-'));
    const content = join(dir, 'content');
    mkdirSync(content);
    writeFileSync(join(content, '2026-11-20-good.md'), '# 2026-11-20\n\n## Markets\n\n### Rates\n\nRates held.\n');
    const port = await freePort();
    bot = spawnBot(['run'], {
      TELEGRAM_API_ROOT: standin.apiRoot,
      CHANNEL_ID: CHANNEL,
      CONTENT_DIR: content,
      DATA_DIR: join(dir, 'data'),
      POST_CRON: '0 0 1 1 *',
      PORT: String(port),
      // Short enough that the slowest hostile file runs into it on any machine.
      PARSE_TIMEOUT_MS: '100',
    });
    await waitFor('/healthz', async () => (await healthLatency(port)) < 5000, 30_000);

    const slow = HOSTILE_CASES.find((c) => c.name === 'deep quotes')!;
    const emphasis = HOSTILE_CASES.find((c) => c.name === 'emphasis runs 1 MB')!;
    writeFileSync(join(content, '2026-11-29-bomb.md'), aliasBomb());
    writeFileSync(join(content, slow.file), slow.text());
    writeFileSync(join(content, emphasis.file), emphasis.text());

    const latencies: number[] = [];
    const polling = (async () => {
      const end = Date.now() + 6000;
      while (Date.now() < end) {
        latencies.push(await healthLatency(port));
        await sleep(50);
      }
    })();
    await waitFor('the bomb to be reported', () => bot!.output().includes('2026-11-29-bomb.md'), 30_000);
    await polling;

    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(bot.output()).toMatch(/2026-11-29-bomb\.md.*YAML alias/);
    await waitFor('the slow file to be reported', () => bot!.output().includes(slow.file), 30_000);
    expect(bot.output()).toMatch(new RegExp(`${slow.file}.*took longer than 100 ms`));
  }, 90_000);
});
