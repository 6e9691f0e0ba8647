/**
 * How the bot's code is bundled, in one place: the build (scripts/bundle.ts, over tsc's output)
 * and bench:search's start-ups (over the sources, so the bench runs what ships: one bundle and its
 * two workers beside it, no tsx) use the same options.
 */
import { build } from 'esbuild';

/** Bundles each entry (name → file) into `outdir/<name>.js`. */
export async function bundleProgram(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  await build({
    entryPoints,
    outdir,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Left outside: better-sqlite3 (a native .node file), pino and pino-pretty (transports run in
    // threads by file name), ioredis (loaded only for Redis). They resolve from node_modules.
    external: ['better-sqlite3', 'pino', 'pino-pretty', 'ioredis'],
    // Classes keep their names: packages check them (node-fetch takes a signal only from a class named AbortSignal).
    keepNames: true,
    // The CommonJS packages inside call require() (Node's built-ins, optional packages): an ES module has none of its own.
    banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
