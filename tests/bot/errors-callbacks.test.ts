import { describe, expect, it } from 'vitest';
import { button, EN_READER, TOKEN, textOf, useHarness, ZH_READER } from './harness.js';

const h = useHarness();

/** A message from the bot carrying a button with arbitrary data, as a tampering client could send it back. */
async function messageWithButton(chat: number, data: string) {
  const sent = await h.bot.api.sendMessage(chat, 'pick', { reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: data }]] } });
  return sent;
}

describe('forged and stale buttons', () => {
  it('refuses edited data with a short explanation, and does nothing', async () => {
    const [reply] = await h.send(ZH_READER, '/today');
    const genuine = button(reply!, /^看最新一期/);
    expect(genuine).toMatch(/^l:[A-Za-z0-9_-]{8}$/);
    for (const data of [
      `d:2026-01-06:${genuine.slice(2)}`,
      'd:2026-01-07',
      'l',
      'd:2026-01-07:AAAAAAAA',
      'x'.repeat(64),
      'a:-1:AAAAAAAA',
    ]) {
      const msg = await messageWithButton(ZH_READER.id, data);
      expect(await h.press(ZH_READER, msg, data)).toEqual([]);
      expect(h.lastAnswer()).toMatchObject({ text: '这个按钮无效，请重新发送命令。', show_alert: true });
    }
    expect(h.fake.sends).toEqual([]);
    const refusedLogs = h.logs.filter((l) => l.msg === 'refused callback data');
    expect(refusedLogs).toHaveLength(6);
  });

  it('a button without data (a game button) is still answered', async () => {
    const msg = await messageWithButton(EN_READER.id, 'anything');
    const update = h.s.pressButton(EN_READER, msg, 'anything');
    delete (update.callback_query as { data?: string }).data;
    await h.bot.handleUpdate(update);
    expect(h.lastAnswer()).toMatchObject({ text: 'This button is not valid. Please send the command again.' });
  });
});

describe('error boundary', () => {
  it('a failing handler gets the reader a short sentence, no stack, and a log line without the token', async () => {
    h.fake.sendError = new Error(`socket hang up at https://api.telegram.org/bot${TOKEN}/sendMessage`);
    expect((await h.send(ZH_READER, '/latest')).map(textOf)).toEqual(['出了点问题，这次没能完成。请稍后再试。']);
    expect((await h.send(EN_READER, '/date 2026-01-05')).map(textOf)).toEqual([
      'Something went wrong and this did not work. Please try again later.',
    ]);
    const errors = h.logs.filter((l) => l.level === 50);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      msg: 'update handling failed',
      userId: ZH_READER.id,
      chatId: ZH_READER.id,
      updateId: expect.any(Number),
    });
    expect(JSON.stringify(h.logs)).not.toContain(TOKEN);
  });

  it('a button that fails after its press was answered tells the chat instead', async () => {
    const [reply] = await h.send(EN_READER, '/today');
    h.fake.sendError = new Error('boom');
    // The press is answered before sending; a second answer is refused, so the sentence goes to the chat.
    const sent = await h.press(EN_READER, reply!, button(reply!, /^Latest report/));
    expect(sent.map(textOf)).toEqual(['Something went wrong and this did not work. Please try again later.']);
    h.expectRefusal((c) => c.method === 'answerCallbackQuery' && c.status === 400);
  });

  it('a reader who blocked the bot is logged, not retried forever', async () => {
    h.s.blockBy(ZH_READER.id);
    await h.send(ZH_READER, '/help');
    h.expectRefusal((c) => c.status === 403);
    expect(h.logs.filter((l) => l.msg === 'could not tell the user about the failure')).toHaveLength(1);
  });
});
