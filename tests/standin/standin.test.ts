/**
 * The Bot API stand-in, exercised through grammY's own client so that what
 * passes here is what the bot under test will see.
 */

import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { type Standin, type StandinOptions, startStandin } from '../../src/standin/server.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const TOKEN = '123456:TEST-token';
const CHANNEL = { '@daily_reports': { id: -1001234567890, username: 'daily_reports', title: 'Daily reports' } };
const ALICE = { id: 42, first_name: 'Alice', username: 'alice', language_code: 'en' };

const running: Standin[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(opts: StandinOptions = {}): Promise<{ s: Standin; api: Api }> {
  const s = await startStandin({ channels: CHANNEL, validateHtml: parseTelegramHtml, ...opts });
  running.push(s);
  return { s, api: new Api(TOKEN, { apiRoot: s.apiRoot }) };
}

/** The GrammyError a call fails with (fails the test if it succeeds). */
async function refusal(p: Promise<unknown>): Promise<GrammyError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GrammyError);
  return e as GrammyError;
}

describe('sending and reading back', () => {
  it('stores sent messages per chat, @username and numeric id alike', async () => {
    const { s, api } = await start();
    const a = await api.sendMessage('@daily_reports', 'first', { disable_notification: true });
    const b = await api.sendMessage(-1001234567890, 'second');
    expect([a.message_id, b.message_id]).toEqual([1, 2]);
    expect(a.chat).toMatchObject({ id: -1001234567890, type: 'channel', username: 'daily_reports' });
    expect(a.sender_chat?.id).toBe(-1001234567890);
    const stored = s.messages('@daily_reports');
    expect(stored.map((m) => m.text)).toEqual(['first', 'second']);
    expect(stored[0]?.raw.disable_notification).toBe(true);
    expect(s.messages(-1001234567890)).toHaveLength(2);
    expect(s.callsOf('sendMessage').map((c) => c.status)).toEqual([200, 200]);
    expect(s.tokens()).toEqual([TOKEN]);
  });

  it('answers getMe with the id from the token and the configured username', async () => {
    const { api } = await start({ botUsername: 'my_bot' });
    expect(await api.getMe()).toMatchObject({ id: 123456, is_bot: true, username: 'my_bot' });
  });

  it('refuses unknown channels and accepts any private chat', async () => {
    const { api } = await start();
    expect((await refusal(api.sendMessage('@nope', 'x'))).description).toBe('Bad Request: chat not found');
    expect((await api.sendMessage(777, 'hi')).chat.type).toBe('private');
  });

  it('rejects tokens other than the valid one with 401', async () => {
    const { s } = await start({ validToken: 'good:token' });
    const e = await refusal(new Api('bad:token', { apiRoot: s.apiRoot }).getMe());
    expect([e.error_code, e.description]).toEqual([401, 'Unauthorized']);
    await expect(new Api('good:token', { apiRoot: s.apiRoot }).getMe()).resolves.toBeTruthy();
  });
});

