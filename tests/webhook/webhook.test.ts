/**
 * The webhook endpoint in one process: grammY's webhookCallback behind our
 * HTTP server, pointed at the Bot API stand-in. setWebhook's parameters,
 * the secret check (401 before anything is handled), answering at the
 * timeout while the handler goes on, and draining at shutdown.
 */
import { Bot, type Context } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { ALLOWED_UPDATES } from '../../src/app/app.js';
import { createWebhook, type Webhook } from '../../src/app/webhook.js';
import { createLogger } from '../../src/logger.js';
import { type RunningHttpServer, startHttpServer } from '../../src/observe/http-server.js';
import { createMetrics } from '../../src/observe/metrics.js';
import { type Standin, startStandin, type Update } from '../../src/standin/server.js';
import { UserError } from '../../src/util/user-error.js';

const TOKEN = '777001:webhook-unit-token-AAAAAAAAAAAAAAAA';
const SECRET = 'webhook_secret_0123456789_abcdefghijklmnop';
const PATH = '/telegram/hook-7f3a';
const reader = { id: 6001, first_name: 'Reader', language_code: 'en' };

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

interface Setup {
  s: Standin;
  bot: Bot;
  webhook: Webhook;
  http: RunningHttpServer;
  url: string;
  handled: number[];
}

/** A bot that records each update id it handles (after `gate`, when set), served on a free port. */
async function setup(opts: { timeoutMs?: number; gate?: () => Promise<void>; url?: string } = {}): Promise<Setup> {
  const s = await startStandin();
  cleanup.push(() => s.close());
  const bot = new Bot(TOKEN, { client: { apiRoot: s.apiRoot } });
  const handled: number[] = [];
  bot.use(async (ctx: Context) => {
    await opts.gate?.();
    if (ctx.message?.text === 'throw') throw new Error('handler bug');
    handled.push(ctx.update.update_id);
  });
  await bot.init();
  const logger = createLogger({ level: 'silent', destination: { write: () => undefined } });
  const webhook = createWebhook(bot, {
    url: opts.url ?? `https://bot.example.test${PATH}`,
    secret: SECRET,
    allowedUpdates: ALLOWED_UPDATES,
    logger,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger,
    registry: createMetrics({ defaultMetrics: false }).registry,
    health: async () => ({ ok: true, checks: {} }),
    webhook,
  });
  cleanup.push(() => http.close());
  return { s, bot, webhook, http, url: `http://127.0.0.1:${http.port}${PATH}`, handled };
}

function post(url: string, update: Update, secret: string | undefined) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}) },
    body: JSON.stringify(update),
  });
}

describe('webhook endpoint', () => {
  it('registers with the secret and only the update types handled, serves the URL path, and Telegram deliveries are handled', async () => {
    const { s, bot, webhook, url, handled } = await setup();
    expect(webhook.path).toBe(PATH);
    await webhook.register();
    expect(s.callsOf('setWebhook').map((c) => c.payload)).toEqual([
      { url: `https://bot.example.test${PATH}`, secret_token: SECRET, allowed_updates: ['message', 'callback_query', 'inline_query'] },
    ]);
    expect(s.webhook()?.drop_pending_updates).toBeUndefined();
    // Registering again (another instance starting) changes nothing.
    await webhook.register();
    expect(s.webhook()).toEqual({ url: `https://bot.example.test${PATH}`, secret_token: SECRET, allowed_updates: [...ALLOWED_UPDATES] });

    // The load balancer in front of this process: point the stand-in here and let it deliver, secret and all.
    await bot.api.setWebhook(url, { secret_token: SECRET });
    const update = s.sendText(reader, reader.id, '/help');
    expect(await s.deliverToWebhook(update)).toBe(200);
    expect(handled).toEqual([update.update_id]);
  });

  it('answers 401 to a request without the secret or with a wrong one, and handles nothing', async () => {
    const { s, url, http, handled } = await setup();
    const update = s.sendText(reader, reader.id, '/help');
    const wrongSameLength = SECRET.slice(0, -1) + (SECRET.endsWith('p') ? 'q' : 'p');
    for (const secret of [undefined, '', 'short', wrongSameLength, `${SECRET}x`, SECRET.toUpperCase()]) {
      const res = await post(url, update, secret);
      expect(res.status, `secret ${JSON.stringify(secret)}`).toBe(401);
      await res.text();
    }
    expect(handled).toEqual([]);
    // Only POST reaches the handler; the health check is unaffected.
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${http.port}/healthz`)).status).toBe(200);
    expect((await post(url, update, SECRET)).status).toBe(200);
    expect(handled).toEqual([update.update_id]);
  });

  it('answers 500 when handling throws, so Telegram delivers the update again', async () => {
    const { s, url } = await setup();
    const update = s.sendText(reader, reader.id, 'throw');
    expect((await post(url, update, SECRET)).status).toBe(500);
  });

  it('answers 200 at the timeout while the handler goes on; drain waits for it and refuses new requests', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { s, url, webhook, handled } = await setup({ timeoutMs: 200, gate: () => gate });
    const update = s.sendText(reader, reader.id, '/latest');
    const started = Date.now();
    const res = await post(url, update, SECRET);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(handled).toEqual([]);

    let drained = false;
    const draining = webhook.drain().then(() => (drained = true));
    const refused = await post(url, s.sendText(reader, reader.id, '/help'), SECRET);
    expect(refused.status).toBe(503);
    await new Promise((r) => setTimeout(r, 100));
    expect(drained).toBe(false);
    open();
    await draining;
    expect(handled).toEqual([update.update_id]);
  });

  it('turns Telegram refusing the URL into a sentence naming WEBHOOK_URL', async () => {
    const { s, webhook } = await setup();
    s.failNext('setWebhook', { code: 400, description: 'Bad Request: bad webhook: HTTPS url must be provided for webhook' });
    const err = await webhook.register().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/WEBHOOK_URL .*HTTPS url must be provided/);
    expect((err as Error).message).not.toContain(TOKEN);
  });
});
