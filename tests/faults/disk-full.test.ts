/**
 * The embedded store's disk fills up in the middle of a post (DATA_DIR is a
 * small tmpfs in the bot's own mount namespace: 64 KiB for the file store,
 * 1 MiB for SQLite, whose database and log start larger; the test fills it
 * the moment part 2 is answered). The bot logs a clear error naming DATA_DIR
 * and ENOSPC, sends nothing it could not record, leaves the state whole
 * (the state from before the disk filled), reports 503 on /healthz, and
 * stays up. Space comes back within the lock's lease: the post resumes where
 * it paused, no part repeated. Run for both embedded stores.
 */
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDiskFault } from './disk-fault.js';
import { EMBEDDED_KINDS, readEntries, stateText, storeName } from './embedded-state.js';
import { expectReportOnce } from './expect-report.js';
import { canMount, seenBy, tinyDataDir } from './mount-ns.js';
import { CHANNEL, channelSend, onCall, REPORT_DATE, sleep, startBot, waitUntil } from './rig.js';

const diskFault = useDiskFault();

describe.each(EMBEDDED_KINDS)('%s store', (kind) => {
  it.skipIf(!canMount)(
    `disk full mid-post (${storeName(kind)}): clear error, nothing sent unrecorded, state whole; resumes when space returns`,
    async () => {
      const { standin, ws, env, healthStatus, done: finished } = await diskFault.start(kind, 5);
      const b = startBot(standin, env, { prefix: tinyDataDir(kind === 'file' ? 64 : 1024) });
      const dir = seenBy(b.child.pid!, ws.data);
      const filler = join(dir, 'filler');
      const fill = (): void => {
        try {
          for (;;) appendFileSync(filler, Buffer.alloc(128 * 1024)); // until the disk is full
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        }
      };
      let answered = 0;
      await onCall(
        standin,
        (c) => channelSend(200)(c) && ++answered === 2,
        () => {
          fill();
          // A save already under way frees the old state.json's page when it lands: take that too,
          // well before part 3 is due (a second later).
          setTimeout(fill, 100);
          setTimeout(fill, 300);
        },
      );

      await waitUntil(
        'the bot to hit the full disk',
        () => b.lines(/progress could not be saved|the store cannot confirm the lock/).length > 0,
        10_000,
      );
      const [stalled] = b.lines(/progress could not be saved|the store cannot confirm the lock/);
      const [renewal] = b.lines('lock renewal failed');
      const reason = `could not save state in ${ws.data}: no space left on device (ENOSPC); the change was not applied`;
      expect(JSON.stringify([stalled?.err, renewal?.err])).toContain(reason);
      const frozen = stateText(kind, dir);
      const state = readEntries(kind, dir);
      const progress = [...state].find(([k]) => k.startsWith('publish:progress:'))?.[1];
      const saved = progress?.kind === 'value' ? (JSON.parse(progress.json) as { next: number }).next : -1;
      expect([1, 2]).toContain(saved); // part 2's own save either made it before the disk filled or not
      await waitUntil('/healthz 503', async () => (await healthStatus()) === 503, 5_000);

      // Stalled, not crashing, not sending.
      await sleep(3000);
      expect(standin.messages(CHANNEL)).toHaveLength(2);
      expect(stateText(kind, dir)).toBe(frozen);
      expect(b.alive()).toBe(true);

      rmSync(filler);
      await waitUntil('the post to complete', () => b.lines('post finished').some((l) => l.status === 'posted'), 20_000);
      expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 0 });
      const done = readEntries(kind, dir);
      expect(done.get(`publish:received:${CHANNEL}`)).toMatchObject({ kind: 'set', members: new Set([`${REPORT_DATE}-long`]) });
      await waitUntil('/healthz 200', async () => (await healthStatus()) === 200, 5_000);
      finished(`disk-full-${kind}`);
    },
    60_000,
  );
});
