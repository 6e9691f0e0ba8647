/**
 * The outgoing budget as a grammY API transformer: installed on an `Api`,
 * every call made through it (by any feature, any plugin, any method added
 * later) waits its turn in the scheduler, so nothing can bypass the budget.
 *
 * Install it BEFORE the retry transformer (publish/telegram-api.ts): grammY
 * runs the last installed transformer outermost, so auto-retry then wraps
 * the budget and each retry queues again, behind the pause the 429 started,
 * instead of holding a slot while it sleeps.
 *
 * Priority: what the caller asked for with `withPriority` (the alert worker
 * asks for background), otherwise the channel post for calls to a
 * configured channel, otherwise a reply.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Api, Transformer } from 'grammy';
import { type ChatId, chatKey, classify, isGroupOrChannel } from './methods.js';
import type { OutgoingScheduler, Priority } from './scheduler.js';

export interface BudgetTransformerOptions {
  scheduler: OutgoingScheduler;
  /** The configured channels (`@name` or ids): calls to them are the channel post. */
  channels: ReadonlyArray<string | number>;
}

export interface OutgoingBudget {
  /** The transformer to install on every Api instance that talks to Telegram. */
  readonly transformer: Transformer;
  /** Run `fn` with every call it makes queued at `priority`. */
  withPriority<T>(priority: Priority, fn: () => Promise<T>): Promise<T>;
  /** Calls queued now, per priority. */
  depth(): Record<Priority, number>;
  /** Resolve once `chat`'s own limits would let a message through (the publisher's pacer view). */
  chatReady(chat: ChatId): Promise<void>;
}

const budgets = new WeakMap<Transformer, OutgoingBudget>();

/** The budget installed on `api`, if any (grammY copies transformers onto each update's `ctx.api`). */
export function budgetOf(api: Api): OutgoingBudget | undefined {
  for (const t of api.config.installedTransformers()) {
    const b = budgets.get(t);
    if (b) return b;
  }
  return undefined;
}

export function createBudget(opts: BudgetTransformerOptions): OutgoingBudget {
  const { scheduler } = opts;
  const channels = new Set(opts.channels.map((c) => chatKey(c)));
  const asked = new AsyncLocalStorage<Priority>();

  const transformer: Transformer = async (prev, method, payload, signal) => {
    const call = classify(method, payload);
    if (!call.counted) return prev(method, payload, signal);
    const priority = asked.getStore() ?? (call.chat !== undefined && channels.has(call.chat) ? 'post' : 'reply');
    const ticket = await scheduler.acquire({
      priority,
      group: call.group,
      ...(call.chat !== undefined ? { chat: call.chat } : {}),
      // grammY types its signal with the abort-controller polyfill's interface; at run time it is Node's.
      ...(signal ? { signal: signal as unknown as AbortSignal } : {}),
    });
    let retryAfterS: number | undefined;
    try {
      const res = await prev(method, payload, signal);
      if (!res.ok && res.error_code === 429) retryAfterS = res.parameters?.retry_after ?? 1;
      return res;
    } finally {
      ticket.done(retryAfterS !== undefined ? { retryAfterS } : {});
    }
  };

  const budget: OutgoingBudget = {
    transformer,
    withPriority: (priority, fn) => asked.run(priority, fn),
    depth: () => scheduler.depth(),
    chatReady: (chat) => scheduler.chatReady(chatKey(chat), isGroupOrChannel(chat)),
  };
  budgets.set(transformer, budget);
  return budget;
}
