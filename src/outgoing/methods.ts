/**
 * Which Bot API calls the outgoing budget governs, and how, decided from the
 * method's name alone so a method added tomorrow (say `sendRichMessage`) is
 * covered without touching this list.
 *
 *  - free: reads and bot set-up (`get…`, `setMy…`, webhook management, …).
 *    Telegram does not flood-limit them and `getUpdates` must never wait
 *    behind replies.
 *  - counted: every other call takes one slot of the bot-wide budget
 *    (answers to buttons and inline queries, chat actions, deletions, pins).
 *  - per chat: calls that put or change a message in a chat (`send…` except
 *    `sendChatAction`, `edit…`, `copy…`, `forward…`) also take the chat's
 *    slot: one at a time, a second apart, 20 a minute in groups and channels.
 */

export type ChatId = number | string;

export interface CallClass {
  /** Whether the call goes through the budget at all. */
  counted: boolean;
  /** The chat whose per-chat limits apply, when the call sends or changes a message there. */
  chat?: string;
  /** The chat is a group or channel (20 a minute). */
  group: boolean;
}

const FREE_EXACT = new Set(['setWebhook', 'deleteWebhook', 'logOut', 'close', 'deleteMyCommands', 'answerWebAppQuery']);

export function isFree(method: string): boolean {
  return method.startsWith('get') || method.startsWith('setMy') || FREE_EXACT.has(method);
}

/** Sends or changes a message in a chat: Telegram's per-chat limits apply. */
export function isMessageMethod(method: string): boolean {
  return (
    (method.startsWith('send') && method !== 'sendChatAction') ||
    method.startsWith('edit') ||
    method.startsWith('copy') ||
    method.startsWith('forward')
  );
}

/** Groups and channels: negative ids and `@usernames` (private chats are positive ids). */
export function isGroupOrChannel(chat: ChatId): boolean {
  if (typeof chat === 'number') return chat < 0;
  const s = chat.trim();
  return s.startsWith('@') || Number(s) < 0;
}

/** A chat's identity for limits and keys: `@Name` and `@name` are the same channel. */
export function chatKey(chat: ChatId): string {
  return typeof chat === 'number' ? String(chat) : chat.trim().toLowerCase();
}

export function classify(method: string, payload: unknown): CallClass {
  if (isFree(method)) return { counted: false, group: false };
  const chat = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  // Inline-message edits carry no chat_id: they take only the bot-wide slot.
  if (!isMessageMethod(method) || (typeof chat !== 'number' && typeof chat !== 'string')) return { counted: true, group: false };
  return { counted: true, chat: chatKey(chat), group: isGroupOrChannel(chat) };
}
