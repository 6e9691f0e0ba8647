/**
 * A flood of idle and half-sent connections on the bot's HTTP port, with the
 * bot limited to 1,024 file descriptors (`ulimit -n`): 3,000 connections
 * that are never completed. Before, every one held a descriptor until the
 * process ran out (EMFILE): sends to Telegram and state writes failed. Now
 * the connection cap and the timeouts bound them: an admin's /post goes out
 * complete with its progress saved, and /healthz answers, during the flood.
 * Loopback only; every socket is closed at the end (and by a guard timer).
 */
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/server.js';
import { freePort } from '../support/net.js';
import { stateText } from './embedded-state.js';
import { expectReportOnce } from './expect-report.js';
import { CHANNEL, channelStandin, cleanup, READER, startBot, waitUntil, workspace } from './rig.js';

let standin: Standin | undefined;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await cleanup();
  await standin?.close();
});

it('3,000 idle connections against a bot with 1,024 descriptors: /post completes, progress is saved, /healthz answers, no EMFILE', async () => {
  standin = await channelStandin();
  const ws = await workspace(4);
  const port = await freePort();
  const b = startBot(
    standin,
    // No catch-up at start (the post is asked for during the flood); the reader is an admin.
    { CONTENT_DIR: ws.content, DATA_DIR: ws.data, PORT: String(port), POST_CRON: '59 23 * * *', ADMIN_IDS: String(READER.id) },
    { prefix: ['sh', '-c', 'ulimit -n 1024 && exec "$@"', 'sh'] },
  );
  await waitUntil(
    'the bot to listen',
    () => b.lines('http server listening').length > 0 && b.lines('bot identity confirmed').length > 0,
    30_000,
  );

  const guard = setTimeout(() => {
    for (const s of sockets) s.destroy();
  }, 90_000);
  guard.unref();
  for (let i = 0; i < 3_000; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    if (i % 2 === 0) socket.on('connect', () => socket.write('POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Len'));
    sockets.push(socket);
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 500));
  const stillOpen = sockets.filter((s) => !s.destroyed && s.readyState === 'open').length;

  const t0 = Date.now();
  standin.sendText(READER, READER.id, '/post');
  await waitUntil('the post to complete', () => b.lines('post finished').some((l) => l.status === 'posted'), 30_000);
  const postMs = Date.now() - t0;
  const health = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) });
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', store: true });

  expectReportOnce(standin.messages(CHANNEL), ws.expected, { maxRepeats: 0 });
  // Progress reached the disk: the embedded store records the report as received.
  expect(stateText('sqlite', ws.data)).toContain(`publish:received:${CHANNEL}`);
  expect(b.output()).not.toMatch(/EMFILE/);
  console.info(JSON.stringify({ case: 'http flood, ulimit -n 1024', opened: sockets.length, stillOpenAtClient: stillOpen, postMs }));
  clearTimeout(guard);
}, 120_000);
