/**
 * Starts one of this folder's worker entries. Built code runs the `.js` file;
 * under tsx or vitest (TypeScript sources) the worker registers tsx first to
 * import the `.ts` file.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

/** A worker's heap limits for `memoryMb` (`PARSE_MEMORY_MB`): the old generation that, the young an eighth of it, 8-64 MB. */
export function workerLimits(memoryMb: number): ResourceLimits {
  return {
    maxOldGenerationSizeMb: memoryMb,
    maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(memoryMb / 8))),
  };
}

export function startWorker(entry: 'parse-worker' | 'index-worker', resourceLimits: ResourceLimits): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${entry}.js`, here), { resourceLimits });
  const source = new URL(`./${entry}.ts`, here).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, execArgv: [], resourceLimits });
}
