/**
 * Parses report files, and renders reports into messages, on worker threads
 * with a deadline and a memory cap, so no single file can stop the bot from
 * answering (/healthz, readers, admins) while it loads or renders. A worker that runs past the deadline or out of
 * memory is terminated and replaced; the file becomes a broken file with
 * that reason, and the next scan tries it again (load.ts does not cache it).
 */
import type { Worker } from 'node:worker_threads';
import type { ReportParser } from '../content/load.js';
import type { ParseResult } from '../content/parse-report.js';
import type { ProblemCode, Report } from '../content/report.js';
import type { ParseReply, RenderResult, WorkerRequest } from './parse-worker.js';
import { startWorker, workerLimits } from './start-worker.js';

export type { ReportParser } from '../content/load.js';
export type { RenderResult } from './parse-worker.js';

export interface ParsePoolOptions {
  /** Longest a file may take to parse, and a report to render (ms). */
  timeoutMs: number;
  /** Heap limit of each worker (MB). */
  memoryMb: number;
  /** Workers parsing at once (default 1: the bot's other work keeps a core). */
  size?: number;
  /**
   * A worker idle this long is stopped (default 10 s), and started again for the next file:
   * after a cold start it holds tens of MB of heap that a bot serving readers has no use for.
   */
  idleMs?: number;
  /**
   * Called once each worker has booted (ready for files). Starting a thread (the worker, and
   * under tsx its loader's own) undoes some process-wide V8 settings made at run time
   * (app/young-generation.ts); the app puts them back here.
   */
  onWorkerReady?: () => void;
}

/** reportToParts, off the main thread: the messages, or why there are none. */
export type ReportRenderer = (report: Report) => Promise<RenderResult>;

export interface ParsePool {
  parse: ReportParser;
  render: ReportRenderer;
  /** Workers running now (an idle pool stops its own: see `idleMs`). */
  workers(): number;
  /** Stop every worker; parses in flight resolve as problems. */
  close(): Promise<void>;
}

interface Task {
  request: WorkerRequest;
  done: (reply: ParseReply) => void;
  /** The task ends without a reply (deadline, memory, shutdown). */
  fail: (reason: string, code?: ProblemCode) => void;
}

interface Slot {
  worker: Worker;
  /** The worker has booted and takes files. */
  ready: boolean;
  /**
   * Posted to the worker, in order: it works on the first, the others wait in its port. The
   * deadline is the first's (`timer`), started when it became first.
   */
  tasks: Task[];
  timer?: NodeJS.Timeout;
  /** Stops the worker once it has been idle for `idleMs`. */
  idle?: NodeJS.Timeout;
}

/**
 * Tasks posted to a worker ahead of the one it works on: it goes on with the next while this
 * thread is busy (indexing, another update) instead of waiting for it to read the last reply.
 * One at a time, a cold start's worker stood idle 75% of the time.
 */
const PIPELINE = 8;

