/**
 * The embedded store's DATA_DIR is read-only when the bot starts (a real
 * read-only mount in the bot's own mount namespace). The bot starts, logs
 * one clear error naming DATA_DIR and the reason, reports 503 on /healthz,
 * leaves the state as it was (still valid), stays up and retries; once the
 * directory is writable again the retry posts the report. Run for both
 * embedded stores.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useDiskFault } from './disk-fault.js';
import { EMBEDDED_KINDS, readEntries, stateFile, stateText, storeName, withStore } from './embedded-state.js';
import { expectReportOnce } from './expect-report.js';
import { canMount, readOnlyDataDir, remountWritable } from './mount-ns.js';
import { CHANNEL, REPORT_DATE, startBot, waitUntil } from './rig.js';

const diskFault = useDiskFault();

describe.each(EMBEDDED_KINDS)('%s store', (kind) => {
  it.skipIf(!canMount)(
    `read-only DATA_DIR (${storeName(kind)}): one clear error, 503, state untouched, no crash; posts once writable`,
    async () => {
      const { standin, ws, env, healthStatus, done: finished } = await diskFault.start(kind, 3);
      // The state from before: yesterday's report went out.
      await withStore(kind, ws.data, (s) => s.setAdd(`publish:received:${CHANNEL}`, '2026-01-04-old').then(() => undefined));
      const before = stateText(kind, ws.data);

      const b = startBot(standin, env, { prefix: readOnlyDataDir });
      await waitUntil('the catch-up post to fail', () => b.lines('posting unfinished; retrying later').length > 0, 20_000);
      const [error] = b.lines('could not take the posting lock');
      expect((error?.err as { message?: string } | undefined)?.message).toContain(
        `could not save state in ${ws.data}: read-only file system (EROFS); the change was not applied`,
      );
      expect(b.lines('posting unfinished; retrying later')[0]).toMatchObject({ inMs: 30_000 });
      await waitUntil('/healthz 503', async () => (await healthStatus()) === 503, 10_000);
      expect(stateText(kind, ws.data)).toBe(before);
      expect(readdirSync(ws.data)).toEqual([stateFile(kind)]);
      expect(standin.messages(CHANNEL)).toHaveLength(0);
      expect(b.alive()).toBe(true);

      remountWritable(b.child.pid!, ws.data);
      await waitUntil('/healthz 200', async () => (await healthStatus()) === 200, 10_000);
      await waitUntil('the retried post to complete', () => b.lines('post finished').some((l) => l.status === 'posted'), 40_000);
      expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 0 });
      const after = readEntries(kind, ws.data);
      const received = after.get(`publish:received:${CHANNEL}`);
      expect(received?.kind === 'set' && [...received.members].sort()).toEqual(['2026-01-04-old', `${REPORT_DATE}-long`]);
      expect(
        b
          .logs()
          .filter((l) => l.level >= 50)
          .map((l) => l.msg),
      ).toEqual(['could not take the posting lock']);
      finished(`disk-readonly-${kind}`);
    },
    90_000,
  );
});
