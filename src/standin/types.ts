/**
 * Public shapes of the Bot API stand-in. Kept apart from the implementation
 * so tests and the sandbox can import types without pulling in the server.
 *
 * Objects handed out (messages, chats, updates) are plain JSON-like records
 * rather than grammY's precise unions: the stand-in builds them field by
 * field, and the strict unions would force casts everywhere for no gain.
 */
import type { Update } from 'grammy/types';

export type { Update };

/** The answer of an HTML parser, e.g. `parseTelegramHtml` from tests/support/tdlib.ts. */
export type HtmlValidation = { ok: true; text: string; entities: unknown[] } | { ok: false; error: string };

export interface FloodLimitOptions {
  /** Sustained sends per chat per second (default 1). */
  perChatPerSecond?: number;
  /** Quick sends a chat may absorb before the per-second rate bites (default 3). */
  perChatBurst?: number;
  /** Sends per minute in groups and channels, i.e. negative or @ ids (default 20). */
  perChatPerMinute?: number;
  /** Sends per second over all chats (default 30). */
  globalPerSecond?: number;
  /** Multiplies every limit above; benchmarks use e.g. 1000 to get out of the way. */
  scale?: number;
  /** Default true. */
  enabled?: boolean;
}

export interface FaultOptions {
  /** Probability (0..1) that a request is answered 500/502 without being executed. */
  serverErrorRate?: number;
  /** Probability (0..1) that the socket is destroyed without any answer. */
  dropRate?: number;
  /** Source of randomness, injectable for reproducible runs (default Math.random). */
  random?: () => number;
}

export interface ChatConfig {
  id: number;
  username?: string;
  title: string;
  /** Default 'channel'. */
  type?: 'channel' | 'supergroup' | 'group';
}

export interface StandinOptions {
  /** 0 (default) picks a free port; always bound to 127.0.0.1. */
  port?: number;
  botUsername?: string;
  /** Default: the numeric prefix of the token (as in Telegram), else 7000000001. */
  botId?: number;
  botFirstName?: string;
  /** When given, only this token (or the tokens it accepts) is authorised; others get 401. */
  validToken?: string | ((token: string) => boolean);
  validateHtml?: (html: string) => HtmlValidation;
  floodLimits?: FloodLimitOptions;
  faults?: FaultOptions;
  /** false = Telegram could not download the photo at this URL. */
  photoFetch?: (url: string) => boolean;
  /** false = an older Bot API server (before 10.1): sendRichMessage answers 404, rich edits are refused (default true). */
  richMessages?: boolean;
  /** Keyed by numeric id or @username; both spellings resolve to the same chat. */
  channels?: Record<string, ChatConfig>;
  /** Milliseconds clock, injectable so flood windows can be tested without sleeping. */
  clock?: () => number;
}

/** A Telegram user as tests describe one. */
export interface TgUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
  last_name?: string;
}

/** The Bot API `Chat` object. */
export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
}

export type Entity = { type: string; offset: number; length: number } & Record<string, unknown>;

/** What the request said, beyond what Telegram echoes back, for assertions. */
export interface RawSendInfo {
  method: string;
  html?: string;
  parse_mode?: string;
  photo?: string;
  upload?: { filename: string; size: number };
  reply_markup?: unknown;
  disable_notification?: boolean;
  link_preview_options?: unknown;
  reply_parameters?: unknown;
  /** The blocks of a rich message as sent (sendRichMessage, editMessageText with rich_message). */
  rich?: unknown[];
}

export interface EditRecord {
  at: number;
  method: string;
  /** The content before this edit. */
  before: { text?: string; caption?: string; reply_markup?: unknown; rich_message?: unknown };
  raw: RawSendInfo;
}

/** A message as the stand-in keeps it: the Bot API object plus test-only fields. */
export interface StoredMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser & { is_bot: boolean };
  sender_chat?: TgChat;
  text?: string;
  entities?: Entity[];
  caption?: string;
  caption_entities?: Entity[];
  photo?: Array<{ file_id: string; file_unique_id: string; width: number; height: number; file_size: number }>;
  /** A rich message (Bot API 10.1): `{ blocks }` as Telegram echoes it. */
  rich_message?: { blocks: unknown[] };
  reply_markup?: unknown;
  reply_to_message?: Record<string, unknown>;
  edit_date?: number;
  /** 'out' = sent by the bot, 'in' = injected as written by a user. */
  direction: 'out' | 'in';
  deleted?: boolean;
  pinned?: boolean;
  raw: RawSendInfo;
  edits: EditRecord[];
}

/** Enough to name a message: its chat and id. */
export interface MessageRef {
  chat: { id: number };
  message_id: number;
}

export interface CallRecord {
  method: string;
  payload: Record<string, unknown>;
  /** Milliseconds (clock) when the request arrived. */
  at: number;
  /** HTTP status answered; 0 when the connection was dropped on purpose. */
  status: number;
  token: string;
  /** The JSON body answered, if any. */
  response?: unknown;
}

export interface FailSpec {
  code: number;
  /** Default: Telegram's usual wording for the code. */
  description?: string;
  retryAfter?: number;
  /** How many consecutive calls fail (default 1). */
  times?: number;
}

export interface DropSpec {
  /** Execute the call first, then drop: the effect happens but the client never learns. */
  afterProcessing?: boolean;
}

export interface WebhookInfo {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
  max_connections?: number;
  drop_pending_updates?: boolean;
}

export interface Standin {
  readonly apiRoot: string;
  readonly port: number;
  close(): Promise<void>;

  messages(chat: string | number, opts?: { includeIncoming?: boolean; includeDeleted?: boolean }): StoredMessage[];
  allCalls(): CallRecord[];
  callsOf(method: string): CallRecord[];
  /** Tokens seen in request URLs, in first-seen order. */
  tokens(): string[];
  onCall(listener: (call: CallRecord) => void): () => void;

  pushUpdate(update: Partial<Update>): Update;
  sendText(from: TgUser, chatId: string | number, text: string): Update;
  /** `message`: a StoredMessage, or the Message grammY returned when the bot sent it. */
  pressButton(from: TgUser, message: MessageRef, data: string): Update;
  inlineQuery(from: TgUser, query: string): Update;
  /** Updates queued for getUpdates and not yet confirmed. */
  pendingUpdates(): Update[];

  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  waitForMessages(chat: string | number, count: number, timeoutMs?: number): Promise<StoredMessage[]>;

  failNext(method: string, spec: FailSpec): void;
  dropNext(method: string, times?: number, spec?: DropSpec): void;
  kickBotFrom(chat: string | number): void;
  unkickBot(chat: string | number): void;
  blockBy(userId: number): void;
  unblockBy(userId: number): void;

  webhook(): WebhookInfo | undefined;
  deliverToWebhook(update: Partial<Update>): Promise<number>;
  commands(scope?: Record<string, unknown>, languageCode?: string): Array<{ command: string; description: string }>;
}
