/**
 * Handlers that create and change messages: sendMessage, sendPhoto, the
 * editMessage* family, deleteMessage, pinChatMessage, sendChatAction.
 *
 * Each checks in Telegram's order as far as it is observable: the chat
 * (400 not found, 403 kicked/blocked), then the content (400), then flood
 * control (429), and only then stores anything, so a refused call leaves no
 * trace but its entry in the call log.
 */

import { resolveAttachment } from './body.js';
import { applyEdit, rawInfo } from './edit.js';
import { badRequest } from './errors.js';
import { validateReplyMarkup } from './markup.js';
import { toApiMessage } from './messages.js';
import { chatIdParam, messageIdParam, optArray, optBool, optInt, optObject, optString } from './params.js';
import { editRichMessage } from './rich.js';
import { admitSend, type CallContext, senderFields, writableChat } from './state.js';
import { formatText } from './text.js';
import type { StoredMessage, TgChat } from './types.js';

/** reply_parameters (or the legacy reply_to_message_id) → the message replied to. */
function replyTarget(ctx: CallContext, chat: TgChat): Record<string, unknown> {
  const params = optObject(ctx.payload, 'reply_parameters');
  const id = params ? Number(params.message_id) : optInt(ctx.payload, 'reply_to_message_id');
  if (id === undefined || Number.isNaN(id)) return {};
  const target = ctx.state.store.find(chat.id, id);
  if (target) return { reply_to_message: toApiMessage(target) };
  const lenient = params?.allow_sending_without_reply === true || optBool(ctx.payload, 'allow_sending_without_reply');
  if (lenient) return {};
  throw badRequest('message to be replied not found');
}

function inlineKeyboard(markup: unknown): Record<string, unknown> {
  // Telegram echoes inline keyboards in the sent message; reply keyboards are not part of it.
  const m = markup as { inline_keyboard?: unknown } | undefined;
  return m?.inline_keyboard ? { reply_markup: m } : {};
}

export function sendMessage(ctx: CallContext): unknown {
  const p = ctx.payload;
  const chat = writableChat(ctx, chatIdParam(p));
  const html = optString(p, 'text');
  const f = formatText({
    value: html,
    parseMode: optString(p, 'parse_mode'),
    entities: optArray(p, 'entities'),
    kind: 'text',
    validateHtml: ctx.state.opts.validateHtml,
  });
  validateReplyMarkup(p.reply_markup);
  const reply = replyTarget(ctx, chat);
  admitSend(ctx, chat);
  const m = ctx.state.store.add(
    chat,
    {
      ...senderFields(ctx, chat),
      ...reply,
      text: f.text,
      ...(f.entities.length ? { entities: f.entities } : {}),
      ...inlineKeyboard(p.reply_markup),
    },
    'out',
    rawInfo(ctx, html !== undefined ? { html } : {}),
  );
  return toApiMessage(m);
}

export function sendPhoto(ctx: CallContext): unknown {
  const p = ctx.payload;
  const chat = writableChat(ctx, chatIdParam(p));
  const { store, opts } = ctx.state;
  const upload = resolveAttachment(p, p.photo);
  const ref = upload ? undefined : optString(p, 'photo');
  if (!upload && !ref) throw badRequest('there is no photo in the request');
  if (ref !== undefined) {
    const fetchable = opts.photoFetch ?? ((url: string) => !url.includes('unreachable'));
    const ok = /^https?:\/\//i.test(ref) ? fetchable(ref) : store.knowsFileId(ref);
    if (!ok) throw badRequest('wrong file identifier/HTTP URL specified');
  }
  const caption = optString(p, 'caption');
  const f = formatText({
    value: caption,
    parseMode: optString(p, 'parse_mode'),
    entities: optArray(p, 'caption_entities'),
    kind: 'caption',
    validateHtml: opts.validateHtml,
  });
  validateReplyMarkup(p.reply_markup);
  const reply = replyTarget(ctx, chat);
  admitSend(ctx, chat);
  const small = store.issueFileId();
  const large =
    ref !== undefined && store.knowsFileId(ref) ? { file_id: ref, file_unique_id: `AQAD${ref.slice(-8)}` } : store.issueFileId();
  const m = store.add(
    chat,
    {
      ...senderFields(ctx, chat),
      ...reply,
      photo: [
        { ...small, width: 90, height: 60, file_size: 1_500 },
        { ...large, width: 1280, height: 853, file_size: 98_000 },
      ],
      ...(f.text ? { caption: f.text } : {}),
      ...(f.entities.length ? { caption_entities: f.entities } : {}),
      ...inlineKeyboard(p.reply_markup),
    },
    'out',
    rawInfo(ctx, {
      ...(caption !== undefined ? { html: caption } : {}),
      ...(ref !== undefined ? { photo: ref } : {}),
      ...(upload ? { upload } : {}),
    }),
  );
  return toApiMessage(m);
}

