/**
 * The budget as a grammY transformer against the stand-in: which calls it
 * counts (by method name, so new send methods are covered), which priority a
 * call gets, and a 429 that pauses its scope so the calls behind it do not
 * each earn one, with auto-retry installed outside it as the app does.
 */
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { budgetOf, createBudget, createMemoryWindow, createScheduler, installOutgoing, type Priority } from '../../src/outgoing/index.js';
import { classify } from '../../src/outgoing/methods.js';
import { retryTransformer } from '../../src/publish/telegram-api.js';
import { STRICT_FLOOD_LIMITS } from '../../src/standin/limits.js';
import { type Standin, startStandin } from '../../src/standin/server.js';

const TOKEN = '123456:TEST-token-outgoing';
const CHANNEL = { '@daily': { id: -100777, username: 'daily', title: 'Daily' } };
let s: Standin | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('which calls the budget counts', () => {
  it('decides from the method name, so a send method added later is covered', () => {
    expect(classify('sendRichMessage', { chat_id: 42 })).toEqual({ counted: true, chat: '42', group: false });
    expect(classify('sendMessage', { chat_id: '@Daily' })).toEqual({ counted: true, chat: '@daily', group: true });
    expect(classify('editMessageText', { chat_id: -100, message_id: 1 })).toEqual({ counted: true, chat: '-100', group: true });
    expect(classify('copyMessages', { chat_id: 5 })).toMatchObject({ counted: true, chat: '5' });
    expect(classify('editMessageText', { inline_message_id: 'x' })).toEqual({ counted: true, group: false });
    for (const m of ['answerCallbackQuery', 'answerInlineQuery', 'sendChatAction', 'deleteMessage', 'pinChatMessage']) {
      expect(classify(m, { chat_id: 5 })).toEqual({ counted: true, group: false });
    }
    for (const m of ['getUpdates', 'getMe', 'setWebhook', 'deleteWebhook', 'setMyCommands', 'getChat']) {
      expect(classify(m, {}).counted).toBe(false);
    }
  });
});

function budgetRig(limit = 30) {
  const seen: Array<{ priority: Priority; chat?: string }> = [];
  const scheduler = createScheduler({ window: createMemoryWindow({ limit }) });
  const observed = {
    ...scheduler,
    acquire: (req: Parameters<typeof scheduler.acquire>[0]) => {
      seen.push({ priority: req.priority, ...(req.chat ? { chat: req.chat } : {}) });
      return scheduler.acquire(req);
    },
  };
  return { seen, scheduler, budget: createBudget({ scheduler: observed, channels: ['@Daily', -100555] }) };
}

describe('the transformer', () => {
  it('queues calls to a channel as the post, others as replies, and background on request; reads pass by', async () => {
    s = await startStandin({ channels: CHANNEL });
    const api = new Api(TOKEN, { apiRoot: s.apiRoot });
    const { seen, budget } = budgetRig();
    installOutgoing(api, budget);
    await api.sendMessage('@daily', 'post');
    await api.sendMessage(42, 'reply');
    await budget.withPriority('background', () => api.sendMessage(43, 'alert'));
    await api.getMe();
    expect(seen).toEqual([
      { priority: 'post', chat: '@daily' },
      { priority: 'reply', chat: '42' },
      { priority: 'background', chat: '43' },
    ]);
    expect(budgetOf(api)).toBe(budget);
    expect(budgetOf(new Api(TOKEN))).toBeUndefined();
  });

  it('meets a 429 once per pause: the calls queued behind it wait it out, auto-retry then delivers all', async () => {
    s = await startStandin({ channels: CHANNEL, floodLimits: STRICT_FLOOD_LIMITS });
    const api = new Api(TOKEN, { apiRoot: s.apiRoot });
    const limited: number[] = [];
    const scheduler = createScheduler({
      window: createMemoryWindow({ limit: 30 }),
      hooks: { rateLimited: (_scope, ms) => void limited.push(ms) },
    });
    installOutgoing(api, createBudget({ scheduler, channels: [] }));
    api.config.use(retryTransformer({ logger: createLogger({ level: 'silent' }), maxAttempts: 4 }));
    s.failNext('sendMessage', { code: 429, retryAfter: 1 });
    const started = Date.now();
    await Promise.all([1, 2, 3].map((i) => api.sendMessage(42, `m${i}`)));
    const statuses = s.callsOf('sendMessage').map((c) => c.status);
    expect(statuses).toEqual([429, 200, 200, 200]);
    expect(limited).toEqual([1000]);
    expect(
      s
        .messages(42)
        .map((m) => m.text)
        .sort(),
    ).toEqual(['m1', 'm2', 'm3']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000); // the pause, then one a second
  });
});

describe('the strict stand-in', () => {
  it('enforces 30 a second bot-wide and one a second per chat with no burst', async () => {
    let now = 1_700_000_000_000;
    s = await startStandin({ channels: CHANNEL, floodLimits: STRICT_FLOOD_LIMITS, clock: () => now });
    const api = new Api(TOKEN, { apiRoot: s.apiRoot });
    for (let i = 0; i < 30; i++) await api.sendMessage(1000 + i, 'hi');
    await expect(api.sendMessage(2000, 'one too many')).rejects.toMatchObject({ error_code: 429 });
    now += 1000;
    await api.sendMessage(2000, 'next second');
    await expect(api.sendMessage(2000, 'same chat too soon')).rejects.toMatchObject({ error_code: 429 });
  });
});
