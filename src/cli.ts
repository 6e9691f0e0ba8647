#!/usr/bin/env node
/** The `report-bot` executable: loads .env, then hands over to the command line. */
import { existsSync } from 'node:fs';
import { runCli } from './cli/main.js';

if (existsSync('.env')) process.loadEnvFile('.env');

const code = await runCli(process.argv.slice(2), process.env, {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  now: () => new Date(),
});
process.exitCode = code;
