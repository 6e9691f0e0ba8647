/**
 * One full garbage collection, now: for the moment a cold start has dropped ten years of report
 * texts (the library's `settle`, ~110 MB of heap). V8 collects when the program allocates, and a
 * bot that has just started and waits for updates allocates too little to start a full collection
 * for minutes: the process stayed at 305-325 MB instead of ~190 (measured, issue 11).
 *
 * V8 offers its collector only behind `--expose-gc`. Set at run time, the flag applies to contexts
 * created afterwards, so the function is taken from a new one and this context's global is left
 * as it was. Where that fails (another engine, a future Node), nothing happens.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What lies between the two collections: the first's concurrent sweeping is done by then. */
const SECOND_AFTER_MS = 250;

/**
 * Collects the whole heap now, and again shortly after: the first frees the texts, the second
 * releases the pages they emptied (measured: after one, the heap stayed at 160 MB for 46 MB of
 * live objects; after the second, 55 MB). Resolves when both are done; false when the collector
 * is not available.
 */
export async function collectGarbageNow(): Promise<boolean> {
  let collect: unknown;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('typeof gc === "function" ? gc : undefined');
  } catch {
    return false;
  }
  if (typeof collect !== 'function') return false;
  collect();
  await new Promise((resolve) => setTimeout(resolve, SECOND_AFTER_MS).unref());
  collect();
  return true;
}
