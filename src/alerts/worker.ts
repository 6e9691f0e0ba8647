/**
 * Drains the alert queue: batch after batch, oldest first, each job sent
 * once, paced by the limiter, a few sends in flight at a time.
 *
 * Crash semantics: a job is recorded as done (progress saved) right after
 * its send returned, and a send's slot is freed only once that save is
 * through. A crash therefore repeats at most the sends that were in flight
 * (`maxInFlight`, default 4; 1 makes it at most one), and loses none: a
 * job is never recorded before its send. A graceful stop lets the sends in
 * flight finish and be recorded, so it repeats nothing.
 *
 * Outcomes per job: sent; the reader blocked the bot or is gone (403, chat
 * not found): unsubscribed from everything and recorded as done; Telegram
 * refused it otherwise (400): logged and recorded as done, since trying
 * again would fail the same way; Telegram unreachable, 5xx or a 429 beyond
 * the retries: not recorded, the drain pauses and a later one retries it.
 */
import { type Api, GrammyError } from 'grammy';
import type { Logger } from '../logger.js';
import { OutgoingQueueFullError } from '../outgoing/scheduler.js';
import { describeError, isNetworkFailure, isNoAccess } from '../publish/errors.js';
import type { Lock } from '../publish/lock.js';
import { sendPart } from '../publish/send-part.js';
import type { CallbackCodec } from '../telegram/callback-data.js';
import type { Limiter } from './limiter.js';
import { renderAlert } from './message.js';
import type { AlertQueue, PendingBatch, Progress } from './queue.js';
import type { Subscriptions } from './subscriptions.js';

export interface DrainDeps {
  api: Api;
  queue: AlertQueue;
  subs: Subscriptions;
  limiter: Limiter;
  codec: CallbackCodec;
  log: Logger;
  maxInFlight: number;
  now: () => number;
  /** True once the worker should stop launching sends (stop(), or the lock was lost). */
  halted: () => boolean;
}

export interface DrainOutcome {
  sent: number;
  /** Set when Telegram could not be reached: the drain stopped early, unsent jobs stay queued. */
  paused?: unknown;
}

/** Failures worth trying again later rather than giving up the job. */
function isTransient(err: unknown): boolean {
  // The outgoing queue was full of more urgent work: the alert stays queued for a later drain.
  if (isNetworkFailure(err) || err instanceof OutgoingQueueFullError) return true;
  return err instanceof GrammyError && (err.error_code === 429 || err.error_code >= 500);
}

/** Deliver one batch as far as possible. */
export async function drainBatch(deps: DrainDeps, member: string, key: string, lock: Lock): Promise<DrainOutcome> {
  const { queue, log } = deps;
  const stored = await queue.get(key);
  if (!stored || stored.done) {
    await queue.discard(member);
    return { sent: 0 };
  }
  const batch: PendingBatch = stored;
  const blog = log.child({ reportId: batch.reportId, batch: key });
  const saved = await queue.progress(key);
  let next = saved.next;
  const done = new Set(saved.done);

  // One writer for the progress key: saves never overtake each other, and
  // completions that pile up during a write are folded into the next one.
  let dirty = false;
  let writing: Promise<void> | undefined;
  const snapshot = (): Progress => ({ next, done: [...done].sort((a, b) => a - b) });
  const save = (): Promise<void> => {
    dirty = true;
    writing ??= (async () => {
      try {
        while (dirty) {
          dirty = false;
          await queue.saveProgress(key, snapshot());
        }
      } finally {
        writing = undefined;
      }
    })();
    return writing;
  };
  const record = (index: number): Promise<void> => {
    done.add(index);
    while (done.has(next)) done.delete(next++);
    return save();
  };

  let sent = 0;
  let paused: unknown;
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();

  const deliver = async (index: number): Promise<void> => {
    const job = batch.jobs[index]!;
    const chat = job[0];
    try {
      const { part, keyboard } = renderAlert(batch, job, deps.codec);
      const send = (): Promise<unknown> => sendPart(deps.api, chat, part, { replyMarkup: keyboard });
      await (deps.limiter.send ? deps.limiter.send(send) : send());
      sent++;
    } catch (err) {
      if (isTransient(err)) {
        paused ??= err;
        blog.warn({ chat, err: describeError(err) }, 'alert not sent; pausing delivery, it will be retried');
        return;
      }
      if (isNoAccess(err)) {
        const removed = await deps.subs.unsubscribeAll(chat);
        blog.info({ chat, removed, reason: describeError(err) }, 'reader blocked the bot or is gone; unsubscribed');
      } else {
        blog.error({ chat, err: describeError(err) }, 'alert refused by Telegram; skipped');
      }
    }
    await record(index);
  };

  const stopLaunching = (): boolean => deps.halted() || lock.signal.aborted || paused !== undefined || failure !== undefined;

  for (let index = next; index < batch.jobs.length; index++) {
    if (done.has(index)) continue;
    while (inFlight.size >= deps.maxInFlight) await Promise.race(inFlight);
    if (stopLaunching()) break;
    await deps.limiter.take(batch.jobs[index]![0]);
    if (stopLaunching()) break;
    const task = deliver(index).catch((err: unknown) => {
      failure ??= err; // the store failed while recording: stop, the next drain resumes from what was saved
    });
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  await writing;
  if (failure !== undefined) throw failure;

  if (next >= batch.jobs.length) {
    await queue.finish(member, batch, deps.now());
    blog.info({ jobs: batch.jobs.length, sent }, 'alerts delivered');
  }
  return paused === undefined ? { sent } : { sent, paused };
}
