/**
 * Shared set-up for the publish tests: a stand-in that parses HTML exactly
 * like Telegram, an Api with the production retries, a FileStore in a temp
 * dir, and reports built through the real content and render pipeline.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Api } from 'grammy';
import pino from 'pino';
import { afterEach } from 'vitest';
import { createMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import type { Report } from '../../src/content/report.js';
import type { Logger } from '../../src/logger.js';
import { createPacer, type PacerOptions } from '../../src/publish/pacer.js';
import { createPublisher, type PublisherDeps } from '../../src/publish/publisher.js';
import { installRetries, type RetryInfo, type RetryOptions } from '../../src/publish/telegram-api.js';
import type { Publisher } from '../../src/publish/types.js';
import { createRenderer } from '../../src/render/document.js';
import { type MessagePart, reportToParts } from '../../src/render/messages.js';
import { type Standin, type StandinOptions, type StoredMessage, startStandin } from '../../src/standin/server.js';
import { openFileStore } from '../../src/store/file-store.js';
import type { Store } from '../../src/store/store.js';
import { seeded } from '../support/seeded.js';
import { parseTelegramHtml } from '../support/tdlib.js';

export { seeded };

export const TOKEN = '123456:PUBLISH-test';
export const CHANNEL = '@daily_reports';
export const CHANNEL_ID = -1001234567890;
export const CHANNELS = { [CHANNEL]: { id: CHANNEL_ID, username: 'daily_reports', title: 'Daily reports' } };
export const repoRoot = path.resolve(import.meta.dirname, '../..');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
/** Run `fn` after the current test, last registered first. */
export function later(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

/** A logger whose JSON lines land in `lines`. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

export async function standin(opts: StandinOptions = {}): Promise<Standin> {
  const s = await startStandin({ channels: CHANNELS, validateHtml: parseTelegramHtml, ...opts });
  later(() => s.close());
  return s;
}

/** An Api on the stand-in with the production retry layer; retries land in the returned list. */
export function apiFor(s: Standin, opts: Partial<RetryOptions> = {}): { api: Api; retries: RetryInfo[] } {
  const api = new Api(TOKEN, { apiRoot: s.apiRoot });
  const retries: RetryInfo[] = [];
  installRetries(api, { logger: silentLogger(), onRetry: (i) => retries.push(i), ...opts });
  return { api, retries };
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'drb-publish-'));
  later(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function fileStore(dir?: string): Promise<Store> {
  const store = await openFileStore(dir ?? (await tempDir()));
  later(() => store.close());
  return store;
}

/** `store` with some methods replaced; the rest still run on `store` itself. */
export function overriding(store: Store, over: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key in over) return over[key as keyof Store];
      const v: unknown = Reflect.get(target, key, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Fast pacing for tests that are not about pacing (the stand-in's limits scaled up to match). */
export const FAST: PacerOptions = { minIntervalMs: 20 };
export const FAST_LIMITS: StandinOptions = { floodLimits: { scale: 100 } };

export interface Rig {
  s: Standin;
  api: Api;
  retries: RetryInfo[];
  store: Store;
  publisher: Publisher;
  admins: string[];
}

/** A stand-in with fast limits, a file store and a publisher with fast pacing. */
export async function rig(
  opts: { standin?: StandinOptions; deps?: Partial<PublisherDeps>; store?: Store; pacer?: PacerOptions } = {},
): Promise<Rig> {
  const s = await standin({ ...FAST_LIMITS, ...opts.standin });
  const { api, retries } = apiFor(s);
  const store = opts.store ?? (await fileStore());
  const admins: string[] = [];
  const publisher = createPublisher({
    api,
    store,
    logger: silentLogger(),
    pacer: createPacer(opts.pacer ?? FAST),
    notifyAdmins: async (t) => {
      admins.push(t);
    },
    ...opts.deps,
  });
  return { s, api, retries, store, publisher, admins };
}

const md = createMarkdown();
const renderer = createRenderer(md);

export function reportFrom(file: string, text: string): Report {
  const r = parseReport(file, Buffer.from(text), new Date('2026-11-18T06:00:00Z'), { timeZone: 'UTC', md, maxBytes: 1024 * 1024 });
  if (!r.ok) throw new Error(`${r.problem.file}: ${r.problem.reason}`);
  return r.report;
}

export async function contentReport(file: string): Promise<Report> {
  return reportFrom(file, await readFile(path.join(repoRoot, 'examples', file), 'utf8'));
}

export const partsOf = (report: Report): MessagePart[] => reportToParts(report, renderer);

/**
 * A long report whose body splits into several messages: `sections` sections
 * of about 3,000 characters each. `variant` changes the wording (a new hash).
 */
export function longReport(opts: { id?: string; sections?: number; cover?: string; variant?: string } = {}): Report {
  const id = opts.id ?? '2026-11-18-long';
  const sections: string[] = [];
  for (let s = 1; s <= (opts.sections ?? 4); s++) {
    const paras: string[] = [];
    for (let p = 1; p <= 8; p++) {
      paras.push(
        `Paragraph ${s}.${p}${opts.variant ? ` (${opts.variant})` : ''}: **markets** moved as _traders_ weighed [the data](https://example.com/${s}/${p}) ` +
          'and the outlook for rates, exports, chips and commodities over the coming weeks. '.repeat(4),
      );
    }
    sections.push(`## Section ${s}\n\n${paras.join('\n\n')}`);
  }
  const front = ['---', `title: Long report ${id}`, 'date: 2026-11-18', 'summary: A long day in markets.'];
  if (opts.cover) front.push(`coverImage: "${opts.cover}"`);
  front.push('---');
  return reportFrom(`${id}.md`, `${front.join('\n')}\n# Long report\n\n${sections.join('\n\n')}\n`);
}

/** What the reader sees of a stored message: its text or caption. */
export const shown = (m: StoredMessage): string => (m.text ?? m.caption ?? '').trim();

export const texts = (s: Standin, chat: string | number = CHANNEL): string[] => s.messages(chat).map(shown);

export const partTexts = (parts: MessagePart[]): string[] => parts.map((p) => p.text.trim());

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
