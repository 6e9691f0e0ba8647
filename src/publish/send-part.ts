/**
 * One rendered part to one chat, never dropped for a reason we can work
 * around: HTML Telegram refuses goes out as the plain text it would have
 * shown, and a cover photo Telegram cannot fetch gives way to its caption as
 * a text message. Everything else (403, network after retries) is thrown for
 * the caller to judge.
 */
import type { Api } from 'grammy';
import type { MessagePart } from '../render/messages.js';
import { isRichPart, type OutgoingPart } from '../render/rich/parts.js';
import { isParseError, isPhotoUnusable } from './errors.js';
import { sendRichPart } from './rich-send.js';
import type { ChatTarget } from './types.js';

/** How the part went out, for logs and metrics. */
export type SentVia =
  | 'html'
  | 'plain-text'
  | 'photo'
  | 'photo-plain-caption'
  | 'caption-as-text'
  | 'caption-as-plain-text'
  /** A rich message (its refusal is the caller's to handle: the report falls back to HTML). */
  | 'rich'
  /** A rich message whose cover photo Telegram could not fetch, sent without it. */
  | 'rich-without-photo';

export interface SentPart {
  messageId: number;
  via: SentVia;
}

export interface SendPartOptions {
  /** true/false sets `disable_notification`; undefined keeps what the part carries. */
  silent?: boolean;
  /** Inline keyboard to attach (reply_markup). */
  replyMarkup?: unknown;
}

const NO_PREVIEW = { is_disabled: true } as const;

/** Send `part` to `chat`, with the fallbacks above. */
export async function sendPart(api: Api, chat: ChatTarget, part: OutgoingPart, opts: SendPartOptions = {}): Promise<SentPart> {
  if (isRichPart(part)) {
    const sent = await sendRichPart(api, chat, part, opts);
    return { messageId: sent.messageId, via: sent.withoutPhoto ? 'rich-without-photo' : 'rich' };
  }
  return sendHtmlPart(api, chat, part, opts);
}

async function sendHtmlPart(api: Api, chat: ChatTarget, part: MessagePart, opts: SendPartOptions): Promise<SentPart> {
  const silent = opts.silent ?? part.payload.disable_notification === true;
  const common = {
    chat_id: chat,
    ...(silent ? { disable_notification: true } : {}),
    ...(opts.replyMarkup !== undefined ? { reply_markup: opts.replyMarkup as never } : {}),
  };
  const text = async (html: string | undefined, via: SentVia): Promise<SentPart> => {
    const m = await api.raw.sendMessage({
      ...common,
      text: html ?? part.text,
      ...(html !== undefined ? { parse_mode: 'HTML' as const } : {}),
      link_preview_options: NO_PREVIEW,
    });
    return { messageId: m.message_id, via };
  };
  const p = part.payload;

  if (p.method === 'sendMessage') {
    try {
      return await text(p.text, 'html');
    } catch (err) {
      if (isParseError(err)) return text(undefined, 'plain-text');
      throw err;
    }
  }

  const photo = async (caption: string | undefined, via: SentVia): Promise<SentPart> => {
    const m = await api.raw.sendPhoto({
      ...common,
      photo: p.photo,
      caption: caption ?? part.text,
      ...(caption !== undefined ? { parse_mode: 'HTML' as const } : {}),
    });
    return { messageId: m.message_id, via };
  };
  try {
    return await photo(p.caption, 'photo');
  } catch (err) {
    if (isParseError(err)) {
      try {
        return await photo(undefined, 'photo-plain-caption');
      } catch (again) {
        if (isPhotoUnusable(again)) return text(undefined, 'caption-as-plain-text');
        throw again;
      }
    }
    if (!isPhotoUnusable(err)) throw err;
  }
  // The photo is out of reach; the header still matters more than the picture.
  try {
    return await text(p.caption, 'caption-as-text');
  } catch (err) {
    if (isParseError(err)) return text(undefined, 'caption-as-plain-text');
    throw err;
  }
}
