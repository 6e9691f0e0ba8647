/**
 * `report-bot run` (what `npm start` does): the bot until SIGTERM or SIGINT,
 * then a clean shutdown within 10 s (the container runtime's usual grace).
 */
import { parseConfig, requirePosting } from '../config.js';
import type { CliIo } from '../cli/main.js';
import { createLogger } from '../logger.js';
import { startApp } from './app.js';

const SHUTDOWN_DEADLINE_MS = 9_500;

export async function runCommand(_args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const config = requirePosting(parseConfig(env));
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
