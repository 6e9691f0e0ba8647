/**
 * The product's own numbers for a start over a content folder: `node
 * dist/cli.js run` (built with `npm run build`; no tsx in the process) with
 * the embedded SQLite store, against the Bot API stand-in. Prints JSON: ms
 * from spawn to the "bot identity confirmed" log line (which follows the
 * first content load: the bot takes updates from then on) and to "topic index
 * ready" (a cold start indexes after that), CPU of the child until ready, and its RSS
 * (VmRSS of /proc/<pid>/status) then and 3, 10, 20 and 30 s later (a cold
 * start settles, its worker stops after 10 s idle), with the peak (VmHWM).
 * With `--queries`, 10 readers then send 15 `/topic`s each, all at once (the bot answers what its
 * per-reader rate limit lets through and refuses the rest), and RSS is read again 5 s later.
 * Linux only.
 *
 *   npx tsx bench/search/real-process.ts <content dir> <data dir> [--queries]   (BOT_ROOT=<checkout>: another built checkout)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStandin } from '../../src/standin/server.js';

const [contentDir, dataDir] = process.argv.slice(2) as [string, string];
const withQueries = process.argv.includes('--queries');
const TOPICS = [
  '英伟达',
  '黄仁勋',
  '美联储',
  '数据中心',
  '的',
  '芯',
  '輝達',
  '資料中心',
  'ai',
  'Nvidia',
  'HBM',
  '宏观经济',
  '量子纠缠',
  '固态电池',
  'GPU',
];
const root = process.env.BOT_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHANNEL = '@bench_daily';
const TOKEN = '1234567:AAtesttokentesttokentesttokentesttok';

/** Memory and CPU of `pid` from /proc, in MB and ms. */
function proc(pid: number): { rssMb: number; peakMb: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  // utime and stime (fields 14 and 15) in clock ticks, after the command name in parentheses.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024, cpuMs: ticks * 10 };
}

const standin = await startStandin({ channels: { [CHANNEL]: { id: -1001000000001, username: CHANNEL.slice(1), title: 'Daily' } } });
const started = performance.now();
const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'run'], {
  cwd: root,
  env: {
    PATH: process.env.PATH ?? '',
    LOG_LEVEL: 'info',
    BOT_TOKEN: TOKEN,
    TIMEZONE: 'Asia/Shanghai',
    TELEGRAM_API_ROOT: standin.apiRoot,
    CHANNEL_ID: CHANNEL,
    CONTENT_DIR: contentDir,
    DATA_DIR: dataDir,
    POST_CRON: '0 0 1 1 *',
    ADMIN_IDS: '42',
    // As `npm start` and the image run it (see the README's "After a load").
    MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
const exited = new Promise((resolve) => child.once('exit', resolve));
let indexReadyMs: number | undefined;
const ready = new Promise<number>((resolve, reject) => {
  const look = (d: Buffer): void => {
    out += d.toString();
    if (indexReadyMs === undefined && out.includes('topic index ready')) indexReadyMs = performance.now() - started;
    if (out.includes('bot identity confirmed')) resolve(performance.now() - started);
  };
  child.stdout!.on('data', look);
  child.stderr!.on('data', look);
  child.on('exit', (code) => reject(new Error(`the bot exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
});
try {
  const readyMs = await ready;
  const atReady = proc(child.pid!);
  const rssAfterSeconds: Record<number, number> = {};
  let waited = 0;
  for (const seconds of [3, 10, 20, 30]) {
    await new Promise((r) => setTimeout(r, (seconds - waited) * 1000));
    waited = seconds;
    rssAfterSeconds[seconds] = proc(child.pid!).rssMb;
  }
  const last = proc(child.pid!);
  let queries = {};
  if (withQueries) {
    const readers = Array.from({ length: 10 }, (_, i) => ({ id: 5_000_001 + i, first_name: `Reader ${i}` }));
    for (const reader of readers) for (const topic of TOPICS) standin.sendText(reader, reader.id, `/topic ${topic}`);
    await new Promise((r) => setTimeout(r, 5000));
    const replies = readers.reduce((n, reader) => n + standin.messages(reader.id).length, 0);
    queries = { topicsSent: readers.length * TOPICS.length, replies, rssAfterQueriesMb: proc(child.pid!).rssMb };
  }
  process.stdout.write(
    `${JSON.stringify({ readyMs, indexReadyMs, cpuAtReadyMs: atReady.cpuMs, rssAtReadyMb: atReady.rssMb, rssAfterSeconds, peakMb: last.peakMb, ...queries })}\n`,
  );
} finally {
  child.kill('SIGTERM');
  await exited; // attached at spawn: a child that exited early (a missing build) is not waited for forever
  await standin.close();
}
