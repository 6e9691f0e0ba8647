/**
 * When to publish: a node-cron task in the report's time zone, plus a
 * catch-up at start-up when today's time already passed while the bot was
 * down. A scheduled run posts only fresh reports (freshness.ts): today's, and
 * one whose posting time was missed within the catch-up window, oldest
 * first, to every channel that has not received them. On a channel's first
 * run with an empty store the older archive is adopted (archive-ledger.ts).
 * An admin's run (`/post`) posts the newest published report a channel has
 * not received, whatever its date. Runs never overlap. Posting itself
 * (exactly once, resumable) is the publisher's job.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Report } from '../content/report.js';
import { type Library, UnrenderableReportError } from '../library/library.js';
import type { Logger } from '../logger.js';
import type { ChatTarget, PostResult, Publisher, SchedulerControl } from '../publish/types.js';
import type { MessagePart } from '../render/messages.js';
import type { ArchiveLedger } from './archive-ledger.js';
import { cronMatcher, lastRunToday } from './cron-times.js';
import { type FreshnessRules, freshness, freshReports } from './freshness.js';

export interface SchedulerDeps {
  cron: string;
  timeZone: string;
  channels: ChatTarget[];
  library: Library;
  publisher: Publisher;
  logger: Logger;
  now?: () => Date;
  /**
   * First wait before retrying a run that could not finish (another instance
   * held the lock, Telegram or the network failed); doubles up to 10 minutes.
   * Default 30 s.
   */
  retryDelayMs?: number;
  /** How long after its posting time a missed report is still posted (default 24 h). */
  catchUpHours?: number;
  /**
   * Where a channel's first run records the archive it adopts. Without one
   * nothing is adopted (freshness alone still keeps old reports out).
   */
  ledger?: ArchiveLedger;
  /**
   * What a first run adopts: 'older' (default) every published report that is
   * not fresh; 'all' also today's, for a store started afresh after the bot
   * had already posted (the advice for a broken state file).
   */
  adopt?: 'older' | 'all';
  /** How the cron task is created (tests pass a fake; default node-cron). */
  scheduleTask?: (expression: string, run: () => Promise<void>, timeZone: string) => ScheduledTask;
}

export interface Scheduler extends SchedulerControl {
  /** Start the cron task and catch up if today's run was missed. */
  start(): Promise<PostResult[]>;
  /** Stop the task and the run in progress (the part in flight finishes, progress is saved). */
  stop(): Promise<void>;
}

