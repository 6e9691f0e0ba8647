/**
 * The one queue every counted Bot API call waits in (methods.ts says which).
 *
 * A call is granted when three things allow it:
 *  - its chat (for calls that send or change a message): nothing else in
 *    flight there, a second since the last answer there, and in a group or
 *    channel fewer than 20 in the last minute (each held until a minute after
 *    its answer, like the bot-wide slots);
 *  - the bot-wide window (bot-window.ts, in memory or in Redis);
 *  - no pause from a 429 on its scope.
 * Among the calls that may go, the highest priority goes first (the channel
 * post, then replies to readers, then background work such as topic alerts),
 * then the oldest. A call held back by its chat does not hold back other
 * chats.
 *
 * The queue is bounded: past `maxDepth` queued calls, the oldest background
 * call is refused with `OutgoingQueueFullError` (its sender keeps it and
 * tries later; the alert worker does). A post or a reply is never refused.
 *
 * A 429 pauses its scope (the chat, or the whole bot for calls without a
 * chat) for `retry_after`: the calls queued behind it wait instead of
 * earning a 429 each.
 */
import type { Acquired, BotWindow } from './bot-window.js';

export const PRIORITIES = ['post', 'reply', 'background'] as const;
export type Priority = (typeof PRIORITIES)[number];

export class OutgoingQueueFullError extends Error {
  constructor(readonly depth: number) {
    super(`The outgoing queue holds ${depth} calls; background work is refused until it drains`);
    this.name = 'OutgoingQueueFullError';
  }
}

export interface CallRequest {
  priority: Priority;
  /** The chat whose per-chat limits apply (methods.ts `chatKey`), if any. */
  chat?: string;
  group: boolean;
  signal?: AbortSignal;
}

/** What came back for a granted call. */
export interface CallOutcome {
  /** Telegram's `retry_after` in seconds when it answered 429. */
  retryAfterS?: number;
}

export interface Ticket {
  /** The call was answered (or failed): free its slots from now on. Call exactly once. */
  done(outcome?: CallOutcome): void;
}

export interface SchedulerHooks {
  /** A call was held back (by a limit, while it was queued) and waited `ms` in all before it was granted. */
  waited?(priority: Priority, ms: number): void;
  dropped?(priority: Priority): void;
  /** A 429 paused `scope` for `ms`. */
  rateLimited?(scope: 'chat' | 'bot', ms: number): void;
  /** The queue's depth changed. */
  depth?(depth: Record<Priority, number>): void;
  /** The bot-wide window failed; the call was granted without it (logged by the caller). */
  windowFailed?(err: unknown): void;
}

export interface SchedulerOptions {
  window: BotWindow;
  /** Most queued calls before background work is refused (default 5000). */
  maxDepth?: number;
  /** Least time from an answer in a chat to the next call there, in ms (default 1000). */
  perChatIntervalMs?: number;
  /** Calls per minute in a group or channel (default 20). */
  groupPerMinute?: number;
  /** Milliseconds clock (default Date.now). */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  hooks?: SchedulerHooks;
}

export interface OutgoingScheduler {
  /** Wait until the call may go; resolves with the ticket to hand back when it was answered. */
  acquire(req: CallRequest): Promise<Ticket>;
  depth(): Record<Priority, number>;
  /**
   * Resolve once the chat's own limits would let a call through (the bot-wide
   * window aside). A sender that must check something right before its send
   * (the publisher confirms its lock) waits here first, so the send itself
   * then goes at once.
   */
  chatReady(chat: string, group: boolean): Promise<void>;
  /** Refuse everything still queued (shutdown). */
  close(): void;
}

interface Job {
  req: CallRequest;
  since: number;
  /** `holds` when it was queued: a call granted after a later hold was held back, not just passing through. */
  holdsBefore: number;
  resolve(ticket: Ticket): void;
  reject(err: unknown): void;
  detach(): void;
}

interface ChatState {
  inFlight: boolean;
  readyAt: number;
  /** Groups and channels: when each of the last minute's calls stops counting, ascending. */
  minute: number[];
}

export const DEFAULT_MAX_DEPTH = 5000;

const defaultTimer = (fn: () => void, ms: number): { cancel(): void } => {
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
};

