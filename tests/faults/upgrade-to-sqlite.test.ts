/**
 * Upgrading a deployment from the JSON file store to SQLite keeps its posting
 * record. A bot on the file store is killed (-9) in the middle of a post; the
 * new version starts on the same DATA_DIR with the default store: it imports
 * state.json once (kept as state.json.migrated), resumes the post after the
 * last saved part, and a further restart posts nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { storeEnv } from './embedded-state.js';
import { expectReportOnce } from './expect-report.js';
import { CHANNEL, channelSend, channelStandin, cleanup, onCall, sleep, startBot, waitUntil, workspace } from './rig.js';

let standin: Standin;

afterEach(async () => {
  await cleanup();
  await standin?.close();
});

it('state.json is imported once on start; nothing already posted is posted again', async () => {
  standin = await channelStandin();
  const ws = await workspace(5);
  const env = { CONTENT_DIR: ws.content, DATA_DIR: ws.data };

  // The old version, on the file store, dies right after part 3 was answered.
  let answered = 0;
  const old = startBot(standin, { ...env, ...storeEnv('file') });
  await onCall(
    standin,
    (c) => channelSend(200)(c) && ++answered === 3,
    () => old.kill('SIGKILL'),
  );
  await old.exited;
  expect(existsSync(join(ws.data, 'state.json'))).toBe(true);

  // The new version (no EMBEDDED_STORE: SQLite) resumes from the imported progress.
  const upgraded = startBot(standin, env);
  await waitUntil('the post to complete', () => upgraded.lines('post finished').some((l) => l.status === 'posted'), 30_000);
  expect(upgraded.lines('state.json imported into state.db (kept as state.json.migrated)')).toHaveLength(1);
  expect(upgraded.lines('resuming an unfinished post')[0]?.next).toBeGreaterThanOrEqual(2);
  upgraded.kill('SIGTERM');
  await upgraded.exited;
  expect(existsSync(join(ws.data, 'state.json'))).toBe(false);
  expect(existsSync(join(ws.data, 'state.json.migrated'))).toBe(true);

  // Once more: nothing to import, nothing to post.
  const again = startBot(standin, env);
  await waitUntil('the catch-up run', () => again.lines('channel already has this report; not posting').length > 0, 30_000);
  await sleep(1000);
  expect(again.lines(/state.json imported/)).toHaveLength(0);
  // Part 3's progress may not have been saved before the kill: it alone may repeat.
  const repeated = expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 1 });
  expect(repeated.every((p) => p === 3)).toBe(true);
}, 90_000);
