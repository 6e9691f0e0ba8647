/**
 * The real bot (createBot) against the Bot API stand-in, with Telegram's
 * own HTML parser checking every reply, a real library over a temp folder,
 * the file store, and a small publisher that really sends through the API.
 * Updates are built by the stand-in and handed to `bot.handleUpdate`, so a
 * test awaits exactly one update's handling.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, type Bot } from 'grammy';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { type BackgroundTasks, createBackgroundTasks } from '../../src/bot/background.js';
import { type BotContext, createBot } from '../../src/bot/create-bot.js';
import type { RateLimitOptions } from '../../src/bot/middlewares/rate-limit.js';
import { type Config, parseConfig } from '../../src/config.js';
import type { Report } from '../../src/content/report.js';
import { createLibrary, type Library } from '../../src/library/library.js';
import { createLogger } from '../../src/logger.js';
import { createPacer } from '../../src/publish/pacer.js';
import { createPublisher } from '../../src/publish/publisher.js';
import type { ChatTarget, PostOptions, PostResult, Publisher, SchedulerControl, SendOptions } from '../../src/publish/types.js';
import type { MessagePart } from '../../src/render/messages.js';
import {
  type CallRecord,
  type MessageRef,
  type Standin,
  type StandinOptions,
  type StoredMessage,
  startStandin,
  type TgUser,
} from '../../src/standin/server.js';
import { type FileStore, openFileStore } from '../../src/store/file-store.js';
import { parseTelegramHtml } from '../support/tdlib.js';
import { writeContent } from './content.js';

export const TOKEN = '424242:bot-tests-token-AAAAAAAAAAAAAAAA';
export const BOT_USERNAME = 'report_test_bot';
export const START = new Date('2026-01-08T04:00:00Z'); // 12:00 in Asia/Shanghai

export const ZH_READER: TgUser = { id: 501, first_name: '小明', language_code: 'zh-hans' };
export const EN_READER: TgUser = { id: 502, first_name: 'Emma', language_code: 'en-GB' };
export const ADMIN: TgUser = { id: 1001, first_name: 'Boss', username: 'boss', language_code: 'en' };
export const ZH_ADMIN: TgUser = { id: 1002, first_name: '主编', username: 'editor' };
/** Someone who took the admin's username after the admin changed theirs: still not an admin. */
export const IMPOSTOR: TgUser = { id: 2002, first_name: 'Boss', username: 'boss', language_code: 'en' };
export const GROUP_ID = -1001234;
export const CHANNELS = { daily: -100555, other: -1009876 };

/** Posts and sends through the real API; posts can be held open to watch a background job. */
export class TestPublisher implements Publisher {
  readonly posts: Array<{ reportId: string; channel: ChatTarget; opts: PostOptions | undefined }> = [];
  readonly sends: Array<{ chat: ChatTarget; parts: MessagePart[] }> = [];
  /** While set, post() waits for it. */
  gate: Promise<void> | undefined;
  /** Channels whose post throws. */
  failing = new Set<ChatTarget>();
  /** When set, sendParts throws it (a bug or an outage in the publisher). */
  sendError: Error | undefined;

  constructor(private readonly api: Api) {}

  async post(report: Report, parts: MessagePart[], channel: ChatTarget, opts?: PostOptions): Promise<PostResult> {
    this.posts.push({ reportId: report.id, channel, opts });
    await this.gate;
    if (this.failing.has(channel)) throw new Error(`Forbidden: bot is not a member of the channel chat (token ${TOKEN})`);
    const messageIds = await this.sendParts(channel, parts);
    return { status: 'posted', channel, reportId: report.id, sent: messageIds.length, total: parts.length, messageIds };
  }

  async sendParts(chat: ChatTarget, parts: MessagePart[], _opts?: SendOptions): Promise<number[]> {
    if (this.sendError) throw this.sendError;
    this.sends.push({ chat, parts });
    const ids: number[] = [];
    for (const { payload } of parts) {
      if (payload.method === 'sendMessage') {
        const { method: _method, ...params } = payload;
        ids.push((await this.api.raw.sendMessage({ chat_id: chat, ...params })).message_id);
      } else {
        const { method: _method, ...params } = payload;
        ids.push((await this.api.raw.sendPhoto({ chat_id: chat, ...params })).message_id);
      }
    }
    return ids;
  }
}

