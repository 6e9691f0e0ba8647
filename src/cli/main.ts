/**
 * The command line, as a function of argv, environment and output streams
 * so tests drive it in-process. `src/cli.ts` is the executable wrapper.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../config.js';
import { postCommand } from '../app/post-command.js';
import { runCommand } from '../app/run-command.js';
import { migrateStoreCommand } from '../app/migrate-command.js';
import { sandboxCommand } from '../app/sandbox-command.js';
import { check } from './check.js';
import { UserError } from './errors.js';
import { list } from './list.js';
import { preview } from './preview.js';
import { writePreviewHtml } from './preview-html.js';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  now: () => Date;
}

export type CommandHandler = (args: string[], env: Record<string, string | undefined>, io: CliIo) => Promise<number>;

const USAGE = `report-bot: posts daily reports from a content folder to a Telegram channel.

Usage:
  report-bot sandbox [--admin] [--date D] [--no-post] [--script FILE] [--content-dir DIR]
                                             the real bot against a local fake Telegram, in this terminal
  report-bot run                             the bot: scheduler, commands, content watcher
  report-bot post [--date D] [--force] [--dry-run]
                                             one posting run, then exit
  report-bot preview <file> [--format messages|rich] [--json | --html out.html]
                                             the messages a file becomes
  report-bot list [--json] [--content-dir DIR]
                                             every report with its date and state
  report-bot check [DIR]                     validate every content file
  report-bot migrate-store                   copy the embedded store (DATA_DIR) into REDIS_URL
  report-bot --version

Settings come from the environment or a .env file (see README).
Add --debug to any command for stack traces.`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const builtins: Record<string, CommandHandler> = {
  post: postCommand,
  run: runCommand,
  'migrate-store': migrateStoreCommand,
  sandbox: sandboxCommand,
  async preview(args, env, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, html: { type: 'string' }, format: { type: 'string' }, debug: { type: 'boolean' } },
    });
    const file = positionals[0];
    if (!file) throw new UserError('preview needs a file: report-bot preview content/2026-01-07-daily.md', 2);
    const config = parseConfig(env);
    // Default: what the bot would post (POST_FORMAT).
    const format = values.format ?? config.POST_FORMAT;
    if (format !== 'messages' && format !== 'rich') throw new UserError(`--format must be messages or rich, not "${format}".`, 2);
    if (values.html !== undefined) {
      const { bubbles } = await writePreviewHtml(file, values.html, config.TIMEZONE, format);
      io.out(`Wrote ${values.html}: ${bubbles} message${bubbles === 1 ? '' : 's'}, open it in a browser.`);
      return 0;
    }
    await preview({ file, json: values.json ?? false, timeZone: config.TIMEZONE, format }, io.out);
    return 0;
  },
  async list(args, env, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, 'content-dir': { type: 'string' }, debug: { type: 'boolean' } } });
    const config = parseConfig(env);
    await list({ dir: values['content-dir'] ?? config.CONTENT_DIR, json: values.json ?? false, timeZone: config.TIMEZONE, now: io.now() }, io.out, io.err);
    return 0;
  },
  async check(args, env, io) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: { debug: { type: 'boolean' } } });
    const config = parseConfig(env);
    return check({ dir: positionals[0] ?? config.CONTENT_DIR, timeZone: config.TIMEZONE }, io.out, io.err);
  },
};

/** Run one command line; returns the exit code. Extra commands (run, post) are passed in by the entry point. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo, extra: Record<string, CommandHandler> = {}): Promise<number> {
  const debug = argv.includes('--debug');
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return command ? 0 : 2;
    }
    if (command === '--version' || command === '-v' || command === 'version') {
      io.out(version());
      return 0;
    }
    const handler = extra[command] ?? builtins[command];
    if (!handler) throw new UserError(`Unknown command "${command}". Run report-bot --help for the list.`, 2);
    return await handler(rest, env, io);
  } catch (err) {
    if (debug) io.err((err as Error).stack ?? String(err));
    else if (err instanceof UserError || err instanceof ConfigError) io.err(err.message);
    else if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) io.err(`${(err as Error).message}. Run report-bot --help.`);
    else io.err(`${(err as Error).message} (run with --debug for details)`);
    return err instanceof UserError ? err.exitCode : err instanceof ConfigError ? 78 : 1;
  }
}
