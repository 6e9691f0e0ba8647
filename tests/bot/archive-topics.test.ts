import { describe, expect, it } from 'vitest';
import { SEARCH_TTL_MS } from '../../src/bot/features/topics.js';
import { button, buttons, EN_READER, textOf, useHarness, ZH_READER } from './harness.js';

const h = useHarness();

const channelTexts = (id: string): string[] => h.library.parts(h.library.byId(id)!).map((p) => p.text);
const labels = (m: Parameters<typeof buttons>[0]): string[] => buttons(m).map((b) => b.text);

describe('/archive', () => {
  it('lists published days newest first, 8 per page, paging by editing the same message', async () => {
    const [list] = await h.send(ZH_READER, '/archive');
    // 16 days: Jan 3, 4, 5, 7 and Dec 1-12; not the draft's Jan 6, not the future Jan 10.
    expect(textOf(list!)).toBe('往期日报（共 16 天，第 1/2 页）\n点按日期查看当天的日报。');
    expect(labels(list!)).toEqual([
      '2026-01-07 · 科技日报：<预告> & 回顾',
      '2026-01-05 · Digest of 2 articles', // issue 8: a plain-text digest is titled for the whole report
      '2026-01-04 · 快讯 2026-01-04',
      '2026-01-03 · 科技日报：芯片与模型',
      '2025-12-12 · 晨报 12月12日',
      '2025-12-11 · 晨报 12月11日',
      '2025-12-10 · 晨报 12月10日',
      '2025-12-09 · 晨报 12月9日',
      '下一页 »',
    ]);

    expect(await h.press(ZH_READER, list!, button(list!, '下一页 »'))).toEqual([]);
    const page2 = h.current(list!);
    expect(textOf(page2)).toBe('往期日报（共 16 天，第 2/2 页）\n点按日期查看当天的日报。');
    expect(labels(page2)).toEqual([
      '2025-12-08 · 晨报 12月8日',
      '2025-12-07 · 晨报 12月7日',
      '2025-12-06 · 晨报 12月6日',
      '2025-12-05 · 晨报 12月5日',
      '2025-12-04 · 晨报 12月4日',
      '2025-12-03 · 晨报 12月3日',
      '2025-12-02 · 晨报 12月2日',
      '2025-12-01 · 晨报 12月1日',
      '« 上一页',
    ]);
    expect(page2.edits).toHaveLength(1);

    await h.press(ZH_READER, page2, button(page2, '« 上一页'));
    expect(labels(h.current(list!))[0]).toBe('2026-01-07 · 科技日报：<预告> & 回顾');

    const sent = await h.press(ZH_READER, list!, button(h.current(list!), /^2026-01-03/));
    expect(sent.map(textOf)).toEqual(channelTexts('2026-01-03-daily'));
  });

  it('pressing the page already shown is harmless', async () => {
    const [list] = await h.send(EN_READER, '/archive');
    expect(textOf(list!)).toBe('Past reports (16 days, page 1/2)\nTap a day to read its report.');
    const next = button(list!, 'Next »');
    // A double tap: both presses leave the client before the first edit lands.
    const presses = [h.s.pressButton(EN_READER, list!, next), h.s.pressButton(EN_READER, list!, next)];
    for (const u of presses) await h.bot.handleUpdate(u);
    expect(h.current(list!).edits).toHaveLength(1);
    // Telegram refuses the second, identical edit; the bot takes that as done, not as a failure.
    expect(h.s.callsOf('editMessageText').map((c) => [c.status, (c.response as { description?: string }).description])).toEqual([
      [200, undefined],
      [400, expect.stringContaining('message is not modified')],
    ]);
    expect(h.s.callsOf('answerCallbackQuery').map((c) => c.status)).toEqual([200, 200]);
    expect(h.s.messages(EN_READER.id)).toHaveLength(1);
    h.expectRefusal((c) => c.method === 'editMessageText' && c.status === 400);
  });
});

