/**
 * A real grammY Bot against the stand-in, over long polling and over a
 * webhook: the setups the end-to-end tests and the sandbox rely on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, InlineKeyboard, webhookCallback } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { type CallRecord, type Standin, startStandin } from '../../src/standin/server.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const TOKEN = '987654:BOT-token';
const ALICE = { id: 42, first_name: 'Alice', username: 'alice' };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function demoBot(s: Standin): Bot {
  const bot = new Bot(TOKEN, { client: { apiRoot: s.apiRoot } });
  bot.command('start', (ctx) =>
    ctx.reply('<b>Welcome</b>, pick one:', {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('Latest report', 'latest'),
    }),
  );
  bot.callbackQuery('latest', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText('Report of today');
  });
  return bot;
}

describe('grammY Bot over long polling', () => {
  it('answers a command and a button press', async () => {
    const s = await startStandin({ validateHtml: parseTelegramHtml });
    cleanup.push(() => s.close());
    const seen: CallRecord[] = [];
    s.onCall((c) => seen.push(c));
    const bot = demoBot(s);
    const running = bot.start({ timeout: 1 });
    cleanup.push(async () => {
      await bot.stop();
      await running;
    });

    s.sendText(ALICE, ALICE.id, '/start');
    const [welcome] = await s.waitForMessages(ALICE.id, 1, 3000);
    expect(welcome?.text).toBe('Welcome, pick one:');
    expect(welcome?.entities).toEqual([{ type: 'bold', offset: 0, length: 7 }]);
    expect(welcome?.reply_to_message).toBeUndefined();

    s.pressButton(ALICE, welcome!, 'latest');
    await s.waitFor(() => s.messages(ALICE.id)[0]?.text === 'Report of today', 3000);
    expect(s.callsOf('answerCallbackQuery').map((c) => c.status)).toEqual([200]);
    expect(seen.map((c) => c.method)).toContain('getMe');
    expect(seen.map((c) => c.method)).toContain('deleteWebhook');
  });
});

describe('grammY Bot over a webhook', () => {
  it('delivers updates with the secret token and executes webhook replies', async () => {
    const s = await startStandin({ validateHtml: parseTelegramHtml });
    cleanup.push(() => s.close());
    const bot = demoBot(s);
    await bot.init();
    const server: Server = createServer(webhookCallback(bot, 'http', { secretToken: 'hook-secret' }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    await bot.api.setWebhook(url, { secret_token: 'hook-secret' });
    const update = s.sendText(ALICE, ALICE.id, '/start');
    expect(s.pendingUpdates()).toEqual([]); // with a webhook set, nothing queues for getUpdates
    expect(await s.deliverToWebhook(update)).toBe(200);
    expect(s.messages(ALICE.id).map((m) => m.text)).toEqual(['Welcome, pick one:']);

    await bot.api.setWebhook(url, { secret_token: 'rotated' });
    expect(await s.deliverToWebhook(s.sendText(ALICE, ALICE.id, '/start'))).toBe(401);
  });

  it('executes a method returned in the webhook response body', async () => {
    const s = await startStandin();
    cleanup.push(() => s.close());
    const bot = new Bot(TOKEN, { client: { apiRoot: s.apiRoot, canUseWebhookReply: (m) => m === 'sendMessage' } });
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    await bot.init();
    const server = createServer(webhookCallback(bot, 'http'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    await bot.api.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);

    expect(await s.deliverToWebhook(s.sendText(ALICE, ALICE.id, 'hi'))).toBe(200);
    expect(s.messages(ALICE.id).map((m) => m.text)).toEqual(['echo: hi']);
  });
});
