/** Pages of a list and the « previous / next » row that moves between them. */
import type { InlineKeyboard } from 'grammy';
import type { Messages } from '../locales/messages.js';

export interface Page<T> {
  items: T[];
  /** 0-based, clamped into range (a list may have shrunk since the button was made). */
  page: number;
  pages: number;
}

export function paginate<T>(all: T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: all.slice(p * size, (p + 1) * size), page: p, pages };
}

/** Add the navigation row when there is more than one page; `data` makes a page's callback data. */
export function addPagerRow(kb: InlineKeyboard, t: Messages, p: Page<unknown>, data: (page: number) => string): InlineKeyboard {
  if (p.pages <= 1) return kb;
  kb.row();
  if (p.page > 0) kb.text(t.prevPage, data(p.page - 1));
  if (p.page < p.pages - 1) kb.text(t.nextPage, data(p.page + 1));
  return kb;
}
