/**
 * Which chats exist and whether the bot may write to them.
 *
 * Groups and channels must be configured (Telegram answers "chat not found"
 * for a chat the bot is not in); `@username` and the numeric id resolve to
 * the same chat. Private chats are accepted for any positive id, named after
 * the user when a test has introduced that user through an injected update.
 */
import { badRequest, forbidden } from './errors.js';
import type { ChatConfig, TgChat, TgUser } from './types.js';

export class ChatDirectory {
  private readonly byId = new Map<number, TgChat>();
  private readonly byUsername = new Map<string, number>();
  private readonly users = new Map<number, TgUser>();
  private readonly kicked = new Set<number>();
  private readonly blockedBy = new Set<number>();

  constructor(channels: Record<string, ChatConfig> = {}) {
    for (const c of Object.values(channels)) {
      const chat: TgChat = { id: c.id, type: c.type ?? 'channel', title: c.title };
      if (c.username) chat.username = c.username.replace(/^@/, '');
      this.byId.set(c.id, chat);
      if (chat.username) this.byUsername.set(chat.username.toLowerCase(), c.id);
    }
  }

  /** Remember a user so their private chat carries a name, as Telegram's would. */
  rememberUser(user: TgUser): void {
    this.users.set(user.id, user);
  }

  /** Resolve a chat_id parameter to the chat, or throw Telegram's "chat not found". */
  resolve(chatId: string | number): TgChat {
    const id = this.idOf(chatId);
    const known = this.byId.get(id);
    if (known) return { ...known };
    if (id > 0) return this.privateChat(id);
    throw badRequest('chat not found');
  }

  /** Like resolve, but for assertions in tests: unknown chats are simply empty. */
  keyOf(chatId: string | number): number | undefined {
    try {
      return this.idOf(chatId);
    } catch {
      return undefined;
    }
  }

  /** Throw the 403 Telegram answers when the bot can no longer write to `chat`. */
  assertCanWrite(chat: TgChat): void {
    if (chat.type === 'private') {
      if (this.blockedBy.has(chat.id)) throw forbidden('bot was blocked by the user');
      return;
    }
    if (!this.kicked.has(chat.id)) return;
    if (chat.type === 'channel') throw forbidden('bot is not a member of the channel chat');
    throw forbidden(`bot was kicked from the ${chat.type} chat`);
  }

  setKicked(chatId: string | number, kicked: boolean): void {
    const id = this.resolve(chatId).id;
    if (kicked) this.kicked.add(id);
    else this.kicked.delete(id);
  }

  setBlocked(userId: number, blocked: boolean): void {
    if (blocked) this.blockedBy.add(userId);
    else this.blockedBy.delete(userId);
  }

  private idOf(chatId: string | number): number {
    if (typeof chatId === 'number') return chatId;
    const s = chatId.trim();
    if (s.startsWith('@')) {
      const id = this.byUsername.get(s.slice(1).toLowerCase());
      if (id === undefined) throw badRequest('chat not found');
      return id;
    }
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw badRequest('chat not found');
    return n;
  }

  private privateChat(id: number): TgChat {
    const u = this.users.get(id);
    const chat: TgChat = { id, type: 'private', first_name: u?.first_name ?? `User ${id}` };
    if (u?.last_name) chat.last_name = u.last_name;
    if (u?.username) chat.username = u.username;
    return chat;
  }
}
