/**
 * The last guard before Telegram: no outgoing text may carry the bot token,
 * the webhook secret or the Redis password, whatever produced it (a report
 * file, an error message, a reply). Every `send…`, `edit…` and `answer…`
 * call is inspected (texts, captions, button labels, inline results: every
 * string in the payload); one that holds a secret is refused before it leaves,
 * the admins are told (without the secret) and the refusal is logged (the
 * secret's name, never its value). Installed as a grammY API transformer, so
 * every sending path of the bot goes through it.
 */
import type { Api, Transformer } from 'grammy';
import type { Logger } from '../logger.js';

export interface NamedSecret {
  /** What the secret is, for logs and admins: `the bot token`. */
  name: string;
  value: string;
}

/** Shorter values would refuse innocent text; such secrets are weak anyway. */
const MIN_SECRET_LENGTH = 8;
/** Payloads are small; deeper nesting than this is not a message. */
const MAX_DEPTH = 8;

export class SecretRefusedError extends Error {
  override name = 'SecretRefusedError';
  constructor(
    readonly method: string,
    readonly secretName: string,
  ) {
    super(`refused to call ${method}: the text contains ${secretName}; nothing was sent`);
  }
}

/** The secrets a configuration holds, with the bare part of the token (after `id:`) as its own entry. */
export function configSecrets(config: {
  BOT_TOKEN?: string | undefined;
  WEBHOOK_SECRET?: string | undefined;
  REDIS_URL?: string | undefined;
}): NamedSecret[] {
  const out: NamedSecret[] = [];
  if (config.BOT_TOKEN) {
    out.push({ name: 'the bot token', value: config.BOT_TOKEN });
    const bare = config.BOT_TOKEN.slice(config.BOT_TOKEN.indexOf(':') + 1);
    if (bare !== config.BOT_TOKEN) out.push({ name: 'the bot token', value: bare });
  }
  if (config.WEBHOOK_SECRET) out.push({ name: 'the webhook secret', value: config.WEBHOOK_SECRET });
  if (config.REDIS_URL) {
    try {
      const password = new URL(config.REDIS_URL).password;
      if (password) {
        out.push({ name: 'the Redis password', value: password });
        const decoded = decodeURIComponent(password);
        if (decoded !== password) out.push({ name: 'the Redis password', value: decoded });
      }
    } catch {
      // An unparsable URL is refused by the store; nothing to guard here.
    }
  }
  return out.filter((s) => s.value.length >= MIN_SECRET_LENGTH);
}

/** HTML escaping changes `&`, `<`, `>` and `"`: a secret holding them is also looked for escaped. */
function variants(secret: NamedSecret): NamedSecret[] {
  const escaped = secret.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped === secret.value ? [secret] : [secret, { ...secret, value: escaped }];
}

/** The first secret found in any string of `value`, or undefined. */
export function findSecret(value: unknown, secrets: NamedSecret[], depth = 0): NamedSecret | undefined {
  if (typeof value === 'string') return secrets.find((s) => value.includes(s.value));
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return undefined;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const hit = findSecret(v, secrets, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/** Methods that put text in front of people. `setWebhook` legitimately carries the webhook secret and is not one. */
const OUTGOING = /^(send|edit|answer|copy)/;

export interface SecretGuardDeps {
  secrets: NamedSecret[];
  logger: Logger;
  /** Tell the admins (the text never holds a secret). Failures are logged. */
  notifyAdmins?: (text: string) => Promise<void>;
}

export function secretGuard(deps: SecretGuardDeps): Transformer {
  const secrets = deps.secrets.flatMap(variants);
  const log = deps.logger.child({ component: 'secret-guard' });
  // One notice per chat and secret: a refused post is retried, the admins need hearing it once.
  const told = new Set<string>();
  return async (prev, method, payload, signal) => {
    const hit = OUTGOING.test(method) ? findSecret(payload, secrets) : undefined;
    if (!hit) return prev(method, payload, signal);
    const target = payload as { chat_id?: unknown; inline_query_id?: unknown };
    const chat =
      target.chat_id !== undefined ? String(target.chat_id) : target.inline_query_id !== undefined ? 'an inline answer' : 'a chat';
    log.error({ method, chat, secret: hit.name }, 'refused to send text that contains a secret');
    const key = `${chat}\u0000${hit.name}`;
    // The notice itself goes through this guard too; it names no secret, so it passes.
    if (deps.notifyAdmins && !told.has(key) && !method.startsWith('answerCallback')) {
      told.add(key);
      await deps
        .notifyAdmins(
          `Refused to send a message to ${chat}: it contained ${hit.name}. Nothing was sent. Check the report files (and links in the content folder) for leaked secrets, then rotate ${hit.name}.`,
        )
        .catch((err: unknown) => log.error({ err }, 'could not tell the admins about a refused message'));
    }
    throw new SecretRefusedError(method, hit.name);
  };
}

/** Install the guard on `api` after its other transformers, so it runs first on every call. */
export function installSecretGuard(api: Api, deps: SecretGuardDeps): void {
  api.config.use(secretGuard(deps));
}
