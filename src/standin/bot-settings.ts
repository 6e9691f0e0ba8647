/**
 * Handlers about the bot itself rather than messages: identity, update
 * delivery (getUpdates, webhooks), command menus, answers to queries, chat
 * info. The stand-in records what the bot configured so tests can assert it.
 */
import { ApiError, badRequest, Described } from './errors.js';
import { toApiMessage } from './messages.js';
import { chatIdParam, optArray, optBool, optInt, optObject, optString } from './params.js';
import { type BotCommand, botUser, type CallContext, commandsKey } from './state.js';
import type { WebhookInfo } from './types.js';

export function getMe(ctx: CallContext): unknown {
  return {
    ...botUser(ctx.state, ctx.token),
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: true,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
}

export async function getUpdates(ctx: CallContext): Promise<unknown> {
  if (ctx.state.webhook) {
    throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  const p = ctx.payload;
  const allowed = optArray(p, 'allowed_updates');
  return ctx.state.updates.poll(
    {
      offset: optInt(p, 'offset'),
      limit: optInt(p, 'limit'),
      timeout: optInt(p, 'timeout'),
      allowedUpdates: allowed?.map(String),
    },
    ctx.signal,
  );
}

export function setWebhook(ctx: CallContext): unknown {
  const p = ctx.payload;
  const url = optString(p, 'url') ?? '';
  if (url === '') return deleteWebhook(ctx);
  // Telegram insists on HTTPS and ports 80/88/443/8443; a local stand-in cannot, so any http(s) URL goes.
  if (!/^https?:\/\/[^\s/]+/i.test(url)) throw badRequest('bad webhook: invalid webhook URL specified');
  const secret = optString(p, 'secret_token');
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
    throw badRequest('bad webhook: secret token contains unallowed characters');
  }
  const info: WebhookInfo = { url };
  if (secret !== undefined) info.secret_token = secret;
  const allowed = optArray(p, 'allowed_updates')?.map(String);
  if (allowed) info.allowed_updates = allowed;
  const max = optInt(p, 'max_connections');
  if (max !== undefined) info.max_connections = max;
  const drop = optBool(p, 'drop_pending_updates');
  if (drop) {
    info.drop_pending_updates = true;
    ctx.state.updates.dropPending();
  }
  ctx.state.updates.setAllowed(allowed);
  const same = ctx.state.webhook?.url === url;
  ctx.state.webhook = info;
  return new Described(true, same ? 'Webhook is already set' : 'Webhook was set');
}

export function deleteWebhook(ctx: CallContext): unknown {
  if (optBool(ctx.payload, 'drop_pending_updates')) ctx.state.updates.dropPending();
  const had = ctx.state.webhook !== undefined;
  ctx.state.webhook = undefined;
  return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
}

export function getWebhookInfo(ctx: CallContext): unknown {
  const w = ctx.state.webhook;
  return {
    url: w?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: ctx.state.updates.pending().length,
    ...(w?.max_connections !== undefined ? { max_connections: w.max_connections } : {}),
    ...(w?.allowed_updates ? { allowed_updates: w.allowed_updates } : {}),
  };
}

function parseCommands(raw: unknown[] | undefined): BotCommand[] {
  if (!raw) throw badRequest("can't parse commands JSON object");
  if (raw.length > 100) throw badRequest('too many commands');
  return raw.map((c) => {
    const { command, description } = (c ?? {}) as Record<string, unknown>;
    // Telegram allows only lowercase letters, digits and underscores, 1-32 of them.
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command.replace(/^\//, ''))) {
      throw badRequest('BOT_COMMAND_INVALID');
    }
    if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command: command.replace(/^\//, ''), description };
  });
}

export function setMyCommands(ctx: CallContext): unknown {
  const p = ctx.payload;
  const key = commandsKey(optObject(p, 'scope'), optString(p, 'language_code'));
  ctx.state.commands.set(key, parseCommands(optArray(p, 'commands')));
  return true;
}

export function getMyCommands(ctx: CallContext): unknown {
  const key = commandsKey(optObject(ctx.payload, 'scope'), optString(ctx.payload, 'language_code'));
  return structuredClone(ctx.state.commands.get(key) ?? []);
}

export function deleteMyCommands(ctx: CallContext): unknown {
  ctx.state.commands.delete(commandsKey(optObject(ctx.payload, 'scope'), optString(ctx.payload, 'language_code')));
  return true;
}

const QUERY_EXPIRED = 'query is too old and response timeout expired or query ID is invalid';

export function answerCallbackQuery(ctx: CallContext): unknown {
  const id = optString(ctx.payload, 'callback_query_id') ?? '';
  if (!ctx.state.queries.consume(id)) throw badRequest(QUERY_EXPIRED);
  return true;
}

export function answerInlineQuery(ctx: CallContext): unknown {
  const results = optArray(ctx.payload, 'results');
  if (!results) throw badRequest("can't parse inline query results JSON object");
  if (results.length > 50) throw badRequest('RESULTS_TOO_MUCH');
  const ids = results.map((r) => String((r as { id?: unknown } | null)?.id ?? ''));
  if (ids.some((i) => i === '' || i.length > 64)) throw badRequest('RESULT_ID_INVALID');
  if (new Set(ids).size !== ids.length) throw badRequest('RESULT_ID_DUPLICATE');
  const id = optString(ctx.payload, 'inline_query_id') ?? '';
  if (!ctx.state.queries.consume(id)) throw badRequest(QUERY_EXPIRED);
  return true;
}

export function getChat(ctx: CallContext): unknown {
  const chat = ctx.state.chats.resolve(chatIdParam(ctx.payload));
  const pinned = ctx.state.store
    .list(chat.id, { includeIncoming: true })
    .filter((m) => m.pinned)
    .at(-1);
  return {
    ...chat,
    accent_color_id: 0,
    max_reaction_count: 11,
    ...(pinned ? { pinned_message: toApiMessage(pinned) } : {}),
  };
}
