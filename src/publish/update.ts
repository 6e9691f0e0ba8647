/**
 * A corrected report, applied to the messages a channel already shows: each
 * part whose content changed is edited in place (text, or a photo's
 * caption), the rest are left alone, and the opening keeps its table of
 * contents. That only works while the report still splits into as many
 * messages as were posted (and keeps its cover photo); otherwise nothing is
 * edited and the summary says a repost is needed.
 *
 * What changed is known from the posted record (toc.ts), which holds a
 * fingerprint of every message's content. The file's old text is not kept,
 * so without a record (a post from before records existed) every part is
 * edited and Telegram's "message is not modified" tells the unchanged ones.
 *
 * Edits count like sends for flood control: each waits for the pacer. They
 * run under the channel's posting lock, so they never interleave with a post.
 */
import { type Api, GrammyError } from 'grammy';
import type { Report } from '../content/report.js';
import type { Logger } from '../logger.js';
import type { MessagePart } from '../render/messages.js';
import { isRichPart, type OutgoingPart } from '../render/rich/parts.js';
import type { Store } from '../store/store.js';
import { describeError, isNetworkFailure, isNoAccess, isParseError } from './errors.js';
import { acquireLock } from './lock.js';
import { chatKey, createPacer, type Pacer } from './pacer.js';
import { createRichPublishing, editRichPart, type RichPublishing } from './rich-send.js';
import {
  buildToc,
  type ChannelInfoLookup,
  channelInfoFromApi,
  contentFingerprint,
  editMessage,
  findPostedMessages,
  partContent,
  partShape,
  savePostedRecord,
  TOC_MIN_PARTS,
} from './toc.js';
import type { ChatTarget } from './types.js';

export interface UpdateDeps {
  /** With retries installed. */
  api: Api;
  store: Store;
  logger: Logger;
  /** Share the publisher's pacer when there is one (default: a pacer of its own per call). */
  pacer?: Pacer;
  /** Default: getChat, remembered for this call. */
  channelInfo?: ChannelInfoLookup;
  /** Keep a table of contents in the opening of reports of 3+ messages, as createTocEditor adds it (default true). */
  toc?: boolean;
  /** The table's heading (default as createTocEditor's). */
  tocLabel?: string;
  now?: () => Date;
  /** Lease of the channel's posting lock in ms (default 30 000). */
  lockTtlMs?: number;
  /** Builds rich parts (POST_FORMAT=rich); a channel that got a rich post is edited with them whatever the setting is now. */
  rich?: RichPublishing;
}

export type UpdateStatus =
  /** Edited what changed (maybe nothing); see `changed`, `unchanged`, `failed`. */
  | 'updated'
  /** The report now splits into a different number of messages: repost instead. */
  | 'split-changed'
  /** The cover photo was added, removed or replaced: an edit cannot change it; repost instead. */
  | 'cover-changed'
  /** The channel never received this report. */
  | 'not-posted'
  /** A post to this channel is running; try again when it is done. */
  | 'locked'
  | 'failed';

export interface UpdateSummary {
  status: UpdateStatus;
  channel: ChatTarget;
  reportId: string;
  /** Messages the report renders to now. */
  total: number;
  /** Messages the channel has of it (when known). */
  posted?: number;
  /** 1-based numbers of the parts edited. */
  changed: number[];
  /** Parts that already showed the new content. */
  unchanged: number;
  /** Parts that could not be edited, 1-based, with one sentence each. */
  failed: Array<{ part: number; error: string }>;
  /** One sentence when status is `failed` or a part stopped the run. */
  error?: string;
}

const NO_TEXT_TO_EDIT = /there is no (caption|text) in the message to edit/i;

/** The part went out through a fallback: a photo Telegram could not use became a text message. */
function isWrongKind(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && NO_TEXT_TO_EDIT.test(err.description);
}

/** Nothing later will fare better: stop editing this channel. */
function stopsRun(err: unknown): boolean {
  return isNoAccess(err) || isNetworkFailure(err) || (err instanceof GrammyError && err.error_code === 429);
}

/**
 * Edit one posted part to `html`, with sendPart's fallbacks: HTML Telegram
 * refuses goes as the part's plain text; a photo whose caption is not there
 * (it went out as text) gets its text edited instead.
 */
async function editPart(
  api: Api,
  chat: ChatTarget,
  messageId: number,
  part: OutgoingPart,
  html: string,
): Promise<'edited' | 'not-modified'> {
  // A rich message is edited in place with its new blocks (editMessageText with rich_message).
  if (isRichPart(part)) return editRichPart(api, chat, messageId, part);
  const asText = async (): Promise<'edited' | 'not-modified'> => {
    try {
      return await editMessage(api, chat, messageId, 'text', html);
    } catch (err) {
      if (isParseError(err)) return editMessage(api, chat, messageId, 'text', part.text, false);
      throw err;
    }
  };
  if (part.payload.method === 'sendMessage') return asText();
  try {
    return await editMessage(api, chat, messageId, 'caption', html);
  } catch (err) {
    if (isParseError(err)) return editMessage(api, chat, messageId, 'caption', part.text, false);
    if (isWrongKind(err)) return asText();
    throw err;
  }
}

