/**
 * Builds a cold start's topic index (the gram lists of every topic's title
 * and body, `GramIndex`) on worker threads: one run of units per thread,
 * indexed as the texts arrive in batches, the later runs' lists appended to
 * the first's on its worker (`GramIndex.append`). The main thread only posts
 * the texts, a batch between its updates, and takes the result over: ten years
 * of reports index in about half the time one thread takes, while the bot
 * answers. Whatever goes wrong (a worker out of memory, past the deadline) is a
 * rejection: the caller then indexes on its own thread.
 */
import { availableParallelism } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import type { GramState } from '../search/gram-index.js';
import { gramBuffers, type IndexReply, type IndexRequest } from './index-messages.js';
import { startWorker, workerLimits } from './start-worker.js';

/** Gram lists of `texts` as units 0, 1, ... (each text normalised first, as `TopicIndex` does). */
export type IndexBuilder = (texts: readonly string[]) => Promise<GramState>;

export interface IndexBuilderOptions {
  /** Worker threads (default: 2, or 1 on a one-core machine; the bot and the parser share the rest). */
  threads?: number;
  /** Heap limit of each (MB). */
  memoryMb: number;
  /** Longest a build may take (ms, default 120 s); past it the workers are stopped. */
  timeoutMs?: number;
  /** Called once each worker has started (see parse-pool.ts's `onWorkerReady`). */
  onWorkerReady?: () => void;
}

/** Code units of text per message: cloning one holds the main thread for about a millisecond. */
const BATCH_CHARS = 256 * 1024;

/** Where runs of about equal text begin, `parts` of them over `texts` (and `texts.length` last). */
export function splitByLength(texts: readonly string[], parts: number): number[] {
  let total = 0;
  for (const t of texts) total += t.length;
  const bounds = [0];
  let sum = 0;
  for (let i = 0; i < texts.length && bounds.length < parts; i++) {
    sum += texts[i]!.length;
    if (sum >= (total * bounds.length) / parts) bounds.push(i + 1);
  }
  bounds.push(texts.length);
  return bounds;
}

export function createIndexBuilder(opts: IndexBuilderOptions): IndexBuilder {
  const threads = Math.max(1, opts.threads ?? Math.min(2, availableParallelism()));
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const limits = workerLimits(opts.memoryMb);

  return async (texts) => {
    const bounds = splitByLength(texts, threads);
    const workers: Worker[] = [];
    let fail!: (err: Error) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    /** Per worker, the lists it sends once told `done`. */
    const states = bounds.slice(1).map(() => {
      const worker = startWorker('index-worker', limits);
      worker.unref(); // a bot shutting down does not wait for its index
      workers.push(worker);
      return new Promise<GramState>((resolve) => {
        worker.once('online', () => opts.onWorkerReady?.());
        worker.on('message', (reply: IndexReply) => {
          if (reply.kind === 'state') resolve(reply.state);
          else fail(new Error(`indexing failed: ${reply.reason}`));
        });
        worker.on('error', (err) => fail(err));
        worker.on('exit', (code) => fail(new Error(`an index worker stopped (${code})`)));
      });
    });
    const post = (w: number, req: IndexRequest, transfer: ArrayBuffer[] = []): void => workers[w]!.postMessage(req, transfer);

    const build = async (): Promise<GramState> => {
      // Every run a batch at a time, round the workers, so that all start at once.
      const next = bounds.slice(0, -1);
      for (let more = true; more; ) {
        more = false;
        for (let w = 0; w < workers.length; w++) {
          const end = bounds[w + 1]!;
          if (next[w]! >= end) continue;
          let stop = next[w]!;
          for (let chars = 0; stop < end && chars < BATCH_CHARS; stop++) chars += texts[stop]!.length;
          post(w, { kind: 'texts', base: next[w]!, texts: texts.slice(next[w]!, stop) });
          next[w] = stop;
          more = true;
        }
        await nextTurn();
      }
      for (let w = 1; w < workers.length; w++) post(w, { kind: 'done' });
      for (let w = 1; w < workers.length; w++) {
        const state = await states[w]!;
        post(0, { kind: 'append', state }, gramBuffers(state));
      }
      post(0, { kind: 'done' });
      return states[0]!;
    };

    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`indexing took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    const built = build();
    built.catch(() => undefined); // its failure is also `failed`'s or `late`'s
    try {
      return await Promise.race([built, failed, late]);
    } finally {
      clearTimeout(timer);
      failed.catch(() => undefined);
      for (const worker of workers) {
        worker.removeAllListeners();
        worker.on('error', () => undefined);
        void worker.terminate();
      }
    }
  };
}
