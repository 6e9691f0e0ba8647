/**
 * The dedupe middleware in the assembled bot: in webhook mode a redelivered
 * update (same update_id) is handled once, for an hour; in polling mode it
 * is not installed; a store outage lets updates through.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BotContext } from '../../src/bot/context.js';
import { DEDUPE_TTL_MS, dedupeUpdates } from '../../src/bot/middlewares/dedupe.js';
import { EN_READER, type Harness, startHarness, textOf } from '../bot/harness.js';

const WEBHOOK_ENV = { WEBHOOK_URL: 'https://bot.example.test/telegram/hook', WEBHOOK_SECRET: 's'.repeat(32) };

let h: Harness | undefined;
afterEach(async () => {
  if (!h) return;
  expect(h.refused()).toEqual([]);
  await h.close();
  h = undefined;
});

/** Hand `update` to the bot `times` times (concurrently when asked); the bot's new messages in the reader's chat. */
async function deliver(harness: Harness, text: string, times: number, concurrently = false) {
  const update = harness.s.sendText(EN_READER, EN_READER.id, text);
  const before = harness.s.messages(EN_READER.id).length;
  if (concurrently) await Promise.all(Array.from({ length: times }, () => harness.bot.handleUpdate(structuredClone(update))));
  else for (let i = 0; i < times; i++) await harness.bot.handleUpdate(structuredClone(update));
  return { update, replies: harness.s.messages(EN_READER.id).slice(before) };
}

describe('dedupe in webhook mode', () => {
  it('answers an update delivered twice once, and each new update', async () => {
    h = await startHarness({ env: WEBHOOK_ENV });
    const first = await deliver(h, '/help', 2);
    expect(first.replies).toHaveLength(1);
    expect(textOf(first.replies[0]!)).toContain('/latest');
    expect(await h.store.get(`update:${first.update.update_id}`)).toBe(1);
    // A new update with the same text is a new question.
    expect((await deliver(h, '/help', 1)).replies).toHaveLength(1);
  });

  it('answers once when the copies arrive at the same time', async () => {
    h = await startHarness({ env: WEBHOOK_ENV });
    expect((await deliver(h, '/help', 3, true)).replies).toHaveLength(1);
  });

  it('remembers an update id for an hour', async () => {
    h = await startHarness({ env: WEBHOOK_ENV });
    const { update } = await deliver(h, '/help', 1);
    h.clock.advance(DEDUPE_TTL_MS - 1_000);
    const before = h.s.messages(EN_READER.id).length;
    await h.bot.handleUpdate(structuredClone(update));
    expect(h.s.messages(EN_READER.id)).toHaveLength(before);
    h.clock.advance(2_000);
    await h.bot.handleUpdate(structuredClone(update));
    expect(h.s.messages(EN_READER.id)).toHaveLength(before + 1);
  });

  it('lets updates through when the store is down, and says so in the log', async () => {
    h = await startHarness({ env: WEBHOOK_ENV });
    vi.spyOn(h.store, 'setIfAbsent').mockRejectedValue(new Error('connection refused'));
    expect((await deliver(h, '/help', 1)).replies).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === 'dedupe store unavailable; handling the update anyway')).toBe(true);
  });
});

describe('dedupe in polling mode', () => {
  it('is not installed: getUpdates offsets already deliver each update once', async () => {
    h = await startHarness();
    const { replies } = await deliver(h, '/help', 2);
    expect(replies).toHaveLength(2);
    expect(await h.store.keys('update:')).toEqual([]);
  });
});

describe('dedupeUpdates()', () => {
  function fakeContext(updateId: number, setIfAbsent: (key: string, value: unknown, ttlMs?: number) => Promise<boolean>) {
    const log = { warn: vi.fn(), info: vi.fn() };
    const ctx = { update: { update_id: updateId }, services: { store: { setIfAbsent } }, log } as unknown as BotContext;
    return { ctx, log };
  }

  it('claims update:<id> with the TTL given, and calls next only for the first claim', async () => {
    const claimed = new Set<string>();
    const calls: Array<[string, unknown, number | undefined]> = [];
    const setIfAbsent = async (key: string, value: unknown, ttlMs?: number) => {
      calls.push([key, value, ttlMs]);
      if (claimed.has(key)) return false;
      claimed.add(key);
      return true;
    };
    const mw = dedupeUpdates({ ttlMs: 5_000 });
    const next = vi.fn(async () => undefined);
    await mw(fakeContext(7, setIfAbsent).ctx, next);
    const dup = fakeContext(7, setIfAbsent);
    await mw(dup.ctx, next);
    await mw(fakeContext(8, setIfAbsent).ctx, next);
    expect(next).toHaveBeenCalledTimes(2);
    expect(calls).toEqual([
      ['update:7', 1, 5_000],
      ['update:7', 1, 5_000],
      ['update:8', 1, 5_000],
    ]);
    expect(dup.log.info).toHaveBeenCalledWith('update already taken (a redelivery); skipped');
  });

  it('defaults to an hour', async () => {
    const setIfAbsent = vi.fn(async () => true);
    await dedupeUpdates()(fakeContext(1, setIfAbsent).ctx, async () => undefined);
    expect(setIfAbsent).toHaveBeenCalledWith('update:1', 1, 60 * 60 * 1000);
  });
});
