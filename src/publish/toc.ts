/**
 * Where a posted report's pieces are in a channel, and a table of contents
 * that points at them:
 *
 *  - links to channel messages (`t.me/<username>/<id>`, or `t.me/c/<id>/<id>`
 *    for a private channel), with the channel's identity learnt once by getChat;
 *  - the record of what each message of a posted report shows
 *    (`publish:posted:<channel>:<report id>`), written when a post completes
 *    and after every in-place update, so `/update` edits only what changed;
 *  - `createTocEditor`: after a report of three or more messages reached a
 *    channel, its opening message (text, or a photo's caption) gets a short
 *    table of contents linking each section to the message that carries it.
 *
 * The table is built from the report's own parts, never from the message as
 * it is now, so running the editor again produces the same text: Telegram's
 * "message is not modified" is the proof that the table is already there.
 */
import { type Api, GrammyError } from 'grammy';
import type { Report } from '../content/report.js';
import type { Logger } from '../logger.js';
import { createRenderer } from '../render/document.js';
import { type MessagePart, reportToParts } from '../render/messages.js';
import { isRichPart, type OutgoingPart } from '../render/rich/parts.js';
import { escapeHtml } from '../render/rich-text.js';
import { CAPTION_LIMITS, MESSAGE_LIMITS } from '../render/split.js';
import { tokenize } from '../render/telegram-html.js';
import { clipTocTitle, TOC_MIN_PARTS, tocLabelOf } from '../render/toc.js';
import type { Store } from '../store/store.js';
import { createPacer, type Pacer } from './pacer.js';
import type { PostedInfo } from './post-run.js';
import { createProgressStore, partsFingerprint } from './progress.js';
import type { ChatTarget } from './types.js';

export { type ChannelInfo, type ChannelInfoLookup, channelInfoFromApi, messageLink } from './channel-links.js';
export {
  contentFingerprint,
  findPostedMessages,
  getPostedRecord,
  type PartContent,
  type PostedMessages,
  type PostedRecord,
  partContent,
  partShape,
  savePostedRecord,
} from './posted-record.js';

import { type ChannelInfo, type ChannelInfoLookup, channelInfoFromApi, messageLink } from './channel-links.js';
import { contentFingerprint, getPostedRecord, type PartContent, partContent, partShape, savePostedRecord } from './posted-record.js';

// ---------------------------------------------------------------- where things landed

/**
 * The part each topic of the report starts in: the part with the topic's
 * heading (matched in order, so repeated titles pair up), else the first
 * part from the previous topic's on whose text contains the title (newswire
 * items have no heading). Undefined when it cannot be found.
 */
export function topicLocations(report: Report, parts: OutgoingPart[]): Array<number | undefined> {
  const headings = parts.flatMap((p, part) => p.headings.map((h) => ({ ...h, part })));
  let nextHeading = 0;
  let lastPart = 0;
  return report.topics.map((topic) => {
    const at = headings.findIndex((h, i) => i >= nextHeading && h.level >= 2 && h.title === topic.title);
    let part: number | undefined;
    if (at >= 0) {
      nextHeading = at + 1;
      part = headings[at]!.part;
    } else {
      const found = parts.findIndex((p, i) => i >= lastPart && p.text.includes(topic.title));
      part = found >= 0 ? found : undefined;
    }
    if (part !== undefined) lastPart = part;
    return part;
  });
}

/** A line of the table of contents. */
export interface TocEntry {
  title: string;
  /** Index of the part (message) it links to. */
  part: number;
}

