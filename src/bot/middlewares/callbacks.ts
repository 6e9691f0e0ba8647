/**
 * Button presses: verify and parse the data once, so features only ever see
 * `ctx.callback` for data this bot signed. Forged, edited or unparsable data
 * gets a short explanation as the press's answer.
 */
import type { MiddlewareFn } from 'grammy';
import type { CallbackData, CallbackKind } from '../../telegram/callback-data.js';
import type { BotContext } from '../context.js';

export function verifyCallbacks(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const raw = ctx.callbackQuery?.data;
    if (raw === undefined) return next();
    const decoded = ctx.services.codec.decode(raw);
    if (!decoded.ok) {
      ctx.log.warn({ reason: decoded.reason, length: raw.length }, 'refused callback data');
      await ctx.answerCallbackQuery({ text: ctx.t.buttonInvalid, show_alert: true });
      return;
    }
    ctx.callback = decoded.data;
    return next();
  };
}

/** Filter for one kind of verified button: `composer.filter(pressed('day'), ...)`. */
export function pressed<K extends CallbackKind>(kind: K) {
  return (ctx: BotContext): ctx is BotContext & { callback: Extract<CallbackData, { kind: K }> } => ctx.callback?.kind === kind;
}
