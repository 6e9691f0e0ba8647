/**
 * `report-bot run` (what `npm start` does): the bot until SIGTERM or SIGINT,
 * then a clean shutdown within 10 s (the container runtime's usual grace).
 */
import { parseConfig, requirePosting } from '../config.js';
import { parseCommandArgs, withContentDir } from '../cli/args.js';
import type { CliIo } from '../cli/main.js';
import { createLogger } from '../logger.js';
import { startApp } from './app.js';

const SHUTDOWN_DEADLINE_MS = 9_500;

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
  const app = await startApp(config, logger, { now: io.now });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'signal received');
  const deadline = setTimeout(() => {
    logger.error('shutdown took too long; exiting anyway (progress is saved after every part)');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  await app.stop();
  clearTimeout(deadline);
  // Everything is closed; a handle some library forgot must not keep the process alive.
  setTimeout(() => process.exit(0), 1_000).unref();
  return 0;
}
