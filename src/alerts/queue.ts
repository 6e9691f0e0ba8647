/**
 * The delivery queue, on the Store's plain values and sets (it has no list
 * type). One batch per report version:
 *
 *   alerts:batch:<key>      the batch: report fields, matched topics and every
 *                           job (one per reader) as one JSON value, written once
 *                           with setIfAbsent, so the first channel's onPosted
 *                           wins and later channels find it (the dedupe). When
 *                           delivered it is replaced by a small tombstone that
 *                           keeps later posts of the same version from alerting.
 *   alerts:progress:<key>   { next, done }: every job below `next` is finished,
 *                           `done` lists finished ones at or above it (several
 *                           sends may be in flight and finish out of order).
 *   alerts:queue            set of `<createdAt, 13 digits>:<key>`; sorted, oldest first.
 *
 * `key` is a hash of the report's id and file hash. Enqueueing a batch is
 * two writes (the batch, then its queue entry) whatever the number of jobs.
 * A crash between the two leaves a batch that is not queued: the next
 * onPosted of that report, and every worker start, queue it again.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { Lang } from './subscriptions.js';

export interface AlertTopic {
  /** Position in the report's topics (what topic buttons carry). */
  index: number;
  title: string;
  time?: string;
}

/** One reader's alert: chat (the user id), language, matched topic indexes (into the report), the reader's keywords that matched. */
export type Job = [chat: number, lang: Lang, topics: number[], keywords: string[]];

export interface PendingBatch {
  v: 1;
  done?: false;
  reportId: string;
  hash: string;
  day: string;
  title: string;
  /** The channel post, when a link to it can be made. */
  link?: string;
  createdAt: number;
  /** Every topic some job refers to. */
  topics: AlertTopic[];
  jobs: Job[];
}

export interface DoneBatch {
  v: 1;
  done: true;
  reportId: string;
  hash: string;
  createdAt: number;
  jobs: number;
  finishedAt: number;
}

export type StoredBatch = PendingBatch | DoneBatch;

export interface Progress {
  next: number;
  done: number[];
}

const QUEUE = 'alerts:queue';
const batchKey = (key: string): string => `alerts:batch:${key}`;
const progressKey = (key: string): string => `alerts:progress:${key}`;
const BATCH_PREFIX = 'alerts:batch:';

/** The batch key of a report version. */
export function reportKey(reportId: string, hash: string): string {
  return createHash('sha256').update(`${reportId}\n${hash}`).digest('base64url').slice(0, 16);
}

const memberOf = (key: string, createdAt: number): string => `${String(createdAt).padStart(13, '0')}:${key}`;
const keyOf = (member: string): string => member.slice(member.indexOf(':') + 1);

export interface AlertQueue {
  /** Write the batch unless the report already has one; true when this call wrote it. Queues it when pending. */
  create(key: string, batch: StoredBatch): Promise<boolean>;
  get(key: string): Promise<StoredBatch | undefined>;
  /** Put a pending batch (back) on the queue; no effect on a delivered one. */
  requeue(key: string): Promise<void>;
  /** Queue entries, oldest first. */
  pending(): Promise<Array<{ member: string; key: string }>>;
  progress(key: string): Promise<Progress>;
  saveProgress(key: string, progress: Progress): Promise<void>;
  /** Replace the batch by its tombstone, then drop its progress and queue entry (in that order: crash-safe). */
  finish(member: string, batch: PendingBatch, finishedAt: number): Promise<void>;
  /** Drop a queue entry whose batch is gone or delivered. */
  discard(member: string): Promise<void>;
  /** Queue every pending batch a crash left off the queue; returns how many. */
  recover(): Promise<number>;
}

export function createAlertQueue(store: Store): AlertQueue {
  const requeueBatch = async (key: string, batch: StoredBatch | undefined): Promise<boolean> => {
    if (!batch || batch.done) return false;
    return store.setAdd(QUEUE, memberOf(key, batch.createdAt));
  };

  return {
    async create(key, batch) {
      if (!(await store.setIfAbsent(batchKey(key), batch))) return false;
      await requeueBatch(key, batch);
      return true;
    },

    get: (key) => store.get<StoredBatch>(batchKey(key)),

    async requeue(key) {
      await requeueBatch(key, await store.get<StoredBatch>(batchKey(key)));
    },

    async pending() {
      return (await store.setMembers(QUEUE)).map((member) => ({ member, key: keyOf(member) }));
    },

    async progress(key) {
      return (await store.get<Progress>(progressKey(key))) ?? { next: 0, done: [] };
    },

    saveProgress: (key, progress) => store.set(progressKey(key), progress),

    async finish(member, batch, finishedAt) {
      const key = keyOf(member);
      const tomb: DoneBatch = {
        v: 1,
        done: true,
        reportId: batch.reportId,
        hash: batch.hash,
        createdAt: batch.createdAt,
        jobs: batch.jobs.length,
        finishedAt,
      };
      await store.set(batchKey(key), tomb);
      await store.delete(progressKey(key));
      await store.setRemove(QUEUE, member);
    },

    async discard(member) {
      await store.setRemove(QUEUE, member);
    },

    async recover() {
      let queued = 0;
      for (const k of await store.keys(BATCH_PREFIX)) {
        const key = k.slice(BATCH_PREFIX.length);
        if (await requeueBatch(key, await store.get<StoredBatch>(k))) queued++;
      }
      return queued;
    },
  };
}
