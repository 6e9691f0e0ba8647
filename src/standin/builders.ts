/**
 * Updates as a Telegram client would produce them: a user writing a text, a
 * user pressing an inline button, a user typing an inline query. Tests build
 * updates through these instead of by hand so that ids, chats and entities
 * are consistent with what the stand-in stored.
 */

import type { ChatDirectory } from './chats.js';
import { leadingBotCommand } from './entities.js';
import { hasCallbackButton } from './markup.js';
import { type MessageStore, toApiMessage } from './messages.js';
import type { MessageRef, TgUser, Update } from './types.js';

/**
 * Callback and inline query ids handed out, so answerCallbackQuery and
 * answerInlineQuery can refuse ids Telegram never issued, or answered twice.
 */
export class QueryRegistry {
  private counter = 0;
  private readonly open = new Set<string>();

  issue(prefix: string): string {
    this.counter += 1;
    const id = `${prefix}${Date.now().toString(36)}${this.counter}`;
    this.open.add(id);
    return id;
  }

  /** True once per issued id; later answers are refused like Telegram's expired ones. */
  consume(id: string): boolean {
    return this.open.delete(id);
  }
}

export interface BuilderDeps {
  chats: ChatDirectory;
  store: MessageStore;
  queries: QueryRegistry;
  push: (u: Partial<Update>) => Update;
}

const asSender = (u: TgUser): TgUser & { is_bot: boolean } => ({ ...u, is_bot: false });

/** The stand-in's loosely typed records are valid updates by construction; grammY's unions cannot see that. */
const asUpdate = (u: Record<string, unknown>): Partial<Update> => u as Partial<Update>;

export function userText(d: BuilderDeps, from: TgUser, chatId: string | number, text: string): Update {
  d.chats.rememberUser(from);
  const chat = d.chats.resolve(chatId);
  const entities = leadingBotCommand(text);
  const isChannel = chat.type === 'channel';
  const stored = d.store.add(
    chat,
    {
      ...(isChannel ? { sender_chat: chat } : { from: asSender(from) }),
      text,
      ...(entities.length > 0 ? { entities } : {}),
    },
    'in',
    { method: 'user' },
  );
  return d.push(asUpdate({ [isChannel ? 'channel_post' : 'message']: toApiMessage(stored) }));
}

export function buttonPress(d: BuilderDeps, from: TgUser, ref: MessageRef, data: string): Update {
  d.chats.rememberUser(from);
  const stored = d.store.find(ref.chat.id, ref.message_id);
  // A user can only press a button that is on screen: fail the test loudly otherwise.
  if (!stored) throw new Error(`pressButton: no message ${ref.message_id} in chat ${ref.chat.id}`);
  if (!hasCallbackButton(stored.reply_markup, data)) {
    throw new Error(`pressButton: message ${ref.message_id} has no button with callback_data ${JSON.stringify(data)}`);
  }
  const callback_query = {
    id: d.queries.issue('cb'),
    from: asSender(from),
    message: toApiMessage(stored),
    // Telegram's chat_instance is an opaque per-chat token; any stable string will do.
    chat_instance: String((Math.abs(ref.chat.id) * 7919) % 1_000_000_007),
    data,
  };
  return d.push(asUpdate({ callback_query }));
}

export function userInlineQuery(d: BuilderDeps, from: TgUser, query: string): Update {
  d.chats.rememberUser(from);
  const inline_query = { id: d.queries.issue('iq'), from: asSender(from), query, offset: '', chat_type: 'private' };
  return d.push(asUpdate({ inline_query }));
}
