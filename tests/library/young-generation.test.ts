/**
 * The executable keeps V8's young generation small (issue 11: ~30 MB of a bot's resident memory),
 * and the parse worker's start undoes that process-wide setting unless the pool's hook sets it
 * again. Each case is a process of its own: the setting is the process's.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const child = fileURLToPath(new URL('./fixtures/young-generation-child.ts', import.meta.url));
const youngMb = (arg: string): number => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, arg], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`child failed (${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { youngMb: number }).youngMb;
};

it('stays small after the parse worker starts when the pool sets it again (and grows to 2 × 16 MB without that)', () => {
  // Without the hook: the worker's start undid the setting (what the bot did before this test).
  expect(youngMb('once')).toBeGreaterThanOrEqual(16);
  expect(youngMb('again')).toBeLessThanOrEqual(4);
}, 120_000);
