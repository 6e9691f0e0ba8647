/**
 * `report-bot run` (what `npm start` does): the bot until SIGTERM or SIGINT,
 * then a clean shutdown within 10 s (the container runtime's usual grace).
 *
 * The signal handlers are installed before anything starts, so a signal
 * during start-up (waiting for an unreachable Telegram, say) also ends in a
 * clean exit 0, not Node's default 143/130. A fatal start-up error leaves
 * nothing open (startApp closes what it opened) and exits non-zero with its
 * one sentence; a guard timer makes sure no forgotten handle can keep the
 * process alive after that.
 */

import { type App, StartAborted, startApp } from '../../app/app.js';
import { parseConfig, requirePosting } from '../../config.js';
import { createLogger } from '../../logger.js';
import { parseCommandArgs, withContentDir } from '../args.js';
import type { CliIo } from '../io.js';

const SHUTDOWN_DEADLINE_MS = 9_500;
/** After the bot is closed (or failed to start), how long a stray handle may keep the process up. */
const EXIT_GUARD_MS = 1_000;

const USAGE = `Usage: report-bot run [--content-dir DIR]

The bot: long polling (or a webhook), the posting schedule, the content watcher and the commands,
until SIGTERM or SIGINT.
  --content-dir DIR  the content folder (default: CONTENT_DIR, or ./content)
Settings used: all of them; BOT_TOKEN and CHANNEL_ID are required.`;

export async function runCommand(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, { name: 'run', usage: USAGE, options: { 'content-dir': { type: 'string' } } }, io.out);
  if (!parsed) return 0;
  const config = requirePosting(parseConfig(withContentDir(env, parsed.values['content-dir'])));
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.BOT_TOKEN] });

  const stopping = new AbortController();
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    const on = (signal: NodeJS.Signals) => (): void => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      stopping.abort();
      resolve(signal);
    };
    const onTerm = on('SIGTERM');
    const onInt = on('SIGINT');
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
  });

  let app: App;
  try {
    app = await startApp(config, logger, { now: io.now, signal: stopping.signal });
  } catch (err) {
    exitSoon(stopping.signal.aborted ? 0 : 1);
    if (stopping.signal.aborted) {
      // Nothing was posted yet: start-up ends before the scheduler runs, and what it opened is closed.
      logger.info(
        { signal: await signalled, ...(!(err instanceof StartAborted) && { during: (err as Error).name }) },
        'stopped during start-up',
      );
      return 0;
    }
    throw err;
  }

  const signal = await signalled;
  logger.info({ signal }, 'signal received');
  const deadline = setTimeout(() => {
    logger.error('shutdown took too long; exiting anyway (progress is saved after every part)');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  await app.stop();
  clearTimeout(deadline);
  exitSoon(0);
  return 0;
}

/** Everything is closed; a handle some library forgot must not keep the process alive. */
function exitSoon(code: number): void {
  setTimeout(() => process.exit(process.exitCode ?? code), EXIT_GUARD_MS).unref();
}
