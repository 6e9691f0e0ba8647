/**
 * Bundles tsc's output into the three files the bot runs: `<dist>/cli.js` (the executable,
 * replacing tsc's), `<dist>/parse-worker.js` and `<dist>/index-worker.js` (the workers, each
 * started from beside the file that starts it: library/start-worker.ts). Node loads one bundle in ~0.4 s where the ~580 modules take
 * ~0.7 s (measured on D): every start, warm or cold, is that much sooner. What stays outside the
 * bundle, and why: bundle-program.ts.
 *
 *   tsx scripts/bundle.ts [dist]
 */
import { bundleProgram } from './bundle-program.js';

const dist = process.argv[2] ?? 'dist';

await bundleProgram(
  {
    cli: `${dist}/cli.js`,
    'parse-worker': `${dist}/library/parse-worker.js`,
    'index-worker': `${dist}/library/index-worker.js`,
  },
  dist,
);