/** The message an edit/delete/pin names, or Telegram's "not found" for that action. */
function target(ctx: CallContext, notFound: string): { chat: TgChat; message: StoredMessage } {
  const chat = writableChat(ctx, chatIdParam(ctx.payload));
  const id = messageIdParam(ctx.payload, notFound);
  const message = ctx.state.store.find(chat.id, id);
  if (!message) throw badRequest(notFound);
  return { chat, message };
}

export function editMessageText(ctx: CallContext): unknown {
  if (optString(ctx.payload, 'inline_message_id')) return true; // inline messages are not stored
  if (ctx.payload.rich_message !== undefined && ctx.state.opts.richMessages !== false)
    return editRichMessage(ctx, target(ctx, 'message to edit not found'));
  const { chat, message } = target(ctx, 'message to edit not found');
  if (message.text === undefined) throw badRequest('there is no text in the message to edit');
  const p = ctx.payload;
  const f = formatText({
    value: optString(p, 'text'),
    parseMode: optString(p, 'parse_mode'),
    entities: optArray(p, 'entities'),
    kind: 'text',
    validateHtml: ctx.state.opts.validateHtml,
  });
  validateReplyMarkup(p.reply_markup);
  // Omitting reply_markup in an edit removes the inline keyboard, as on Telegram.
  return applyEdit(ctx, chat, message, {
    text: f.text,
    entities: f.entities.length ? f.entities : undefined,
    reply_markup: inlineKeyboard(p.reply_markup).reply_markup,
  });
}

export function editMessageCaption(ctx: CallContext): unknown {
  if (optString(ctx.payload, 'inline_message_id')) return true;
  const { chat, message } = target(ctx, 'message to edit not found');
  if (message.photo === undefined) throw badRequest('there is no caption in the message to edit');
  const p = ctx.payload;
  const f = formatText({
    value: optString(p, 'caption'),
    parseMode: optString(p, 'parse_mode'),
    entities: optArray(p, 'caption_entities'),
    kind: 'caption',
    validateHtml: ctx.state.opts.validateHtml,
  });
  validateReplyMarkup(p.reply_markup);
  return applyEdit(ctx, chat, message, {
    caption: f.text || undefined,
    caption_entities: f.entities.length ? f.entities : undefined,
    reply_markup: inlineKeyboard(p.reply_markup).reply_markup,
  });
}

export function editMessageReplyMarkup(ctx: CallContext): unknown {
  if (optString(ctx.payload, 'inline_message_id')) return true;
  const { chat, message } = target(ctx, 'message to edit not found');
  validateReplyMarkup(ctx.payload.reply_markup);
  return applyEdit(ctx, chat, message, { reply_markup: inlineKeyboard(ctx.payload.reply_markup).reply_markup });
}

export function deleteMessage(ctx: CallContext): unknown {
  target(ctx, 'message to delete not found').message.deleted = true;
  return true;
}

export function pinChatMessage(ctx: CallContext): unknown {
  target(ctx, 'message to pin not found').message.pinned = true;
  return true;
}

export function sendChatAction(ctx: CallContext): unknown {
  writableChat(ctx, chatIdParam(ctx.payload));
  if (!optString(ctx.payload, 'action')) throw badRequest('wrong parameter action in request');
  return true;
}
