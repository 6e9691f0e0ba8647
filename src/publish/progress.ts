/**
 * Posting state, typed, on top of the {@link Store}:
 *
 *  - `publish:progress:<channel>:<report id>:<hash>`: the run of one version
 *    of a report in one channel ({@link RunProgress}); saved after every part,
 *    so a crash repeats at most the part that was in flight.
 *  - `publish:received:<channel>` (set): report ids the channel has received
 *    completely, whatever their version; the guard against reposting.
 *  - `publish:last:<channel>`: the last report posted there ({@link LastPosted}).
 *
 * A forced repost overwrites a completed run with a new one (`run` + 1), so a
 * crash mid-repost leaves an unfinished run that the next post resumes, and a
 * completed repost leaves a done run that the received set then guards.
 * Only functions with no I/O (`startRun`, `advanceRun`) build new states.
 */
import { createHash } from 'node:crypto';
import type { OutgoingPart } from '../render/rich/parts.js';
import type { Store } from '../store/store.js';
import { chatKey } from './pacer.js';
import type { ChatTarget } from './types.js';

export interface RunProgress {
  /** 1 for the first post of this version, +1 for each forced repost. */
  run: number;
  /** The report file's hash this run posts. */
  hash: string;
  /** Fingerprint of the rendered parts: a renderer change between runs shows here. */
  partsHash: string;
  /** Index of the next part to send. */
  next: number;
  /** Message ids of parts 0..next-1, in order. */
  messageIds: number[];
  total: number;
  done: boolean;
  /** The opening message was pinned (only tracked when pinning is on). */
  pinned?: boolean;
  /** The after-post hooks (table of contents, alerts) ran; a crash before they did leaves it unset. */
  hooked?: boolean;
  startedAt: string;
  updatedAt: string;
}

export interface LastPosted {
  reportId: string;
  hash: string;
  /** The report's calendar day, YYYY-MM-DD. */
  date: string;
  /** When the post completed (ISO time). */
  at: string;
  messageIds: number[];
}

export interface ProgressStore {
  getRun(channel: ChatTarget, reportId: string, hash: string): Promise<RunProgress | undefined>;
  /** Unfinished runs of a report in a channel, any version (normally none or one). */
  unfinishedRuns(channel: ChatTarget, reportId: string): Promise<RunProgress[]>;
  saveRun(channel: ChatTarget, reportId: string, run: RunProgress): Promise<void>;
  deleteRun(channel: ChatTarget, reportId: string, hash: string): Promise<void>;
  hasReceived(channel: ChatTarget, reportId: string): Promise<boolean>;
  markReceived(channel: ChatTarget, reportId: string): Promise<void>;
  /** Every report id the channel received completely, sorted. */
  receivedReports(channel: ChatTarget): Promise<string[]>;
  lastPosted(channel: ChatTarget): Promise<LastPosted | undefined>;
  setLastPosted(channel: ChatTarget, last: LastPosted): Promise<void>;
}

/** Keep key segments unambiguous: `:` separates them, `%` escapes. */
const seg = (s: string): string => s.replace(/[%:]/g, (c) => encodeURIComponent(c));

const runPrefix = (channel: ChatTarget, reportId: string): string => `publish:progress:${seg(chatKey(channel))}:${seg(reportId)}:`;
const runKey = (channel: ChatTarget, reportId: string, hash: string): string => runPrefix(channel, reportId) + seg(hash);
const receivedKey = (channel: ChatTarget): string => `publish:received:${seg(chatKey(channel))}`;
const lastKey = (channel: ChatTarget): string => `publish:last:${seg(chatKey(channel))}`;

export function createProgressStore(store: Store): ProgressStore {
  return {
    getRun: (channel, reportId, hash) => store.get<RunProgress>(runKey(channel, reportId, hash)),
    async unfinishedRuns(channel, reportId) {
      const keys = await store.keys(runPrefix(channel, reportId));
      const runs = await Promise.all(keys.map((k) => store.get<RunProgress>(k)));
      return runs.filter((r): r is RunProgress => r !== undefined && !r.done);
    },
    saveRun: (channel, reportId, run) => store.set(runKey(channel, reportId, run.hash), run),
    deleteRun: (channel, reportId, hash) => store.delete(runKey(channel, reportId, hash)),
    hasReceived: async (channel, reportId) => (await store.setMembers(receivedKey(channel))).includes(reportId),
    markReceived: async (channel, reportId) => {
      await store.setAdd(receivedKey(channel), reportId);
    },
    receivedReports: (channel) => store.setMembers(receivedKey(channel)),
    lastPosted: (channel) => store.get<LastPosted>(lastKey(channel)),
    setLastPosted: (channel, last) => store.set(lastKey(channel), last),
  };
}

/** A fresh run of a version; `previous` is the earlier run of the same version, if any. */
export function startRun(previous: RunProgress | undefined, v: { hash: string; partsHash: string; total: number; now: Date }): RunProgress {
  const at = v.now.toISOString();
  return {
    run: (previous?.run ?? 0) + 1,
    hash: v.hash,
    partsHash: v.partsHash,
    next: 0,
    messageIds: [],
    total: v.total,
    done: false,
    startedAt: at,
    updatedAt: at,
  };
}

/** The run after part `next` went out as `messageId`. */
export function advanceRun(run: RunProgress, messageId: number, now: Date): RunProgress {
  return { ...run, next: run.next + 1, messageIds: [...run.messageIds, messageId], updatedAt: now.toISOString() };
}

/** Identifies the rendered parts: the same file rendered by a changed renderer is a different run. */
export function partsFingerprint(parts: OutgoingPart[]): string {
  return createHash('sha256')
    .update(JSON.stringify(parts.map((p) => p.payload)))
    .digest('hex')
    .slice(0, 16);
}