/** Edit the messages of `report` in `channel` to show `parts`, where the split allows it. */
export async function updatePosted(
  deps: UpdateDeps,
  report: Report,
  htmlParts: MessagePart[],
  channel: ChatTarget,
): Promise<UpdateSummary> {
  let parts: OutgoingPart[] = htmlParts;
  const log = deps.logger.child({ component: 'update', reportId: report.id, channel });
  const summary: UpdateSummary = {
    status: 'updated',
    channel,
    reportId: report.id,
    total: parts.length,
    changed: [],
    unchanged: 0,
    failed: [],
  };
  const end = (status: UpdateStatus, extra: Partial<UpdateSummary> = {}): UpdateSummary => {
    const out = { ...summary, status, ...extra };
    log.info({ status, changed: out.changed, unchanged: out.unchanged, failed: out.failed.length }, 'update finished');
    return out;
  };

  const lock = await acquireLock(deps.store, `post:${chatKey(channel)}`, { ttlMs: deps.lockTtlMs ?? 30_000, logger: log }).catch(
    (err: unknown) => {
      log.error({ err }, 'could not take the posting lock');
      return undefined;
    },
  );
  if (lock === undefined) return end('failed', { error: `Could not take the posting lock for ${channel}.` });
  if (lock === null) return end('locked');
  try {
    const posted = await findPostedMessages(deps.store, channel, report);
    if (!posted) return end('not-posted');
    const { messageIds, record } = posted;
    summary.posted = messageIds.length;
    // Edit in the form the channel shows: rich when it got a rich post (the record says; without one, the setting).
    const postedRich = record ? record.shapes[0] === 'rich' : deps.rich !== undefined;
    if (postedRich && htmlParts.length > 0) {
      parts = (deps.rich ?? createRichPublishing()).parts(report, htmlParts);
      summary.total = parts.length;
    }
    if (messageIds.length !== parts.length) return end('split-changed');
    const shapes = parts.map(partShape);
    if (record?.shapes.some((s, i) => s !== shapes[i])) return end('cover-changed');

    let tocHtml: string | undefined;
    if (deps.toc !== false && parts.length >= TOC_MIN_PARTS) {
      try {
        const info = await (deps.channelInfo ?? channelInfoFromApi(deps.api))(channel);
        tocHtml = buildToc(report, parts, messageIds, info, deps.tocLabel);
      } catch (err) {
        log.warn({ err }, "could not learn the channel's identity; keeping the table of contents it had");
        tocHtml = record?.tocHtml;
      }
    }

    const pacer = deps.pacer ?? createPacer();
    const hashes = parts.map((_, i) => record?.partHashes[i] ?? '');
    let stopped: string | undefined;
    for (const [i, part] of parts.entries()) {
      const content = partContent(part, i === 0 ? tocHtml : undefined);
      const fingerprint = contentFingerprint(content);
      if (stopped !== undefined) {
        summary.failed.push({ part: i + 1, error: stopped });
        continue;
      }
      if (hashes[i] === fingerprint) {
        summary.unchanged += 1;
        continue;
      }
      try {
        await pacer.wait(channel);
        const outcome = await editPart(deps.api, channel, messageIds[i]!, part, content.html);
        hashes[i] = fingerprint;
        if (outcome === 'edited') summary.changed.push(i + 1);
        else summary.unchanged += 1;
        log.info({ part: i + 1, messageId: messageIds[i], outcome }, 'part updated');
      } catch (err) {
        const error = describeError(err);
        log.warn({ err, part: i + 1, messageId: messageIds[i] }, 'part could not be edited');
        summary.failed.push({ part: i + 1, error });
        if (stopsRun(err)) stopped = error;
      }
    }

    // The opening shows the new table once its edit went through (or was not needed).
    const shownToc = summary.failed.some((f) => f.part === 1) ? record?.tocHtml : tocHtml;
    await savePostedRecord(deps.store, channel, report.id, {
      hash: summary.failed.length === 0 ? report.hash : (record?.hash ?? ''),
      messageIds,
      partHashes: hashes,
      shapes,
      ...(shownToc !== undefined ? { tocHtml: shownToc } : {}),
      updatedAt: (deps.now ?? (() => new Date()))().toISOString(),
    });
    return end('updated', stopped !== undefined ? { error: stopped } : {});
  } finally {
    await lock.release();
  }
}
