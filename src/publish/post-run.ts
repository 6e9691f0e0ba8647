/**
 * Posting one report to one channel while holding its lock: decide whether to
 * start, resume or skip, then send part after part, saving progress after
 * each, so that a crash at any moment repeats at most the part in flight.
 * While the store is unreachable nothing is sent (a part could not be
 * recorded) and a sent part's progress is saved once the store is back:
 * an outage shorter than the lock's lease only pauses the post.
 *
 * A version changed mid-post: an unfinished run whose file hash (or rendered
 * parts) differs from the report being posted cannot be continued, since the
 * new parts need not split where the old ones did, so continuing at its `next`
 * could skip or repeat text. Instead the old run's messages are deleted (best
 * effort, admins told about any that stay) and the new version is posted from
 * the start: the channel ends with one complete copy of the current text
 * (also when the interrupted run was a forced repost of a received report).
 * Editing a file after its post completed is different: the channel has the
 * report, so nothing is posted (an admin can force a repost).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from 'grammy';
import type { Report } from '../content/report.js';
import type { Logger } from '../logger.js';
import { isRichPart, type OutgoingPart, postedVariant } from '../render/rich/parts.js';
import { describeError, isNoAccess } from './errors.js';
import type { Lock } from './lock.js';
import type { Pacer } from './pacer.js';
import { advanceRun, type ProgressStore, partsFingerprint, type RunProgress, startRun } from './progress.js';
import { retractMessages } from './retract.js';
import { isRichRefused, richRefusalReason } from './rich-send.js';
import { type SentVia, sendPart } from './send-part.js';
import type { ChatTarget, PostResult, PostStatus } from './types.js';

/** Reported after each part reaches Telegram (metrics). */
export interface PartSentInfo {
  chat: ChatTarget;
  /** Set for channel posts, absent for sendParts. */
  reportId?: string;
  /** 0-based index of the part. */
  index: number;
  total: number;
  messageId: number;
  via: SentVia;
}

export interface PostedInfo {
  report: Report;
  channel: ChatTarget;
  messageIds: number[];
  /** The parts the channel got: the rich ones, or their HTML fallback (absent from callers that predate rich posts). */
  parts?: OutgoingPart[];
}

/** How often a post paused by a store outage checks whether the store is back. */
const STORE_RETRY_MS = 1000;

export interface RunDeps {
  api: Api;
  progress: ProgressStore;
  pacer: Pacer;
  now: () => Date;
  log: Logger;
  pinPosts: boolean;
  notifyAdmins?: (text: string) => Promise<void>;
  onPosted?: (info: PostedInfo) => void | Promise<void>;
  onPartSent?: (info: PartSentInfo) => void;
  /** Telegram refused a rich part and the report goes out as HTML: tell the admins (the publisher says it once per report). */
  onRichRefused?: (report: Report, channel: ChatTarget, reason: string) => Promise<void>;
}

export interface RunInput {
  report: Report;
  /** Split HTML parts, or rich parts (each carrying the HTML parts as its fallback). */
  parts: OutgoingPart[];
  channel: ChatTarget;
  force: boolean;
  signal: AbortSignal | undefined;
  lock: Lock;
}

