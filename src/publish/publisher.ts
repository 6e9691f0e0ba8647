/**
 * The {@link Publisher}: reports to channels exactly once (one instance per
 * channel at a time, through a lock in the store), and replies to readers with
 * the same pacing and fallbacks. Retries of individual calls are the Api's
 * business: give it one with `installRetries` (telegram-api.ts) applied.
 */
import type { Api } from 'grammy';
import type { Report } from '../content/report.js';
import type { Logger } from '../logger.js';
import type { MessagePart } from '../render/messages.js';
import type { OutgoingPart } from '../render/rich/parts.js';
import type { Store } from '../store/store.js';
import { describeError } from './errors.js';
import { acquireLock, type Lock } from './lock.js';
import { overMessageLimit } from './message-limit.js';
import { chatKey, createPacer, type Pacer } from './pacer.js';
import { notePartSent, type PartSentInfo, type PostedInfo, runPost } from './post-run.js';
import { createProgressStore } from './progress.js';
import { isRichRefused, type RichPublishing } from './rich-send.js';
import { sendPart } from './send-part.js';
import type { ChatTarget, PostResult, Publisher, SendOptions } from './types.js';

export type { PartSentInfo, PostedInfo } from './post-run.js';

export interface PublisherDeps {
  /** With retries installed (installRetries). */
  api: Api;
  store: Store;
  logger: Logger;
  /** Default: createPacer() with Telegram's limits. */
  pacer?: Pacer;
  /** Clock for progress time stamps (default: now). */
  now?: () => Date;
  /** Pin each report's opening message, silently (default false). */
  pinPosts?: boolean;
  /** Lease of the per-channel posting lock in ms (default 30 000, renewed every third of it). */
  lockTtlMs?: number;
  /** Tell the admins something only they can fix (the bot lost access to a channel). */
  notifyAdmins?: (text: string) => Promise<void>;
  /** After a report reached a channel completely. Errors are logged, not rethrown. */
  onPosted?: (info: PostedInfo) => void | Promise<void>;
  /** After every part that reached Telegram, posts and replies alike (metrics). */
  onPartSent?: (info: PartSentInfo) => void;
  /** Reports needing more messages are held back (MAX_MESSAGES); undefined: no limit. */
  maxMessages?: number;
  /**
   * POST_FORMAT=rich: reports go out as rich messages built by this, with
   * their HTML parts as the per-report fallback. Absent: split HTML only.
   */
  rich?: RichPublishing;
}