export interface Harness {
  s: Standin;
  bot: Bot<BotContext>;
  config: Config;
  library: Library;
  store: FileStore;
  /** The publisher the bot was given: `fake`, or the real one (`publisher: 'real'`). */
  publisher: Publisher;
  /** The recording publisher (unused by the bot with `publisher: 'real'`). */
  fake: TestPublisher;
  scheduler: SchedulerControl & { runOnce: ReturnType<typeof vi.fn> };
  background: BackgroundTasks;
  contentDir: string;
  clock: { now: Date; advance(ms: number): void };
  logs: Array<Record<string, unknown>>;
  /** A user writes `text`; resolves when the bot has handled it, with the bot's new messages in that chat. */
  send(user: TgUser, text: string, chat?: number): Promise<StoredMessage[]>;
  /** A user presses a button; resolves with the bot's new messages in the chat. */
  press(user: TgUser, message: MessageRef, data: string): Promise<StoredMessage[]>;
  /** The message as the stand-in has it now (after edits). */
  current(message: MessageRef): StoredMessage;
  /** The text of the last answerCallbackQuery (undefined for an empty answer). */
  lastAnswer(): { text?: string; show_alert?: boolean } | undefined;
  /** API calls Telegram refused (HTML it could not parse, too long, unknown chat...), except expected ones. */
  refused(): CallRecord[];
  /** A refusal the test provokes on purpose, so `refused()` leaves it out. */
  expectRefusal(match: (call: CallRecord) => boolean): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  files?: Record<string, string>;
  env?: Record<string, string>;
  rateLimit?: Partial<RateLimitOptions>;
  /** `real`: src/publish's publisher, unpaced, instead of the recording one. */
  publisher?: 'fake' | 'real';
  /** Stand-in options over the defaults (e.g. flood limits on, a clock). */
  standin?: Partial<StandinOptions>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const s = await startStandin({
    validateHtml: parseTelegramHtml,
    botUsername: BOT_USERNAME,
    // Reader replies are paced by the real publisher; here the flood limits would only slow tests down.
    floodLimits: { enabled: false },
    channels: {
      daily: { id: CHANNELS.daily, username: 'daily_report', title: 'Daily' },
      other: { id: CHANNELS.other, title: 'Other' },
      group: { id: GROUP_ID, title: 'Readers', type: 'supergroup' },
    },
    ...opts.standin,
  });
  const config = parseConfig({
    BOT_TOKEN: TOKEN,
    CHANNEL_ID: `@daily_report,${CHANNELS.other}`,
    ADMIN_IDS: `${ADMIN.id},${ZH_ADMIN.id}`,
    TIMEZONE: 'Asia/Shanghai',
    ...opts.env,
  });
  const contentDir = writeContent(opts.files);
  const library = createLibrary({ dir: contentDir, timeZone: config.TIMEZONE });
  await library.reload();
  const clock = {
    now: new Date(START),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const store = await openFileStore(mkdtempSync(join(tmpdir(), 'drb-bot-store-')), { now: () => clock.now.getTime() });
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [TOKEN],
    destination: { write: (line: string) => void logs.push(JSON.parse(line)) },
  });
  const api = new Api(TOKEN, { apiRoot: s.apiRoot });
  const fake = new TestPublisher(api);
  const publisher: Publisher =
    opts.publisher === 'real'
      ? createPublisher({
          api,
          store,
          logger,
          now: () => clock.now,
          pacer: createPacer({ minIntervalMs: 0, groupLimit: 1000, sleep: async () => undefined }),
        })
      : fake;
  const scheduler = {
    runOnce: vi.fn(async (_reason: string): Promise<PostResult[]> => []),
    nextRun: () => new Date('2026-01-09T00:00:00Z'),
    isAlive: () => true,
  };
  const background = createBackgroundTasks(logger);
  const bot = createBot({
    token: TOKEN,
    apiRoot: s.apiRoot,
    config,
    library,
    store,
    publisher,
    scheduler,
    logger,
    now: () => clock.now,
    background,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
  });
  await bot.init();

  const newMessages = async (chat: number, act: () => Promise<void>): Promise<StoredMessage[]> => {
    const before = s.messages(chat).length;
    await act();
    return s.messages(chat).slice(before);
  };
  const current = (m: MessageRef): StoredMessage => {
    const found = s.messages(m.chat.id).find((x) => x.message_id === m.message_id);
    if (!found) throw new Error(`no message ${m.message_id}`);
    return found;
  };
  const expected: Array<(call: CallRecord) => boolean> = [];
  return {
    s,
    bot,
    config,
    library,
    store,
    publisher,
    fake,
    scheduler,
    background,
    contentDir,
    clock,
    logs,
    send: (user, text, chat = user.id) => newMessages(chat, () => bot.handleUpdate(s.sendText(user, chat, text))),
    press: (user, message, data) => newMessages(message.chat.id, () => bot.handleUpdate(s.pressButton(user, message, data))),
    current,
    lastAnswer: () => s.callsOf('answerCallbackQuery').at(-1)?.payload as { text?: string; show_alert?: boolean } | undefined,
    refused: () => s.allCalls().filter((c) => c.status !== 200 && !expected.some((m) => m(c))),
    expectRefusal: (match) => void expected.push(match),
    close: async () => {
      await background.idle();
      await store.close();
      await s.close();
    },
  };
}

/** Callback data of every inline button on a message, row by row. */
export function buttons(m: StoredMessage): Array<{ text: string; data: string }> {
  const kb =
    (m.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
  return kb.flat().map((b) => ({ text: b.text, data: b.callback_data ?? '' }));
}

export function button(m: StoredMessage, text: string | RegExp): string {
  const b = buttons(m).find((x) => (typeof text === 'string' ? x.text === text : text.test(x.text)));
  if (!b) throw new Error(`no button ${String(text)} among ${JSON.stringify(buttons(m).map((x) => x.text))}`);
  return b.data;
}

/** The visible text of what the bot sent (message text or photo caption). */
export const textOf = (m: StoredMessage): string => m.text ?? m.caption ?? '';

/**
 * A fresh harness for each test of the file: registers the beforeEach/afterEach
 * pair and returns a stand-in that forwards to the current harness, so tests
 * write `h.send(...)` as before. After each test, unless `expectNoRefusals` is
 * false, no API call may have been refused by Telegram.
 */
export function useHarness(
  opts: HarnessOptions = {},
  { expectNoRefusals = true } = {},
): Harness & {
  /** Closes this test's harness and starts another with other options (checked after the test instead). */
  restart(opts: HarnessOptions): Promise<void>;
} {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await startHarness(opts);
  });
  afterEach(async () => {
    const h = current;
    current = undefined;
    if (!h) return;
    try {
      if (expectNoRefusals) expect(h.refused()).toEqual([]);
    } finally {
      await h.close();
    }
  });
  const restart = async (other: HarnessOptions): Promise<void> => {
    await current?.close();
    current = await startHarness(other);
  };
  return new Proxy({} as Harness & { restart: typeof restart }, {
    get: (_target, key) => {
      if (key === 'restart') return restart;
      if (!current) throw new Error('the harness is only available inside a test');
      return current[key as keyof Harness];
    },
  });
}