function defaultScheduleTask(expression: string, run: () => Promise<void>, timeZone: string): ScheduledTask {
  return cron.schedule(expression, run, { timezone: timeZone, noOverlap: true, name: 'post-report' });
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ component: 'scheduler' });
  let task: ScheduledTask | undefined;
  let running: Promise<PostResult[]> | undefined;
  let abort = new AbortController();
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelay = deps.retryDelayMs ?? 30_000;
  const maxRetryDelay = Math.max(600_000, deps.retryDelayMs ?? 0);

  const rules: FreshnessRules = {
    matcher: cronMatcher(deps.cron, deps.timeZone),
    timeZone: deps.timeZone,
    catchUpMs: (deps.catchUpHours ?? 24) * 3_600_000,
  };

  /** A channel the store knows nothing about takes the archive as posted before the bot. */
  const adoptArchive = async (channel: ChatTarget, published: Report[], at: Date): Promise<void> => {
    if (!deps.ledger || !(await deps.ledger.isNew(channel))) return;
    // 'older': what the schedule would no longer post; 'all': also what is due now. Never what is not yet due.
    const adoptable = deps.adopt === 'all' ? ['fresh', 'stale', 'undated'] : ['stale', 'undated'];
    const adopted = published.filter((r) => adoptable.includes(freshness(r, at, rules))).map((r) => r.id);
    await deps.ledger.adopt(channel, adopted, at);
    log.info(
      { channel, adopted: adopted.length, mode: deps.adopt ?? 'older' },
      'first run for this channel: the archive is recorded as posted before the bot',
    );
  };

  const pickAndPost = async (reason: string): Promise<PostResult[]> => {
    try {
      await deps.library.reload();
    } catch (err) {
      log.error({ err }, 'content could not be rescanned; using the reports loaded before');
    }
    const at = now();
    const published = deps.library.published(at);
    const explicit = reason === 'admin';
    const results: PostResult[] = [];
    for (const channel of deps.channels) {
      if (abort.signal.aborted) break;
      try {
        await adoptArchive(channel, published, at);
      } catch (err) {
        // Posting without knowing whether the archive is adopted could repost it: this channel waits for the retry.
        log.error({ err, channel }, 'could not check or record the adopted archive; not posting to this channel now');
        results.push({
          status: 'failed',
          channel,
          reportId: '',
          sent: 0,
          total: 0,
          messageIds: [],
          error: 'The store could not say what this channel already has; the next run tries again.',
        });
        continue;
      }
      // An admin's run takes the newest report; the schedule only fresh ones, oldest first.
      const picks = explicit ? published.slice(0, 1) : freshReports(published, at, rules);
      if (picks.length === 0) log.info({ reason, channel }, explicit ? 'no published report to post' : 'no fresh report to post');
      for (const report of picks) {
        if (abort.signal.aborted) break;
        const result = await postReport(report, channel);
        log.info(
          { reason, reportId: report.id, channel, status: result.status, sent: result.sent, total: result.total },
          'posting run finished',
        );
        results.push(result);
        if (result.status !== 'posted' && result.status !== 'already-posted') break; // keep the order: retry this one first
      }
    }
    return results;
  };

  /** Post one report; one the renderer refused is a failed post of nothing (its file is listed as broken at the next reload). */
  const postReport = async (report: Report, channel: ChatTarget): Promise<PostResult> => {
    let parts: MessagePart[];
    try {
      parts = await deps.library.render(report);
    } catch (err) {
      if (!(err instanceof UnrenderableReportError)) throw err;
      log.error({ reportId: report.id, channel, problem: err.problem }, 'report could not be rendered; not posted');
      return { status: 'failed', channel, reportId: report.id, sent: 0, total: 0, messageIds: [], error: err.message };
    }
    return deps.publisher.post(report, parts, channel, { signal: abort.signal });
  };

  /** A run left a channel without the report: try again later instead of waiting for tomorrow's tick. */
  const retryIfUnfinished = (results: PostResult[]): void => {
    clearTimeout(retryTimer);
    // 'aborted' outside a shutdown: the lock was lost (a store outage outlasted its lease, or another
    // instance took over); the retry finishes the post or finds it done.
    const unfinished = results.filter((r) => r.status === 'locked' || r.status === 'failed' || r.status === 'aborted');
    if (unfinished.length === 0 || abort.signal.aborted) {
      retryDelay = deps.retryDelayMs ?? 30_000;
      return;
    }
    log.warn({ channels: unfinished.map((r) => r.channel), inMs: retryDelay }, 'posting unfinished; retrying later');
    retryTimer = setTimeout(() => void runOnce('retry').catch((err: unknown) => log.error({ err }, 'retry failed')), retryDelay);
    retryTimer.unref();
    retryDelay = Math.min(retryDelay * 2, maxRetryDelay);
  };

  const runOnce = (reason: string): Promise<PostResult[]> => {
    // One run at a time: a second caller gets the run in progress.
    running ??= pickAndPost(reason)
      .then((results) => {
        retryIfUnfinished(results);
        return results;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    runOnce,
    nextRun: () => task?.getNextRun() ?? null,
    isAlive: () => task !== undefined && task.getStatus() !== 'stopped' && task.getStatus() !== 'destroyed',
    async start() {
      abort = new AbortController();
      const schedule = deps.scheduleTask ?? defaultScheduleTask;
      task = schedule(
        deps.cron,
        async () => {
          await runOnce('schedule').catch((err: unknown) => log.error({ err }, 'scheduled run failed'));
        },
        deps.timeZone,
      );
      const missed = lastRunToday(rules.matcher, now(), deps.timeZone);
      log.info(
        { cron: deps.cron, timeZone: deps.timeZone, next: task.getNextRun(), catchUpHours: deps.catchUpHours ?? 24 },
        'scheduler started',
      );
      // A report whose posting time passed while the bot was down (today's, or one within the catch-up window) goes out now.
      if (missed) log.info({ scheduledAt: missed }, "today's scheduled time has passed: catching up");
      return runOnce('catch-up');
    },
    async stop() {
      abort.abort();
      clearTimeout(retryTimer);
      await task?.stop();
      task = undefined;
      await running?.catch(() => undefined);
    },
  };
}
