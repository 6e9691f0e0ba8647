/**
 * Alerts end to end against the stand-in, on both stores: who gets what,
 * exactly once; pacing under Telegram's limits; resuming after a stop or a
 * crash; readers who blocked the bot; Telegram outages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerts } from '../../src/alerts/index.js';
import { createAlertQueue } from '../../src/alerts/queue.js';
import type { Store } from '../../src/store/store.js';
import { callbackSecret, createCallbackCodec, reportTag } from '../../src/telegram/callback-data.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import {
  alertsFor,
  apiFor,
  type Backend,
  CHANNEL,
  CHANNEL_ID,
  createSubscriptions,
  maxInWindow,
  minPerChatGap,
  OTHER_CHANNEL,
  openTestStore,
  perUser,
  privateSends,
  range,
  report,
  silent,
  sleep,
  standin,
  subscribeAll,
  TOKEN,
} from './rig.js';

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const DAY = '2026-01-08';
const CHIPS = report('2026-01-08-daily', DAY, [
  ['国产芯片扩产', '多家工厂宣布扩产，产能提升三成。'],
  ['OpenAI 发布新模型', '新模型在推理测试中表现更好，ＡＩ 芯片需求上升。'],
  ['天气', '北方有雨。'],
]);
const QUANTUM = report('2026-01-08-wire', DAY, [['量子计算新进展', '实验室宣布新的纠错方法。']], '快讯');

const texts = (s: Awaited<ReturnType<typeof standin>>, user: number): string[] => s.messages(user).map((m) => m.text ?? '');

describe.each<Backend>(['file', 'redis'])('alerts on the %s store', (backend) => {
  const open = () => openTestStore(backend, redis.url);

  it('exactly the matching subscribers get one message each, however many channels posted the report', async () => {
    const s = await standin();
    const { api } = apiFor(s);
    const { store } = await open();
    const subs = createSubscriptions(store);
    const alerts = alertsFor({ store, api });
    // 101: Chinese substring; 102: case and width; 103: two keywords, one message; 104-105: no match.
    await subs.subscribe(101, '芯片', 'zh');
    await subs.subscribe(102, 'ＯＰＥＮａｉ', 'en');
    await subs.subscribe(103, '扩产', 'zh');
    await subs.subscribe(103, 'ai', 'zh');
    await subs.subscribe(104, '量子', 'zh');
    await subs.subscribe(105, '产能提升三成。OpenAI', 'zh'); // spans two topics: no match

    await alerts.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [41, 42] });
    await alerts.onPosted({ report: CHIPS, channel: OTHER_CHANNEL, messageIds: [7] });
    // onPosted only queues: nothing was sent yet.
    expect(privateSends(s)).toEqual([]);

    expect(await alerts.drainOnce()).toBe(3);
    expect(perUser(s, [101, 102, 103, 104, 105])).toEqual({ 101: 1, 102: 1, 103: 1, 104: 0, 105: 0 });

    expect(texts(s, 101)).toEqual([
      [
        '🔔 关键词提醒：「芯片」',
        '《日报 2026-01-08》（2026-01-08）中有 2 个相关话题：',
        '',
        '1. 国产芯片扩产',
        '2. OpenAI 发布新模型',
        '',
        '点按下方按钮单独阅读话题；发送 /subscriptions 管理订阅。',
      ].join('\n'),
    ]);
    expect(texts(s, 102)[0]).toMatch(
      /^🔔 Keyword alert: "ＯＰＥＮａｉ"\n1 topic in "日报 2026-01-08" \(2026-01-08\):\n\n1\. OpenAI 发布新模型\n/,
    );
    expect(texts(s, 103)[0]).toMatch(/^🔔 关键词提醒：「ai」、「扩产」\n.*中有 2 个相关话题/);

    // Buttons: the /topics buttons' signed data (a tap sends the topic alone), then the channel post.
    const kb = (
      s.messages(101)[0]!.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data?: string; url?: string }>> }
    ).inline_keyboard;
    const codec = createCallbackCodec(callbackSecret(TOKEN));
    expect(kb.flat().map((b) => b.text)).toEqual(['国产芯片扩产', 'OpenAI 发布新模型', '在频道中阅读全文']);
    expect(
      kb
        .flat()
        .slice(0, 2)
        .map((b) => codec.decode(b.callback_data!)),
    ).toEqual([
      { ok: true, data: { kind: 'topic', day: DAY, report: reportTag(CHIPS.id), index: 0 } },
      { ok: true, data: { kind: 'topic', day: DAY, report: reportTag(CHIPS.id), index: 1 } },
    ]);
    expect(kb.flat()[2]!.url).toBe('https://t.me/daily_report/41');

    // Later posts of the same version (a third channel, a repost) alert nobody again.
    await alerts.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [99] });
    expect(await alerts.drainOnce()).toBe(0);
    expect(privateSends(s)).toHaveLength(3);
    expect(s.allCalls().filter((c) => c.status !== 200)).toEqual([]);
  });

  it('stays under the default flood limits: no 429, at most 30 a second, one chat never twice within a second', async () => {
    const s = await standin(); // default limits: 30/s overall, per chat 1/s with a burst of 3
    const { api, retries } = apiFor(s);
    const { store } = await open();
    const subs = createSubscriptions(store);
    const users = range(1000, 40);
    await subscribeAll(subs, users, ['芯片']);
    await subscribeAll(subs, users.slice(0, 5), ['量子']);
    const alerts = alertsFor({ store, api });
    // Two reports back to back: the first 5 readers get two alerts each.
    await alerts.onPosted({ report: QUANTUM, channel: CHANNEL, messageIds: [1] });
    await alerts.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [2] });
    alerts.start();
    await s.waitFor(() => privateSends(s).length >= 45, 20_000);
    await alerts.stop();

    const sends = privateSends(s);
    expect(sends).toHaveLength(45);
    expect(sends.every((c) => c.status === 200)).toBe(true);
    expect(retries).toEqual([]);
    expect(maxInWindow(sends.map((c) => c.at))).toBeLessThanOrEqual(30);
    expect(minPerChatGap(sends)).toBeGreaterThanOrEqual(1000);
    expect(perUser(s, users)).toEqual(Object.fromEntries(users.map((u, i) => [u, i < 5 ? 2 : 1])));
  });

  it('a stop mid-queue and a new instance over the same store: nothing repeated, nothing lost', async () => {
    const s = await standin({ floodLimits: { scale: 10 } });
    const { api } = apiFor(s);
    const { store } = await open();
    const users = range(2000, 30);
    await subscribeAll(createSubscriptions(store), users, ['芯片']);
    const first = alertsFor({ store, api, pace: { globalPerSecond: 100 } });
    await first.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [1] });
    first.start();
    await s.waitFor(() => privateSends(s).length >= 10);
    await first.stop();
    const before = privateSends(s).length;
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before).toBeLessThan(30);

    const second = alertsFor({ store, api, pace: { globalPerSecond: 100 } });
    expect(await second.drainOnce()).toBe(30 - before);
    expect(perUser(s, users)).toEqual(Object.fromEntries(users.map((u) => [u, 1])));
  });

  for (const when of ['before', 'after'] as const) {
    it(`a crash ${when} a send reached Telegram: the next instance resumes, repeating ${when === 'before' ? 'nothing' : 'only that send'}`, async () => {
      const s = await standin({ floodLimits: { scale: 10 } });
      const handle = await open();
      const users = range(3000, 20);
      await subscribeAll(createSubscriptions(handle.store), users, ['芯片']);

      // The doomed instance: at its 8th alert the process "freezes" (no store call, no API call ever completes).
      let crashed = false;
      const never = new Promise<never>(() => undefined);
      const frozenStore = new Proxy(handle.store, {
        get(target, key, receiver) {
          const v: unknown = Reflect.get(target, key, receiver);
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => (crashed ? never : (v as (...a: unknown[]) => unknown).apply(target, args));
        },
      }) as Store;
      const doomed = apiFor(s).api;
      let sends = 0;
      doomed.config.use(async (prev, method, payload, signal) => {
        if (crashed) return never;
        if (method === 'sendMessage' && ++sends === 8 && when === 'before') {
          crashed = true;
          return never;
        }
        const res = await prev(method, payload, signal);
        if (method === 'sendMessage' && sends === 8) crashed = true;
        return crashed ? never : res;
      });
      // Not alertsFor: a frozen process is never stopped, it is gone.
      const a = createAlerts({
        store: frozenStore,
        api: doomed,
        logger: silent,
        lockTtlMs: 400,
        pace: { globalPerSecond: 100, maxInFlight: 1 },
      });
      await a.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [1] });
      void a.drainOnce();
      await s.waitFor(() => crashed);
      await sleep(50);
      expect(privateSends(s)).toHaveLength(when === 'before' ? 7 : 8);

      // The restart: a new client over the same data, once the dead holder's lease ran out.
      const store = await handle.reopen();
      const b = alertsFor({ store, api: apiFor(s).api, pace: { globalPerSecond: 100 } });
      await sleep(500);
      expect(await b.drainOnce()).toBe(13);
      const counts = perUser(s, users);
      const expected = Object.fromEntries(users.map((u, i) => [u, when === 'after' && i === 7 ? 2 : 1]));
      expect(counts).toEqual(expected);
    });
  }

  it('a reader who blocked the bot is unsubscribed from everything; the others still get theirs', async () => {
    const s = await standin();
    const { api } = apiFor(s);
    const { store } = await open();
    const subs = createSubscriptions(store);
    await subscribeAll(subs, [501, 502, 503], ['芯片', '天气']);
    await subs.subscribe(502, '量子', 'en');
    s.blockBy(502);
    const alerts = alertsFor({ store, api });
    await alerts.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [1] });
    expect(await alerts.drainOnce()).toBe(2);
    expect(perUser(s, [501, 502, 503])).toEqual({ 501: 1, 502: 0, 503: 1 });
    expect(
      s
        .callsOf('sendMessage')
        .filter((c) => c.status === 403)
        .map((c) => c.payload.chat_id),
    ).toEqual([502]);
    expect(await subs.list(502)).toEqual([]);
    expect(await subs.subscribersOf('芯片')).toEqual([501, 503]);
    expect(await subs.allKeywords()).toEqual(['天气', '芯片']); // 量子 had no other holder
    expect(await subs.englishReaders()).toEqual(new Set());
  });

  it('Telegram failing: delivery pauses with the job still queued, and a later drain sends it once', async () => {
    const s = await standin();
    const { api } = apiFor(s, { maxAttempts: 1 });
    const { store } = await open();
    await subscribeAll(createSubscriptions(store), [601, 602, 603], ['芯片']);
    const alerts = alertsFor({ store, api, pace: { maxInFlight: 1 } });
    await alerts.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [1] });
    s.failNext('sendMessage', { code: 502, times: 1 });
    expect(await alerts.drainOnce()).toBe(0);
    expect(perUser(s, [601, 602, 603])).toEqual({ 601: 0, 602: 0, 603: 0 });
    expect(await alerts.drainOnce()).toBe(3);
    expect(perUser(s, [601, 602, 603])).toEqual({ 601: 1, 602: 1, 603: 1 });
  });

  it('two instances draining the same queue: one at a time, each alert once', async () => {
    const s = await standin({ floodLimits: { scale: 10 } });
    const { store } = await open();
    const users = range(4000, 20);
    await subscribeAll(createSubscriptions(store), users, ['芯片']);
    const a = alertsFor({ store, api: apiFor(s).api, pace: { globalPerSecond: 100 } });
    const b = alertsFor({ store, api: apiFor(s).api, pace: { globalPerSecond: 100 } });
    await Promise.all([
      a.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [1] }),
      b.onPosted({ report: CHIPS, channel: CHANNEL_ID, messageIds: [1] }),
    ]);
    const [x, y] = await Promise.all([a.drainOnce(), b.drainOnce()]);
    expect([x, y].sort((p, q) => p - q)).toEqual([0, 20]);
    expect(perUser(s, users)).toEqual(Object.fromEntries(users.map((u) => [u, 1])));
  });
});

describe.each<Backend>(['file', 'redis'])('queue bookkeeping on the %s store', (backend) => {
  const open = () => openTestStore(backend, redis.url);

  it('a batch a crash left off the queue is found and delivered by the next worker', async () => {
    const s = await standin();
    const { api } = apiFor(s);
    const { store } = await open();
    await subscribeAll(createSubscriptions(store), [701, 702], ['芯片']);
    const first = alertsFor({ store, api });
    await first.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [1] });
    // The crash: the batch was written, its queue entry never was.
    const queue = createAlertQueue(store);
    for (const p of await queue.pending()) await queue.discard(p.member);
    const next = alertsFor({ store, api });
    expect(await next.drainOnce()).toBe(2);
    expect(perUser(s, [701, 702])).toEqual({ 701: 1, 702: 1 });
    expect(await queue.pending()).toEqual([]);
  });

  it('a report nobody matches leaves nothing queued; a new version of a report alerts again', async () => {
    const s = await standin();
    const { api } = apiFor(s);
    const { store } = await open();
    await subscribeAll(createSubscriptions(store), [801], ['量子']);
    const alerts = alertsFor({ store, api });
    await alerts.onPosted({ report: CHIPS, channel: CHANNEL, messageIds: [1] });
    expect(await createAlertQueue(store).pending()).toEqual([]);
    await alerts.onPosted({ report: QUANTUM, channel: CHANNEL, messageIds: [2] });
    expect(await alerts.drainOnce()).toBe(1);
    const edited = { ...QUANTUM, hash: 'edited', topics: [...QUANTUM.topics, { title: '量子通信', body: '新线路开通。' }] };
    await alerts.onPosted({ report: edited, channel: CHANNEL, messageIds: [3] });
    expect(await alerts.drainOnce()).toBe(1);
    expect(texts(s, 801)[1]).toContain('2. 量子通信');
  });
});
