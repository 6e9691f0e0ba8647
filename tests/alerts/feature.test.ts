/**
 * /subscribe, /subscriptions, /unsubscribe through the real bot against the
 * stand-in (Telegram's HTML parser checks every reply), file store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSubscriptions } from '../../src/alerts/subscriptions.js';
import { buttons, EN_READER, GROUP_ID, type Harness, startHarness, textOf, ZH_READER } from '../bot/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ rateLimit: { limit: 1000 } });
});
afterEach(async () => {
  expect(h.refused()).toEqual([]);
  await h.close();
});

const say = async (user: typeof ZH_READER, text: string, chat?: number): Promise<string[]> => (await h.send(user, text, chat)).map(textOf);
const labels = (m: Parameters<typeof buttons>[0]): string[] => buttons(m).map((b) => b.text);

describe('/subscribe', () => {
  it('subscribes in Chinese by default, keeping the keyword as typed', async () => {
    expect(await say(ZH_READER, '/subscribe  芯片 ')).toEqual([
      '已订阅「芯片」（1/20）。新一期日报中有话题提到它时，我会私信你。发送 /subscriptions 管理订阅。',
    ]);
    expect(await say(ZH_READER, '/subscribe ＯｐｅｎＡＩ')).toEqual([
      '已订阅「ＯｐｅｎＡＩ」（2/20）。新一期日报中有话题提到它时，我会私信你。发送 /subscriptions 管理订阅。',
    ]);
    expect(await createSubscriptions(h.store).list(ZH_READER.id)).toEqual(['芯片', 'ＯｐｅｎＡＩ']);
  });

  it('answers English clients in English and escapes the keyword', async () => {
    expect(await say(EN_READER, '/subscribe <b>&co')).toEqual([
      'Subscribed to "<b>&co" (1/20). I will message you when a new report has a topic that mentions it. Send /subscriptions to manage your alerts.',
    ]);
  });

  it('a keyword that normalises like one already held is a duplicate (case, width)', async () => {
    await say(EN_READER, '/subscribe OpenAI');
    expect(await say(EN_READER, '/subscribe ｏｐｅｎａｉ')).toEqual([
      'You are already subscribed to "OpenAI". Send /subscriptions to see all your keywords.',
    ]);
    expect(await createSubscriptions(h.store).list(EN_READER.id)).toEqual(['OpenAI']);
  });

  it('bad input gets one helpful sentence', async () => {
    expect(await say(ZH_READER, '/subscribe')).toEqual([
      '请在 /subscribe 后面写上关键词，例如 /subscribe 芯片。新一期日报中有话题提到它时，我会私信你。\n你已订阅 0/20 个关键词，发送 /subscriptions 查看。',
    ]);
    expect(await say(ZH_READER, `/subscribe ${'长'.repeat(65)}`)).toEqual(['关键词太长了，最多 64 个字。']);
    expect(await say(EN_READER, `/subscribe ${'x'.repeat(65)}`)).toEqual(['That keyword is too long: at most 64 characters, please.']);
    // Exactly 64 characters (192 bytes of UTF-8) is fine.
    expect((await say(ZH_READER, `/subscribe ${'长'.repeat(64)}`))[0]).toMatch(/^已订阅/);
  });

  it('stops at 20 keywords', async () => {
    for (let i = 1; i <= 20; i++) expect((await say(EN_READER, `/subscribe word${i}`))[0]).toContain(`(${i}/20)`);
    expect(await say(EN_READER, '/subscribe word21')).toEqual([
      'You can have at most 20 keywords. Remove some with /unsubscribe, or send /subscriptions and tap one to remove it.',
    ]);
    expect(await createSubscriptions(h.store).list(EN_READER.id)).toHaveLength(20);
    expect(await say(ZH_READER, '/subscribe')).toEqual([expect.stringContaining('你已订阅 0/20')]);
  });

  it('in a group, points to a private chat instead', async () => {
    const replies = await h.send(ZH_READER, '/subscribe@report_test_bot 芯片', GROUP_ID);
    expect(replies.map(textOf)).toEqual(['关键词提醒只在私聊中使用，请私聊我：@report_test_bot']);
    expect(replies[0]!.entities).toEqual([expect.objectContaining({ type: 'text_link', url: 'https://t.me/report_test_bot' })]);
    expect(await say(EN_READER, '/subscriptions@report_test_bot', GROUP_ID)).toEqual([
      'Keyword alerts work in a private chat; please message me: @report_test_bot',
    ]);
    expect(await createSubscriptions(h.store).list(ZH_READER.id)).toEqual([]);
    // A bare command in a group may be for another bot: no answer.
    expect(await say(ZH_READER, '/subscribe 芯片', GROUP_ID)).toEqual([]);
  });
});

describe('/subscriptions', () => {
  it('lists the keywords with a remove button each; a tap removes it and updates the list in place', async () => {
    expect(await say(ZH_READER, '/subscriptions')).toEqual([
      '你还没有订阅任何关键词。发送 /subscribe 加关键词来订阅，例如 /subscribe 芯片。',
    ]);
    await say(ZH_READER, '/subscribe 芯片');
    await say(ZH_READER, '/subscribe AI');
    const [list] = await h.send(ZH_READER, '/subscriptions');
    expect(textOf(list!)).toBe(
      '你的订阅（2/20）\n• AI\n• 芯片\n\n新一期日报中有话题提到这些关键词时，我会私信你。点按下方按钮取消某个订阅，或发送 /unsubscribe all 全部取消。',
    );
    expect(labels(list!)).toEqual(['✕ AI', '✕ 芯片']);
    const [removeAi, removeChips] = buttons(list!).map((b) => b.data) as [string, string];
    for (const data of [removeAi, removeChips]) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);

    // A double tap: both presses leave the client before the first edit lands.
    const taps = [h.s.pressButton(ZH_READER, list!, removeChips), h.s.pressButton(ZH_READER, list!, removeChips)];
    await h.bot.handleUpdate(taps[0]!);
    expect(h.lastAnswer()).toMatchObject({ text: '已取消订阅「芯片」' });
    expect(textOf(h.current(list!))).toMatch(/^你的订阅（1\/20）\n• AI\n/);
    expect(labels(h.current(list!))).toEqual(['✕ AI']);
    expect(await createSubscriptions(h.store).list(ZH_READER.id)).toEqual(['AI']);
    await h.bot.handleUpdate(taps[1]!);
    expect(h.lastAnswer()).toMatchObject({ text: '这个订阅已经取消了。' });
    // Its edit would change nothing; Telegram says so and the bot takes that as done.
    h.expectRefusal((c) => c.method === 'editMessageText' && c.status === 400);

    expect(await h.press(ZH_READER, list!, removeAi)).toEqual([]);
    expect(textOf(h.current(list!))).toBe('你还没有订阅任何关键词。发送 /subscribe 加关键词来订阅，例如 /subscribe 芯片。');
    expect(labels(h.current(list!))).toEqual([]);
  });

  it("a remove button only ever acts on the presser's own keywords, and forged data is refused", async () => {
    await say(ZH_READER, '/subscribe 芯片');
    await say(EN_READER, '/subscribe 芯片');
    const [list] = await h.send(ZH_READER, '/subscriptions');
    const data = buttons(list!)[0]!.data;
    await h.press(EN_READER, list!, data);
    expect(await createSubscriptions(h.store).list(ZH_READER.id)).toEqual(['芯片']);
    expect(await createSubscriptions(h.store).list(EN_READER.id)).toEqual([]);

    const forged = `${data.slice(0, -1)}${data.endsWith('A') ? 'B' : 'A'}`;
    const msg = await h.bot.api.sendMessage(ZH_READER.id, 'pick', {
      reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: forged }]] },
    });
    await h.press(ZH_READER, msg, forged);
    expect(h.lastAnswer()).toMatchObject({ text: '这个按钮无效，请重新发送命令。', show_alert: true });
    expect(await createSubscriptions(h.store).list(ZH_READER.id)).toEqual(['芯片']);
  });
});

describe('/unsubscribe', () => {
  it('removes one keyword by any spelling that normalises alike, or all of them', async () => {
    for (const k of ['OpenAI', '芯片', '量子']) await say(EN_READER, `/subscribe ${k}`);
    expect(await say(EN_READER, '/unsubscribe ＯＰＥＮＡＩ')).toEqual(['Unsubscribed from "OpenAI". 2 keywords left.']);
    expect(await say(EN_READER, '/unsubscribe 天气')).toEqual([
      'You are not subscribed to "天气". Send /subscriptions to see your keywords.',
    ]);
    expect(await say(EN_READER, '/unsubscribe')).toEqual([
      'Please add the keyword to remove after /unsubscribe, or all to remove every one, e.g. /unsubscribe chips. Send /subscriptions to see your keywords.',
    ]);
    expect(await say(EN_READER, '/unsubscribe ALL')).toEqual(['Removed all 2 keywords; you will get no more alerts.']);
    expect(await say(EN_READER, '/unsubscribe all')).toEqual(['You have no keyword alerts to remove.']);
    const subs = createSubscriptions(h.store);
    expect(await subs.allKeywords()).toEqual([]);
    expect(await subs.subscribersOf('芯片')).toEqual([]);
  });

  it('in Chinese, with 全部 for all', async () => {
    await say(ZH_READER, '/subscribe 芯片');
    expect(await say(ZH_READER, '/unsubscribe 芯片')).toEqual(['已取消订阅「芯片」。你已没有任何订阅。']);
    await say(ZH_READER, '/subscribe 芯片');
    expect(await say(ZH_READER, '/unsubscribe 全部')).toEqual(['已取消全部 1 个订阅，不会再收到关键词提醒。']);
    expect(await say(ZH_READER, '/unsubscribe 芯片')).toEqual(['你没有订阅「芯片」。发送 /subscriptions 查看你的订阅。']);
  });

  it('the index follows: a keyword leaves it only when nobody holds it', async () => {
    const subs = createSubscriptions(h.store);
    await say(ZH_READER, '/subscribe 芯片');
    await say(EN_READER, '/subscribe 芯片');
    expect(await subs.subscribersOf('芯片')).toEqual([ZH_READER.id, EN_READER.id].sort((a, b) => a - b));
    expect([...(await subs.englishReaders())]).toEqual([EN_READER.id]);
    await say(ZH_READER, '/unsubscribe 芯片');
    expect(await subs.allKeywords()).toEqual(['芯片']);
    await say(EN_READER, '/unsubscribe 芯片');
    expect(await subs.allKeywords()).toEqual([]);
  });
});