/** Sections (headings of level 1–2 other than the report's title); the topics when there are none. */
export function tocEntries(report: Report, parts: OutgoingPart[]): TocEntry[] {
  let titleSeen = false;
  const sections: TocEntry[] = [];
  parts.forEach((p, part) => {
    for (const h of p.headings) {
      if (h.level > 2) continue;
      if (h.level === 1 && !titleSeen && h.title === report.title) {
        titleSeen = true;
        continue;
      }
      sections.push({ title: h.title, part });
    }
  });
  if (sections.length > 0) return sections;
  const at = topicLocations(report, parts);
  return report.topics.flatMap((topic, i) => {
    const part = at[i];
    return part === undefined ? [] : [{ title: topic.title, part }];
  });
}

/** Entities in HTML our renderer wrote: one per tag, `<pre><code class>` being one. */
export function countEntities(html: string): number {
  const tokens = tokenize(html);
  let n = 0;
  tokens.forEach((t, i) => {
    if (t.kind !== 'open') return;
    const prev = tokens[i - 1];
    if (t.name === 'code' && prev?.kind === 'open' && prev.name === 'pre') return;
    n++;
  });
  return n;
}

/** Reports of fewer messages get no table of contents. */
export { TOC_MIN_PARTS } from '../render/toc.js';

/**
 * The table of contents to append to the opening part's HTML, or undefined
 * (fewer than three parts, nothing to list, no links possible, or no room).
 * Entries are dropped from the end, with a closing "…", rather than let the
 * opening exceed its limits (4,096 units of text or 1,024 of caption, 100 entities).
 */
export function buildToc(
  report: Report,
  parts: OutgoingPart[],
  messageIds: number[],
  channel: ChannelInfo,
  label = tocLabelOf(report),
): string | undefined {
  if (parts.length < TOC_MIN_PARTS || messageIds.length !== parts.length) return undefined;
  // A rich message carries its own table of contents (anchor links, render/rich/toc.ts).
  if (isRichPart(parts[0]!)) return undefined;
  const opening = parts[0]!;
  const content = partContent(opening);
  const limits = content.kind === 'caption' ? CAPTION_LIMITS : MESSAGE_LIMITS;
  const entries = tocEntries(report, parts).flatMap((e) => {
    const url = messageLink(channel, messageIds[e.part]!);
    return url ? [{ title: clipTocTitle(e.title), url }] : [];
  });
  if (entries.length === 0) return undefined;

  const head = `\n\n${label}`;
  const room = limits.maxLength - opening.text.length - head.length;
  const entityRoom = limits.maxEntities - countEntities(content.html) - 1;
  const ellipsis = '\n…'.length;
  let used = 0;
  let count = 0;
  for (const entry of entries) {
    const cost = '\n• '.length + entry.title.length;
    const more = count + 1 < entries.length;
    if (used + cost + (more ? ellipsis : 0) > room || count + 1 > entityRoom) break;
    used += cost;
    count++;
  }
  if (count === 0) return undefined;
  const lines = entries.slice(0, count).map((e) => `\n• <a href="${escapeHtml(e.url).replace(/"/g, '&quot;')}">${escapeHtml(e.title)}</a>`);
  return `\n\n<b>${escapeHtml(label)}</b>${lines.join('')}${count < entries.length ? '\n…' : ''}`;
}

// ---------------------------------------------------------------- editing

/** Telegram's answer to an edit that would change nothing. */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && /message is not modified/i.test(err.description);
}

/** Set a message's text or caption; `parseMode` false sends `text` as plain text. Resolves 'not-modified' for an identical edit. */
export async function editMessage(
  api: Api,
  chat: ChatTarget,
  messageId: number,
  kind: PartContent['kind'],
  text: string,
  html = true,
): Promise<'edited' | 'not-modified'> {
  const mode = html ? { parse_mode: 'HTML' as const } : {};
  try {
    if (kind === 'caption') await api.raw.editMessageCaption({ chat_id: chat, message_id: messageId, caption: text, ...mode });
    else
      await api.raw.editMessageText({ chat_id: chat, message_id: messageId, text, ...mode, link_preview_options: { is_disabled: true } });
    return 'edited';
  } catch (err) {
    if (isNotModified(err)) return 'not-modified';
    throw err;
  }
}

