/**
 * The rich send path, kept apart from send-part.ts: one rich part to one
 * chat, one rich edit, and what a refusal means. Unlike an HTML part, a
 * refused rich part has no per-part workaround: the whole report falls back
 * to its split HTML parts (post-run.ts, publisher.ts decide that).
 */
import { type Api, GrammyError } from 'grammy';
import { createMarkdown } from '../content/markdown.js';
import type { Report } from '../content/report.js';
import type { MessagePart } from '../render/messages.js';
import { type RichPart, reportToRichParts } from '../render/rich/parts.js';
import { topicToRichParts } from '../render/rich/topic.js';
import { isNoAccess, isPhotoUnusable } from './errors.js';
import type { ChatTarget } from './types.js';

/** Builds a report's rich parts; `html` are its split HTML parts, kept as the fallback. */
export interface RichPublishing {
  parts(report: Report, html: MessagePart[]): RichPart[];
  /** One topic of a report (a reader's /topic answer); `html` are its HTML parts. */
  topicParts(report: Report, topicIndex: number, html: MessagePart[]): RichPart[];
}

/** The default: the project's markdown-it configuration, parts cached per report version. */
export function createRichPublishing(): RichPublishing {
  const md = createMarkdown();
  const cache = new Map<string, { hash: string; html: MessagePart[]; parts: RichPart[] }>();
  return {
    parts(report, html) {
      const hit = cache.get(report.id);
      if (hit && hit.hash === report.hash && hit.html === html) return hit.parts;
      const parts = reportToRichParts(md, report, html);
      cache.set(report.id, { hash: report.hash, html, parts });
      return parts;
    },
    topicParts: (report, topicIndex, html) => topicToRichParts(md, report, topicIndex, html),
  };
}

/**
 * Telegram will not take this rich message, and an HTML post will do: an
 * older Bot API server without the method (404), or content it refuses
 * (400). Not when the bot may not write to the chat: HTML fares no better.
 */
export function isRichRefused(err: unknown): boolean {
  if (!(err instanceof GrammyError) || isNoAccess(err)) return false;
  // 429 and 5xx are retried by the Api's retry layer; what reaches here of them is not the content's fault.
  return err.error_code === 404 || err.error_code === 400;
}

/** Why, in one phrase for the admins. */
export function richRefusalReason(err: unknown): string {
  if (err instanceof GrammyError && err.error_code === 404) {
    return `the Bot API server does not know sendRichMessage (404: ${err.description}); it is older than Bot API 10.1`;
  }
  if (err instanceof GrammyError) return `Telegram refused the rich message (${err.error_code}: ${err.description})`;
  return 'Telegram refused the rich message';
}

export interface RichSendOptions {
  silent?: boolean;
  replyMarkup?: unknown;
}

/** The message without its photo blocks (the cover), or undefined when it has none. */
function withoutPhotos(part: RichPart): RichPart['payload']['rich_message'] | undefined {
  const blocks = part.payload.rich_message.blocks;
  const kept = blocks.filter((b) => b.type !== 'photo');
  return kept.length < blocks.length ? { blocks: kept } : undefined;
}

/**
 * Send one rich part. A cover photo Telegram cannot fetch gives way to the
 * text, as in the HTML path: the report matters more than its picture.
 */
export async function sendRichPart(
  api: Api,
  chat: ChatTarget,
  part: RichPart,
  opts: RichSendOptions = {},
): Promise<{ messageId: number; withoutPhoto: boolean }> {
  const silent = opts.silent ?? part.payload.disable_notification === true;
  const send = (rich_message: RichPart['payload']['rich_message']) =>
    api.raw.sendRichMessage({
      chat_id: chat,
      rich_message,
      ...(silent ? { disable_notification: true } : {}),
      ...(opts.replyMarkup !== undefined ? { reply_markup: opts.replyMarkup as never } : {}),
    });
  try {
    return { messageId: (await send(part.payload.rich_message)).message_id, withoutPhoto: false };
  } catch (err) {
    const bare = isPhotoUnusable(err) ? withoutPhotos(part) : undefined;
    if (!bare) throw err;
    return { messageId: (await send(bare)).message_id, withoutPhoto: true };
  }
}

const NOT_MODIFIED = /message is not modified/i;

/** Edit a posted rich message in place to show `part`. */
export async function editRichPart(api: Api, chat: ChatTarget, messageId: number, part: RichPart): Promise<'edited' | 'not-modified'> {
  const edit = async (rich_message: RichPart['payload']['rich_message']): Promise<'edited' | 'not-modified'> => {
    try {
      await api.raw.editMessageText({ chat_id: chat, message_id: messageId, rich_message });
      return 'edited';
    } catch (err) {
      if (err instanceof GrammyError && err.error_code === 400 && NOT_MODIFIED.test(err.description)) return 'not-modified';
      throw err;
    }
  };
  try {
    return await edit(part.payload.rich_message);
  } catch (err) {
    const bare = isPhotoUnusable(err) ? withoutPhotos(part) : undefined;
    if (!bare) throw err;
    return edit(bare);
  }
}