describe('/topics', () => {
  it("lists the latest report's topics; a tap sends that topic alone", async () => {
    const [list] = await h.send(ZH_READER, '/topics');
    expect(textOf(list!)).toBe('2026-01-07 的话题（共 2 个）\n点按话题单独查看。');
    expect(labels(list!)).toEqual(['估值 a < b 之谜', '新年展望']);
    const [topic, ...more] = await h.press(ZH_READER, list!, button(list!, '估值 a < b 之谜'));
    expect(more).toEqual([]);
    expect(textOf(topic!)).toBe('估值 a < b 之谜\n2026-01-07\n\n为什么 a < b 仍然成立？');
    expect(topic!.entities?.[0]).toEqual({ type: 'bold', offset: 0, length: '估值 a < b 之谜'.length });
  });

  it('takes a date, shows sections and newswire times, in English too', async () => {
    const [list] = await h.send(EN_READER, '/topics 2026-01-04');
    expect(textOf(list!)).toBe('Topics of 2026-01-04 (2 topics)\nTap a topic to read it alone.');
    expect(labels(list!)).toEqual(['08:15 外汇储备公布', '09:30 量子计算新进展']);
    const [topic] = await h.press(EN_READER, list!, button(list!, '09:30 量子计算新进展'));
    expect(textOf(topic!)).toBe('量子计算新进展\n2026-01-04 · 09:30\n\n实验室宣布新的纠错方法。');

    const [daily] = await h.send(EN_READER, '/topics 1月3日');
    const [first] = await h.press(EN_READER, daily!, button(daily!, '国产芯片扩产'));
    expect(textOf(first!)).toBe('国产芯片扩产\n2026-01-03 · 产业\n\n多家工厂宣布扩产，产能提升三成。');
  });

  it("a day without a report offers the nearest days' topics", async () => {
    const [reply] = await h.send(ZH_READER, '/topics 2026-01-06');
    expect(textOf(reply!)).toBe('2026-01-06 没有日报。附近有日报的日期：');
    await h.press(ZH_READER, reply!, button(reply!, '2026-01-07 ▶'));
    const [list] = h.s.messages(ZH_READER.id).slice(-1);
    expect(textOf(list!)).toBe('2026-01-07 的话题（共 2 个）\n点按话题单独查看。');
  });

  it('refuses impossible and over-long dates', async () => {
    expect((await h.send(ZH_READER, '/topics 02-30')).map(textOf)).toEqual(['日历上没有「02-30」这一天。']);
    expect((await h.send(ZH_READER, `/topics ${'x'.repeat(5000)}`)).map(textOf)).toEqual(['参数太长了，最多 200 个字符。']);
  });

  it('a topic button whose report changed since says the topic is gone', async () => {
    const [list] = await h.send(ZH_READER, '/topics');
    const data = button(list!, '新年展望');
    h.clock.now = new Date('2026-01-10T01:00:00Z');
    // Same day, but the file lost its second topic.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${h.contentDir}/2026-01-07-daily.md`, '---\ntitle: 改过了\ndate: 2026-01-07\n---\n### 只剩一个\n\n文字。\n');
    await h.library.reload();
    expect(await h.press(ZH_READER, list!, data)).toEqual([]);
    expect(h.lastAnswer()).toMatchObject({ text: '这个话题已经不在了（日报可能更新过），请重新查找。', show_alert: true });
  });
});

