/** Helpers for building reply texts in Telegram's HTML parse mode. */
import { escapeHtml } from '../render/rich-text.js';
import { clipAtBoundary } from '../util/line-break.js';

/** Escape anything a user, an editor or an error wrote before it goes into a reply. */
export const e = escapeHtml;

/** At most `max` characters (code points, so emoji and CJK are never cut in half), with an ellipsis when cut. */
export function clip(text: string, max = 40): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/**
 * A label made from running text (a title on a button): at most `max`
 * graphemes, cut at a clause mark or between words, never inside one.
 */
export function clipLabel(text: string, max = 40): string {
  return clipAtBoundary(text.replace(/\s+/g, ' ').trim(), max);
}

/** The sentence of an error, for an admin's reply (escape it, and redact it). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
