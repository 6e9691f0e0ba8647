/**
 * The whole path with the real bot: a reader subscribes by command, the real
 * publisher posts a report to the channel and calls onPosted, the worker
 * sends the alert, and a tap on the alert's topic button sends that topic alone.
 */
import { Api } from 'grammy';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Alerts, createAlerts } from '../../src/alerts/index.js';
import { createLogger } from '../../src/logger.js';
import { createPacer } from '../../src/publish/pacer.js';
import { createPublisher } from '../../src/publish/publisher.js';
import { createRenderer } from '../../src/render/document.js';
import { reportToParts } from '../../src/render/messages.js';
import { button, buttons, CHANNELS, EN_READER, type Harness, startHarness, TOKEN, textOf, ZH_READER } from '../bot/harness.js';

let h: Harness;
let alerts: Alerts;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await alerts?.stop();
  expect(h.refused()).toEqual([]);
  await h.close();
});

it('subscribe, post, alert, tap: the topic arrives alone', async () => {
  expect((await h.send(ZH_READER, '/subscribe 芯片')).map(textOf)[0]).toMatch(/^已订阅「芯片」/);
  expect((await h.send(EN_READER, '/subscribe openai')).map(textOf)[0]).toMatch(/^Subscribed to "openai"/);

  const logger = createLogger({ level: 'silent', secrets: [TOKEN] });
  const api = new Api(TOKEN, { apiRoot: h.s.apiRoot });
  alerts = createAlerts({ store: h.store, api, logger, now: () => h.clock.now, pollMs: 50 });
  const publisher = createPublisher({
    api,
    store: h.store,
    logger,
    pacer: createPacer({ minIntervalMs: 0, groupLimit: 1000, sleep: async () => undefined }),
    onPosted: alerts.onPosted,
  });
  const report = h.library.byId('2026-01-03-daily')!;
  const parts = reportToParts(report, createRenderer());
  const result = await publisher.post(report, parts, '@daily_report');
  expect(result).toMatchObject({ status: 'posted', sent: parts.length });
  // The post is complete and nobody was messaged while it went out: onPosted only queued.
  expect(h.s.messages(CHANNELS.daily)).toHaveLength(parts.length);
  expect(h.s.messages(ZH_READER.id).slice(-1).map(textOf)[0]).toMatch(/^已订阅/);

  alerts.start();
  const [, zhAlert] = await h.s.waitForMessages(ZH_READER.id, 2);
  const [, enAlert] = await h.s.waitForMessages(EN_READER.id, 2);
  expect(textOf(zhAlert!)).toBe(
    '🔔 关键词提醒：「芯片」\n《科技日报：芯片与模型》（2026-01-03）中有 1 个相关话题：\n\n1. 国产芯片扩产\n\n点按下方按钮单独阅读话题；发送 /subscriptions 管理订阅。',
  );
  expect(zhAlert!.entities?.[0]).toMatchObject({ type: 'bold' });
  expect(textOf(enAlert!)).toMatch(
    /^🔔 Keyword alert: "openai"\n1 topic in "科技日报：芯片与模型" \(2026-01-03\):\n\n1\. OpenAI 发布新模型\n/,
  );
  const firstId = h.s.messages(CHANNELS.daily)[0]!.message_id;
  expect(buttons(zhAlert!).map((b) => b.text)).toEqual(['国产芯片扩产', '在频道中阅读全文']);
  expect((zhAlert!.reply_markup as { inline_keyboard: Array<Array<{ url?: string }>> }).inline_keyboard[1]![0]!.url).toBe(
    `https://t.me/daily_report/${firstId}`,
  );

  const [topic, ...more] = await h.press(ZH_READER, zhAlert!, button(zhAlert!, '国产芯片扩产'));
  expect(more).toEqual([]);
  expect(textOf(topic!)).toBe('国产芯片扩产\n2026-01-03 · 产业\n\n多家工厂宣布扩产，产能提升三成。');
});
