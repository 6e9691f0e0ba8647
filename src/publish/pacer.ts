/**
 * Per-chat pacing after Telegram's guidance for bots: avoid more than about
 * one message per second in a chat, and no more than 20 messages per minute
 * in a group or channel. Pacing before each send keeps a long report clear of
 * 429s instead of discovering the limits by hitting them.
 *
 * `wait(chat)` reserves the chat's next free slot synchronously, then sleeps
 * until it, so concurrent senders to one chat queue up instead of racing.
 * The ~30 messages/second limit over all chats is not paced here: one report
 * to one channel is far below it.
 *
 * The running bot paces every call below this, in the outgoing budget
 * (src/outgoing, an API transformer); on an `Api` that has it, `pacerFor`
 * gives the budget's view: `wait` resolves when the budget's per-chat limits
 * would let the chat's next message through, and the budget itself counts
 * the send. The publisher confirms its lock after `wait` and right before the
 * send, so the wait belongs here rather than inside the send. This pacer
 * remains for an `Api` without the budget.
 */
import type { Api } from 'grammy';
import { chatKey, isGroupOrChannel } from '../outgoing/methods.js';
import { budgetOf } from '../outgoing/transformer.js';
import type { ChatTarget } from './types.js';

export interface PacerOptions {
  /** Least time between two sends to one chat, in ms (default 1000: "about one message per second"). */
  minIntervalMs?: number;
  /** Most sends to one group or channel per window (default 20: "20 messages per minute"). */
  groupLimit?: number;
  /** The group window in ms (default 60 000). */
  groupWindowMs?: number;
  /**
   * Added to the group window in ms (default 500): Telegram counts a send when
   * it arrives, slightly after we reserved it, so an exact window could clip.
   */
  slackMs?: number;
  /** Clock in ms since the epoch (default Date.now). */
  now?: () => number;
  /** Default: a setTimeout promise. */
  sleep?: (ms: number) => Promise<void>;
}

export interface Pacer {
  /** Resolve when a message may be sent to `chat`; counts that send. Call once per message. */
  wait(chat: ChatTarget): Promise<void>;
}

/** The pacer for sends through `api`: the budget's view when `api` has the outgoing budget, else a pacer of its own. */
export function pacerFor(api: Api, opts?: PacerOptions): Pacer {
  const budget = budgetOf(api);
  return budget ? { wait: (chat) => budget.chatReady(chat) } : createPacer(opts);
}

// One definition of a chat's identity and kind for the budget and the publisher's keys.
export { chatKey, isGroupOrChannel };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Forget chats idle this long beyond the window once the map grows past this size. */
const SWEEP_AT = 1000;

export function createPacer(opts: PacerOptions = {}): Pacer {
  const minInterval = opts.minIntervalMs ?? 1000;
  const limit = opts.groupLimit ?? 20;
  const window = (opts.groupWindowMs ?? 60_000) + (opts.slackMs ?? 500);
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  /** Reserved send times per chat, ascending; only those still inside the window. */
  const sends = new Map<string, number[]>();

  const sweep = (t: number): void => {
    for (const [key, times] of sends) if ((times.at(-1) ?? 0) <= t - window) sends.delete(key);
  };

  return {
    wait(chat) {
      const t = now();
      if (sends.size > SWEEP_AT) sweep(t);
      const key = chatKey(chat);
      const group = isGroupOrChannel(chat);
      const times = (sends.get(key) ?? []).filter((x) => x > t - window);
      let at = t;
      const last = times.at(-1);
      if (last !== undefined) at = Math.max(at, last + minInterval);
      // The send `limit` places back must have left the window before this one goes.
      const oldest = times[times.length - limit];
      if (group && oldest !== undefined) at = Math.max(at, oldest + window);
      times.push(at);
      // Private chats only need the last send; groups need the window's worth.
      sends.set(key, group ? times : times.slice(-1));
      return at > t ? sleep(at - t) : Promise.resolve();
    },
  };
}