describe('/topic <keyword>', () => {
  it('exactly one hit is sent directly, case-insensitively', async () => {
    const [topic, ...rest] = await h.send(EN_READER, '/topic openai');
    expect(rest).toEqual([]);
    expect(textOf(topic!)).toBe('OpenAI 发布新模型\n2026-01-03 · 产业\n\n新模型在推理测试中表现更好。');
  });

  it('finds Chinese inside words without spaces', async () => {
    const [topic] = await h.send(ZH_READER, '/topic 纠错');
    expect(textOf(topic!)).toBe('量子计算新进展\n2026-01-04 · 09:30\n\n实验室宣布新的纠错方法。');
  });

  it('several hits become buttons: titles first, then tags, newest first', async () => {
    const [list] = await h.send(ZH_READER, '/topic 芯片');
    expect(textOf(list!)).toBe('找到 3 个与「芯片」相关的话题，点按查看：');
    expect(labels(list!)).toEqual(['01-03 国产芯片扩产', '01-03 OpenAI 发布新模型', '01-03 一周评论']);
    const [topic] = await h.press(ZH_READER, list!, button(list!, '01-03 一周评论'));
    expect(textOf(topic!)).toBe('一周评论\n2026-01-03 · 观点\n\n这一周的变化值得细读。');
  });

  it('pages through many hits in place; the query lives in the store, not in the button', async () => {
    const [list] = await h.send(EN_READER, '/topic 市场观察');
    expect(textOf(list!)).toBe('12 topics match "市场观察" (page 1/2); tap one to read it:');
    expect(labels(list!).slice(0, 2)).toEqual(['12-12 市场观察 12', '12-11 市场观察 11']);
    expect(labels(list!)).toHaveLength(11);
    await h.press(EN_READER, list!, button(list!, 'Next »'));
    expect(textOf(h.current(list!))).toBe('12 topics match "市场观察" (page 2/2); tap one to read it:');
    expect(labels(h.current(list!))).toEqual(['12-02 市场观察 2', '12-01 市场观察 1', '« Previous']);
  });

  it('an expired search says so instead of failing', async () => {
    const [list] = await h.send(ZH_READER, '/topic 市场观察');
    h.clock.advance(SEARCH_TTL_MS + 1);
    expect(await h.press(ZH_READER, list!, button(list!, '下一页 »'))).toEqual([]);
    expect(h.lastAnswer()).toMatchObject({ text: '这次搜索已过期，请重新发送 /topic 加关键词。' });
    expect(h.current(list!).edits).toEqual([]);
  });

  it('a query longer than a button can carry still pages (a short key stands for it)', async () => {
    const query = '市场观察：成交平稳，资金面保持宽松，市场情绪整体稳定';
    expect(Buffer.byteLength(query)).toBeGreaterThan(64);
    const [list] = await h.send(ZH_READER, `/topic ${query}`);
    expect(textOf(list!)).toMatch(/^找到 12 个与「市场观察：成交平稳，资金面保持宽松，市场情绪整体稳定」相关的话题（第 1\/2 页）/);
    for (const b of buttons(list!)) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
    await h.press(ZH_READER, list!, button(list!, '下一页 »'));
    expect(labels(h.current(list!))).toEqual(['12-02 市场观察 2', '12-01 市场观察 1', '« 上一页']);
  });

  it('no hit: a helpful reply, with the keyword escaped', async () => {
    expect((await h.send(ZH_READER, '/topic <script>&')).map(textOf)).toEqual([
      '没有找到与「<script>&」相关的话题。试试更短的关键词，或发送 /topics 浏览最新一期的话题。',
    ]);
    expect((await h.send(EN_READER, '/topic zebra')).map(textOf)).toEqual([
      'No topic matches "zebra". Try a shorter keyword, or send /topics to browse the latest report\'s topics.',
    ]);
  });

  it('never finds drafts or reports not yet published', async () => {
    expect((await h.send(EN_READER, '/topic SECRETDRAFT')).map(textOf)).toEqual([expect.stringMatching(/^No topic matches/)]);
    expect((await h.send(EN_READER, '/topic futuretopic')).map(textOf)).toEqual([expect.stringMatching(/^No topic matches/)]);
  });

  it('without a keyword, or with a 5,000-character one, answers in one sentence', async () => {
    expect((await h.send(ZH_READER, '/topic')).map(textOf)).toEqual(['请在 /topic 后面写上关键词，例如 /topic 芯片。']);
    expect((await h.send(EN_READER, `/topic ${'a'.repeat(5000)}`)).map(textOf)).toEqual([
      'That is too long: at most 200 characters, please.',
    ]);
  });
});
