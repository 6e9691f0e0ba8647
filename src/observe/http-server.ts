/**
 * One small HTTP server (node:http) for everything that listens: the
 * health check, Prometheus metrics and, in webhook mode, Telegram's updates.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';

export interface HealthReport {
  ok: boolean;
  checks: Record<string, boolean | string | number | null>;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  logger: Logger;
  health: () => Promise<HealthReport>;
  registry: Registry;
  /** Webhook endpoint: requests to `path` go to `handler` (grammY's webhookCallback). */
  webhook?: { path: string; handler: (req: IncomingMessage, res: ServerResponse) => unknown };
}

export interface RunningHttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const log = opts.logger.child({ component: 'http' });
  const server = createServer((req, res) => {
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
          return send(res, health.ok ? 200 : 503, `${JSON.stringify({ status: health.ok ? 'ok' : 'unhealthy', ...health.checks })}\n`, 'application/json');
        }
        if (path === '/metrics') return send(res, 200, await opts.registry.metrics(), opts.registry.contentType);
        send(res, 404, 'not found\n', 'text/plain');
      } catch (err) {
        log.error({ err, path }, 'http handler failed');
        if (!res.headersSent) send(res, 500, 'internal error\n', 'text/plain');
        else res.end();
      }
    })();
  });
  // Telegram's webhook requests are small; keep-alive idle sockets must not delay shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'http server listening');
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
