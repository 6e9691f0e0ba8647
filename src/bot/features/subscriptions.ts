/**
 * Keyword alerts, the reader's side: /subscribe <keyword>, /subscriptions
 * (the list, a button to remove each), /unsubscribe <keyword|all>. Private
 * chats only: an alert is a private message, and a group's members should
 * not manage one shared list. The alerts themselves come from src/alerts.
 *
 * Remove buttons: the shared callback codec (callback-data.ts) has no kind
 * for them, so they carry their own data, `unsub:<KEY>:<SIG>`: KEY names the
 * keyword (queryKey of its normalised form), SIG is an HMAC under a key
 * derived from the bot's callback secret with a label of its own, so no
 * codec signature is ever valid here or the reverse. This feature is mounted
 * ahead of verifyCallbacks for that reason; everything else it passes on.
 * A press only ever acts on the presser's own keywords. The three commands
 * are declared in the registry (commands/registry.ts); their handlers are here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type CommandContext, Composer, InlineKeyboard } from 'grammy';
import { cleanKeyword, keywordNorm, MAX_KEYWORD_LENGTH, MAX_KEYWORDS } from '../../alerts/keywords.js';
import { createSubscriptions, type Subscriptions } from '../../alerts/subscriptions.js';
import { type AlertMessages, alertMessagesFor } from '../../alerts/texts.js';
import type { Store } from '../../store/store.js';
import { callbackSecret, queryKey } from '../../telegram/callback-data.js';
import type { BotContext } from '../context.js';
import { replyHtml, showPage } from '../reply.js';

/** Words that mean every keyword in /unsubscribe. */
const ALL = new Set(['all', '全部', '所有', '全部取消']);

const DATA = /^unsub:([A-Za-z0-9_-]{8}):([A-Za-z0-9_-]{8})$/;
const secrets = new Map<string, Buffer>();

function sign(token: string, key: string): string {
  let secret = secrets.get(token);
  if (!secret) {
    secret = createHmac('sha256', callbackSecret(token)).update('daily-report-bot/unsubscribe-button').digest();
    secrets.set(token, secret);
  }
  return createHmac('sha256', secret).update(key).digest('base64url').slice(0, 8);
}

/** The remove button's data for `keyword`. */
export function removeButtonData(token: string, keyword: string): string {
  const key = queryKey(keywordNorm(keyword));
  return `unsub:${key}:${sign(token, key)}`;
}

/** The KEY of verified remove-button data, or undefined for anything else (other buttons included). */
function removeKey(token: string, data: string): string | undefined {
  const m = DATA.exec(data);
  if (!m) return undefined;
  const [, key, sig] = m as unknown as [string, string, string];
  return timingSafeEqual(Buffer.from(sig), Buffer.from(sign(token, key))) ? key : undefined;
}

// One Subscriptions per store: features are built before the store is known to them.
const byStore = new WeakMap<Store, Subscriptions>();
function subscriptionsOf(ctx: BotContext): Subscriptions {
  const store = ctx.services.store;
  let subs = byStore.get(store);
  if (!subs) {
    subs = createSubscriptions(store);
    byStore.set(store, subs);
  }
  return subs;
}

const textsOf = (ctx: BotContext): AlertMessages => alertMessagesFor(ctx.lang);

async function showList(ctx: BotContext, keywords: string[]): Promise<void> {
  const t = textsOf(ctx);
  const kb = new InlineKeyboard();
  for (const keyword of keywords) kb.text(t.removeButton(keyword), removeButtonData(ctx.api.token, keyword)).row();
  await showPage(ctx, keywords.length === 0 ? t.listEmpty : t.list(keywords, MAX_KEYWORDS), kb);
}

export function subscriptionsFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();

  const press = c.on('callback_query:data').filter((ctx) => DATA.test(ctx.callbackQuery.data));
  press.use(async (ctx) => {
    const key = removeKey(ctx.api.token, ctx.callbackQuery.data);
    if (key === undefined) {
      ctx.log.warn({ length: ctx.callbackQuery.data.length }, 'refused remove-button data');
      await ctx.answerCallbackQuery({ text: ctx.t.buttonInvalid, show_alert: true });
      return;
    }
    const t = textsOf(ctx);
    const subs = subscriptionsOf(ctx);
    const user = ctx.from.id;
    const keyword = (await subs.list(user)).find((k) => queryKey(keywordNorm(k)) === key);
    const result = keyword === undefined ? undefined : await subs.unsubscribe(user, keyword);
    await ctx.answerCallbackQuery({ text: result?.status === 'removed' ? t.removed(result.keyword) : t.alreadyRemoved });
    if (ctx.chat?.type === 'private') await showList(ctx, await subs.list(user));
  });

  return c;
}

type PrivateCommand = (ctx: CommandContext<BotContext>, user: number) => Promise<void>;

/** Private chats only; in a group (reached only with /cmd@ourbot, see addressing.ts) a pointer to the private chat. */
function privately(handler: PrivateCommand): (ctx: CommandContext<BotContext>) => Promise<void> {
  return async (ctx) => {
    if (ctx.chat.type !== 'private' || !ctx.from) return replyHtml(ctx, textsOf(ctx).privateOnly(ctx.me.username));
    await handler(ctx, ctx.from.id);
  };
}

/** /subscribe <keyword> */
export const subscribeCommand = privately(async (ctx, user) => {
  const t = textsOf(ctx);
  const subs = subscriptionsOf(ctx);
  const cleaned = cleanKeyword(ctx.match);
  if (!cleaned.ok) {
    if (cleaned.reason === 'too-long') return replyHtml(ctx, t.keywordTooLong(MAX_KEYWORD_LENGTH));
    if (cleaned.reason === 'invalid') return replyHtml(ctx, t.keywordInvalid);
    return replyHtml(ctx, t.subscribeUsage((await subs.list(user)).length, MAX_KEYWORDS));
  }
  const result = await subs.subscribe(user, cleaned.keyword, ctx.lang);
  switch (result.status) {
    case 'added':
      return replyHtml(ctx, t.subscribed(result.keyword, result.count, MAX_KEYWORDS));
    case 'duplicate':
      return replyHtml(ctx, t.alreadySubscribed(result.existing));
    case 'limit':
      return replyHtml(ctx, t.limitReached(MAX_KEYWORDS));
  }
});

/** /subscriptions: the list, a remove button per keyword. */
export const subscriptionsCommand = privately(async (ctx, user) => {
  const subs = subscriptionsOf(ctx);
  const keywords = await subs.list(user);
  // The reader's language may have changed since they subscribed; alerts follow it.
  if (keywords.length > 0) await subs.setLang(user, ctx.lang);
  await showList(ctx, keywords);
});

/** /unsubscribe <keyword|all> */
export const unsubscribeCommand = privately(async (ctx, user) => {
  const t = textsOf(ctx);
  const subs = subscriptionsOf(ctx);
  const arg = ctx.match.replace(/\s+/g, ' ').trim();
  if (arg === '') return replyHtml(ctx, t.unsubscribeUsage);
  if (ALL.has(arg.toLowerCase())) return replyHtml(ctx, t.unsubscribedAll(await subs.unsubscribeAll(user)));
  const result = await subs.unsubscribe(user, arg);
  if (result.status === 'unknown') return replyHtml(ctx, t.notSubscribed(arg));
  return replyHtml(ctx, t.unsubscribed(result.keyword, result.count));
});
