/** Sending replies the same way everywhere: HTML, no link previews, pages edited in place. */
import { GrammyError, type InlineKeyboard } from 'grammy';
import type { BotContext } from './context.js';

const HTML = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

export async function replyHtml(ctx: BotContext, html: string, keyboard?: InlineKeyboard): Promise<void> {
  await ctx.reply(html, { ...HTML, ...(keyboard ? { reply_markup: keyboard } : {}) });
}

/** Send a message to the chat an admin's command came from, after the update is done (background jobs). */
export async function sendHtml(ctx: BotContext, chatId: number, html: string): Promise<void> {
  await ctx.api.sendMessage(chatId, html, HTML);
}

/**
 * A paged list: a new message for a command, the same message edited for a
 * page button. Pressing the page already shown is not an error.
 */
export async function showPage(ctx: BotContext, html: string, keyboard: InlineKeyboard): Promise<void> {
  if (!ctx.callbackQuery?.message) return replyHtml(ctx, html, keyboard);
  try {
    await ctx.editMessageText(html, { ...HTML, reply_markup: keyboard });
  } catch (err) {
    if (!(err instanceof GrammyError && err.description.includes('message is not modified'))) throw err;
  }
}

/**
 * The chat to answer in: the admin's private chat for their command from a group, else the
 * message's chat, or the presser's private chat for a button on a message we cannot see.
 */
export function chatOf(ctx: BotContext): number {
  const id = ctx.privateReply ?? ctx.chat?.id ?? ctx.from?.id;
  if (id === undefined) throw new Error('update has neither a chat nor a sender');
  return id;
}
