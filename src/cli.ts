#!/usr/bin/env node
/** The `report-bot` executable: loads .env, then hands over to the command line. */
import { keepYoungGenerationSmall } from './app/young-generation.js';

keepYoungGenerationSmall();
// Imported only now: every static import is loaded and compiled before any module runs, and
// compiling the program alone grows the young generation that the call above keeps small.
const { existsSync } = await import('node:fs');
const { runCli } = await import('./cli/main.js');

if (existsSync('.env')) process.loadEnvFile('.env');

const code = await runCli(process.argv.slice(2), process.env, {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  now: () => new Date(),
});
process.exitCode = code;
