/**
 * The bot as a user runs it (`report-bot run` in a child process) against a
 * strict Bot API stand-in: the scheduled post reaches the channel complete,
 * in order, once, with one notification; readers get answers; SIGTERM exits
 * cleanly within 10 s.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLibrary } from '../../src/library/library.js';
import { type Standin, startStandin } from '../../src/standin/server.js';
import { type BotProcess, spawnBot } from '../support/bot-process.js';
import { longReport, todayUtc } from '../support/long-report.js';
import { freePort } from '../support/net.js';
import { contentDir } from '../support/render.js';
import { parseTelegramHtml } from '../support/tdlib.js';

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
  // The newest report is long enough for a table of contents.
  writeFileSync(join(dir, 'content', `${todayUtc()}-long.md`), longReport(todayUtc(), 4));
  return { content: join(dir, 'content'), data: join(dir, 'data') };
}

describe('report-bot run', () => {
  it('posts the newest published report once on catch-up, answers readers, and exits cleanly on SIGTERM', async () => {
    standin = await startStandin({
      validateHtml: parseTelegramHtml,
      channels: { [CHANNEL]: { id: -1001000000001, username: CHANNEL.slice(1), title: 'Daily' } },
    });
    const ws = workspace();
    const library = createLibrary({ dir: ws.content, timeZone: 'UTC' });
    await library.reload();
    const newest = library.published(new Date())[0]!;
    const expected = library.parts(newest);

    expect(newest.id).toBe(`${todayUtc()}-long`);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const port = await freePort();
    bot = spawnBot(['run'], {
      TELEGRAM_API_ROOT: standin.apiRoot,
      CHANNEL_ID: CHANNEL,
      CONTENT_DIR: ws.content,
      DATA_DIR: ws.data,
      POST_CRON: '0 0 * * *',
      ADMIN_IDS: '42',
      PORT: String(port),
    });
    const posted = await standin.waitForMessages(CHANNEL, expected.length, 30_000);
    // The opening message gains a table of contents linking to the messages that carry each section.
    const opening = await standin.waitFor(() => {
      const m = standin!.messages(CHANNEL)[0]!;
      return m.edits.length > 0 ? m : undefined;
    }, 10_000);
    const links = (opening.entities ?? []).filter((e) => e.type === 'text_link').map((e) => String(e.url));
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) expect(url).toMatch(new RegExp(`^https://t\\.me/${CHANNEL.slice(1)}/\\d+$`));
    const ids = new Set(posted.map((m) => m.message_id));
    for (const url of links) expect(ids.has(Number(url.split('/').at(-1)))).toBe(true);
    expect(opening.edits[0]!.before.text).toBe(expected[0]!.text);
    expect(
      standin
        .messages(CHANNEL)
        .slice(1)
        .map((m) => m.text ?? m.caption),
    ).toEqual(expected.slice(1).map((p) => p.text));

    // Health and metrics with real figures.
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', store: true, storeKind: 'sqlite', scheduler: true });
    // The run is counted when the post call returns, just after the table of contents was added.
    let metrics = '';
    for (let tries = 0; tries < 100 && !metrics.includes('report_posts_total{'); tries++) {
      if (tries > 0) await new Promise((r) => setTimeout(r, 100));
      metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    }
    expect(metrics).toContain(`report_parts_sent_total{channel="${CHANNEL}"} ${expected.length}`);
    expect(metrics).toContain(`report_posts_total{channel="${CHANNEL}",status="posted"} 1`);
    expect(metrics).toMatch(/content_files\{state="loaded"\} 5/);
    expect(metrics).toMatch(/report_last_post_timestamp_seconds\{channel="@daily_test_channel"\} \d+/);
    expect(posted.map((m) => m.raw.disable_notification ?? false)).toEqual(expected.map((_, i) => i > 0));
    expect(standin.allCalls().filter((c) => c.status === 429)).toHaveLength(0);

    standin.sendText(reader, reader.id, '/latest');
    const replies = await standin.waitForMessages(reader.id, expected.length, 20_000);
    expect(replies.map((m) => m.text ?? m.caption)).toEqual(expected.map((p) => p.text));
    const after = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(after).toMatch(/bot_commands_total\{command="latest"\} 1/);
    expect(after).toMatch(/bot_handler_seconds_count\{kind="command"\} [1-9]/);

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
