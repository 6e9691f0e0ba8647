/**
 * Everything the stand-in remembers, in one object handed to each method
 * handler. Built per `startStandin` call: two stand-ins never share state.
 */

import type { Payload } from './body.js';
import { QueryRegistry } from './builders.js';
import { ChatDirectory } from './chats.js';
import { badRequest, tooManyRequests } from './errors.js';
import { FloodLimiter, isFloodLimited } from './limits.js';
import { MessageStore } from './messages.js';
import type { StandinOptions, TgChat, TgUser, WebhookInfo } from './types.js';
import { UpdateQueue } from './updates.js';

export interface BotCommand {
  command: string;
  description: string;
}

export interface StandinState {
  readonly opts: StandinOptions;
  readonly clock: () => number;
  readonly chats: ChatDirectory;
  readonly store: MessageStore;
  readonly updates: UpdateQueue;
  readonly limiter: FloodLimiter;
  readonly queries: QueryRegistry;
  /** Keyed by commandsKey(scope, language_code). */
  readonly commands: Map<string, BotCommand[]>;
  webhook: WebhookInfo | undefined;
}

/** One API call as a handler sees it. */
export interface CallContext {
  readonly state: StandinState;
  readonly method: string;
  readonly payload: Payload;
  readonly token: string;
  /** Aborted when the client goes away (long polls stop waiting). */
  readonly signal: AbortSignal;
}

export type Handler = (ctx: CallContext) => unknown;

export function createState(opts: StandinOptions): StandinState {
  const clock = opts.clock ?? Date.now;
  return {
    opts,
    clock,
    chats: new ChatDirectory(opts.channels),
    store: new MessageStore(clock),
    updates: new UpdateQueue(),
    limiter: new FloodLimiter(opts.floodLimits, clock),
    queries: new QueryRegistry(),
    commands: new Map(),
    webhook: undefined,
  };
}

/**
 * The bot's own user. Telegram's bot id is the number before the colon in
 * the token, so that is the default: a bot comparing `from.id` with its
 * token's prefix behaves as in production.
 */
export function botUser(state: StandinState, token: string): TgUser & { is_bot: true } {
  const fromToken = /^(\d+):/.exec(token)?.[1];
  const id = state.opts.botId ?? (fromToken ? Number(fromToken) : 7_000_000_001);
  return {
    id,
    is_bot: true,
    first_name: state.opts.botFirstName ?? 'Report Test Bot',
    username: state.opts.botUsername ?? 'report_test_bot',
  };
}

/** Resolve the call's chat and refuse it as Telegram would if the bot may not write there. */
export function writableChat(ctx: CallContext, chatId: string | number): TgChat {
  const chat = ctx.state.chats.resolve(chatId);
  ctx.state.chats.assertCanWrite(chat);
  return chat;
}

/** Count a send against the flood limits, or throw the 429 Telegram would answer. */
export function admitSend(ctx: CallContext, chat: TgChat): void {
  if (!isFloodLimited(ctx.method)) return;
  const verdict = ctx.state.limiter.take(String(chat.id), chat.type !== 'private');
  if (!verdict.ok) throw tooManyRequests(verdict.retryAfter);
}

/** The "who sent it" fields of a bot message: channel posts are signed by the channel. */
export function senderFields(ctx: CallContext, chat: TgChat): Record<string, unknown> {
  return chat.type === 'channel' ? { sender_chat: chat } : { from: botUser(ctx.state, ctx.token) };
}

/** Keyed by scope and language, as Telegram stores command lists. */
export function commandsKey(scope: unknown, languageCode: string | undefined): string {
  const s = (typeof scope === 'object' && scope !== null ? scope : {}) as Record<string, unknown>;
  const type = typeof s.type === 'string' ? s.type : 'default';
  if (!/^(default|all_private_chats|all_group_chats|all_chat_administrators|chat|chat_administrators|chat_member)$/.test(type)) {
    throw badRequest('wrong BotCommandScope type specified');
  }
  return [type, s.chat_id ?? '', s.user_id ?? '', languageCode ?? ''].join('|');
}
