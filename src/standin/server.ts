/**
 * A local stand-in for Telegram's Bot API: an HTTP server on 127.0.0.1 that
 * answers `/bot<token>/<method>` the way api.telegram.org does, closely
 * enough that grammY pointed at it (`client: { apiRoot: standin.apiRoot }`)
 * cannot tell the difference for the methods this project uses. End-to-end
 * tests drive a real bot through it; the sandbox command uses it as a fake
 * channel. Nothing happens on import: call `startStandin`.
 *
 * Each request goes: route and token check (404/401) → body decoding →
 * faults → method handler → JSON answer, and lands in the call log with the
 * status it got (0 when the connection was dropped).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody } from './body.js';
import { type BuilderDeps, buttonPress, userInlineQuery, userText } from './builders.js';
import { CallLog } from './call-log.js';
import { errorOutcome, execute, type Outcome } from './dispatch.js';
import { ApiError } from './errors.js';
import { FaultInjector } from './faults.js';
import { canonicalMethod } from './methods.js';
import { commandsKey, createState } from './state.js';
import type { Standin, StandinOptions, Update } from './types.js';
import { waitFor } from './wait.js';
import { postUpdate } from './webhook.js';

export type * from './types.js';

const MAX_BODY = 50 * 1024 * 1024; // Telegram's upload limit for bots

export async function startStandin(opts: StandinOptions = {}): Promise<Standin> {
  const state = createState(opts);
  const faults = new FaultInjector(opts.faults);
  const log = new CallLog();

  const tokenAccepted = (token: string): boolean =>
    opts.validToken === undefined ? true : typeof opts.validToken === 'function' ? opts.validToken(token) : opts.validToken === token;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = state.clock();
    const url = new URL(req.url ?? '/', 'http://standin');
    const route = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!route) {
      send(res, errorOutcome(new ApiError(404, 'Not Found')));
      return;
    }
    const token = decodeURIComponent(route[1] ?? '');
    const method = canonicalMethod(route[2] ?? '');
    log.noteToken(token);

    const aborted = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) aborted.abort();
    });

    let payload: Record<string, unknown> = {};
    let outcome: Outcome;
    try {
      const body = await readBody(req);
      payload = parseBody(req.headers['content-type'], body, url.searchParams);
      outcome = tokenAccepted(token)
        ? await execute(state, faults, { method, payload, token, signal: aborted.signal })
        : errorOutcome(new ApiError(401, 'Unauthorized'));
    } catch (e) {
      outcome = errorOutcome(e instanceof ApiError ? e : new ApiError(400, `Bad Request: ${String(e)}`));
    }
    const delivered = send(res, outcome);
    log.record({
      method,
      payload,
      at,
      token,
      status: delivered && outcome.kind === 'answer' ? outcome.status : 0,
      ...(delivered && outcome.kind === 'answer' ? { response: outcome.body } : {}),
    });
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const pushUpdate = (u: Partial<Update>): Update =>
    // With a webhook set Telegram stops queueing for getUpdates; the test delivers it instead.
    state.webhook ? state.updates.assignId(u) : state.updates.push(u);
  const deps: BuilderDeps = { chats: state.chats, store: state.store, queries: state.queries, push: pushUpdate };
  const messages: Standin['messages'] = (chat, o) => {
    const id = state.chats.keyOf(chat);
    return id === undefined ? [] : state.store.list(id, o);
  };

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      if (!server.listening) return; // idempotent: tests may close in the body and in afterEach
      // Answer a waiting long poll with [] and let that answer flush before cutting connections.
      state.updates.release();
      await new Promise((r) => setImmediate(r));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    messages,
    allCalls: () => log.all(),
    callsOf: (method) => log.of(method),
    tokens: () => log.tokens(),
    onCall: (listener) => log.listen(listener),
    pushUpdate,
    sendText: (from, chatId, text) => userText(deps, from, chatId, text),
    pressButton: (from, message, data) => buttonPress(deps, from, message, data),
    inlineQuery: (from, query) => userInlineQuery(deps, from, query),
    pendingUpdates: () => state.updates.pending(),
    waitFor: (predicate, timeoutMs) => waitFor(predicate, timeoutMs),
    waitForMessages: (chat, count, timeoutMs) =>
      waitFor(
        () => {
          const list = messages(chat);
          return list.length >= count ? list : undefined;
        },
        timeoutMs,
        () => `${count} message(s) in chat ${chat} (have ${messages(chat).length})`,
      ),
    failNext: (method, spec) => faults.failNext(canonicalMethod(method), spec),
    dropNext: (method, times, spec) => faults.dropNext(canonicalMethod(method), times, spec),
    kickBotFrom: (chat) => state.chats.setKicked(chat, true),
    unkickBot: (chat) => state.chats.setKicked(chat, false),
    blockBy: (userId) => state.chats.setBlocked(userId, true),
    unblockBy: (userId) => state.chats.setBlocked(userId, false),
    webhook: () => (state.webhook ? structuredClone(state.webhook) : undefined),
    deliverToWebhook: async (u) => {
      const hook = state.webhook;
      if (!hook) throw new Error('standin: deliverToWebhook needs a webhook set with setWebhook first');
      const update = u.update_id === undefined ? state.updates.assignId(u) : (u as Update);
      const delivery = await postUpdate(hook, update);
      if (delivery.reply) {
        const method = canonicalMethod(delivery.reply.method);
        const token = log.tokens().at(-1) ?? '';
        const at = state.clock();
        const out = await execute(state, faults, { method, payload: delivery.reply.payload, token, signal: new AbortController().signal });
        log.record({ method, payload: delivery.reply.payload, at, token, status: out.kind === 'answer' ? out.status : 0 });
      }
      return delivery.status;
    },
    commands: (scope, languageCode) => structuredClone(state.commands.get(commandsKey(scope, languageCode)) ?? []),
  };
}

/** Write the outcome; false when there was nobody left to answer (dropped or client gone). */
function send(res: ServerResponse, outcome: Outcome): boolean {
  if (outcome.kind === 'drop') {
    // Destroying the socket mid-request is what a dying proxy or network does: no status, no body.
    res.socket?.destroy();
    return false;
  }
  if (res.destroyed || res.writableEnded) return false;
  const body = JSON.stringify(outcome.body);
  res.writeHead(outcome.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
