/**
 * The live view of the stand-in: every message the bot sends, edits or
 * deletes becomes a bubble on the terminal as the call is answered; every
 * call Telegram would refuse becomes a warning. It also remembers the last
 * keyboard shown (so `:2` can press its second button) and when the bot was
 * last busy (so a script knows when the replies have settled).
 */

import { outlineBlocks, richCounts } from '../render/rich/outline.js';
import type { Block } from '../render/rich/types.js';
import type { CallRecord, Entity, Standin, StoredMessage, TgUser } from '../standin/types.js';
import { type BubbleView, type Button, formatBubble, inlineButtons, type PartRef, paint } from './bubble.js';

export interface TranscriptOptions {
  standin: Standin;
  channel: { id: number; name: string };
  /** The person at the keyboard: their private chat is "bot". */
  user: TgUser;
  /** Which report part a message's plain text is, if any. */
  findPart: (text: string) => PartRef | undefined;
  color: boolean;
  print: (block: string) => void;
}

/** A button on screen, with the message it belongs to. */
export interface ShownButton {
  chatId: number;
  messageId: number;
  button: Button;
}

export interface Transcript {
  /** Button `n` (1-based) of the last keyboard shown, or undefined. */
  button(n: number): ShownButton | undefined;
  /** How many buttons the last keyboard has. */
  buttonCount(): number;
  /** A point in time to measure `respondedSince` and `quietSince` from. */
  mark(): number;
  /** Calls about the user's chat (messages, edits, button answers) since the mark. */
  respondedSince(mark: number): number;
  /** Milliseconds since the bot last called anything but getUpdates, or since the mark if later. */
  quietSince(mark: number): number;
  /** Hold output until `release()` (the banner goes first). */
  release(): void;
  close(): void;
}

const SEND = new Set(['sendMessage', 'sendPhoto', 'sendRichMessage']);
const EDIT = new Set(['editMessageText', 'editMessageCaption', 'editMessageReplyMarkup']);
const SHOWN_FAILURES = new Set([...SEND, ...EDIT, 'deleteMessage', 'pinChatMessage', 'answerCallbackQuery']);

interface ApiMessage {
  message_id: number;
  chat: { id: number; first_name?: string; title?: string };
}