export function createScheduler(opts: SchedulerOptions): OutgoingScheduler {
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? defaultTimer;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const perChat = opts.perChatIntervalMs ?? 1000;
  const groupLimit = opts.groupPerMinute ?? 20;
  const hooks = opts.hooks ?? {};
  const queues: Record<Priority, Job[]> = { post: [], reply: [], background: [] };
  const chats = new Map<string, ChatState>();
  let closed = false;
  let pumping = false;
  let again = false;
  let timer: { cancel(): void } | undefined;
  let timerAt = Infinity;
  /** How often a limit held back what was queued; tells a call that waited from one that went straight through. */
  let holds = 0;

  const depth = (): Record<Priority, number> => ({
    post: queues.post.length,
    reply: queues.reply.length,
    background: queues.background.length,
  });
  const total = (): number => queues.post.length + queues.reply.length + queues.background.length;
  const depthChanged = (): void => hooks.depth?.(depth());

  const chatState = (key: string): ChatState => {
    let s = chats.get(key);
    if (!s) {
      s = { inFlight: false, readyAt: 0, minute: [] };
      chats.set(key, s);
    }
    return s;
  };

  /** When the chat lets a call through: now or later (Infinity: when its call in flight is answered). */
  const chatReadyAt = (req: CallRequest, t: number): number => {
    if (req.chat === undefined) return t;
    const s = chats.get(req.chat);
    if (!s) return t;
    if (s.inFlight) return Infinity;
    let at = Math.max(t, s.readyAt);
    if (req.group) {
      while (s.minute.length > 0 && s.minute[0]! <= t) s.minute.shift();
      if (s.minute.length >= groupLimit) at = Math.max(at, s.minute[s.minute.length - groupLimit]!);
    }
    return at;
  };

  /** Waiting in `chatReady` for a time: woken early by `close`, so no timer outlives the scheduler. */
  const napping = new Set<{ wake: () => void; timer: { cancel(): void } }>();
  /** Waiting in `chatReady` for a chat's call in flight to be answered. */
  const answered = new Map<string, Array<() => void>>();

  /** Forget chats that no longer limit anything, so the map does not grow with every reader ever answered. */
  const forget = (t: number): void => {
    if (chats.size < 10_000) return;
    for (const [key, s] of chats) {
      if (!s.inFlight && s.readyAt <= t && (s.minute.at(-1) ?? 0) <= t) chats.delete(key);
    }
  };

  const remove = (job: Job): boolean => {
    const q = queues[job.req.priority];
    const i = q.indexOf(job);
    if (i === -1) return false;
    q.splice(i, 1);
    return true;
  };

  const arm = (at: number): void => {
    if (at === Infinity || at >= timerAt) return;
    timer?.cancel();
    timerAt = at;
    timer = setTimer(
      () => {
        timer = undefined;
        timerAt = Infinity;
        pump();
      },
      Math.max(0, at - now()),
    );
  };

  /** The first job that may go now, by priority then age; arms the timer for the earliest blocked one. */
  const pick = (t: number): Job | undefined => {
    let earliest = Infinity;
    const blocked = new Set<string>();
    for (const p of PRIORITIES) {
      for (const job of queues[p]) {
        const chat = job.req.chat;
        // A chat's calls keep their order: once one is held back, the rest of that chat waits behind it.
        if (chat !== undefined && blocked.has(chat)) continue;
        const at = chatReadyAt(job.req, t);
        if (at <= t) return job;
        earliest = Math.min(earliest, at);
        if (chat !== undefined) blocked.add(chat);
      }
    }
    if (earliest < Infinity || total() > 0) holds++;
    arm(earliest);
    return undefined;
  };

  const grant = (job: Job, token: string | undefined): void => {
    const t = now();
    remove(job);
    job.detach();
    depthChanged();
    const { chat, group, priority } = job.req;
    if (holds > job.holdsBefore) hooks.waited?.(priority, t - job.since);
    if (chat !== undefined) chatState(chat).inFlight = true;
    let finished = false;
    job.resolve({
      done(outcome = {}) {
        if (finished) return;
        finished = true;
        const at = now();
        if (chat !== undefined) {
          const s = chatState(chat);
          s.inFlight = false;
          s.readyAt = Math.max(s.readyAt, at + perChat);
          const waiting = answered.get(chat);
          answered.delete(chat);
          for (const wake of waiting ?? []) wake();
          if (group) s.minute.push(at + 60_000);
        }
        const pauseMs = outcome.retryAfterS !== undefined ? Math.max(1, outcome.retryAfterS) * 1000 : 0;
        if (pauseMs > 0) {
          if (chat !== undefined) {
            const s = chatState(chat);
            s.readyAt = Math.max(s.readyAt, at + pauseMs);
            hooks.rateLimited?.('chat', pauseMs);
          } else {
            void opts.window.pause(pauseMs);
            hooks.rateLimited?.('bot', pauseMs);
          }
        }
        const released = token === undefined ? Promise.resolve() : opts.window.release(token);
        void released.catch((err: unknown) => hooks.windowFailed?.(err)).finally(pump);
        forget(at);
      },
    });
  };

  async function drain(): Promise<void> {
    for (;;) {
      if (closed) return;
      const job = pick(now());
      if (!job) return;
      // A window failure grants without a token (nothing to release).
      let acquired: Acquired | { ok: true; token: undefined };
      try {
        acquired = await opts.window.tryAcquire();
      } catch (err) {
        // The window itself failed (a bug, not an outage: the Redis window falls back on its own).
        hooks.windowFailed?.(err);
        acquired = { ok: true as const, token: undefined };
      }
      if (!acquired.ok) {
        holds++;
        if (acquired.retryInMs !== undefined) arm(now() + acquired.retryInMs);
        return; // an answer, the timer or a new call wakes us
      }
      // While we asked (a round trip to Redis), a more urgent call may have come, or the one
      // picked may have been aborted or dropped: the slot goes to whatever is first now.
      const chosen = pick(now());
      if (!chosen) {
        if (acquired.token !== undefined) await opts.window.release(acquired.token).catch(() => undefined);
        continue;
      }
      grant(chosen, acquired.token);
    }
  }

  function pump(): void {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    void drain().finally(() => {
      pumping = false;
      if (again) {
        again = false;
        pump();
      }
    });
  }

  const dropOldestBackground = (): void => {
    const victim = queues.background[0];
    if (!victim) return;
    remove(victim);
    victim.detach();
    hooks.dropped?.('background');
    victim.reject(new OutgoingQueueFullError(total() + 1));
  };

  return {
    acquire(req) {
      if (closed) return Promise.reject(new Error('The outgoing queue is closed'));
      if (req.signal?.aborted) return Promise.reject(req.signal.reason);
      return new Promise<Ticket>((resolve, reject) => {
        const onAbort = (): void => {
          if (remove(job)) {
            depthChanged();
            reject(req.signal?.reason);
          }
        };
        const job: Job = {
          req,
          since: now(),
          holdsBefore: holds,
          resolve,
          reject,
          detach: () => req.signal?.removeEventListener('abort', onAbort),
        };
        req.signal?.addEventListener('abort', onAbort, { once: true });
        queues[req.priority].push(job);
        if (total() > maxDepth) dropOldestBackground();
        depthChanged();
        pump();
      });
    },
    depth,
    async chatReady(chat, group) {
      for (;;) {
        const t = now();
        const at = chatReadyAt({ priority: 'post', chat, group }, t);
        if (at <= t || closed) return;
        await new Promise<void>((resolve) => {
          if (at === Infinity) {
            const list = answered.get(chat) ?? [];
            list.push(resolve);
            answered.set(chat, list);
          } else {
            const sleeping = {
              wake: resolve,
              timer: setTimer(() => {
                napping.delete(sleeping);
                resolve();
              }, at - t),
            };
            napping.add(sleeping);
          }
        });
      }
    },
    close() {
      closed = true;
      timer?.cancel();
      for (const wake of [...answered.values()].flat()) wake();
      answered.clear();
      for (const n of napping) {
        n.timer.cancel();
        n.wake();
      }
      napping.clear();
      for (const p of PRIORITIES) {
        for (const job of queues[p].splice(0)) {
          job.detach();
          job.reject(new Error('The outgoing queue is closed'));
        }
      }
      depthChanged();
    },
  };
}
