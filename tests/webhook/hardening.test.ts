/**
 * The HTTP port under hostile peers (in process, loopback only): a body over
 * the limit is refused with 413 while memory stays flat, malformed JSON gets
 * 400, neither is logged as a crash; half-sent requests are closed by the
 * header timeout; a flood of idle connections never holds more sockets than
 * the cap, and /healthz still answers through it.
 */
import net from 'node:net';
import { Bot, type Context } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { ALLOWED_UPDATES } from '../../src/app/app.js';
import { createWebhook } from '../../src/app/webhook.js';
import { createLogger } from '../../src/logger.js';
import { type HttpLimits, type RunningHttpServer, startHttpServer } from '../../src/observe/http-server.js';
import { createMetrics } from '../../src/observe/metrics.js';
import { type Standin, startStandin } from '../../src/standin/server.js';

const TOKEN = '777002:webhook-hardening-token-AAAAAAAAAAAAAAAA';
const SECRET = 'webhook_secret_0123456789_abcdefghijklmnop';
const PATH = '/telegram/hook';
const reader = { id: 6101, first_name: 'Reader', language_code: 'en' };
/** The webhook's body limit (observe/body.ts): 1 MiB. */
const BODY_LIMIT_BYTES = 1024 * 1024;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

interface LogLine {
  level: number;
  msg: string;
  err?: { stack?: string };
  [k: string]: unknown;
}

async function setup(
  limits: Partial<HttpLimits> = {},
): Promise<{ s: Standin; http: RunningHttpServer; base: string; handled: number[]; logs: LogLine[] }> {
  const s = await startStandin();
  cleanup.push(() => s.close());
  const bot = new Bot(TOKEN, { client: { apiRoot: s.apiRoot } });
  const handled: number[] = [];
  bot.use((ctx: Context) => void handled.push(ctx.update.update_id));
  await bot.init();
  const logs: LogLine[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } });
  const webhook = createWebhook(bot, { url: `https://bot.example.test${PATH}`, secret: SECRET, allowedUpdates: ALLOWED_UPDATES, logger });
  const http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger,
    registry: createMetrics({ defaultMetrics: false }).registry,
    health: async () => ({ ok: true, checks: {} }),
    webhook,
    limits,
  });
  cleanup.push(() => http.close());
  return { s, http, base: `http://127.0.0.1:${http.port}`, handled, logs };
}

/** A raw request on its own socket; resolves with the status line's code (0 if closed without one). */
function rawRequest(port: number, head: string, body: (socket: net.Socket) => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0)));
    socket.on('connect', () => {
      socket.write(head);
      void body(socket).catch(() => undefined);
    });
  });
}

const crashLogs = (logs: LogLine[]) => logs.filter((l) => l.level >= 50 || l.err?.stack !== undefined);