export function createParsePool(opts: ParsePoolOptions): ParsePool {
  const size = Math.max(1, opts.size ?? 1);
  const limits = workerLimits(opts.memoryMb);
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const problem = (file: string, reason: string, code?: ProblemCode): ParseResult => ({
    ok: false,
    problem: { file, reason, ...(code ? { code } : {}) },
  });
  const duration = opts.timeoutMs < 1000 ? `${opts.timeoutMs} ms` : `${(opts.timeoutMs / 1000).toFixed(1)} s`;
  const isRender = (task: Task): boolean => task.request.kind === 'render';
  // A render that fails is said to, in both languages: "reading" it would send an editor to the wrong stage.
  const verb = (task: Task): string => (isRender(task) ? 'rendering' : 'reading');
  const pastTense = (task: Task): string => (isRender(task) ? 'rendered' : 'read');

  const idleMs = opts.idleMs ?? 10_000;
  /** Stop `slot`'s worker if nothing comes for it within `idleMs`. */
  const whenIdle = (slot: Slot): void => {
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      if (slot.tasks.length > 0 || !slots.includes(slot)) return;
      slots.splice(slots.indexOf(slot), 1);
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => undefined);
      void slot.worker.terminate();
    }, idleMs);
    slot.idle.unref();
  };

  /** Start the deadline of the task the worker works on now (the first posted). */
  const startDeadline = (slot: Slot): void => {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    if (slot.tasks.length === 0) return;
    slot.timer = setTimeout(() => {
      replace(
        slot,
        (t) => `${verb(t)} the file took longer than ${duration}; it was skipped (a hostile or broken file?)`,
        (t) => (isRender(t) ? 'render-timeout' : 'parse-timeout'),
      );
    }, opts.timeoutMs);
    slot.timer.unref();
  };

  const finish = (slot: Slot, reply: ParseReply): void => {
    const task = slot.tasks.shift()!;
    // The worker went on to the next one when it replied (a little earlier than this: a deadline a little longer).
    startDeadline(slot);
    task.done(reply);
    pump();
    if (slot.tasks.length === 0) whenIdle(slot);
  };

  /**
   * Replace a worker that was stopped or died: the task it worked on ends with `reason`, the ones
   * waiting behind it go first to the next worker. (Node delivers a dead worker's replies before its
   * 'error' and 'exit': a task that was answered is not the one blamed.)
   */
  const replace = (slot: Slot, reason: (task: Task) => string, code?: (task: Task) => ProblemCode): void => {
    const [task, ...waiting] = slot.tasks;
    const old = slot.worker;
    clearTimeout(slot.idle);
    clearTimeout(slot.timer);
    old.removeAllListeners();
    old.on('error', () => undefined);
    void old.terminate();
    slots.splice(slots.indexOf(slot), 1);
    queue.unshift(...waiting);
    task?.fail(reason(task), code?.(task));
    pump();
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: startWorker('parse-worker', limits), ready: false, tasks: [] };
    slot.worker.unref(); // an idle pool never keeps the process alive
    slot.worker.on('message', (reply: ParseReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        opts.onWorkerReady?.();
        pump();
        if (slot.tasks.length === 0) whenIdle(slot);
      } else if (reply.id === slot.tasks[0]?.request.id) finish(slot, reply); // replies come in the order posted
    });
    slot.worker.on('error', (err: Error & { code?: string }) => {
      const reason = (task: Task): string =>
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `${verb(task)} the file needed more than ${opts.memoryMb} MB of memory; it was skipped`
          : `the file could not be ${pastTense(task)} (${err.message})`;
      replace(slot, reason, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? (t) => (isRender(t) ? 'render-memory' : 'parse-memory') : undefined);
    });
    slot.worker.on('exit', () => {
      if (slots.includes(slot)) replace(slot, (task) => `the file could not be ${pastTense(task)} (the parser stopped)`);
    });
    slots.push(slot);
    return slot;
  };

  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      // The least busy worker that has booted; a worker starts if all are busy and there is room.
      const free = slots.filter((s) => s.ready && s.tasks.length < PIPELINE).sort((a, b) => a.tasks.length - b.tasks.length)[0];
      if (!free || (free.tasks.length > 0 && slots.length < size)) {
        // Start a worker if there is room; it calls pump() once it has booted.
        if (slots.length < size) spawn();
        if (!free) return;
      }
      const slot = free;
      const task = queue.shift()!;
      clearTimeout(slot.idle);
      try {
        // Copy the bytes: a transferred buffer would be gone for the caller.
        slot.worker.postMessage(task.request);
      } catch (err) {
        // A report that cannot be cloned (a bug, not the file): this task fails, the worker stays.
        task.fail(`the file could not be ${pastTense(task)} (${(err as Error).message})`);
        continue;
      }
      slot.tasks.push(task);
      if (slot.tasks.length === 1) startDeadline(slot);
    }
  }

  const stopped = (task: Task): void => task.fail('the bot is shutting down', 'parse-stopped');

  return {
    parse(file, bytes, mtime, o) {
      if (closed) return Promise.resolve(problem(file, 'the bot is shutting down', 'parse-stopped'));
      return new Promise<ParseResult>((resolve) => {
        queue.push({
          request: { kind: 'parse', id: nextId++, file, bytes, mtime, timeZone: o.timeZone, maxBytes: o.maxBytes },
          done: (reply) => resolve('result' in reply ? reply.result : problem(file, 'the file could not be read (no result)')),
          fail: (reason, code) => resolve(problem(file, reason, code)),
        });
        pump();
      });
    },
    render(report) {
      if (closed) return Promise.resolve({ ok: false, reason: 'the bot is shutting down' });
      return new Promise<RenderResult>((resolve) => {
        queue.push({
          request: { kind: 'render', id: nextId++, report },
          done: (reply) =>
            resolve('rendered' in reply ? reply.rendered : { ok: false, reason: 'the file could not be rendered (no result)' }),
          fail: (reason, code) => resolve({ ok: false, reason, ...(code ? { code } : {}) }),
        });
        pump();
      });
    },
    workers: () => slots.length,
    async close() {
      closed = true;
      for (const task of queue.splice(0)) stopped(task);
      await Promise.all(
        [...slots].map(async (slot) => {
          slots.splice(slots.indexOf(slot), 1);
          slot.worker.removeAllListeners();
          clearTimeout(slot.timer);
          clearTimeout(slot.idle);
          for (const task of slot.tasks) stopped(task);
          await slot.worker.terminate();
        }),
      );
    },
  };
}
