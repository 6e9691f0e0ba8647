/**
 * The reply_markup checks that catch real bugs before production does:
 * callback_data over 64 bytes (the limit is in bytes, so non-ASCII data
 * trips it early) and inline buttons that do nothing.
 */
import { badRequest } from './errors.js';

const ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

export function validateReplyMarkup(markup: unknown): void {
  if (markup === undefined) return;
  if (typeof markup !== 'object' || markup === null) throw badRequest("can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return; // reply keyboards and friends: stored as sent
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" must be of type Array');
  for (const row of rows) {
    if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" must be of type Array of Array');
    for (const button of row) validateButton(button);
  }
}

function validateButton(button: unknown): void {
  if (typeof button !== 'object' || button === null)
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  const b = button as Record<string, unknown>;
  if (typeof b.text !== 'string') throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  if (!ACTIONS.some((a) => b[a] !== undefined)) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (b.callback_data !== undefined) {
    const bytes = Buffer.byteLength(String(b.callback_data), 'utf8');
    if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
  }
  if (typeof b.url === 'string' && !/^(https?|tg):\/\/\S+$/i.test(b.url)) {
    throw badRequest(`inline keyboard button URL '${b.url}' is invalid: Wrong HTTP URL`);
  }
}

/** Whether an inline keyboard has a button carrying exactly this callback data. */
export function hasCallbackButton(markup: unknown, data: string): boolean {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return false;
  return rows.some(
    (row) =>
      Array.isArray(row) &&
      row.some((b) => typeof b === 'object' && b !== null && (b as { callback_data?: unknown }).callback_data === data),
  );
}