export async function runPost(deps: RunDeps, input: RunInput): Promise<PostResult> {
  const { api, progress, pacer, log } = deps;
  const { report, channel, lock } = input;
  let parts = input.parts;
  const id = report.id;
  let sent = 0;
  const finish = (status: PostStatus, run: RunProgress | undefined, error?: string): PostResult => {
    log.info({ status, sent, total: parts.length, run: run?.run, ...(error ? { error } : {}) }, 'post finished');
    return { status, channel, reportId: id, sent, total: parts.length, messageIds: run?.messageIds ?? [], ...(error ? { error } : {}) };
  };

  const partsHash = partsFingerprint(parts);
  // A rich post that fell back to HTML is resumed as HTML: its run carries the fallback's fingerprint.
  const fallback = parts[0] && isRichPart(parts[0]) ? parts[0].fallback : undefined;
  const fallbackHash = fallback ? partsFingerprint(fallback) : undefined;
  const unfinished = await progress.unfinishedRuns(channel, id);
  const current = unfinished.find(
    (r) => r.hash === report.hash && (r.partsHash === partsHash || (fallbackHash !== undefined && r.partsHash === fallbackHash)),
  );
  if (current && fallback && current.partsHash !== partsHash) parts = fallback;
  for (const stale of unfinished.filter((r) => r !== current)) await supersede(deps, channel, report, stale);

  let run: RunProgress;
  if (current) {
    run = current;
    log.info({ run: run.run, next: run.next, total: run.total }, 'resuming an unfinished post');
  } else {
    const previous = await progress.getRun(channel, id, report.hash);
    // A superseded unfinished run was a post in progress (perhaps a forced repost): its replacement goes out regardless.
    const inProgress = unfinished.length > 0;
    if (!input.force && !inProgress && (await progress.hasReceived(channel, id))) {
      const last = await progress.lastPosted(channel);
      const ids = previous?.done ? previous.messageIds : last?.reportId === id ? last.messageIds : [];
      log.info('channel already has this report; not posting');
      // A crash between completing the post and its hooks: run them now (they are idempotent).
      if (previous?.done && !previous.hooked)
        await runHooks(deps, channel, id, report, previous, postedVariant(parts, previous.partsHash, partsFingerprint), log);
      return { status: 'already-posted', channel, reportId: id, sent: 0, total: parts.length, messageIds: ids };
    }
    run = startRun(previous, { hash: report.hash, partsHash, total: parts.length, now: deps.now() });
    await progress.saveRun(channel, id, run);
    log.info({ run: run.run, total: run.total, force: input.force }, 'starting a post');
  }

  let pinTried = false;
  const pinIfDue = async (): Promise<void> => {
    const first = run.messageIds[0];
    if (!deps.pinPosts || run.pinned || pinTried || first === undefined) return;
    pinTried = true; // once per call: a refusal (no right to pin) will not change within it
    try {
      await api.raw.pinChatMessage({ chat_id: channel, message_id: first, disable_notification: true });
      run = { ...run, pinned: true };
      await progress.saveRun(channel, id, run);
    } catch (err) {
      log.warn({ err, messageId: first }, 'could not pin the opening message');
    }
  };
  await pinIfDue(); // a resumed run may have stopped between its first part and the pin

  const stopped = (): boolean => input.signal?.aborted === true || lock.signal.aborted;
  /** Sleep, cut short by a shutdown or a lost lock. */
  const pause = (ms: number): Promise<unknown> =>
    sleep(ms, undefined, { signal: AbortSignal.any(input.signal ? [lock.signal, input.signal] : [lock.signal]) }).catch(() => undefined);
  /**
   * Send only while the store confirms the lock: a part sent while the store
   * is unreachable could not be recorded and would go out twice. An outage
   * shorter than the lease pauses posting; a longer one loses the lock.
   */
  const holdLock = async (): Promise<boolean> => {
    let waiting = false;
    for (;;) {
      if (stopped()) return false;
      const lease = await lock.confirm();
      if (lease !== 'unconfirmed') {
        if (waiting && lease === 'held') log.info('the store is back; posting resumes');
        return lease === 'held';
      }
      if (!waiting) log.warn('the store cannot confirm the lock; posting waits for it while the lock lasts');
      waiting = true;
      await pause(STORE_RETRY_MS);
    }
  };
  /** Save progress after a part went out; through a store outage (the lock cannot be confirmed either) keep trying while the lock lasts. */
  const saveProgress = async (): Promise<void> => {
    let waiting = false;
    for (;;) {
      try {
        await progress.saveRun(channel, id, run);
        if (waiting) log.info({ part: run.next }, 'the store is back; progress saved');
        return;
      } catch (err) {
        if (stopped() || (await lock.confirm()) !== 'unconfirmed') throw err;
        if (!waiting) log.warn({ err, part: run.next }, 'progress could not be saved; retrying while the lock lasts');
        waiting = true;
      }
      await pause(STORE_RETRY_MS);
    }
  };

  while (run.next < run.total) {
    if (stopped()) return finish('aborted', run, abortReason(input, lock));
    await pacer.wait(channel);
    // Confirmed right before the send, not before the pacing wait: the store may die in between.
    if (stopped() || !(await holdLock())) return finish('aborted', run, abortReason(input, lock));
    const index = run.next;
    let messageId: number;
    let via: SentVia;
    const part = parts[index]!;
    try {
      ({ messageId, via } = await sendPart(api, channel, part));
    } catch (err) {
      if (isRichPart(part) && isRichRefused(err)) {
        run = await fallBackToHtml(deps, report, channel, run, part.fallback, err);
        parts = part.fallback;
        continue;
      }
      return finish('failed', run, await sendFailed(deps, report, channel, run, err));
    }
    run = advanceRun(run, messageId, deps.now());
    await saveProgress();
    sent += 1;
    log.info({ part: index + 1, total: run.total, messageId, via }, 'part sent');
    notePartSent(deps, { chat: channel, reportId: id, index, total: run.total, messageId, via });
    await pinIfDue();
  }

  // Received before done: a crash in between leaves an unfinished run that completes without sending.
  await progress.markReceived(channel, id);
  await progress.setLastPosted(channel, {
    reportId: id,
    hash: report.hash,
    date: report.date,
    at: deps.now().toISOString(),
    messageIds: run.messageIds,
  });
  run = { ...run, done: true, updatedAt: deps.now().toISOString() };
  await progress.saveRun(channel, id, run);
  const result = finish('posted', run);
  await runHooks(deps, channel, id, report, run, parts, log);
  return result;
}