describe('request bodies', () => {
  it('a declared length over the limit is answered 413 before a byte of the body is read', async () => {
    const { http, handled, logs } = await setup();
    const status = await rawRequest(
      http.port,
      `POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Length: ${300 * 1024 * 1024}\r\n\r\n`,
      async () => undefined, // the 300 MB never come
    );
    expect(status).toBe(413);
    expect(handled).toEqual([]);
    expect(crashLogs(logs)).toEqual([]);
    expect(logs.filter((l) => l.msg === 'http request refused')).toMatchObject([{ status: 413, level: 40 }]);
  });

  it('a chunked body streamed past the limit gets 413 and memory stays bounded (40 MB sent)', async () => {
    const { http, handled, logs } = await setup();
    const chunk = Buffer.alloc(256 * 1024, 'a');
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let sent = 0;
    const status = await rawRequest(
      http.port,
      `POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      async (socket) => {
        const opening = '{"update_id":1,"x":"';
        socket.write(`${opening.length.toString(16)}\r\n${opening}\r\n`);
        // 40 MB in 160 chunks, as fast as the socket takes them, until the server hangs up.
        for (let i = 0; i < 160 && !socket.destroyed; i++) {
          const ok = socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
          sent += chunk.length;
          peak = Math.max(peak, process.memoryUsage().rss);
          if (!ok) await new Promise((r) => socket.once('drain', r).once('close', r));
        }
      },
    );
    expect(status).toBe(413);
    expect(handled).toEqual([]);
    const grewMb = (peak - before) / 1024 / 1024;
    console.info(
      JSON.stringify({ case: 'streamed body', limitBytes: BODY_LIMIT_BYTES, sentMb: sent / 1024 / 1024, rssGrowthMb: Math.round(grewMb) }),
    );
    // The server stops reading at 1 MiB: what it holds is that, not what the peer sends.
    expect(grewMb).toBeLessThan(20);
    expect(crashLogs(logs)).toEqual([]);
  });

  it('malformed JSON, or JSON that is not an update, is answered 400 and not logged as a crash', async () => {
    const { base, handled, logs } = await setup();
    for (const body of ['{"update_id": 1, "message": {', 'not json at all', '42', '{"no_update_id":true}', '']) {
      const res = await fetch(`${base}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        body,
      });
      expect(res.status, body).toBe(400);
      await res.text();
    }
    expect(handled).toEqual([]);
    expect(crashLogs(logs)).toEqual([]);
    expect(logs.filter((l) => l.msg === 'http request refused').map((l) => l.status)).toEqual([400, 400, 400, 400, 400]);
  });

  it('a body within the limit is still an update handled', async () => {
    const { s, base, handled } = await setup();
    const update = s.sendText(reader, reader.id, '/help');
    const res = await fetch(`${base}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
    expect(handled).toEqual([update.update_id]);
  });
});

describe('connections', () => {
  it('sets header, request and keep-alive timeouts, and a connection cap', async () => {
    const { http } = await setup();
    expect(http.server.headersTimeout).toBe(10_000);
    expect(http.server.requestTimeout).toBe(30_000);
    expect(http.server.keepAliveTimeout).toBe(5_000);
    expect(http.server.maxConnections).toBeGreaterThan(0);
    expect(http.server.maxConnections).toBeLessThan(1_000);
  });

  it('closes a request whose headers never finish (slowloris) after the header timeout', async () => {
    const { http } = await setup({ headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const t0 = Date.now();
    const status = await rawRequest(http.port, `POST ${PATH} HTTP/1.1\r\nHost: x\r\n`, async (socket) => {
      // One more header line every 200 ms, never the blank line that ends them.
      for (let i = 0; i < 30 && !socket.destroyed; i++) {
        await new Promise((r) => setTimeout(r, 200));
        socket.write(`X-Slow-${i}: y\r\n`);
      }
    });
    const tookMs = Date.now() - t0;
    expect([0, 408]).toContain(status);
    expect(tookMs).toBeLessThan(3_000);
  });

  it('3,000 idle and half-sent connections: never more sockets than the cap, and /healthz still answers', async () => {
    const cap = 200;
    const { http, base } = await setup({ maxConnections: cap });
    // Node's own count of the server's open sockets.
    const serverSockets = () =>
      new Promise<number>((resolve, reject) => http.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
    const sockets: net.Socket[] = [];
    // Stops by itself even if an expectation below throws.
    const stopAll = (): void => {
      for (const s of sockets) s.destroy();
    };
    cleanup.push(stopAll);
    const guard = setTimeout(stopAll, 60_000);
    guard.unref();
    let peak = 0;
    for (let i = 0; i < 3_000; i++) {
      const socket = net.connect(http.port, '127.0.0.1');
      socket.on('error', () => undefined);
      // Half of them send half a request, the other half nothing at all.
      if (i % 2 === 0) socket.on('connect', () => socket.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Le`));
      sockets.push(socket);
      if (i % 100 === 99) {
        await new Promise((r) => setTimeout(r, 5));
        peak = Math.max(peak, await serverSockets());
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    peak = Math.max(peak, await serverSockets());
    const t0 = Date.now();
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
    const healthMs = Date.now() - t0;
    expect(res.status).toBe(200);
    await res.text();
    console.info(
      JSON.stringify({ case: 'idle flood in process', opened: sockets.length, cap, peakServerSockets: peak, healthzMs: healthMs }),
    );
    expect(peak).toBeLessThanOrEqual(cap);
    clearTimeout(guard);
  });
});
