/**
 * The first start adopts the archive. A store that knows nothing about a
 * channel (a new installation, a store started afresh) would otherwise let
 * the schedule post reports the channel got long ago, by hand or from an
 * earlier store. So, once per channel, the reports already there are recorded
 * as published before the bot: never posted automatically (admins still can).
 */
import { createProgressStore } from '../publish/progress.js';
import type { ChatTarget } from '../publish/types.js';
import type { Store } from '../store/store.js';

export interface ArchiveLedger {
  /** True when the store has no record for this channel: no post, no adoption. */
  isNew(channel: ChatTarget): Promise<boolean>;
  /** Record `reportIds` as received and the channel as adopted. */
  adopt(channel: ChatTarget, reportIds: string[], now: Date): Promise<void>;
}

const adoptedKey = (channel: ChatTarget): string => `archive:adopted:${String(channel)}`;

export function createArchiveLedger(store: Store): ArchiveLedger {
  const progress = createProgressStore(store);
  return {
    async isNew(channel) {
      if ((await store.get(adoptedKey(channel))) !== undefined) return false;
      if ((await progress.lastPosted(channel)) !== undefined) return false;
      return (await progress.receivedReports(channel)).length === 0;
    },
    async adopt(channel, reportIds, now) {
      for (const id of reportIds) await progress.markReceived(channel, id);
      // Set last: a crash halfway adopts again, which only repeats the marks.
      await store.set(adoptedKey(channel), { at: now.toISOString(), reports: reportIds.length });
    },
  };
}
