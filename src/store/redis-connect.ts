/**
 * One place that decides how the bot talks to Redis when it misbehaves:
 * reconnect forever with capped backoff, but fail individual commands after a
 * few attempts so a handler never hangs on a dead Redis, and log outages once
 * per change instead of once per retry. Once the connection is lost, commands
 * fail at once rather than queue for its return: a reader's command passes
 * the store-backed rate limit without a pause, and posting, which has reason
 * to wait, waits on its own terms (publish/post-run.ts).
 */
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

/**
 * ioredis, loaded when a client is first made: a bot on the embedded store never needs it, and
 * loading it (53 modules) was 0.05-0.1 s of every start. It is CommonJS, so it loads synchronously.
 */
const ioredis = (): typeof import('ioredis') => createRequire(import.meta.url)('ioredis') as typeof import('ioredis');

/** The slice of a pino logger this module needs. */
export interface RedisLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** Redis refused the credentials in REDIS_URL: waiting cannot fix it, so start-up stops. */
export class RedisAuthError extends Error {
  constructor(where: string, reply: string) {
    super(`Redis at ${where} refused the credentials (${reply.split(' ')[0]}): check the user and password in REDIS_URL.`);
    this.name = 'RedisAuthError';
  }
}

/** The replies Redis gives to a missing or wrong password (or ACL user). */
export function isAuthError(message: string): boolean {
  return /^(WRONGPASS|NOAUTH)\b/.test(message) || /invalid password|without any password configured/i.test(message);
}

/** Longest any command may wait (including while Redis is down) before it rejects. */
export const COMMAND_TIMEOUT_MS = 5000;

/** Reconnect delay: 100 ms doubling per attempt, capped at 5 s, never giving up. */
export function retryDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 5000);
}

/** `url` with any password replaced by `***`, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable redis url>';
  }
}

/**
 * Create an ioredis client for `url` (`redis://[:password@]host:port/db`,
 * `rediss://` for TLS). It connects in the background; use `Store.ping()` to
 * check it.
 */
export function connectRedis(url: string, logger?: RedisLogger): Redis {
  const redis = new (ioredis().Redis)(url, {
    retryStrategy: retryDelay,
    // Queued commands are failed every 4th reconnect attempt; late in an outage (5 s apart) that alone
    // could keep a handler waiting ~20 s, so commandTimeout bounds every command, queued or sent.
    maxRetriesPerRequest: 3,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 5000,
  });
  const where = redactRedisUrl(url);
  const password = safePassword(url);
  let down = false;
  const wentDown = (reason: string): void => {
    // Refused credentials while start-up waits are its to report (firstConnection), as one fatal sentence.
    if (startingUp.has(redis) && isAuthError(reason)) return;
    if (down) return;
    down = true;
    const message = password ? reason.split(password).join('***') : reason;
    logger?.warn({ redis: where, err: message }, 'redis unavailable; retrying in the background');
    // Commands queue only while the first connection is being made; during an outage they fail at once.
    redis.options.enableOfflineQueue = false;
  };
  // An 'error' listener is also what stops ioredis printing "Unhandled error event".
  redis.on('error', (err: Error) => wentDown(err.message));
  // A connection closed without an error (Redis shut down) is an outage too; a quit() does not reconnect.
  redis.on('reconnecting', () => wentDown('connection closed'));
  redis.on('ready', () => {
    redis.options.enableOfflineQueue = true;
    if (!down) return;
    down = false;
    (logger?.info ?? logger?.warn)?.call(logger, { redis: where }, 'redis connection restored');
  });
  return redis;
}

/** Clients whose first connection start-up is waiting for. */
const startingUp = new WeakSet<Redis>();

/**
 * Wait for the first connection: 'ready' when Redis answers, 'unavailable'
 * when it cannot be reached (the client keeps retrying in the background,
 * and the bot starts without it); throws
 * {@link RedisAuthError} (after disconnecting) when Redis refuses the
 * credentials, since no retry can fix that.
 */
export function firstConnection(redis: Redis, url: string, timeoutMs = 5000): Promise<'ready' | 'unavailable'> {
  if (redis.status === 'ready') return Promise.resolve('ready');
  startingUp.add(redis);
  return new Promise((resolve, reject) => {
    const done = (): void => {
      startingUp.delete(redis);
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
    };
    const onReady = (): void => {
      done();
      resolve('ready');
    };
    const onError = (err: Error): void => {
      done();
      if (!isAuthError(err.message)) {
        // Unreachable (connectRedis has logged it): nothing answered, so there is no password verdict to wait for.
        resolve('unavailable');
        return;
      }
      redis.disconnect();
      reject(new RedisAuthError(redactRedisUrl(url), err.message));
    };
    const timer = setTimeout(() => {
      done();
      resolve('unavailable');
    }, timeoutMs);
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

function safePassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
