/**
 * Recording a sent or edited message's request (rawInfo) and applying an edit
 * (applyEdit), shared by messaging.ts and rich.ts; apart so neither imports the other.
 */
import { badRequest } from './errors.js';
import { toApiMessage } from './messages.js';
import { optBool, optString } from './params.js';
import { admitSend, type CallContext } from './state.js';
import type { RawSendInfo, StoredMessage, TgChat } from './types.js';

export function rawInfo(ctx: CallContext, extra: Partial<RawSendInfo>): RawSendInfo {
  const p = ctx.payload;
  const raw: RawSendInfo = { method: ctx.method, ...extra };
  const parseMode = optString(p, 'parse_mode');
  if (parseMode !== undefined) raw.parse_mode = parseMode;
  if (p.reply_markup !== undefined) raw.reply_markup = p.reply_markup;
  const silent = optBool(p, 'disable_notification');
  if (silent !== undefined) raw.disable_notification = silent;
  if (p.link_preview_options !== undefined) raw.link_preview_options = p.link_preview_options;
  if (p.reply_parameters !== undefined) raw.reply_parameters = p.reply_parameters;
  return raw;
}

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** Shared by the three edit methods: compare, flood-check, record history, apply. */
export function applyEdit(
  ctx: CallContext,
  chat: TgChat,
  m: StoredMessage,
  next: Partial<StoredMessage>,
  rawExtra: Partial<RawSendInfo> = {},
): unknown {
  if (m.direction !== 'out') throw badRequest("message can't be edited");
  const keys = ['text', 'entities', 'caption', 'caption_entities', 'rich_message', 'reply_markup'] as const;
  const view = (src: Partial<StoredMessage>): string => JSON.stringify(keys.map((k) => src[k] ?? null));
  if (view({ ...m, ...next }) === view(m)) throw badRequest(NOT_MODIFIED);
  admitSend(ctx, chat);
  const html = optString(ctx.payload, 'text') ?? optString(ctx.payload, 'caption');
  const raw = rawInfo(ctx, { ...(html !== undefined ? { html } : {}), ...rawExtra });
  m.edits.push({
    at: ctx.state.clock(),
    method: ctx.method,
    before: { text: m.text, caption: m.caption, reply_markup: m.reply_markup, ...(m.rich_message ? { rich_message: m.rich_message } : {}) },
    raw,
  });
  // m.raw always describes the current content; the history keeps each edit's request.
  const contentRaw =
    ctx.method === 'editMessageReplyMarkup'
      ? {}
      : { html: raw.html, parse_mode: raw.parse_mode, link_preview_options: raw.link_preview_options, rich: raw.rich };
  m.raw = { ...m.raw, ...contentRaw, reply_markup: raw.reply_markup };
  Object.assign(m, next, { edit_date: ctx.state.store.now() });
  return toApiMessage(m);
}