/**
 * Telegram refused a rich part: the report goes out as its split HTML parts
 * instead, from the start, so nothing is lost. Rich messages this run had
 * already sent are taken back (the HTML carries their text too); the admins
 * hear why. Returns the new run, saved before anything more is sent.
 */
async function fallBackToHtml(
  deps: RunDeps,
  report: Report,
  channel: ChatTarget,
  run: RunProgress,
  html: OutgoingPart[],
  err: unknown,
): Promise<RunProgress> {
  const reason = richRefusalReason(err);
  deps.log.warn({ err, sentRich: run.next }, 'rich message refused; posting the report as HTML messages');
  const { kept } =
    run.messageIds.length > 0 ? await retractMessages(deps.api, channel, run.messageIds, deps.log) : { kept: [] as number[] };
  const next = startRun(run, { hash: report.hash, partsHash: partsFingerprint(html), total: html.length, now: deps.now() });
  await deps.progress.saveRun(channel, report.id, next);
  const stay = kept.length > 0 ? ` ${kept.length} rich message(s) already sent could not be deleted (ids ${kept.join(', ')}).` : '';
  try {
    await deps.onRichRefused?.(report, channel, `${reason}.${stay}`);
  } catch (e) {
    deps.log.error({ err: e }, 'could not report the rich fallback');
  }
  return next;
}

/** The after-post hooks, then a note that they ran, so a crash in between is made good on the next run. */
async function runHooks(
  deps: RunDeps,
  channel: ChatTarget,
  id: string,
  report: Report,
  run: RunProgress,
  parts: OutgoingPart[],
  log: Logger,
): Promise<void> {
  try {
    await deps.onPosted?.({ report, channel, messageIds: run.messageIds, parts });
    await deps.progress.saveRun(channel, id, { ...run, hooked: true });
  } catch (err) {
    log.error({ err }, 'onPosted hook failed; it runs again with the next posting run');
  }
}

function abortReason(input: RunInput, lock: Lock): string {
  if (input.signal?.aborted) return 'Posting was stopped (shutdown); the next run resumes where it stopped.';
  if (lock.signal.aborted) return 'The posting lock was lost to another instance; posting stopped between parts.';
  return 'The posting lock could not be renewed; posting stopped between parts.';
}

/** The one sentence for a part that could not be sent; admins hear about the ones they must fix. */
async function sendFailed(deps: RunDeps, report: Report, channel: ChatTarget, run: RunProgress, err: unknown): Promise<string> {
  const where = `part ${run.next + 1} of ${run.total}`;
  if (isNoAccess(err)) {
    const sentence =
      `The bot cannot post to ${channel}: ${describeError(err)}; make it an administrator allowed to post messages, ` +
      `and "${report.title}" (${report.id}) resumes at ${where} on the next run.`;
    deps.log.error({ err }, 'no access to the channel; stopping');
    await tellAdmins(deps, sentence);
    return sentence;
  }
  deps.log.error({ err, part: run.next + 1 }, 'part could not be sent; stopping');
  return `Posting "${report.title}" (${report.id}) to ${channel} stopped at ${where}: ${describeError(err)}; the next run resumes there.`;
}

async function supersede(deps: RunDeps, channel: ChatTarget, report: Report, stale: RunProgress): Promise<void> {
  deps.log.warn({ staleHash: stale.hash, sentParts: stale.next }, 'report changed mid-post; replacing the partial old version');
  const { kept } = await retractMessages(deps.api, channel, stale.messageIds, deps.log);
  await deps.progress.deleteRun(channel, report.id, stale.hash);
  if (kept.length > 0) {
    await tellAdmins(
      deps,
      `"${report.title}" (${report.id}) changed while being posted to ${channel}; it is being posted again in full, ` +
        `but ${kept.length} message(s) of the interrupted old version could not be deleted (ids ${kept.join(', ')}).`,
    );
  }
}

/** Metrics must never stop a post: a throwing hook is logged and ignored. */
export function notePartSent(deps: Pick<RunDeps, 'log' | 'onPartSent'>, info: PartSentInfo): void {
  try {
    deps.onPartSent?.(info);
  } catch (err) {
    deps.log.error({ err }, 'onPartSent hook threw');
  }
}

async function tellAdmins(deps: RunDeps, text: string): Promise<void> {
  if (!deps.notifyAdmins) return;
  try {
    await deps.notifyAdmins(text);
  } catch (err) {
    deps.log.error({ err }, 'could not notify admins');
  }
}