export function createTranscript(opts: TranscriptOptions): Transcript {
  const { standin, channel, user, color } = opts;
  let held: string[] | undefined = [];
  let lastBusy = 0;
  const responseTimes: number[] = [];
  let keyboard: ShownButton[] = [];
  let channelCount = 0;
  /** Where each message was when first shown (report part, or running number in the channel). */
  const placed = new Map<string, { part?: PartRef; ordinal?: number }>();

  const print = (block: string): void => (held ? void held.push(block) : opts.print(block));

  const chatName = (id: number, stored: StoredMessage | undefined): { where: string; tone: BubbleView['tone'] } => {
    if (id === channel.id) return { where: 'channel', tone: 'channel' };
    if (id === user.id) return { where: 'bot', tone: 'bot' };
    const c = stored?.chat;
    return { where: `bot → ${c?.title ?? c?.first_name ?? id}`, tone: 'other' };
  };

  const chatLabel = (chatId: unknown): string => {
    if (chatId === channel.id || String(chatId).toLowerCase() === channel.name.toLowerCase()) return 'the channel';
    if (Number(chatId) === user.id) return 'you';
    return `chat ${String(chatId)}`;
  };

  function showMessage(call: CallRecord, result: ApiMessage): void {
    const chatId = result.chat.id;
    const stored = standin.messages(chatId).find((m) => m.message_id === result.message_id);
    if (!stored) return;
    const edited = EDIT.has(call.method);
    const isChannel = chatId === channel.id;
    const key = `${chatId}:${stored.message_id}`;
    // A rich message is shown as its outline (headings, lists, tables as an editor writes them).
    const richBlocks = stored.rich_message && Array.isArray(stored.raw.rich) ? (stored.raw.rich as Block[]) : undefined;
    const text = richBlocks ? outlineBlocks(richBlocks) : (stored.text ?? stored.caption ?? '');
    const entities: Entity[] = richBlocks ? [] : (stored.entities ?? stored.caption_entities ?? []);
    // An edit (a table of contents added, /update) keeps the place the message was first shown with.
    const first = edited ? placed.get(key) : undefined;
    const part = opts.findPart(text) ?? first?.part;
    const ordinal = first?.ordinal ?? (isChannel && !edited ? ++channelCount : undefined);
    if (!edited) placed.set(key, { ...(part ? { part } : {}), ...(ordinal !== undefined ? { ordinal } : {}) });
    const buttons = inlineButtons(stored.reply_markup);
    const photo = stored.photo ? (stored.raw.photo ?? stored.raw.upload?.filename ?? stored.photo.at(-1)?.file_id) : undefined;
    const view: BubbleView = {
      ...chatName(chatId, stored),
      text,
      entities,
      ...(photo !== undefined ? { photo } : {}),
      ...(part ? { part } : {}),
      ...(!part && ordinal !== undefined ? { ordinal } : {}),
      showLength: isChannel || part !== undefined,
      ...(richBlocks ? { rich: richCounts(richBlocks) } : {}),
      silent: !edited && stored.raw.disable_notification === true,
      edited,
      ...(edited && !richBlocks && stored.edits.length > 0
        ? { before: stored.edits.at(-1)!.before.text ?? stored.edits.at(-1)!.before.caption ?? '' }
        : {}),
      keyboard: buttons,
    };
    if (buttons.length > 0) {
      keyboard = buttons.flat().map((button) => ({ chatId, messageId: stored.message_id, button }));
    } else if (keyboard[0]?.chatId === chatId && keyboard[0].messageId === stored.message_id) {
      keyboard = []; // the keyboard on screen was edited away
    }
    print(formatBubble(view, color));
  }

  function onCall(call: CallRecord): void {
    if (call.method === 'getUpdates') return;
    lastBusy = Date.now();
    const payload = call.payload;
    const aboutUser = Number(payload.chat_id) === user.id || call.method === 'answerCallbackQuery';
    if (aboutUser) responseTimes.push(lastBusy);
    const body = call.response as { ok?: boolean; result?: unknown; description?: string } | undefined;
    if (call.status !== 200) {
      if (!SHOWN_FAILURES.has(call.method) || call.status === 0) return;
      const why = body?.description ?? `HTTP ${call.status}`;
      // showPage edits a page in place and expects this one when the page did not change.
      if (why.includes('message is not modified')) return;
      print(paint(color, '1;31', `✗ Telegram refused ${call.method} to ${chatLabel(payload.chat_id)}: ${why}`));
      return;
    }
    if ((SEND.has(call.method) || EDIT.has(call.method)) && typeof body?.result === 'object' && body.result !== null) {
      showMessage(call, body.result as ApiMessage);
    } else if (call.method === 'deleteMessage') {
      print(paint(color, '2', `(${chatLabel(payload.chat_id)}: message ${String(payload.message_id)} deleted)`));
    } else if (call.method === 'pinChatMessage') {
      print(paint(color, '2', `(${chatLabel(payload.chat_id)}: message ${String(payload.message_id)} pinned)`));
    } else if (call.method === 'answerCallbackQuery' && typeof payload.text === 'string' && payload.text !== '') {
      const alert = payload.show_alert === true || payload.show_alert === 'true';
      print(`${paint(color, '1;32', 'bot')} ${alert ? paint(color, '33', '[alert]') : paint(color, '2', '[toast]')} ${payload.text}`);
    }
  }

  const unsubscribe = standin.onCall(onCall);

  return {
    button: (n) => keyboard[n - 1],
    buttonCount: () => keyboard.length,
    mark: () => Date.now(),
    respondedSince: (mark) => responseTimes.filter((t) => t >= mark).length,
    quietSince: (mark) => Date.now() - Math.max(lastBusy, mark),
    release() {
      const queued = held ?? [];
      held = undefined;
      for (const block of queued) opts.print(block);
    },
    close: () => void unsubscribe(),
  };
}
