/**
 * Parses report files on worker threads with a deadline and a memory cap,
 * so no single file can stop the bot from answering (/healthz, readers,
 * admins) while it loads. A worker that runs past the deadline or out of
 * memory is terminated and replaced; the file becomes a broken file with
 * that reason, and the next scan tries it again (load.ts does not cache it).
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { ParseResult } from './parse-report.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';
import type { ProblemCode } from './report.js';

export interface ParsePoolOptions {
  /** Longest a file may take to parse (ms). */
  timeoutMs: number;
  /** Heap limit of each worker (MB). */
  memoryMb: number;
  /** Workers parsing at once (default 1: the bot's other work keeps a core). */
  size?: number;
}

/** The signature of parseReport, off the main thread. */
export type ReportParser = (
  file: string,
  bytes: Uint8Array,
  mtime: Date,
  opts: { timeZone: string; maxBytes: number },
) => Promise<ParseResult>;

export interface ParsePool {
  parse: ReportParser;
  /** Stop every worker; parses in flight resolve as problems. */
  close(): Promise<void>;
}

interface Task {
  request: ParseRequest;
  resolve: (result: ParseResult) => void;
}

interface Slot {
  worker: Worker;
  /** The worker has booted and takes files. */
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

/**
 * The worker's entry. Built code runs parse-worker.js; under tsx or vitest
 * (TypeScript sources) the worker registers tsx first to import the .ts file.
 */
function startWorker(resourceLimits: ResourceLimits): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', here), { resourceLimits });
  const entry = new URL('./parse-worker.ts', here).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, execArgv: [], resourceLimits });
}

export function createParsePool(opts: ParsePoolOptions): ParsePool {
  const size = Math.max(1, opts.size ?? 1);
  const limits: ResourceLimits = {
    maxOldGenerationSizeMb: opts.memoryMb,
    maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(opts.memoryMb / 8))),
  };
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const problem = (file: string, reason: string, code?: ProblemCode): ParseResult => ({
    ok: false,
    problem: { file, reason, ...(code ? { code } : {}) },
  });

  const finish = (slot: Slot, result: ParseResult): void => {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    task?.resolve(result);
    pump();
  };

  /** Replace a worker that was stopped or died; its task, if any, ends with `reason`. */
  const replace = (slot: Slot, reason: string, code?: ProblemCode): void => {
    const task = slot.task;
    const old = slot.worker;
    old.removeAllListeners();
    old.on('error', () => undefined);
    void old.terminate();
    slots.splice(slots.indexOf(slot), 1);
    if (task) {
      clearTimeout(slot.timer);
      task.resolve(problem(task.request.file, reason, code));
    }
    pump();
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: startWorker(limits), ready: false };
    slot.worker.unref(); // an idle pool never keeps the process alive
    slot.worker.on('message', (reply: ParseReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        pump();
      } else if (slot.task && reply.id === slot.task.request.id) finish(slot, reply.result);
    });
    slot.worker.on('error', (err: Error & { code?: string }) => {
      const reason =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `reading the file needed more than ${opts.memoryMb} MB of memory; it was skipped`
          : `the file could not be read (${err.message})`;
      replace(slot, reason, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'parse-memory' : undefined);
    });
    slot.worker.on('exit', () => {
      if (slots.includes(slot)) replace(slot, 'the file could not be read (the parser stopped)');
    });
    slots.push(slot);
    return slot;
  };

  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      const slot = slots.find((s) => s.ready && !s.task);
      if (!slot) {
        // Start a worker if there is room; it calls pump() once it has booted.
        if (slots.length < size) spawn();
        return;
      }
      const task = queue.shift()!;
      slot.task = task;
      slot.timer = setTimeout(() => {
        replace(
          slot,
          `reading the file took longer than ${opts.timeoutMs < 1000 ? `${opts.timeoutMs} ms` : `${(opts.timeoutMs / 1000).toFixed(1)} s`}; it was skipped (a hostile or broken file?)`,
          'parse-timeout',
        );
      }, opts.timeoutMs);
      slot.timer.unref();
      // Copy the bytes: a transferred buffer would be gone for the caller.
      slot.worker.postMessage(task.request);
    }
  }

  return {
    parse(file, bytes, mtime, o) {
      if (closed) return Promise.resolve(problem(file, 'the bot is shutting down', 'parse-stopped'));
      return new Promise<ParseResult>((resolve) => {
        queue.push({ request: { id: nextId++, file, bytes, mtime, timeZone: o.timeZone, maxBytes: o.maxBytes }, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.resolve(problem(task.request.file, 'the bot is shutting down', 'parse-stopped'));
      await Promise.all(
        [...slots].map(async (slot) => {
          slots.splice(slots.indexOf(slot), 1);
          slot.worker.removeAllListeners();
          clearTimeout(slot.timer);
          slot.task?.resolve(problem(slot.task.request.file, 'the bot is shutting down', 'parse-stopped'));
          await slot.worker.terminate();
        }),
      );
    },
  };
}
