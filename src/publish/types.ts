/** The contracts between posting and the rest of the bot (commands, scheduler). */
import type { Report } from '../content/report.js';
import type { MessagePart } from '../render/messages.js';

/** A chat as the Bot API accepts it: numeric id or `@channelusername`. */
export type ChatTarget = number | string;

export interface PostOptions {
  /** Post even when this channel already received the report (admins' /repost). */
  force?: boolean;
  /** Stop between parts (shutdown): the in-flight part finishes and progress is saved. */
  signal?: AbortSignal;
}

export type PostStatus = 'posted' | 'already-posted' | 'locked' | 'aborted' | 'failed';

export interface PostResult {
  status: PostStatus;
  channel: ChatTarget;
  reportId: string;
  /** Parts sent in this run (not counting the ones a previous run had sent). */
  sent: number;
  total: number;
  /** Message ids of every part of the report in the channel, in order, as far as posted. */
  messageIds: number[];
  /** One sentence for logs and admins when status is `failed`. */
  error?: string;
}

export interface SendOptions {
  /** Only the first message notifies (default true). */
  notifyFirst?: boolean;
  /** Inline keyboard (reply_markup) attached to the last message. */
  replyMarkup?: unknown;
  /** The report the parts render: with POST_FORMAT=rich a private chat gets it as rich messages. */
  report?: Report;
  /** With `report`: the parts are only this topic of it (index into `report.topics`). */
  topicIndex?: number;
}

export interface Publisher {
  /** Post a report's parts to a channel: complete, in order, exactly once, resumable. */
  post(report: Report, parts: MessagePart[], channel: ChatTarget, opts?: PostOptions): Promise<PostResult>;
  /** Send parts to any chat (a reader's reply) with the same pacing and fallbacks, no progress kept. Returns message ids. */
  sendParts(chat: ChatTarget, parts: MessagePart[], opts?: SendOptions): Promise<number[]>;
}

/** What the scheduler offers to admin commands. */
export interface SchedulerControl {
  /**
   * A posting run now. With reason `'admin'` (an admin's /post) it posts the
   * newest published report each channel has not received, whatever its
   * date; any other reason applies the schedule's rule: fresh reports only.
   */
  runOnce(reason: string): Promise<PostResult[]>;
  /** Next scheduled run, or null when stopped. */
  nextRun(): Date | null;
  /** True while the cron task is running and not wedged. */
  isAlive(): boolean;
}
