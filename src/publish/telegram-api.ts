/**
 * Retries for every Bot API call, in one place: @grammyjs/auto-retry does the
 * waiting; a thin observer around each attempt logs it, reports it to metrics
 * and bounds what the plugin leaves unbounded.
 *
 * What auto-retry 2.0.2 does (read from its source, `out/mod.js`):
 *  - an answer with `parameters.retry_after` <= `maxDelaySeconds`: waits exactly
 *    that many seconds, then resets its backoff to 3 s;
 *  - an answer with `error_code >= 500`: waits the backoff, 3 s doubling per
 *    retry (3, 6, 12, ... capped at 1 h);
 *  - an `HttpError` (connection refused/reset, timeout, non-JSON answer): the
 *    same backoff, in an inner loop that `maxRetryAttempts` does NOT count, so
 *    on its own it retries a dead network forever;
 *  - `maxRetryAttempts` counts retries of 429/5xx answers only;
 *  - anything else (400, 403, ...) and a 429 asking for more than
 *    `maxDelaySeconds` are handed back at once.
 * The observer therefore counts attempts of every kind and, when the budget is
 * spent, throws an error the plugin does not retry (it only retries
 * `HttpError`s and failed answers, never a thrown `GrammyError`).
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { type Api, type ApiCallFn, GrammyError, HttpError, type Transformer } from 'grammy';
import type { ApiError } from 'grammy/types';
import type { Logger } from '../logger.js';

export type RetryReason = '429' | '5xx' | 'network';

/** One retry about to happen (the wait has not started yet). */
export interface RetryInfo {
  method: string;
  reason: RetryReason;
  /** How long auto-retry waits before the next attempt. */
  waitMs: number;
  /** The attempt that failed, 1-based. */
  attempt: number;
}

export interface RetryOptions {
  logger: Logger;
  /** Called before each retry (metrics). Errors it throws are logged and ignored. */
  onRetry?(info: RetryInfo): void;
  /** Most attempts per call, the first one included (default 8). */
  maxAttempts?: number;
  /** Longest `retry_after` honoured, in seconds (default 120); a longer one fails the call. */
  maxRetryAfterSeconds?: number;
}

/** Network failures outlasted the attempt budget; `cause` is the last `HttpError`. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly method: string,
    readonly attempts: number,
    override readonly cause: HttpError,
  ) {
    super(`Network request for '${method}' failed ${attempts} times; giving up (${cause.message})`, { cause });
    this.name = 'RetriesExhaustedError';
  }
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_MAX_RETRY_AFTER_SECONDS = 120;
/** auto-retry's backoff: first wait and cap, in seconds (constants in its source). */
const BACKOFF_FIRST_S = 3;
const BACKOFF_CAP_S = 3600;

/** Install auto-retry plus the observer on `api`. Call once per Api instance. */
export function installRetries(api: Api, opts: RetryOptions): void {
  api.config.use(retryTransformer(opts));
}

/** The transformer itself, for Api instances built elsewhere (e.g. `bot.api`). */
export function retryTransformer(opts: RetryOptions): Transformer {
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const maxDelay = opts.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
  if (!(maxAttempts >= 1)) throw new RangeError(`maxAttempts must be at least 1, got ${maxAttempts}`);
  // The plugin's own counter stays as a second bound; ours (every kind of attempt) is always hit first.
  const retrying = autoRetry({ maxDelaySeconds: maxDelay, maxRetryAttempts: maxAttempts - 1 });

  const report = (info: RetryInfo, detail: string): void => {
    opts.logger.warn({ ...info, detail }, 'Bot API call failed; retrying');
    try {
      opts.onRetry?.(info);
    } catch (err) {
      opts.logger.error({ err }, 'onRetry hook threw');
    }
  };

  return (prev, method, payload, signal) => {
    // Per call: the attempt count and a mirror of the plugin's backoff, so waitMs is what it will wait.
    let attempt = 0;
    let backoffS = BACKOFF_FIRST_S;
    const nextBackoffMs = (): number => {
      const ms = backoffS * 1000;
      backoffS = Math.min(BACKOFF_CAP_S, backoffS * 2);
      return ms;
    };

    const onNetworkError = (m: string, err: unknown, s: { aborted: boolean } | undefined): never => {
      if (!(err instanceof HttpError) || s?.aborted) throw err; // the plugin rethrows these too
      if (attempt >= maxAttempts) {
        opts.logger.error({ method: m, attempts: attempt, detail: err.message }, 'Bot API unreachable; giving up');
        throw new RetriesExhaustedError(m, attempt, err);
      }
      report({ method: m, reason: 'network', waitMs: nextBackoffMs(), attempt }, err.message);
      throw err;
    };

    const onFailedAnswer = (m: string, p: Record<string, unknown>, res: ApiError): void => {
      const reason = retryReason(res, maxDelay);
      if (reason === undefined) return;
      if (attempt >= maxAttempts) {
        opts.logger.error({ method: m, attempts: attempt, detail: res.description }, 'Bot API call kept failing; giving up');
        throw new GrammyError(`Call to '${m}' failed after ${attempt} attempts!`, res, m, p);
      }
      let waitMs: number;
      if (reason === '429') {
        waitMs = (res.parameters?.retry_after ?? 0) * 1000;
        backoffS = BACKOFF_FIRST_S; // the plugin resets its backoff after a rate limit
      } else {
        waitMs = nextBackoffMs();
      }
      report({ method: m, reason, waitMs, attempt }, res.description);
    };

    const observed: ApiCallFn = async (m, p, s) => {
      attempt += 1;
      const res = await prev(m, p, s).catch((err: unknown) => onNetworkError(m, err, s));
      if (!res.ok) onFailedAnswer(m, p as Record<string, unknown>, res);
      return res;
    };
    return retrying(observed, method, payload, signal);
  };
}

/** Whether auto-retry retries this failed answer, and why; same tests as the plugin. */
function retryReason(res: ApiError, maxDelaySeconds: number): RetryReason | undefined {
  const after = res.parameters?.retry_after;
  if (typeof after === 'number' && after <= maxDelaySeconds) return '429';
  if (res.error_code >= 500) return '5xx';
  return undefined;
}
