/**
 * Shared set-up for the delivery tests: the stand-in (Telegram's HTML parser,
 * its default flood limits unless told otherwise), an Api with the production
 * retries, a FileStore or a Redis store, and reports made in place.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach } from 'vitest';
import { type Alerts, type AlertsDeps, createAlerts } from '../../src/alerts/index.js';
import { createSubscriptions, type Lang, type Subscriptions } from '../../src/alerts/subscriptions.js';
import type { Report } from '../../src/content/report.js';
import { installRetries, type RetryInfo, type RetryOptions } from '../../src/publish/telegram-api.js';
import { type CallRecord, type Standin, type StandinOptions, startStandin } from '../../src/standin/server.js';
import { openFileStore } from '../../src/store/file-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { parseTelegramHtml } from '../support/tdlib.js';

export const TOKEN = '777001:alerts-test-token';
export const CHANNEL = '@daily_report';
export const CHANNEL_ID = -1001500;
export const OTHER_CHANNEL = -1009876;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
export function later(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export const silent = pino({ level: 'silent' });

export type Backend = 'file' | 'redis';

/** Where a test's data lives; `reopen()` is a restart: a fresh client over the same data. */
export interface StoreHandle {
  store: Store;
  reopen(): Promise<Store>;
}

let redisSeq = 0;
export async function openTestStore(backend: Backend, redisUrl?: string): Promise<StoreHandle> {
  if (backend === 'file') {
    const dir = await mkdtemp(path.join(tmpdir(), 'drb-alerts-'));
    later(() => rm(dir, { recursive: true, force: true }));
    const open = async (): Promise<Store> => {
      const store = await openFileStore(dir);
      later(() => store.close());
      return store;
    };
    return { store: await open(), reopen: open };
  }
  if (!redisUrl) throw new Error('redis backend needs the server url');
  const prefix = `alerts${++redisSeq}:${process.pid}:`;
  const open = async (): Promise<Store> => {
    const store = createRedisStore(new Redis(redisUrl), { prefix });
    later(() => store.close());
    return store;
  };
  return { store: await open(), reopen: open };
}

export async function standin(opts: StandinOptions = {}): Promise<Standin> {
  const s = await startStandin({
    validateHtml: parseTelegramHtml,
    botUsername: 'alerts_test_bot',
    channels: {
      daily: { id: CHANNEL_ID, username: 'daily_report', title: 'Daily' },
      other: { id: OTHER_CHANNEL, title: 'Other' },
    },
    ...opts,
  });
  later(() => s.close());
  return s;
}

export function apiFor(s: Standin, opts: Partial<RetryOptions> = {}): { api: Api; retries: RetryInfo[] } {
  const api = new Api(TOKEN, { apiRoot: s.apiRoot });
  const retries: RetryInfo[] = [];
  installRetries(api, { logger: silent, onRetry: (i) => retries.push(i), ...opts });
  return { api, retries };
}

/** A strictly increasing clock, so batches queued back to back keep their order. */
export function tickingClock(start = Date.parse('2026-01-08T04:00:00Z')): () => Date {
  let t = start;
  return () => new Date(t++);
}

export function alertsFor(deps: Pick<AlertsDeps, 'store' | 'api'> & Partial<AlertsDeps>): Alerts {
  const alerts = createAlerts({ logger: silent, lockTtlMs: 400, pollMs: 50, now: tickingClock(), ...deps });
  later(() => alerts.stop());
  return alerts;
}

export function report(id: string, day: string, topics: Array<[title: string, body: string]>, title = `日报 ${day}`): Report {
  return {
    id,
    file: `${id}.md`,
    shape: 'markdown',
    title,
    date: day,
    publishAt: new Date(`${day}T00:00:00Z`),
    dateSource: 'front-matter',
    draft: false,
    tags: [],
    meta: {},
    body: topics.map(([t, b]) => `### ${t}\n\n${b}`).join('\n\n'),
    topics: topics.map(([t, b]) => ({ title: t, body: b })),
    hash: createHash('sha256')
      .update(JSON.stringify([id, title, topics]))
      .digest('hex'),
  };
}

export async function subscribeAll(subs: Subscriptions, users: number[], keywords: string[], lang: Lang = 'zh'): Promise<void> {
  for (const user of users) for (const k of keywords) await subs.subscribe(user, k, lang);
}

export { createSubscriptions };

/** Successful sendMessage calls to private chats, in arrival order. */
export function privateSends(s: Standin): CallRecord[] {
  return s.callsOf('sendMessage').filter((c) => Number(c.payload.chat_id) > 0);
}

/** Messages each user received, by user id. */
export function perUser(s: Standin, users: number[]): Record<number, number> {
  return Object.fromEntries(users.map((u) => [u, s.messages(u).length]));
}

/** Most calls in any window of `windowMs` (sliding, like the stand-in's own limiter). */
export function maxInWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Smallest gap between two sends to the same chat, in ms (Infinity when no chat got two). */
export function minPerChatGap(calls: CallRecord[]): number {
  const last = new Map<string, number>();
  let min = Infinity;
  for (const c of [...calls].sort((a, b) => a.at - b.at)) {
    const chat = String(c.payload.chat_id);
    const prev = last.get(chat);
    if (prev !== undefined) min = Math.min(min, c.at - prev);
    last.set(chat, c.at);
  }
  return min;
}

export const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
