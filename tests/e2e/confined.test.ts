/**
 * Issue 8, "What was seen" 1, against the real bot (`report-bot post` and
 * `check` in a child process, the Bot API stand-in as Telegram): a link to
 * /proc/self/environ in the content folder puts nothing of the environment
 * into the channel, and a report that holds the bot token is refused by the
 * last guard, with the admins told and the secret in no log line.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from '../../src/standin/server.js';
import { spawnBot, TEST_TOKEN } from '../support/bot-process.js';
import { todayUtc } from '../support/long-report.js';

const CHANNEL = '@confined_channel';
const ADMIN = 4711;
const WEBHOOK_SECRET = 'webhook-secret-webhook-secret-0123456789';
const CANARY = 'canary-environment-value-0123456789';

let standin: Standin | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

function workspace(files: Record<string, string>): { content: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'drb-confined-e2e-'));
  const content = join(dir, 'content');
  mkdirSync(content);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(content, name), text);
  return { content, data: join(dir, 'data') };
}

async function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const bot = spawnBot(args, env);
  const exit = await bot.exited;
  return { code: exit.code, output: bot.output() };
}

const daily = (day: string): string => `---\ntitle: Daily\ndate: ${day}\n---\n## Markets\n\nA quiet day.\n`;

describe('the real bot keeps secrets out of the channel', () => {
  it('a link to /proc/self/environ is refused: report-bot post sends none of the environment, and check names it', async () => {
    standin = await startStandin({ channels: { [CHANNEL]: { id: -1001000000077, username: CHANNEL.slice(1), title: 'Confined' } } });
    const day = todayUtc();
    const ws = workspace({ [`${day}-daily.md`]: daily(day) });
    // Sorts after the daily report of the same day: on the old code it was "the newest report".
    symlinkSync('/proc/self/environ', join(ws.content, `${day}-env.txt`));
    const env = {
      TELEGRAM_API_ROOT: standin.apiRoot,
      CHANNEL_ID: CHANNEL,
      CONTENT_DIR: ws.content,
      DATA_DIR: ws.data,
      WEBHOOK_SECRET,
      DRB_CANARY: CANARY,
      ADMIN_IDS: String(ADMIN),
    };

    const post = await run(['post'], env);
    expect(post.code, post.output).toBe(0);
    const sent = standin
      .allCalls()
      .filter((c) => /^(send|edit)/.test(c.method))
      .map((c) => JSON.stringify(c.payload));
    expect(sent.length).toBeGreaterThan(0);
    for (const text of sent) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(TEST_TOKEN);
      expect(text).not.toContain(WEBHOOK_SECRET);
      expect(text).not.toContain('BOT_TOKEN');
    }
    expect(standin.messages(CHANNEL).map((m) => m.text ?? '')).toEqual([expect.stringContaining('A quiet day.')]);
    expect(post.output).toContain(`${day}-env.txt: skipped: it is a link that leads outside the content folder`);

    const check = await run(['check', ws.content], env);
    expect(check.code).toBe(1);
    expect(check.output).toContain(`${day}-env.txt: error: it is a link that leads outside the content folder`);
    expect(check.output).not.toContain(CANARY);
  }, 60_000);

  it('a report that holds the bot token is refused before it leaves; the admins are told; no log line holds the token', async () => {
    standin = await startStandin({ channels: { [CHANNEL]: { id: -1001000000078, username: CHANNEL.slice(1), title: 'Confined' } } });
    const day = todayUtc();
    const ws = workspace({ [`${day}-leak.md`]: `${daily(day)}\nDebug dump: BOT_TOKEN=${TEST_TOKEN}\n` });
    const env = {
      TELEGRAM_API_ROOT: standin.apiRoot,
      CHANNEL_ID: CHANNEL,
      CONTENT_DIR: ws.content,
      DATA_DIR: ws.data,
      ADMIN_IDS: String(ADMIN),
      LOG_LEVEL: 'debug',
    };

    const post = await run(['post'], env);
    expect(post.code).toBe(1);
    expect(standin.messages(CHANNEL)).toEqual([]);
    const calls = standin.allCalls().map((c) => JSON.stringify(c.payload));
    for (const text of calls) expect(text).not.toContain(TEST_TOKEN.split(':')[1]);
    const notice = standin
      .allCalls()
      .find((c) => c.method === 'sendMessage' && String((c.payload as { chat_id?: unknown }).chat_id) === String(ADMIN));
    expect(String((notice?.payload as { text?: unknown } | undefined)?.text)).toMatch(
      /Refused to send a message to @confined_channel: it contained the bot token/,
    );
    expect(post.output).toContain('refused to send text that contains a secret');
    expect(post.output).not.toContain(TEST_TOKEN.split(':')[1]);
  }, 60_000);
});