/** How long the admins' notice of a held report version is remembered: longer than it stays fresh for the schedule. */
const HELD_TOLD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function createPublisher(deps: PublisherDeps): Publisher {
  const pacer = deps.pacer ?? createPacer();
  const now = deps.now ?? (() => new Date());
  const progress = createProgressStore(deps.store);
  const lockTtlMs = deps.lockTtlMs ?? 30_000;
  const log = deps.logger.child({ component: 'publish' });
  /** Report versions whose rich refusal the admins were told about: once each, however many channels. */
  const toldRefused = new Set<string>();
  const onRichRefused = async (report: Report, channel: ChatTarget, reason: string): Promise<void> => {
    const key = `${report.id}\0${report.hash}`;
    if (toldRefused.has(key)) return;
    if (toldRefused.size >= 1000) toldRefused.clear(); // bounded: at worst an old report's reason is told again
    toldRefused.add(key);
    await deps.notifyAdmins?.(
      `"${report.title}" (${report.id}) is going out to ${channel} as split HTML messages instead of a rich message: ${reason}`,
    );
  };
  /**
   * A held report is tried again at every run (the schedule's catch-up, each restart, /run):
   * the admins hear of each version once per channel. The store remembers it, so restarts and
   * other instances agree; if the store cannot say, telling twice beats not telling.
   */
  const firstTimeHeld = (report: Report, channel: ChatTarget): Promise<boolean> =>
    deps.store.setIfAbsent(`held-told:${chatKey(channel)}:${report.id}:${report.hash}`, 1, HELD_TOLD_TTL_MS).catch(() => true);
  const outgoing = (report: Report, parts: MessagePart[]): OutgoingPart[] =>
    deps.rich && parts.length > 0 ? deps.rich.parts(report, parts) : parts;

  return {
    async post(report, parts, channel, opts = {}) {
      const plog = log.child({ reportId: report.id, channel });
      const outcome = (status: PostResult['status'], error?: string): PostResult => ({
        status,
        channel,
        reportId: report.id,
        sent: 0,
        total: parts.length,
        messageIds: [],
        ...(error ? { error } : {}),
      });
      if (parts.length === 0) return outcome('failed', `Report ${report.id} rendered to no messages; nothing was posted.`);
      const over = opts.ignoreMessageLimit ? undefined : overMessageLimit(parts.length, deps.maxMessages);
      if (over !== undefined) {
        const sentence = `Report ${report.id} ${over}; it was not posted to ${channel}. Shorten the file, or post it on purpose with: report-bot post --date ${report.date} --ignore-limit`;
        plog.error({ messages: parts.length, limit: deps.maxMessages }, 'report held back: over the posting limit');
        if (await firstTimeHeld(report, channel))
          await deps.notifyAdmins?.(sentence).catch((err: unknown) => plog.warn({ err }, 'could not tell the admins'));
        return outcome('held', sentence);
      }

      let lock: Lock | null;
      try {
        lock = await acquireLock(deps.store, `post:${chatKey(channel)}`, { ttlMs: lockTtlMs, logger: plog });
      } catch (err) {
        plog.error({ err }, 'could not take the posting lock');
        return outcome('failed', `Could not take the posting lock for ${channel}: ${describeError(err)}.`);
      }
      if (!lock) {
        plog.info('another instance is posting to this channel');
        return outcome('locked');
      }
      try {
        return await runPost(
          { ...deps, pacer, now, progress, log: plog, pinPosts: deps.pinPosts ?? false, onRichRefused },
          { report, parts: outgoing(report, parts), channel, force: opts.force ?? false, signal: opts.signal, lock },
        );
      } catch (err) {
        // The store failed (progress could not be read or saved): what was saved stands, the next run resumes.
        plog.error({ err }, 'posting failed');
        const saved = await progress.getRun(channel, report.id, report.hash).catch(() => undefined);
        return {
          ...outcome(
            'failed',
            `Posting ${report.id} to ${channel} failed: ${describeError(err)}; the next run resumes from the saved progress.`,
          ),
          messageIds: saved?.messageIds ?? [],
        };
      } finally {
        await lock.release();
      }
    },

    async sendParts(chat, parts, opts = {}) {
      // A reader's private chat (positive id) may get the rich form; groups and channels keep HTML.
      const privateChat = typeof chat === 'number' && chat > 0;
      const rich: OutgoingPart[] =
        !deps.rich || !opts.report || !privateChat || parts.length === 0
          ? parts
          : opts.topicIndex !== undefined
            ? deps.rich.topicParts(opts.report, opts.topicIndex, parts)
            : outgoing(opts.report, parts);
      if (rich === parts) return sendAll(chat, parts, opts);
      try {
        return await sendAll(chat, rich, opts);
      } catch (err) {
        // A reply has no progress to resume: the HTML parts go instead, whole (nothing lost, at worst a rich part twice).
        if (!isRichRefused(err)) throw err;
        log.warn({ err, chat }, 'rich reply refused; sending HTML messages');
        return sendAll(chat, parts, opts);
      }
    },
  };

  async function sendAll(chat: ChatTarget, parts: OutgoingPart[], opts: SendOptions): Promise<number[]> {
    const notifyFirst = opts.notifyFirst ?? true;
    const ids: number[] = [];
    for (const [index, part] of parts.entries()) {
      await pacer.wait(chat);
      const last = index === parts.length - 1;
      const sent = await sendPart(deps.api, chat, part, {
        silent: index === 0 ? !notifyFirst : true,
        ...(last && opts.replyMarkup !== undefined ? { replyMarkup: opts.replyMarkup } : {}),
      });
      ids.push(sent.messageId);
      log.debug({ chat, part: index + 1, total: parts.length, messageId: sent.messageId, via: sent.via }, 'reply part sent');
      notePartSent({ log, onPartSent: deps.onPartSent }, { chat, index, total: parts.length, messageId: sent.messageId, via: sent.via });
    }
    return ids;
  }
}