describe('text checks', () => {
  it('parses HTML with the validator and stores plain text with Bot API entities', async () => {
    const { s, api } = await start();
    const html = '<b>Report</b> for <a href="https://example.com/r">today</a>\n';
    const m = await api.sendMessage(ALICE.id, html, { parse_mode: 'HTML' });
    expect(m.text).toBe('Report for today');
    expect(m.entities).toEqual([
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 11, length: 5, url: 'https://example.com/r' },
    ]);
    expect(s.messages(ALICE.id)[0]?.raw).toMatchObject({ html, parse_mode: 'HTML' });
  });

  it("refuses markup Telegram cannot parse, with Telegram's wording", async () => {
    const { s, api } = await start();
    const e = await refusal(api.sendMessage(ALICE.id, '<p>para</p>', { parse_mode: 'HTML' }));
    expect(e.error_code).toBe(400);
    expect(e.description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0');
    expect(s.messages(ALICE.id)).toHaveLength(0);
  });

  it('counts the limit on parsed text: 4096 passes, 4097 is too long', async () => {
    const { api } = await start({ floodLimits: { enabled: false } });
    await api.sendMessage(ALICE.id, `<b>${'a'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    const e = await refusal(api.sendMessage(ALICE.id, 'a'.repeat(4097)));
    expect(e.description).toBe('Bad Request: message is too long');
    expect((await refusal(api.sendMessage(ALICE.id, '  \n'))).description).toBe('Bad Request: message text is empty');
  });

  it('limits captions to 1024', async () => {
    const { api } = await start();
    const e = await refusal(api.sendPhoto(ALICE.id, 'https://example.com/a.jpg', { caption: 'c'.repeat(1025) }));
    expect(e.description).toBe('Bad Request: message caption is too long');
  });
});

describe('photos', () => {
  it('fails URLs Telegram cannot fetch and accepts uploads', async () => {
    const { s, api } = await start({ floodLimits: { enabled: false } });
    const e = await refusal(api.sendPhoto(ALICE.id, 'https://unreachable.example/x.png'));
    expect(e.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    const byUrl = await api.sendPhoto(ALICE.id, 'https://example.com/chart.png', { caption: '<i>chart</i>', parse_mode: 'HTML' });
    expect(byUrl.caption).toBe('chart');
    const upload = await api.sendPhoto(ALICE.id, new InputFile(Buffer.from('not really a png'), 'chart.png'), {
      caption: 'uploaded',
      reply_markup: { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] },
    });
    expect(upload.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('More');
    const [first, second] = s.messages(ALICE.id);
    expect(first?.raw.photo).toBe('https://example.com/chart.png');
    expect(second?.raw.upload).toEqual({ filename: 'chart.png', size: 16 });
    // A file_id Telegram issued can be sent again; an invented one cannot.
    await api.sendPhoto(ALICE.id, upload.photo.at(-1)!.file_id);
    await refusal(api.sendPhoto(ALICE.id, 'AgACinvented'));
  });
});

describe('access', () => {
  it('answers 403 once the bot was removed from the channel or blocked', async () => {
    const { s, api } = await start();
    s.kickBotFrom('@daily_reports');
    const e = await refusal(api.sendMessage(-1001234567890, 'x'));
    expect([e.error_code, e.description]).toEqual([403, 'Forbidden: bot is not a member of the channel chat']);
    s.blockBy(ALICE.id);
    expect((await refusal(api.sendMessage(ALICE.id, 'x'))).description).toBe('Forbidden: bot was blocked by the user');
  });
});

describe('flood control', () => {
  it('allows a burst of 3 per chat, then 429 with retry_after until a token refills', async () => {
    let now = 1_700_000_000_000;
    const { s, api } = await start({ clock: () => now });
    for (let i = 0; i < 3; i++) await api.sendMessage(ALICE.id, `m${i}`);
    const e = await refusal(api.sendMessage(ALICE.id, 'too fast'));
    expect(e.error_code).toBe(429);
    expect(e.description).toBe('Too Many Requests: retry after 1');
    expect(e.parameters.retry_after).toBe(1);
    await api.sendMessage(ALICE.id + 1, 'other chats are unaffected');
    now += 1000;
    await api.sendMessage(ALICE.id, 'after waiting');
    expect(s.messages(ALICE.id)).toHaveLength(4);
    expect(s.callsOf('sendMessage').map((c) => c.status)).toEqual([200, 200, 200, 429, 200, 200]);
  });

  it('caps channels at 20 a minute, and scale raises every limit', async () => {
    let now = 1_700_000_000_000;
    const { api } = await start({ clock: () => now });
    for (let i = 0; i < 20; i++) {
      await api.sendMessage('@daily_reports', `post ${i}`);
      now += 1000;
    }
    // The first post (20 s ago) leaves the 60 s window 40 s from now.
    expect((await refusal(api.sendMessage('@daily_reports', 'one more'))).parameters.retry_after).toBe(40);

    const fast = await start({ floodLimits: { scale: 100 } });
    for (let i = 0; i < 30; i++) await fast.api.sendMessage('@daily_reports', `post ${i}`);
  });
});

describe('faults', () => {
  it('fails the next calls as scripted, then recovers', async () => {
    const { s, api } = await start();
    s.failNext('sendMessage', { code: 429, retryAfter: 2 });
    s.failNext('sendMessage', { code: 403, description: 'Forbidden: bot was kicked from the channel chat' });
    const flood = await refusal(api.sendMessage(ALICE.id, 'a'));
    expect([flood.description, flood.parameters.retry_after]).toEqual(['Too Many Requests: retry after 2', 2]);
    expect((await refusal(api.sendMessage(ALICE.id, 'b'))).description).toBe('Forbidden: bot was kicked from the channel chat');
    await api.sendMessage(ALICE.id, 'c');
    expect(s.messages(ALICE.id).map((m) => m.text)).toEqual(['c']);
  });

  it('drops connections so grammY sees an HttpError, optionally after executing', async () => {
    const { s, api } = await start();
    s.dropNext('sendMessage');
    await expect(api.sendMessage(ALICE.id, 'lost')).rejects.toBeInstanceOf(HttpError);
    expect(s.messages(ALICE.id)).toHaveLength(0);
    s.dropNext('sendMessage', 1, { afterProcessing: true });
    await expect(api.sendMessage(ALICE.id, 'sent but unanswered')).rejects.toBeInstanceOf(HttpError);
    expect(s.messages(ALICE.id).map((m) => m.text)).toEqual(['sent but unanswered']);
    expect(s.callsOf('sendMessage').map((c) => c.status)).toEqual([0, 0]);
    await api.sendMessage(ALICE.id, 'fine again');
  });

  it('injects random server errors and drops from the given random source', async () => {
    const { api } = await start({ faults: { serverErrorRate: 1, random: () => 0.9 } });
    const e = await refusal(api.getMe());
    expect([e.error_code, e.description]).toEqual([502, 'Bad Gateway']);
    const dropping = await start({ faults: { dropRate: 0.5, random: () => 0.1 } });
    await expect(dropping.api.getMe()).rejects.toBeInstanceOf(HttpError);
  });
});

describe('getUpdates', () => {
  it('long polls until an update arrives, then honours offset', async () => {
    const { s, api } = await start();
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 5 });
    setTimeout(() => s.sendText(ALICE, ALICE.id, '/start@report_test_bot hello'), 50);
    const updates = await poll;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(updates).toHaveLength(1);
    const msg = updates[0]?.message;
    expect(msg?.text).toBe('/start@report_test_bot hello');
    expect(msg?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 22 }]);
    expect(msg?.from).toMatchObject({ id: 42, is_bot: false, language_code: 'en' });

    expect(await api.getUpdates()).toHaveLength(1); // not confirmed yet
    const next = updates[0]!.update_id + 1;
    expect(await api.getUpdates({ offset: next })).toEqual([]);
    expect(s.pendingUpdates()).toEqual([]);
    const t0 = Date.now();
    expect(await api.getUpdates({ offset: next, timeout: 1 })).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('answers a waiting long poll with [] when the stand-in closes', async () => {
    const { s, api } = await start();
    const poll = api.getUpdates({ timeout: 30 });
    await new Promise((r) => setTimeout(r, 30)); // let the poll reach the server
    const t0 = Date.now();
    await s.close();
    expect(await poll).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('filters by allowed_updates and ends a superseded poll with 409', async () => {
    const { s, api } = await start();
    s.inlineQuery(ALICE, 'weather');
    s.sendText(ALICE, ALICE.id, 'hi');
    const only = await api.getUpdates({ allowed_updates: ['message'] });
    expect(only.map((u) => Object.keys(u).filter((k) => k !== 'update_id'))).toEqual([['message']]);

    const first = api.getUpdates({ offset: only[0]!.update_id + 1, timeout: 5 });
    await new Promise((r) => setTimeout(r, 30));
    s.inlineQuery(ALICE, 'not asked for, so the poll keeps waiting');
    await new Promise((r) => setTimeout(r, 30));
    const second = api.getUpdates({ timeout: 0 });
    expect((await refusal(first)).error_code).toBe(409);
    await second;
  });
});

describe('bot settings', () => {
  it('stores commands per scope and language', async () => {
    const { s, api } = await start();
    await api.setMyCommands([{ command: 'latest', description: 'Newest report' }]);
    await api.setMyCommands([{ command: 'neueste', description: 'Neuester Bericht' }], { language_code: 'de' });
    await api.setMyCommands([{ command: 'admin', description: 'Admin tools' }], { scope: { type: 'chat', chat_id: 42 } });
    expect((await api.getMyCommands()).map((c) => c.command)).toEqual(['latest']);
    expect((await api.getMyCommands({ language_code: 'de' })).map((c) => c.command)).toEqual(['neueste']);
    expect(s.commands({ type: 'chat', chat_id: 42 })).toEqual([{ command: 'admin', description: 'Admin tools' }]);
    await api.deleteMyCommands({ language_code: 'de' });
    expect(await api.getMyCommands({ language_code: 'de' })).toEqual([]);
    expect((await refusal(api.setMyCommands([{ command: 'Bad-Cmd', description: 'x' }]))).description).toBe(
      'Bad Request: BOT_COMMAND_INVALID',
    );
  });

  it('records webhooks and refuses getUpdates while one is set', async () => {
    const { s, api } = await start();
    await api.setWebhook('http://127.0.0.1:9/hook', { secret_token: 's3cret' });
    expect(s.webhook()).toMatchObject({ url: 'http://127.0.0.1:9/hook', secret_token: 's3cret' });
    expect((await api.getWebhookInfo()).url).toBe('http://127.0.0.1:9/hook');
    expect((await refusal(api.getUpdates())).error_code).toBe(409);
    await api.deleteWebhook();
    expect(s.webhook()).toBeUndefined();
  });
});

describe('edits, deletes, buttons', () => {
  it('edits with history, refuses no-op edits, removes keyboards omitted from edits', async () => {
    const { s, api } = await start({ floodLimits: { enabled: false } });
    const kb = { inline_keyboard: [[{ text: 'Open', callback_data: 'open:1' }]] };
    const m = await api.sendMessage(ALICE.id, 'draft', { reply_markup: kb });
    const press = s.pressButton(ALICE, s.messages(ALICE.id)[0]!, 'open:1');
    expect(press.callback_query?.data).toBe('open:1');
    await api.answerCallbackQuery(press.callback_query!.id, { text: 'ok' });
    expect((await refusal(api.answerCallbackQuery(press.callback_query!.id))).error_code).toBe(400);

    await api.editMessageText(ALICE.id, m.message_id, '<b>final</b>', { parse_mode: 'HTML', reply_markup: kb });
    const same = await refusal(
      api.editMessageText(ALICE.id, m.message_id, 'final', {
        entities: [{ type: 'bold', offset: 0, length: 5 }],
        reply_markup: kb,
      }),
    );
    expect(same.description).toMatch(/^Bad Request: message is not modified/);
    await api.editMessageText(ALICE.id, m.message_id, 'final');
    const stored = s.messages(ALICE.id)[0]!;
    expect(stored.text).toBe('final');
    expect(stored.reply_markup).toBeUndefined();
    expect(stored.edits.map((e) => e.before.text)).toEqual(['draft', 'final']);
    expect(() => s.pressButton(ALICE, stored, 'open:1')).toThrow(/no button/);

    await api.deleteMessage(ALICE.id, m.message_id);
    expect(s.messages(ALICE.id)).toHaveLength(0);
    expect((await refusal(api.deleteMessage(ALICE.id, m.message_id))).description).toBe('Bad Request: message to delete not found');
  });

  it('refuses callback data over 64 bytes', async () => {
    const { api } = await start();
    const e = await refusal(
      api.sendMessage(ALICE.id, 'x', {
        reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'ü'.repeat(33) }]] },
      }),
    );
    expect(e.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });
});

describe('request encodings', () => {
  it('reads urlencoded bodies, decoding JSON only in object parameters', async () => {
    const { s } = await start();
    const body = new URLSearchParams({
      chat_id: String(ALICE.id),
      text: '[1,2]',
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Go', url: 'https://example.com' }]] }),
    });
    const res = await fetch(`${s.apiRoot}/bot${TOKEN}/SENDMESSAGE`, { method: 'POST', body });
    const json = (await res.json()) as { ok: boolean; result: { text: string; reply_markup: unknown } };
    expect(json.ok).toBe(true);
    expect(json.result.text).toBe('[1,2]');
    expect(s.callsOf('sendMessage')).toHaveLength(1);
    expect((await fetch(`${s.apiRoot}/nope`)).status).toBe(404);
  });
});
