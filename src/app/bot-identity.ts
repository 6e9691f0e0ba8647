/**
 * getMe at start-up until Telegram answers: a network outage (the container
 * starting before the network, Telegram down) waits and says so, one line
 * per attempt naming the host and the cause, instead of exiting into a
 * restart loop; a token Telegram refuses stops at once, since waiting cannot
 * fix it. The wait ends at once when `signal` aborts (SIGTERM, SIGINT).
 */
import { GrammyError, HttpError } from 'grammy';
import type { Logger } from '../logger.js';
import { UserError } from '../util/user-error.js';

export interface IdentityOptions {
  /** The Bot API server, named in the wait's log lines (default api.telegram.org). */
  apiRoot?: string;
  /** Longest wait between attempts (default 60 s); waits start at 5 s and double. */
  maxWaitMs?: number;
  /** Ends the wait (and an attempt in flight); confirmIdentity then rejects with the signal's reason. */
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Why a getMe failed, in a word or two: the system error code, or Telegram's status. */
export function causeOf(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code} ${err.description}`;
  // grammY's HttpError wraps fetch's TypeError, whose cause carries the system error code.
  for (let e: unknown = err instanceof HttpError ? err.error : err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return err instanceof Error ? err.message : String(err);
}

const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

export async function confirmIdentity(
  bot: { init(signal?: AbortSignal): Promise<void> },
  logger: Logger,
  opts: IdentityOptions = {},
): Promise<void> {
  const maxWaitMs = opts.maxWaitMs ?? 60_000;
  const sleep = opts.sleep ?? abortableSleep;
  const host = hostOf(opts.apiRoot ?? 'https://api.telegram.org');
  const { signal } = opts;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      await bot.init(signal);
      return;
    } catch (err) {
      signal?.throwIfAborted();
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        throw new UserError(
          `Telegram refused the bot token (${err.error_code} ${err.description}): check BOT_TOKEN (from @BotFather) and TELEGRAM_API_ROOT.`,
        );
      }
      const waitMs = Math.min(maxWaitMs, 5_000 * 2 ** (attempt - 1));
      // One line, no stack: the cause is all there is to know, and the wait never gives up.
      logger.warn(
        { host, cause: causeOf(err), attempt, retryInMs: waitMs },
        `Cannot reach ${host} (${causeOf(err)}); retrying in ${Math.round(waitMs / 1000)} s`,
      );
      await sleep(waitMs, signal);
    }
  }
}

function hostOf(apiRoot: string): string {
  try {
    return new URL(apiRoot).host;
  } catch {
    return apiRoot;
  }
}
