/**
 * Webhook mode: Telegram POSTs each update to WEBHOOK_URL, and the HTTP
 * server hands requests on that URL's path to grammY's `webhookCallback`.
 * grammY compares `X-Telegram-Bot-Api-Secret-Token` with WEBHOOK_SECRET in
 * constant time and answers 401 when it is missing or wrong, before reading
 * the body. The body is then read with a limit (413 past it) and must be a
 * JSON update (400 otherwise), so a peer holding the secret still cannot
 * fill memory or provoke a crash log. Several instances behind a load
 * balancer serve the same URL; a redelivered update is dropped by
 * middlewares/dedupe.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Bot, type Context, GrammyError, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.js';
import { DEFAULT_BODY_LIMIT_BYTES, readUpdateBody } from '../observe/body.js';
import { UserError } from '../util/user-error.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * grammY's `http` adapter with a bounded body: the same request/response
 * handling, but the update is read by {@link readUpdateBody}. `update` is a
 * getter, as in grammY, so nothing is read before the secret is checked.
 */
function boundedHttpAdapter(limitBytes: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers[SECRET_HEADER];
    return {
      get update() {
        return readUpdateBody(req, limitBytes) as Promise<Update>;
      },
      header: Array.isArray(header) ? header[0] : header,
      end: () => void res.end(),
      respond: (json: string) => void res.writeHead(200, { 'content-type': 'application/json' }).end(json),
      unauthorized: () => void res.writeHead(401, { connection: 'close' }).end('secret token is wrong\n'),
    };
  };
}

/** The port in webhook mode when PORT is unset (Telegram itself calls the load balancer on 443). */
export const DEFAULT_WEBHOOK_PORT = 8080;

/**
 * How long a request waits for its update to be handled before it is
 * answered 200 anyway (the handler keeps running). Telegram waits far
 * longer before it gives up and redelivers; answering early keeps its
 * per-bot connections free, and a drain at shutdown fits in the 10 s grace.
 */
export const WEBHOOK_TIMEOUT_MS = 5_000;

export interface WebhookOptions {
  /** WEBHOOK_URL: the public URL Telegram calls; its path is the one served. */
  url: string;
  /** WEBHOOK_SECRET: Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`. */
  secret: string;
  /** The update types to ask Telegram for (setWebhook's `allowed_updates`). */
  allowedUpdates: ReadonlyArray<Exclude<keyof Update, 'update_id'>>;
  logger: Logger;
  /** Default WEBHOOK_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Largest request body read (default 1 MiB); more is answered 413. */
  bodyLimitBytes?: number;
}

export interface Webhook {
  /** The path of `url`, to route in the HTTP server. */
  path: string;
  /** The request handler for that path. */
  handler(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Tell Telegram where to deliver updates (setWebhook). */
  register(): Promise<void>;
  /** Answer new requests 503 and resolve once every update taken is handled, even past its request's timeout. */
  drain(): Promise<void>;
}

export function createWebhook<C extends Context>(bot: Bot<C>, opts: WebhookOptions): Webhook {
  const log = opts.logger.child({ component: 'webhook' });
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const done = (): void => void inFlight.delete(p);
    p.then(done, done);
    return p;
  };
  // webhookCallback stops waiting at the timeout but the update is still being handled; a view of the
  // bot whose handleUpdate is tracked lets drain() wait for that too, as the runner does when it stops.
  const tracked = Object.create(bot) as Bot<C>;
  tracked.handleUpdate = (update, envelope) => track(bot.handleUpdate(update, envelope));
  const callback = webhookCallback(tracked, boundedHttpAdapter(opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES), {
    secretToken: opts.secret,
    onTimeout: 'return',
    timeoutMilliseconds: opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
  });
  let draining = false;

  return {
    path: new URL(opts.url).pathname,
    async handler(req, res) {
      if (draining) {
        // Shutting down: Telegram retries, and the load balancer picks another instance.
        res.writeHead(503, { 'retry-after': '1', connection: 'close' }).end('shutting down\n');
        return;
      }
      await track(Promise.resolve(callback(req, res)));
    },
    async register() {
      // Every instance calls this at start with identical parameters; Telegram answers "Webhook is
      // already set" and keeps pending updates. Electing one caller would need a lock and a leader
      // to fail over for no gain, while this way a deploy that changes WEBHOOK_URL or WEBHOOK_SECRET
      // takes effect with the first new instance. Never drop_pending_updates: in a rolling restart
      // the pending ones are readers waiting for answers. And no deleteWebhook at shutdown: the other
      // instances still serve the URL.
      try {
        await bot.api.setWebhook(opts.url, { secret_token: opts.secret, allowed_updates: [...opts.allowedUpdates] });
      } catch (err) {
        if (!(err instanceof GrammyError)) throw err;
        throw new UserError(
          `Telegram refused WEBHOOK_URL (${err.description}): it must be a public https URL on port 443, 80, 88 or 8443.`,
        );
      }
      log.info({ url: opts.url, allowedUpdates: opts.allowedUpdates }, 'webhook set');
    },
    async drain() {
      draining = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
