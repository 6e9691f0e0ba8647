/**
 * The bot as a user runs it (`report-bot run` in a child process) against a
 * strict Bot API stand-in: the scheduled post reaches the channel complete,
 * in order, once, with one notification; readers get answers; SIGTERM exits
 * cleanly within 10 s.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/server.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { contentDir } from '../support/render.js';
import { parseTelegramHtml } from '../support/tdlib.js';
import { createLibrary } from '../../src/content/library.js';

const CHANNEL = '@daily_test_channel';
const reader = { id: 5001, first_name: 'Reader', language_code: 'en' };

let standin: Standin | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  bot?.kill('SIGKILL');
  await bot?.exited;
  await standin?.close();
  bot = standin = undefined;
});

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'drb-e2e-'));
  cpSync(contentDir, join(dir, 'content'), { recursive: true });
  return { content: join(dir, 'content'), data: join(dir, 'data') };
}

describe('report-bot run', () => {
  it('posts the newest published report once on catch-up, answers readers, and exits cleanly on SIGTERM', async () => {
    standin = await startStandin({ validateHtml: parseTelegramHtml, channels: { [CHANNEL]: { id: -1001000000001, username: CHANNEL.slice(1), title: 'Daily' } } });
    const ws = workspace();
    const library = createLibrary({ dir: ws.content, timeZone: 'UTC' });
    await library.reload();
    const newest = library.published(new Date())[0]!;
    const expected = library.parts(newest);

    bot = spawnBot(['run'], { TELEGRAM_API_ROOT: standin.apiRoot, CHANNEL_ID: CHANNEL, CONTENT_DIR: ws.content, DATA_DIR: ws.data, POST_CRON: '0 0 * * *', ADMIN_IDS: '42' });
    const posted = await standin.waitForMessages(CHANNEL, expected.length, 20_000);
    expect(posted.map((m) => m.text ?? m.caption)).toEqual(expected.map((p) => p.text));
    expect(posted.map((m) => m.raw.disable_notification ?? false)).toEqual(expected.map((_, i) => i > 0));
    expect(standin.allCalls().filter((c) => c.status === 429)).toHaveLength(0);

    standin.sendText(reader, reader.id, '/latest');
    const replies = await standin.waitForMessages(reader.id, expected.length, 10_000);
    expect(replies.map((m) => m.text ?? m.caption)).toEqual(expected.map((p) => p.text));

    const started = Date.now();
    bot.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit.code, bot.output()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Nothing more was posted: once.
    expect(standin.messages(CHANNEL)).toHaveLength(expected.length);
    expect(bot.output()).not.toContain('AAtesttoken');
  }, 60_000);
});
