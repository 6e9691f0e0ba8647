/**
 * What each message of a posted report shows, per channel
 * (`publish:posted:<channel>:<report id>`): written when a post completes
 * and after every in-place update, so /update edits only what changed.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../content/report.js';
import { isRichPart, type OutgoingPart } from '../render/rich/parts.js';
import type { Store } from '../store/store.js';
import { chatKey } from './pacer.js';
import { createProgressStore } from './progress.js';
import type { ChatTarget } from './types.js';

/** What one channel's messages of a report show, as far as this bot sent or edited them. */
export interface PostedRecord {
  /** The report file's hash the messages show (the last one fully applied). */
  hash: string;
  messageIds: number[];
  /** Fingerprint of each message's content as last sent or edited (the opening's with its table of contents). */
  partHashes: string[];
  /** `text`, `rich`, or `photo <url>` for a photo opening: what an edit cannot change. */
  shapes: string[];
  /** The table of contents appended to the opening message's HTML, when it has one. */
  tocHtml?: string;
  updatedAt: string;
}

/** Keep key segments unambiguous, as progress.ts does. */
const seg = (s: string): string => s.replace(/[%:]/g, (c) => encodeURIComponent(c));
const postedKey = (channel: ChatTarget, reportId: string): string => `publish:posted:${seg(chatKey(channel))}:${seg(reportId)}`;

export const getPostedRecord = (store: Store, channel: ChatTarget, reportId: string): Promise<PostedRecord | undefined> =>
  store.get<PostedRecord>(postedKey(channel, reportId));

export const savePostedRecord = (store: Store, channel: ChatTarget, reportId: string, record: PostedRecord): Promise<void> =>
  store.set(postedKey(channel, reportId), record);

/** The message ids of a report in a channel, and the record when there is one. */
export interface PostedMessages {
  messageIds: number[];
  record?: PostedRecord;
}

/**
 * Where a report is in a channel: our record, else the publisher's progress
 * (the run of this version, the channel's last post, or any completed run of
 * an earlier version of the file). Undefined when the channel never got it.
 */
export async function findPostedMessages(store: Store, channel: ChatTarget, report: Report): Promise<PostedMessages | undefined> {
  const progress = createProgressStore(store);
  const record = await getPostedRecord(store, channel, report.id);
  if (record) {
    // A repost whose hook never ran leaves the record behind: the publisher's run of that version knows better.
    const later = await progress.getRun(channel, report.id, record.hash);
    const stale = later?.done === true && later.messageIds.join() !== record.messageIds.join();
    return stale ? { messageIds: later.messageIds } : { messageIds: record.messageIds, record };
  }
  const run = await progress.getRun(channel, report.id, report.hash);
  if (run?.done) return { messageIds: run.messageIds };
  const last = await progress.lastPosted(channel);
  if (last?.reportId === report.id) return { messageIds: last.messageIds };
  // The file changed since it was posted: its run is under the old hash. Key layout as in progress.ts.
  const keys = await store.keys(`publish:progress:${seg(chatKey(channel))}:${seg(report.id)}:`);
  const runs = await Promise.all(keys.map((k) => store.get<{ done?: boolean; messageIds?: number[]; updatedAt?: string }>(k)));
  const done = runs
    .filter((r): r is { done: true; messageIds: number[]; updatedAt: string } => r?.done === true && Array.isArray(r.messageIds))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  return done ? { messageIds: done.messageIds } : undefined;
}

/** What an edit of message `part` sets: its text, or its caption when it is a photo. */
export interface PartContent {
  /** `rich`: `html` holds the rich message's blocks as JSON. */
  kind: 'text' | 'caption' | 'rich';
  html: string;
}

export function partContent(part: OutgoingPart, tocHtml?: string): PartContent {
  if (isRichPart(part)) return { kind: 'rich', html: JSON.stringify(part.payload.rich_message.blocks) };
  const p = part.payload;
  const html = p.method === 'sendPhoto' ? p.caption : p.text;
  return { kind: p.method === 'sendPhoto' ? 'caption' : 'text', html: html + (tocHtml ?? '') };
}

export function partShape(part: OutgoingPart): string {
  if (isRichPart(part)) return 'rich';
  return part.payload.method === 'sendPhoto' ? `photo ${part.payload.photo}` : 'text';
}

export function contentFingerprint(content: PartContent): string {
  return createHash('sha256').update(`${content.kind}\0${content.html}`).digest('hex').slice(0, 16);
}
