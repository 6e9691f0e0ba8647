/** One part through grammY to the stand-in, which parses HTML exactly as Telegram does. */
import { GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { sendPart } from '../../src/publish/send-part.js';
import type { MessagePart } from '../../src/render/messages.js';
import { apiFor, CHANNEL, FAST_LIMITS, standin } from './helpers.js';

const NO_PREVIEW = { is_disabled: true } as const;
const textPart = (html: string, text: string): MessagePart => ({
  payload: { method: 'sendMessage', text: html, parse_mode: 'HTML', link_preview_options: NO_PREVIEW },
  text,
  headings: [],
  limit: 4096,
});
const photoPart = (photo: string, caption: string, text: string): MessagePart => ({
  payload: { method: 'sendPhoto', photo, caption, parse_mode: 'HTML' },
  text,
  headings: [],
  limit: 1024,
});

async function setup() {
  const s = await standin(FAST_LIMITS);
  return { s, api: apiFor(s).api };
}

describe('sendPart', () => {
  it('sends HTML as HTML, without link previews', async () => {
    const { s, api } = await setup();
    const sent = await sendPart(api, CHANNEL, textPart('<b>Hello</b> <a href="https://example.com">world</a>', 'Hello world'));
    const [m] = s.messages(CHANNEL);
    expect(sent).toEqual({ messageId: m!.message_id, via: 'html' });
    expect(m!.text).toBe('Hello world');
    expect(m!.entities?.map((e) => e.type)).toEqual(['bold', 'text_link']);
    expect(m!.raw.link_preview_options).toEqual(NO_PREVIEW);
  });

  it('resends HTML that Telegram cannot parse as its plain text', async () => {
    const { s, api } = await setup();
    const sent = await sendPart(api, CHANNEL, textPart('<b>Unclosed <i>tags</b>', 'Unclosed tags'));
    expect(sent.via).toBe('plain-text');
    const [m] = s.messages(CHANNEL);
    expect([m!.text, m!.entities, m!.raw.parse_mode]).toEqual(['Unclosed tags', undefined, undefined]);
    expect(s.callsOf('sendMessage').map((c) => c.status)).toEqual([400, 200]);
    expect((s.callsOf('sendMessage')[0]!.response as { description: string }).description).toMatch(/^Bad Request: can't parse entities/);
  });

  it("sends an unreachable cover photo's caption as an HTML text message", async () => {
    const { s, api } = await setup();
    const sent = await sendPart(api, CHANNEL, photoPart('https://example.com/unreachable.png', '<b>Title</b>\nSummary', 'Title\nSummary'));
    expect(sent.via).toBe('caption-as-text');
    const [m] = s.messages(CHANNEL);
    expect([m!.text, m!.photo, m!.entities?.[0]?.type]).toEqual(['Title\nSummary', undefined, 'bold']);
    expect(m!.raw.link_preview_options).toEqual(NO_PREVIEW);
  });

  it.each([
    'Bad Request: failed to get HTTP URL content',
    'Bad Request: wrong type of the web page content',
    'Bad Request: IMAGE_PROCESS_FAILED',
  ])('falls back to text on "%s"', async (description) => {
    const { s, api } = await setup();
    s.failNext('sendPhoto', { code: 400, description });
    expect((await sendPart(api, CHANNEL, photoPart('https://example.com/c.png', 'Cap', 'Cap'))).via).toBe('caption-as-text');
    expect(s.messages(CHANNEL).map((m) => m.text)).toEqual(['Cap']);
  });

  it('sends a refused caption as plain text, on the photo or, if that fails too, alone', async () => {
    const { s, api } = await setup();
    expect((await sendPart(api, CHANNEL, photoPart('https://example.com/ok.png', '<b>Cap', 'Cap'))).via).toBe('photo-plain-caption');
    expect((await sendPart(api, CHANNEL, photoPart('https://example.com/unreachable.png', '<b>Cap', 'Cap'))).via).toBe(
      'caption-as-plain-text',
    );
    const [photo, text] = s.messages(CHANNEL);
    expect([photo!.caption, photo!.photo?.length, photo!.raw.parse_mode]).toEqual(['Cap', 2, undefined]);
    expect([text!.text, text!.raw.parse_mode]).toEqual(['Cap', undefined]);
  });

  it('passes silence and a keyboard through', async () => {
    const { s, api } = await setup();
    const keyboard = { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] };
    await sendPart(api, 42, textPart('a', 'a'), { silent: true, replyMarkup: keyboard });
    await sendPart(api, 42, { ...textPart('b', 'b'), payload: { ...textPart('b', 'b').payload, disable_notification: true } });
    await sendPart(
      api,
      42,
      { ...textPart('c', 'c'), payload: { ...textPart('c', 'c').payload, disable_notification: true } },
      { silent: false },
    );
    const [a, b, c] = s.messages(42);
    expect([a!.raw.disable_notification, a!.reply_markup]).toEqual([true, keyboard]);
    expect([b!.raw.disable_notification, c!.raw.disable_notification]).toEqual([true, undefined]);
  });

  it('throws what no fallback can fix', async () => {
    const { s, api } = await setup();
    s.kickBotFrom(CHANNEL);
    const err = await sendPart(api, CHANNEL, textPart('a', 'a')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(403);
    s.unkickBot(CHANNEL);
    s.failNext('sendMessage', { code: 400, description: 'Bad Request: message is too long' });
    await expect(sendPart(api, CHANNEL, textPart('a', 'a'))).rejects.toThrow(/message is too long/);
  });
});
