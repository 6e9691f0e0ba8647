/**
 * `report-bot sandbox` as its own executable, for tests that need a real
 * process (stdin that is not a terminal, exit code). Same wrapper as
 * src/cli.ts, minus the .env file.
 */
import { sandboxCommand } from '../../src/cli/commands/sandbox.js';

process.exitCode = await sandboxCommand(process.argv.slice(2), process.env, {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  now: () => new Date(),
});
