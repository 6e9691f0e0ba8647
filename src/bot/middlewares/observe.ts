/**
 * Counts commands and times every update's handling, for /metrics. The
 * recorder is passed in, so the bot does not depend on prom-client.
 */
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

export type UpdateKind = 'command' | 'callback' | 'inline' | 'message' | 'other';

export interface UpdateObserver {
  /** A command by name (without the slash or @botname), as the user sent it. */
  command(name: string): void;
  /** How long handling one update of this kind took. */
  handled(kind: UpdateKind, seconds: number): void;
}

/** Only known command names become metric labels, so a user cannot create new series. */
export function observeUpdates(observer: UpdateObserver, knownCommands: ReadonlySet<string>): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const started = performance.now();
    const text = ctx.message?.text ?? '';
    const command = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s|$)/.exec(text)?.[1]?.toLowerCase();
    const kind: UpdateKind = command
      ? 'command'
      : ctx.callbackQuery
        ? 'callback'
        : ctx.inlineQuery
          ? 'inline'
          : ctx.message
            ? 'message'
            : 'other';
    if (command) observer.command(knownCommands.has(command) ? command : 'unknown');
    try {
      await next();
    } finally {
      observer.handled(kind, (performance.now() - started) / 1000);
    }
  };
}
