/**
 * HTML in the sandbox: TDLib refuses what Telegram refuses and the terminal
 * says so; without TDLib the lenient reader still shows text, not tags.
 */
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { lenientHtml } from '../../src/sandbox/lenient-html.js';
import { loadTdlibHtml } from '../../src/sandbox/tdlib-html.js';
import { createTranscript, type Transcript } from '../../src/sandbox/transcript.js';
import { type Standin, startStandin } from '../../src/standin/server.js';

const CHANNEL = { id: -1007000000001, name: '@sandbox_channel' };
const USER = { id: 4242, first_name: 'Reader' };

describe('lenientHtml', () => {
  it('turns tags into entities and decodes character references', () => {
    expect(lenientHtml('<b>Rates</b> &amp; <a href="https://example.com/?a=1&amp;b=2">bonds</a> &lt;3 &#x1F600;')).toEqual({
      ok: true,
      text: 'Rates & bonds <3 😀',
      entities: [
        { type: 'bold', offset: 0, length: 5 },
        { type: 'text_link', offset: 8, length: 5, url: 'https://example.com/?a=1&b=2' },
      ],
    });
  });

  it('accepts what TDLib would refuse (it only exists to show text)', () => {
    expect(lenientHtml('<b>open <i>crossed</b> tail</i>')).toMatchObject({ ok: true, text: 'open crossed tail' });
  });
});

describe('loadTdlibHtml', () => {
  it('loads once and refuses what Telegram refuses', async () => {
    const loaded = await loadTdlibHtml();
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(await loadTdlibHtml()).toBe(loaded);
    expect(loaded.parse('<b>bold</b> &amp;')).toEqual({ ok: true, text: 'bold &', entities: [{ offset: 0, length: 4, type: 'Bold' }] });
    expect(loaded.parse('<x>nope</x>')).toMatchObject({ ok: false, error: expect.stringContaining('Unsupported start tag "x"') });
  });
});

describe('the transcript', () => {
  let standin: Standin | undefined;
  let transcript: Transcript | undefined;
  afterEach(async () => {
    transcript?.close();
    await standin?.close();
  });

  it('shows refusals, holds output until released, and remembers the last keyboard', async () => {
    const tdlib = await loadTdlibHtml();
    if (!tdlib.ok) throw new Error(tdlib.reason);
    standin = await startStandin({
      validateHtml: tdlib.parse,
      channels: { [CHANNEL.name]: { id: CHANNEL.id, username: 'sandbox_channel', title: 'Sandbox' } },
    });
    const printed: string[] = [];
    transcript = createTranscript({
      standin,
      channel: CHANNEL,
      user: USER,
      findPart: () => undefined,
      color: false,
      print: (b) => printed.push(b),
    });
    const api = new Api('1:standin-token-standin-token', { apiRoot: standin.apiRoot });

    await expect(api.sendMessage(CHANNEL.name, '<b>broken', { parse_mode: 'HTML' })).rejects.toThrow(/can't parse entities/);
    await api.sendMessage(CHANNEL.name, '<b>Fine</b>', { parse_mode: 'HTML', disable_notification: true });
    expect(printed).toEqual([]);
    transcript.release();
    expect(printed).toEqual([
      expect.stringMatching(/^✗ Telegram refused sendMessage to the channel: Bad Request: can't parse entities: .+/),
      expect.stringMatching(/^── channel · message #1 · 4\/4,096 · silent ─+\nFine$/),
    ]);

    standin.sendText(USER, USER.id, '/start');
    const sent = await api.sendMessage(USER.id, 'Pick one', {
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'A', callback_data: 'a' },
            { text: 'B', callback_data: 'b' },
          ],
        ],
      },
    });
    expect(printed.at(-1)).toMatch(/^── bot ─+\nPick one\n {2}:1 \[A\] {3}:2 \[B\]$/);
    expect(transcript.button(2)).toEqual({ chatId: USER.id, messageId: sent.message_id, button: { text: 'B', callbackData: 'b' } });
    await api.editMessageText(USER.id, sent.message_id, 'Picked');
    expect(printed.at(-1)).toMatch(/^── bot · edited ─+\nPicked$/);
    expect(transcript.buttonCount()).toBe(0);

    // An edited channel post keeps the number it was first shown with.
    const second = await api.sendMessage(CHANNEL.name, 'Second post');
    expect(printed.at(-1)).toMatch(/^── channel · message #2 · /);
    await api.editMessageText(CHANNEL.name, second.message_id, 'Second post, with a table of contents');
    expect(printed.at(-1)).toMatch(/^── channel · message #2 · 37\/4,096 · edited ─+\nSecond post, with a table of contents$/);
  });
});
