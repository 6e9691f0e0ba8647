/**
 * Rich messages (Bot API 10.1): `sendRichMessage`, and `editMessageText`
 * with `rich_message`. The content is checked like Telegram would, and as
 * strictly as the HTML path: the documented schema (an unknown block → 400),
 * every limit (counted by the same module the renderer uses), http(s) media
 * Telegram can fetch, anchor links that point somewhere, something to show.
 * An older server (`richMessages: false`) answers 404 for the method.
 */
import type { z } from 'zod';
import { exceededLimit, measureBlocks } from '../render/rich/limits.js';
import type { Block } from '../render/rich/types.js';
import { applyEdit } from './edit.js';
import { ApiError, badRequest } from './errors.js';
import { validateReplyMarkup } from './markup.js';
import { toApiMessage } from './messages.js';
import { chatIdParam, optBool } from './params.js';
import { inputRichMessage } from './rich-schema.js';
import { admitSend, type CallContext, senderFields, writableChat } from './state.js';
import type { StoredMessage, TgChat } from './types.js';

/** The largest rich_message accepted as a form field (JSON text), before parsing. */
const MAX_FORM_JSON = 2_000_000;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : 'rich_message';
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator')
    return `unsupported type at ${where}`;
  return `${where}: ${issue.message}`;
}

function walk(value: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    for (const v of Object.values(value)) walk(v, visit);
  }
}

/** The checked blocks of `rich_message`, or the 400 Telegram would answer. */
export function checkRichMessage(raw: unknown, opts: { photoFetch?: (url: string) => boolean; draft?: boolean } = {}): Block[] {
  let value = raw;
  if (typeof raw === 'string') {
    // Form-encoded callers send the object as JSON text.
    if (raw.length > MAX_FORM_JSON) throw badRequest('rich message is too big');
    try {
      value = JSON.parse(raw);
    } catch {
      throw badRequest("can't parse rich message: not a JSON object");
    }
  }
  const parsed = inputRichMessage.safeParse(value);
  if (!parsed.success) throw badRequest(`can't parse rich message: ${describeIssue(parsed.error.issues[0]!)}`);
  const blocks = parsed.data.blocks as Block[];

  const measure = measureBlocks(blocks);
  const over = exceededLimit(measure);
  if (over) throw badRequest(`rich message is too big: ${over}`);
  if (measure.characters === 0 && measure.media === 0) throw badRequest('rich message is empty');

  const anchors = new Set<string>();
  const links: string[] = [];
  const media: string[] = [];
  let thinking = false;
  walk(blocks, (o) => {
    if (o.type === 'anchor' && typeof o.name === 'string') anchors.add(o.name);
    if (o.type === 'anchor_link' && typeof o.anchor_name === 'string' && o.anchor_name !== '') links.push(o.anchor_name);
    if (o.type === 'thinking') thinking = true;
    if (typeof o.media === 'string') media.push(o.media);
  });
  if (thinking && !opts.draft) throw badRequest('thinking blocks can be used only in sendRichMessageDraft');
  const missing = links.find((name) => !anchors.has(name));
  if (missing !== undefined) throw badRequest(`anchor "${missing}" not found in the message`);
  const fetchable = opts.photoFetch ?? ((url: string) => !url.includes('unreachable'));
  if (media.some((url) => !fetchable(url))) throw badRequest('wrong file identifier/HTTP URL specified');
  return blocks;
}

/** What Telegram echoes: list items get their labels, photos their sizes. */
function echoBlocks(blocks: unknown): unknown[] {
  const copy = structuredClone(blocks) as unknown[];
  walk(copy, (o) => {
    if (o.type === 'list' && Array.isArray(o.items)) {
      for (const item of o.items as Array<Record<string, unknown>>) {
        item.label = typeof item.value === 'number' ? `${item.value}.` : item.has_checkbox ? (item.is_checked ? '☑' : '☐') : '•';
      }
    }
    if (o.type === 'photo' && o.photo && typeof o.photo === 'object' && !Array.isArray(o.photo)) {
      o.photo = [{ file_id: 'AgACAgStandinRich', file_unique_id: 'AQADrich', width: 1280, height: 853 }];
    }
  });
  return copy;
}

function richRefused(ctx: CallContext): void {
  if (ctx.state.opts.richMessages === false) throw new ApiError(404, 'Not Found');
}

export function sendRichMessage(ctx: CallContext): unknown {
  richRefused(ctx);
  const p = ctx.payload;
  const chat = writableChat(ctx, chatIdParam(p));
  const blocks = checkRichMessage(p.rich_message, ctx.state.opts.photoFetch ? { photoFetch: ctx.state.opts.photoFetch } : {});
  validateReplyMarkup(p.reply_markup);
  admitSend(ctx, chat);
  const silent = optBool(p, 'disable_notification');
  const m = ctx.state.store.add(chat, { ...senderFields(ctx, chat), rich_message: { blocks: echoBlocks(blocks) } }, 'out', {
    method: ctx.method,
    rich: blocks,
    ...(silent !== undefined ? { disable_notification: silent } : {}),
  });
  return toApiMessage(m);
}

/** editMessageText with `rich_message`: a rich message (or a text one) becomes the new rich content. */
export function editRichMessage(ctx: CallContext, t: { chat: TgChat; message: StoredMessage }): unknown {
  const { message } = t;
  if (message.rich_message === undefined && message.text === undefined) throw badRequest('there is no text in the message to edit');
  const blocks = checkRichMessage(ctx.payload.rich_message, ctx.state.opts.photoFetch ? { photoFetch: ctx.state.opts.photoFetch } : {});
  validateReplyMarkup(ctx.payload.reply_markup);
  return applyEdit(
    ctx,
    t.chat,
    message,
    { text: undefined, entities: undefined, rich_message: { blocks: echoBlocks(blocks) } },
    { rich: blocks },
  );
}
