/**
 * The command line, as a function of argv, environment and output streams
 * so tests drive it in-process. `src/cli.ts` is the executable wrapper.
 */
import { ConfigError, parseSettings } from '../config.js';
import { ownVersion } from '../util/own-version.js';
import { UserError } from '../util/user-error.js';
import { parseCommandArgs, withContentDir } from './args.js';
import { check } from './check.js';
import { migrateStoreCommand } from './commands/migrate.js';
import { postCommand } from './commands/post.js';
import { runCommand } from './commands/run.js';
import { sandboxCommand } from './commands/sandbox.js';
import type { CliIo } from './io.js';
import { list } from './list.js';
import { plural } from './plural.js';
import { preview } from './preview.js';
import { writePreviewHtml } from './preview-html.js';

export type { CliIo } from './io.js';

export type CommandHandler = (args: string[], env: Record<string, string | undefined>, io: CliIo) => Promise<number>;

const USAGE = `report-bot: posts daily reports from a content folder to a Telegram channel.

Usage (installed or in Docker: report-bot <command>; in a clone: npm run cli -- <command>):
  report-bot sandbox [--admin] [--date D] [--no-post] [--script FILE] [--content-dir DIR]
                     [--data-dir DIR] [--lang en|zh]
                                             the real bot against a local fake Telegram, in this terminal
  report-bot run [--content-dir DIR]         the bot: scheduler, commands, content watcher
  report-bot post [--date D] [--force] [--ignore-limit] [--dry-run] [--content-dir DIR]
                                             one posting run, then exit
  report-bot preview <file> [--format messages|rich] [--json | --html out.html]
                                             the messages a file becomes
  report-bot list [--json] [--content-dir DIR]
                                             every report with its date and state
  report-bot check [--content-dir DIR]       validate every content file
  report-bot migrate-store [--from KIND] [--to KIND]
                                             copy state between stores: sqlite, file (DATA_DIR), redis (REDIS_URL);
                                             default from the embedded store to redis
  report-bot --version

Run report-bot <command> --help for one command's flags.
Settings come from the environment or a .env file (see README).
Add --debug to any command for stack traces.`;

const PREVIEW_USAGE = `Usage: report-bot preview <file> [--format messages|rich] [--json | --html out.html]

The messages a report file becomes, each with its length against Telegram's limit.
A draft is previewed too, marked DRAFT.
  --format rich    the rich messages instead (default: POST_FORMAT): an outline with the
                   counts against every limit, then the sendRichMessage payloads
  --json           print only the array of Bot API payloads
  --html FILE      write a page showing the messages as Telegram would
Settings used: TIMEZONE, POST_FORMAT.`;

const LIST_USAGE = `Usage: report-bot list [--json] [--content-dir DIR]

Every report with its date, state (published, scheduled or draft), messages and topics.
  --json             print the rows as JSON
  --content-dir DIR  the content folder (default: CONTENT_DIR, or ./content)
Settings used: CONTENT_DIR, TIMEZONE.`;

const CHECK_USAGE = `Usage: report-bot check [--content-dir DIR]
       report-bot check DIR        (the same, kept for older scripts)

Validates every content file: one line per problem naming the file, a warning for a report over
MAX_MESSAGES messages; exits 1 when a file is broken.
  --content-dir DIR  the content folder (default: CONTENT_DIR, or ./content)
Settings used: CONTENT_DIR, TIMEZONE, MAX_MESSAGES.`;

function version(): string {
  return ownVersion(import.meta.url);
}

const builtins: Record<string, CommandHandler> = {
  post: postCommand,
  run: runCommand,
  'migrate-store': migrateStoreCommand,
  sandbox: sandboxCommand,
  async preview(args, env, io) {
    const parsed = parseCommandArgs(
      args,
      {
        name: 'preview',
        usage: PREVIEW_USAGE,
        positionals: true,
        options: { json: { type: 'boolean' }, html: { type: 'string' }, format: { type: 'string' } },
      },
      io.out,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    const file = positionals[0];
    if (!file) throw new UserError(`preview needs a file, e.g. report-bot preview content/2026-01-07-daily.md.\n\n${PREVIEW_USAGE}`, 2);
    const config = parseSettings(env, ['TIMEZONE', 'POST_FORMAT']);
    // Default: what the bot would post (POST_FORMAT).
    const format = values.format ?? config.POST_FORMAT;
    if (format !== 'messages' && format !== 'rich')
      throw new UserError(`--format must be messages or rich, not "${format}".\n\n${PREVIEW_USAGE}`, 2);
    if (values.html !== undefined) {
      const { bubbles } = await writePreviewHtml(file, values.html, config.TIMEZONE, format);
      io.out(`Wrote ${values.html}: ${plural(bubbles, format === 'rich' ? 'rich message' : 'message')}, open it in a browser.`);
      return 0;
    }
    await preview({ file, json: values.json ?? false, timeZone: config.TIMEZONE, format }, io.out);
    return 0;
  },
  async list(args, env, io) {
    const parsed = parseCommandArgs(
      args,
      { name: 'list', usage: LIST_USAGE, options: { json: { type: 'boolean' }, 'content-dir': { type: 'string' } } },
      io.out,
    );
    if (!parsed) return 0;
    const { values } = parsed;
    const config = parseSettings(withContentDir(env, values['content-dir']), ['CONTENT_DIR', 'TIMEZONE']);
    await list({ dir: config.CONTENT_DIR, json: values.json ?? false, timeZone: config.TIMEZONE, now: io.now() }, io.out, io.err);
    return 0;
  },
  async check(args, env, io) {
    const parsed = parseCommandArgs(
      args,
      { name: 'check', usage: CHECK_USAGE, positionals: true, options: { 'content-dir': { type: 'string' } } },
      io.out,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length > 1 || (positionals[0] !== undefined && values['content-dir'] !== undefined)) {
      throw new UserError(`check takes one content folder: give it as --content-dir DIR.\n\n${CHECK_USAGE}`, 2);
    }
    const config = parseSettings(withContentDir(env, values['content-dir'] ?? positionals[0]), ['CONTENT_DIR', 'TIMEZONE', 'MAX_MESSAGES']);
    return check({ dir: config.CONTENT_DIR, timeZone: config.TIMEZONE, maxMessages: config.MAX_MESSAGES }, io.out, io.err);
  },
};

/** Run one command line; returns the exit code. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
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
    const handler = Object.hasOwn(builtins, command) ? builtins[command] : undefined;
    if (!handler) throw new UserError(`Unknown command "${command}". Run report-bot --help for the list.`, 2);
    return await handler(rest, env, io);
  } catch (err) {
    if (debug) io.err((err as Error).stack ?? String(err));
    else if (err instanceof UserError || err instanceof ConfigError) io.err(err.message);
    else io.err(`${(err as Error).message} (run with --debug for details)`);
    return err instanceof UserError ? err.exitCode : err instanceof ConfigError ? 78 : 1;
  }
}
