/**
 * Starts one of this folder's worker entries. Built code runs the `.js` file;
 * under tsx or vitest (TypeScript sources) the worker registers tsx first to
 * import the `.ts` file.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

export function startWorker(entry: 'parse-worker' | 'index-worker', resourceLimits: ResourceLimits): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${entry}.js`, here), { resourceLimits });
  const source = new URL(`./${entry}.ts`, here).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, execArgv: [], resourceLimits });
}
