/**
 * The method table. Telegram matches method names case-insensitively
 * (`/bot<token>/SENDMESSAGE` works), so lookups go through lower case and the
 * canonical spelling is what calls are recorded under.
 *
 * Methods not in the table answer `true`: a bot calling, say, setChatMenuButton
 * keeps working against the stand-in, and the call is still in the log for
 * tests to inspect.
 */
import * as settings from './bot-settings.js';
import * as messaging from './messaging.js';
import * as rich from './rich.js';
import type { Handler } from './state.js';

const HANDLERS: Record<string, Handler> = {
  getMe: settings.getMe,
  getUpdates: settings.getUpdates,
  setWebhook: settings.setWebhook,
  deleteWebhook: settings.deleteWebhook,
  getWebhookInfo: settings.getWebhookInfo,
  setMyCommands: settings.setMyCommands,
  getMyCommands: settings.getMyCommands,
  deleteMyCommands: settings.deleteMyCommands,
  answerCallbackQuery: settings.answerCallbackQuery,
  answerInlineQuery: settings.answerInlineQuery,
  getChat: settings.getChat,
  sendMessage: messaging.sendMessage,
  sendPhoto: messaging.sendPhoto,
  sendRichMessage: rich.sendRichMessage,
  editMessageText: messaging.editMessageText,
  editMessageCaption: messaging.editMessageCaption,
  editMessageReplyMarkup: messaging.editMessageReplyMarkup,
  deleteMessage: messaging.deleteMessage,
  pinChatMessage: messaging.pinChatMessage,
  sendChatAction: messaging.sendChatAction,
};

const BY_LOWER = new Map(Object.keys(HANDLERS).map((name) => [name.toLowerCase(), name]));

/** The canonical spelling of a method name (unknown methods keep theirs). */
export function canonicalMethod(name: string): string {
  return BY_LOWER.get(name.toLowerCase()) ?? name;
}

const acceptUnknown: Handler = () => true;

export function handlerFor(canonical: string): Handler {
  return HANDLERS[canonical] ?? acceptUnknown;
}
