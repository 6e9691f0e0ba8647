/**
 * The retry layer against canned answers under fake timers: each attempt's
 * (fake) time shows exactly how long auto-retry waited, which pins both the
 * plugin's behaviour and the waits we report for it.
 */
import { Api, GrammyError, HttpError } from 'grammy';
import type { ApiResponse } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installRetries, RetriesExhaustedError, type RetryInfo } from '../../src/publish/telegram-api.js';
import { silentLogger } from './helpers.js';

type Answer = ApiResponse<unknown> | Error;
const ok: Answer = { ok: true, result: { message_id: 7 } };
const fail = (error_code: number, description: string, retry_after?: number): Answer => ({
  ok: false,
  error_code,
  description,
  ...(retry_after !== undefined ? { parameters: { retry_after } } : {}),
});
const netErr = (): Answer => new HttpError("Network request for 'sendMessage' failed!", new Error('socket hang up'));

/** An Api whose network is a script of answers (the last one repeats), with retries on top. */
function scripted(answers: Answer[], opts: { maxAttempts?: number; onRetry?: (i: RetryInfo) => void } = {}) {
  const api = new Api('1:x', { apiRoot: 'http://127.0.0.1:9' });
  const at: number[] = [];
  const retries: RetryInfo[] = [];
  // Installed first, so it is innermost: it stands where the network would be.
  api.config.use(async () => {
    at.push(Date.now());
    const a = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (a instanceof Error) throw a;
    return a as never;
  });
  installRetries(api, { logger: silentLogger(), onRetry: opts.onRetry ?? ((i) => retries.push(i)), maxAttempts: opts.maxAttempts });
  const gaps = (): number[] => at.slice(1).map((t, i) => t - at[i]!);
  return { api, at, gaps, retries };
}

/** Run the call to completion through all fake timers; resolve with its value or its error. */
async function settle<T>(p: Promise<T>): Promise<T | unknown> {
  const out = p.then(
    (v) => v,
    (e: unknown) => e,
  );
  await vi.runAllTimersAsync();
  return out;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('installRetries', () => {
  it('waits retry_after on 429 and backs off 3 s doubling on 5xx, reset by a 429', async () => {
    const { api, gaps, retries } = scripted([
      fail(500, 'Internal Server Error'),
      fail(502, 'Bad Gateway'),
      fail(429, 'Too Many Requests: retry after 5', 5),
      fail(500, 'Internal Server Error'),
      ok,
    ]);
    const msg = await settle(api.raw.sendMessage({ chat_id: 1, text: 'x' }));
    expect(msg).toEqual({ message_id: 7 });
    expect(gaps()).toEqual([3000, 6000, 5000, 3000]);
    // What we report is exactly what the plugin then waited.
    expect(retries.map((r) => r.waitMs)).toEqual(gaps());
    expect(retries.map((r) => [r.reason, r.attempt, r.method])).toEqual([
      ['5xx', 1, 'sendMessage'],
      ['5xx', 2, 'sendMessage'],
      ['429', 3, 'sendMessage'],
      ['5xx', 4, 'sendMessage'],
    ]);
  });

  it('retries network errors with the same backoff', async () => {
    const { api, gaps, retries } = scripted([netErr(), netErr(), ok]);
    expect(await settle(api.raw.sendMessage({ chat_id: 1, text: 'x' }))).toEqual({ message_id: 7 });
    expect(gaps()).toEqual([3000, 6000]);
    expect(retries.map((r) => r.reason)).toEqual(['network', 'network']);
  });

  it('bounds network retries, which auto-retry alone would repeat forever', async () => {
    const { api, at, retries } = scripted([netErr()]);
    const err = await settle(api.raw.sendMessage({ chat_id: 1, text: 'x' }));
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect(err).not.toBeInstanceOf(HttpError);
    expect((err as RetriesExhaustedError).cause).toBeInstanceOf(HttpError);
    expect(at).toHaveLength(8);
    expect(retries).toHaveLength(7);
  });

  it('counts network errors and failed answers in one budget', async () => {
    const { api, at } = scripted([netErr(), netErr(), netErr(), fail(500, 'Internal Server Error')], { maxAttempts: 5 });
    const err = await settle(api.raw.sendMessage({ chat_id: 1, text: 'x' }));
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(500);
    expect((err as GrammyError).message).toMatch(/after 5 attempts/);
    expect(at).toHaveLength(5);
  });

  it('gives up on a 429 asking for more than the longest accepted wait, without waiting', async () => {
    const { api, at, retries } = scripted([fail(429, 'Too Many Requests: retry after 500', 500), ok]);
    const err = await settle(api.raw.sendMessage({ chat_id: 1, text: 'x' }));
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(500);
    expect(at).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('accepts a 60 s flood wait', async () => {
    const { api, gaps } = scripted([fail(429, 'Too Many Requests: retry after 60', 60), ok]);
    expect(await settle(api.raw.sendMessage({ chat_id: 1, text: 'x' }))).toEqual({ message_id: 7 });
    expect(gaps()).toEqual([60_000]);
  });

  it('does not retry 400 or 403', async () => {
    for (const answer of [fail(400, "Bad Request: can't parse entities: x"), fail(403, 'Forbidden: bot was kicked')]) {
      const { api, at, retries } = scripted([answer, ok]);
      const err = await settle(api.raw.sendMessage({ chat_id: 1, text: 'x' }));
      expect(err).toBeInstanceOf(GrammyError);
      expect([at.length, retries.length]).toEqual([1, 0]);
    }
  });

  it('survives a throwing onRetry hook', async () => {
    const { api } = scripted([fail(500, 'Internal Server Error'), ok], {
      onRetry: () => {
        throw new Error('metrics down');
      },
    });
    expect(await settle(api.raw.sendMessage({ chat_id: 1, text: 'x' }))).toEqual({ message_id: 7 });
  });
});
