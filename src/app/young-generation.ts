/**
 * Keeps V8's young generation at its first size. Under a load's allocation V8 grows it to
 * 2 × 16 MB of semispaces and keeps them, ~30 MB resident of a bot that allocates little once
 * loaded (issue 11: ≤ 200 MB for ten years of reports); a cold start measured no slower with it
 * small. A size the operator chose (`--max-semi-space-size`) is left alone.
 *
 * The executable calls `keepYoungGenerationSmall` before it loads the rest of the program (see
 * cli.ts). The setting is process-wide and a thread's start undoes it (measured on Node 20: once
 * the parse worker had started, the main thread's young generation grew to 2 × 16 MB as if it had
 * never been set), so whoever starts one calls `keepYoungGenerationSmallAgain` once it has booted
 * (the parse pool's `onWorkerReady`). Nothing here changes a process that did not ask for it (the
 * tests, a library user).
 */
import { setFlagsFromString } from 'node:v8';

const SETTING = '--semi-space-growth-factor=1';
/** Whether this process asked for it (and the operator chose no size of their own). */
let kept = false;

export function keepYoungGenerationSmall(): void {
  const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (flags.includes('semi-space')) return;
  kept = true;
  setFlagsFromString(SETTING);
}

/** After a worker thread has started: the setting again, if this process asked for it. */
export function keepYoungGenerationSmallAgain(): void {
  if (kept) setFlagsFromString(SETTING);
}
