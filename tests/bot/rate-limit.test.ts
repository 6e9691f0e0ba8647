import { describe, expect, it } from 'vitest';
import { EN_READER, textOf, useHarness, ZH_READER } from './harness.js';

const h = useHarness();

describe('rate limit', () => {
  it('10 commands per 10 s: the 11th gets one polite reply, the 12th nothing, then the window resets', async () => {
    for (let i = 1; i <= 10; i++) {
      expect(await h.send(ZH_READER, '/help')).toHaveLength(1);
      h.clock.advance(500);
    }
    expect((await h.send(ZH_READER, '/help')).map(textOf)).toEqual(['操作太频繁了，请过几秒再试。']);
    expect(await h.send(ZH_READER, '/help')).toEqual([]);
    expect(await h.send(ZH_READER, '/latest')).toEqual([]);
    // Other readers are not affected.
    expect(await h.send(EN_READER, '/help')).toHaveLength(1);
    h.clock.advance(10_000);
    expect(await h.send(ZH_READER, '/help')).toHaveLength(1);
  });

  it('counts button presses: the first excess press gets the sentence as its answer, later ones an empty answer', async () => {
    await h.restart({ rateLimit: { limit: 2 } });
    const [list] = await h.send(EN_READER, '/archive');
    const next = (list!.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard
      .flat()
      .find((b) => b.text === 'Next »')!.callback_data;
    await h.press(EN_READER, list!, next);
    expect(h.current(list!).edits).toHaveLength(1);
    const prev = (
      h.current(list!).reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }
    ).inline_keyboard
      .flat()
      .find((b) => b.text === '« Previous')!.callback_data;
    await h.press(EN_READER, list!, prev);
    expect(h.lastAnswer()).toMatchObject({ text: 'That was a lot of commands at once. Please wait a few seconds.' });
    await h.press(EN_READER, list!, prev);
    expect(h.lastAnswer()).not.toHaveProperty('text');
    expect(h.current(list!).edits).toHaveLength(1);
  });

  it('inline queries have their own wider bucket and an excess one gets an empty answer', async () => {
    await h.restart({ rateLimit: { limit: 2 } });
    const ask = async () => {
      await h.bot.handleUpdate(h.s.inlineQuery(EN_READER, 'rates'));
      return h.s.callsOf('answerInlineQuery').at(-1)!.payload as { results: unknown[]; cache_time?: number };
    };
    for (let i = 0; i < 6; i++) expect((await ask()).cache_time).not.toBe(5);
    expect(await ask()).toMatchObject({ results: [], cache_time: 5 });
    // Typing inline did not use up the reader's commands.
    expect(await h.send(EN_READER, '/help')).toHaveLength(1);
  });

  it('a store outage lets commands through rather than silencing the bot', async () => {
    h.store.increment = () => Promise.reject(new Error('store down'));
    expect(await h.send(ZH_READER, '/help')).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === 'rate limit store unavailable; letting the update through')).toBe(true);
  });
});
