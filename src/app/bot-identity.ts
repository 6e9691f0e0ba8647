/**
 * getMe at start-up until Telegram answers: a network outage (the container
 * starting before the network, Telegram down) waits and says so, instead of
 * exiting into a restart loop; a token Telegram refuses stops at once, since
 * waiting cannot fix it.
 */
import { GrammyError } from 'grammy';
import { UserError } from '../cli/errors.js';
import type { Logger } from '../logger.js';

export interface IdentityOptions {
  /** Longest wait between attempts (default 60 s); waits start at 5 s and double. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export async function confirmIdentity(bot: { init(): Promise<void> }, logger: Logger, opts: IdentityOptions = {}): Promise<void> {
  const maxWaitMs = opts.maxWaitMs ?? 60_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      await bot.init();
      return;
    } catch (err) {
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        throw new UserError(`Telegram refused the bot token (${err.error_code} ${err.description}): check BOT_TOKEN (from @BotFather) and TELEGRAM_API_ROOT.`);
      }
      const waitMs = Math.min(maxWaitMs, 5_000 * 2 ** (attempt - 1));
      logger.error({ err, attempt, retryInMs: waitMs }, 'Telegram Bot API unreachable at start-up; retrying');
      await sleep(waitMs);
    }
  }
}
