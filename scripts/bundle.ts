/**
 * Bundles tsc's output into the three files the bot runs: `<dist>/cli.js` (the executable,
 * replacing tsc's), `<dist>/parse-worker.js` and `<dist>/index-worker.js` (the workers, each
 * started from beside the file that starts it: library/start-worker.ts). Node loads one bundle in ~0.4 s where the ~580 modules take
 * ~0.7 s (measured on D): every start, warm or cold, is that much sooner. Left outside:
 * better-sqlite3 (a native .node file), pino and pino-pretty (transports run in threads by file
 * name), ioredis (loaded only for Redis).
 *
 *   tsx scripts/bundle.ts [dist]
 */
import { build } from 'esbuild';

const dist = process.argv[2] ?? 'dist';

await build({
  entryPoints: {
    cli: `${dist}/cli.js`,
    'parse-worker': `${dist}/library/parse-worker.js`,
    'index-worker': `${dist}/library/index-worker.js`,
  },
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'pino', 'pino-pretty', 'ioredis'],
  // Classes keep their names: packages check them (node-fetch takes a signal only from a class named AbortSignal).
  keepNames: true,
  // The CommonJS packages inside call require() (Node's built-ins, optional packages): an ES module has none of its own.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
