/**
 * Taking back the messages of an unfinished run that a newer version of the
 * report replaces (see the note in post-run.ts). Best effort: a bot may only
 * delete its own channel posts for 48 hours unless it has the right to delete
 * any, so what could not be deleted is reported, not fatal.
 */
import { type Api, GrammyError } from 'grammy';
import type { Logger } from '../logger.js';
import type { ChatTarget } from './types.js';

export interface Retracted {
  /** Deleted now, or already gone. */
  deleted: number[];
  /** Still in the chat. */
  kept: number[];
}

export async function retractMessages(api: Api, chat: ChatTarget, messageIds: number[], log: Logger): Promise<Retracted> {
  const out: Retracted = { deleted: [], kept: [] };
  // One by one: deleteMessages (plural) does not say which ids failed.
  for (const id of messageIds) {
    try {
      await api.raw.deleteMessage({ chat_id: chat, message_id: id });
      out.deleted.push(id);
    } catch (err) {
      if (err instanceof GrammyError && err.error_code === 400 && /message to delete not found/i.test(err.description)) {
        out.deleted.push(id); // a previous attempt (or a person) already removed it
      } else {
        log.warn({ err, messageId: id }, 'could not delete a message of a superseded version');
        out.kept.push(id);
      }
    }
  }
  return out;
}
