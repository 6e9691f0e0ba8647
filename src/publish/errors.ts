/**
 * What a failed Bot API call means for posting, decided from grammY's typed
 * errors: `GrammyError` (Telegram answered with `error_code`/`description`)
 * versus `HttpError` (no usable answer). Telegram's descriptions are the only
 * way to tell its 400s apart, so the patterns below copy real answers.
 */
import { GrammyError, HttpError } from 'grammy';
import { RetriesExhaustedError } from './telegram-api.js';

/** 400 "can't parse entities: ..." : the HTML was refused; the plain text will do. */
export function isParseError(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && /can't parse entities/i.test(err.description);
}

const PHOTO_UNUSABLE = new RegExp(
  [
    'wrong file identifier',
    'wrong remote file identifier',
    'failed to get HTTP URL content',
    'wrong type of the web page content',
    'IMAGE_PROCESS_FAILED',
    'PHOTO_INVALID_DIMENSIONS',
    'PHOTO_SAVE_FILE_INVALID',
    'PHOTO_EXT_INVALID',
    'file is too big',
  ].join('|'),
  'i',
);

/** 400 because Telegram could not fetch or use the photo: the caption can still go out as text. */
export function isPhotoUnusable(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && PHOTO_UNUSABLE.test(err.description);
}

const NO_ACCESS_400 = /chat not found|not enough rights|have no rights|CHAT_WRITE_FORBIDDEN|CHAT_ADMIN_REQUIRED|need administrator rights/i;

/**
 * The bot may not write to the chat (removed, kicked, blocked, not an admin,
 * wrong chat): retrying cannot help, a person has to act.
 */
export function isNoAccess(err: unknown): boolean {
  if (!(err instanceof GrammyError)) return false;
  return err.error_code === 403 || (err.error_code === 400 && NO_ACCESS_400.test(err.description));
}

/** No answer from Telegram (after the retries, when they are installed). */
export function isNetworkFailure(err: unknown): boolean {
  return err instanceof HttpError || err instanceof RetriesExhaustedError;
}

/** What went wrong, as a phrase to build a sentence around (no final period). */
export function describeError(err: unknown): string {
  if (err instanceof GrammyError) return `Telegram refused ${err.method} (${err.error_code}: ${err.description})`;
  if (err instanceof RetriesExhaustedError) return `Telegram could not be reached (${err.attempts} attempts at ${err.method})`;
  if (err instanceof HttpError) return `Telegram could not be reached (${err.message})`;
  return `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
}
