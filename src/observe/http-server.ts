/**
 * One small HTTP server (node:http) for everything that listens: the
 * health check, Prometheus metrics and, in webhook mode, Telegram's updates.
 *
 * Every peer is hostile until proven otherwise, so the server bounds what a
 * peer can hold: header and request timeouts close slow or half-sent
 * requests, idle keep-alive sockets are closed after a few seconds, and a
 * connection cap keeps file descriptors for what the bot itself needs
 * (Telegram, the store). At the cap the oldest connection with no request
 * in flight is closed to make room, so a flood of idle sockets can neither
 * exhaust descriptors nor lock out the health check.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { BodyError } from './body.js';

export interface HealthReport {
  ok: boolean;
  checks: Record<string, boolean | string | number | null>;
}

/** Limits on what one peer can hold; defaults in {@link DEFAULT_HTTP_LIMITS}. */
export interface HttpLimits {
  /** Most open connections; at the cap the oldest idle one is closed (HTTP_MAX_CONNECTIONS). */
  maxConnections: number;
  /** A request's headers must arrive within this. */
  headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic at all (not even a first byte) is closed after this. */
  idleSocketTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxConnections: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleSocketTimeoutMs: 15_000,
};

export interface HttpServerOptions {
  port: number;
  /** The address to listen on (HTTP_HOST): loopback unless the webhook must be reachable. */
  host: string;
  logger: Logger;
  health: () => Promise<HealthReport>;
  registry: Registry;
  /** Webhook endpoint: requests to `path` go to `handler` (grammY's webhookCallback). */
  webhook?: { path: string; handler: (req: IncomingMessage, res: ServerResponse) => unknown };
  limits?: Partial<HttpLimits>;
}

export interface RunningHttpServer {
  server: Server;
  port: number;
  /** Connections open right now (for tests and metrics). */
  connections(): number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const log = opts.logger.child({ component: 'http' });
  const limits = { ...DEFAULT_HTTP_LIMITS, ...opts.limits };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (its default, 30 s, lets half-sent requests pile up).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      void (async () => {
        try {
          if (opts.webhook && path === opts.webhook.path) {
            if (req.method !== 'POST') return send(res, 405, 'method not allowed\n', 'text/plain');
            await opts.webhook.handler(req, res);
            return;
          }
          if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', 'text/plain');
          if (path === '/healthz') {
            const health = await opts.health();
            return send(
              res,
              health.ok ? 200 : 503,
              `${JSON.stringify({ status: health.ok ? 'ok' : 'unhealthy', ...health.checks })}\n`,
              'application/json',
            );
          }
          if (path === '/metrics') return send(res, 200, await opts.registry.metrics(), opts.registry.contentType);
          send(res, 404, 'not found\n', 'text/plain');
        } catch (err) {
          if (err instanceof BodyError) {
            // A peer's mistake (or attack), not ours: one line, no stack, and the socket is not kept.
            log.warn({ path, status: err.status, reason: err.message }, 'http request refused');
            if (!res.headersSent) send(res, err.status, `${err.message}\n`, 'text/plain', { connection: 'close' });
            else res.end();
            // Stop reading an oversized body rather than draining it.
            res.once('finish', () => req.destroy());
            return;
          }
          log.error({ err, path }, 'http handler failed');
          if (!res.headersSent) send(res, 500, 'internal error\n', 'text/plain');
          else res.end();
        }
      })();
    },
  );
  // A hard backstop in the kernel-facing accept path; the eviction below normally keeps us under it.
  server.maxConnections = limits.maxConnections + 16;

  // Open sockets in arrival order, and which of them have a request being answered.
  const sockets = new Set<Socket>();
  const busy = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    if (sockets.size >= limits.maxConnections) {
      let victim: Socket | undefined;
      for (const s of sockets) {
        if (!busy.has(s)) {
          victim = s;
          break;
        }
      }
      if (victim) {
        victim.destroy();
        sockets.delete(victim);
      } else {
        socket.destroy();
        return;
      }
    }
    sockets.add(socket);
    socket.setTimeout(limits.idleSocketTimeoutMs, () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    busy.add(socket);
    res.once('close', () => busy.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: opts.host, port, maxConnections: limits.maxConnections }, 'http server listening');
  return {
    server,
    port,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}