// ---------------------------------------------------------------- the editor

export interface TocEditorDeps {
  /** With retries installed; edits go to the channel like sends. */
  api: Api;
  store: Store;
  logger: Logger;
  /** Pass the publisher's pacer so edits share the channel's budget (default: a pacer of its own). */
  pacer?: Pacer;
  /** The channel's numeric id and username (default: getChat, remembered). */
  channelInfo?: ChannelInfoLookup;
  /** The parts the publisher was given for a report (default: reportToParts with the default renderer, as Library.parts renders). */
  parts?: (report: Report) => MessagePart[];
  /** The table's heading (default: 目录 for a Chinese report, Contents otherwise). */
  label?: string;
  now?: () => Date;
}

export interface TocEditor {
  /** The publisher's onPosted hook: record what was posted; add the table of contents to a 3+ message report. Never throws. */
  onPosted(info: PostedInfo): Promise<void>;
}

export function createTocEditor(deps: TocEditorDeps): TocEditor {
  const pacer = deps.pacer ?? createPacer();
  const channelInfo = deps.channelInfo ?? channelInfoFromApi(deps.api);
  const renderer = deps.parts ? undefined : createRenderer();
  const partsOf = deps.parts ?? ((report: Report) => reportToParts(report, renderer!));
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ component: 'toc' });

  const run = async ({ report, channel, messageIds, parts: postedParts }: PostedInfo): Promise<void> => {
    const plog = log.child({ reportId: report.id, channel });
    // What the channel got (a rich post, or its HTML fallback) when the publisher says so.
    const parts = postedParts ?? partsOf(report);
    const posted = await createProgressStore(deps.store).getRun(channel, report.id, report.hash);
    if (messageIds.length !== parts.length || (posted && posted.partsHash !== partsFingerprint(parts))) {
      plog.warn(
        { messages: messageIds.length, parts: parts.length },
        'the posted messages do not match the rendered parts; no table of contents',
      );
      return;
    }
    let tocHtml: string | undefined;
    // A rich message carries its own table of contents (anchor links, render/rich/toc.ts).
    if (parts.length >= TOC_MIN_PARTS && !isRichPart(parts[0]!)) {
      try {
        tocHtml = buildToc(report, parts, messageIds, await channelInfo(channel), deps.label);
      } catch (err) {
        plog.warn({ err }, "could not learn the channel's identity; no table of contents");
      }
    }
    const previous = await getPostedRecord(deps.store, channel, report.id);
    const same = previous?.messageIds.length === messageIds.length && previous.messageIds.every((id, i) => id === messageIds[i]);
    let applied: string | undefined;
    if (tocHtml !== undefined && same && previous?.tocHtml === tocHtml) {
      applied = tocHtml; // already done by an earlier call
    } else if (tocHtml !== undefined) {
      const opening = partContent(parts[0]!, tocHtml);
      try {
        await pacer.wait(channel);
        const outcome = await editMessage(deps.api, channel, messageIds[0]!, opening.kind, opening.html);
        applied = tocHtml;
        plog.info({ messageId: messageIds[0], outcome }, 'table of contents added');
      } catch (err) {
        plog.warn({ err, messageId: messageIds[0] }, 'could not add the table of contents; the opening message stays as it is');
      }
    }
    await savePostedRecord(deps.store, channel, report.id, {
      hash: report.hash,
      messageIds,
      partHashes: parts.map((p, i) => contentFingerprint(partContent(p, i === 0 ? applied : undefined))),
      shapes: parts.map(partShape),
      ...(applied !== undefined ? { tocHtml: applied } : {}),
      updatedAt: now().toISOString(),
    });
  };

  return {
    async onPosted(info) {
      try {
        await run(info);
      } catch (err) {
        log.error({ err, reportId: info.report.id, channel: info.channel }, 'table of contents step failed');
      }
    },
  };
}
