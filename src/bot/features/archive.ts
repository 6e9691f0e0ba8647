/** /archive: the days with published reports as buttons, 8 per page, paged in place. */
import { Composer, InlineKeyboard } from 'grammy';
import { clipLabel } from '../../telegram/html.js';
import type { BotContext } from '../context.js';
import { publishedDays } from '../days.js';
import { addPagerRow, paginate } from '../keyboards/pager.js';
import { pressed } from '../middlewares/callbacks.js';
import { replyHtml, showPage } from '../reply.js';

/** Day buttons per archive page. */
export const ARCHIVE_PAGE_SIZE = 8;

/**
 * A day's button names every report of that day, in the order they came out
 * (the button sends them all): `2026-11-26 · Morning / Evening`.
 */
export function dayLabel(day: string, newestFirst: string[]): string {
  const titles = [...newestFirst].reverse();
  const each = Math.max(8, Math.floor(36 / titles.length));
  return `${day} · ${clipLabel(titles.map((t) => clipLabel(t, each)).join(' / '), 44)}`;
}

async function showArchive(ctx: BotContext, page: number): Promise<void> {
  const { library, now, codec } = ctx.services;
  const days = publishedDays(library, now());
  if (days.length === 0) return replyHtml(ctx, ctx.t.noReports);
  const p = paginate(days, page, ARCHIVE_PAGE_SIZE);
  const kb = new InlineKeyboard();
  for (const { day, reports } of p.items)
    kb.text(
      dayLabel(
        day,
        reports.map((r) => r.title),
      ),
      codec.encode({ kind: 'day', day }),
    ).row();
  addPagerRow(kb, ctx.t, p, (n) => codec.encode({ kind: 'archive', page: n }));
  await showPage(ctx, ctx.t.archiveHeader(p.page + 1, p.pages, days.length), kb);
}

/** /archive: the first page of days. */
export const archiveCommand = (ctx: BotContext): Promise<void> => showArchive(ctx, 0);

/** The archive's page buttons (the command is in the registry, commands/registry.ts). */
export function archiveFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.filter(pressed('archive'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await showArchive(ctx, ctx.callback.page);
  });
  return c;
}
