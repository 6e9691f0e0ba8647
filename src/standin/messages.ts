/**
 * Every message in every chat: what the bot sent and what tests injected as
 * written by users. Message ids increase per chat and are shared by both
 * directions, as in a real chat, so a bot reply can reference a user message.
 */
import type { RawSendInfo, StoredMessage, TgChat } from './types.js';

/** The fields a sent/injected message starts with (id, date and bookkeeping are added here). */
export type NewMessage = Omit<StoredMessage, 'message_id' | 'date' | 'chat' | 'direction' | 'raw' | 'edits'>;

const TEST_ONLY = new Set(['direction', 'deleted', 'pinned', 'raw', 'edits']);

export class MessageStore {
  private readonly chats = new Map<number, { nextId: number; list: StoredMessage[] }>();
  private readonly fileIds = new Set<string>();
  private fileCounter = 0;

  constructor(private readonly clock: () => number) {}

  add(chat: TgChat, fields: NewMessage, direction: 'in' | 'out', raw: RawSendInfo): StoredMessage {
    const c = this.chat(chat.id);
    const m: StoredMessage = {
      message_id: c.nextId++,
      date: this.now(),
      chat,
      ...fields,
      direction,
      raw,
      edits: [],
    };
    c.list.push(m);
    return m;
  }

  find(chatId: number, messageId: number): StoredMessage | undefined {
    return this.chats.get(chatId)?.list.find((m) => m.message_id === messageId && !m.deleted);
  }

  list(chatId: number, opts: { includeIncoming?: boolean; includeDeleted?: boolean } = {}): StoredMessage[] {
    const list = this.chats.get(chatId)?.list ?? [];
    return list.filter((m) => (opts.includeIncoming || m.direction === 'out') && (opts.includeDeleted || !m.deleted));
  }

  /** A new photo file id, remembered so later sends may reuse it as Telegram allows. */
  issueFileId(): { file_id: string; file_unique_id: string } {
    this.fileCounter += 1;
    const file_id = `AgACAgStandin${String(this.fileCounter).padStart(6, '0')}`;
    this.fileIds.add(file_id);
    return { file_id, file_unique_id: `AQADstandin${this.fileCounter}` };
  }

  knowsFileId(id: string): boolean {
    return this.fileIds.has(id);
  }

  /** Seconds since the epoch, the unit of every Telegram date. */
  now(): number {
    return Math.floor(this.clock() / 1000);
  }

  private chat(id: number): { nextId: number; list: StoredMessage[] } {
    let c = this.chats.get(id);
    if (!c) {
      c = { nextId: 1, list: [] };
      this.chats.set(id, c);
    }
    return c;
  }
}

/** The Bot API view of a stored message: test-only bookkeeping removed, copied. */
export function toApiMessage(m: StoredMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) {
    if (!TEST_ONLY.has(k) && v !== undefined) out[k] = structuredClone(v);
  }
  return out;
}
