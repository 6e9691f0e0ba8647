/**
 * One start of the bot's content side, in its own process, as `report-bot
 * run` does it with the SQLite store: a Library over the folder with the
 * content cache in DATA_DIR/state.db (parsed reports and the saved topic
 * index), one reload. Prints JSON: time to the reply and to a complete index, CPU time, RSS after a
 * full collection, and a digest of the answers to a fixed query mix and the
 * linear scan's answers to the same, so runs can be compared (a restored
 * index must answer exactly as a built one and as the scan).
 *
 * With a query mix (a JSON file of `QueryCase`s), it also times /topic on
 * the started library (texts of cached reports are read on demand, so a page
 * may read a few rows) and the pre-normalised linear scan over the same
 * reports, and gives RSS once more after those queries.
 *
 * Files are parsed on the bot's parse worker (as app.ts sets it up). `loadMs` is the time to the
 * reload's reply (the bot takes updates from then on); a cold load indexes after it, and
 * `indexedMs` is the time until its index is complete (on a warm start, the same as `loadMs`);
 * the commit is what the library does after the reply (`settled`: rows committed, index complete
 * and saved, a cold load's texts dropped for the rows in state.db). RSS is taken after that, once the worker has
 * stopped (10 s idle), after a full collection.
 *
 * bench:search runs it bundled with the bot's two workers beside it, as the bot ships (see
 * search.bench.ts); under tsx it runs too, slower to start (each worker compiles its sources):
 *
 *   node --expose-gc --import tsx bench/search/restart.ts <content dir> <data dir> [queries.json]
 */
import { keepYoungGenerationSmall, keepYoungGenerationSmallAgain } from '../../src/app/young-generation.js';
import type { QueryCase } from './queries.js';

keepYoungGenerationSmall(); // as the executable does, before the program loads (see src/cli.ts)

const { createHash } = await import('node:crypto');
const { readFileSync } = await import('node:fs');
const { createLibrary } = await import('../../src/library/library.js');
const { createParsePool } = await import('../../src/library/parse-pool.js');
const { createIndexBuilder } = await import('../../src/library/index-builder.js');
const { searchTopics } = await import('../../src/search/topics.js');
const { openContentCache } = await import('../../src/store/content-cache.js');
const { prenormalizedScan } = await import('./linear.js');
const { ms, percentile, settledMemory, timeQueries } = await import('./measure.js');

const [dir, dataDir, mixFile] = process.argv.slice(2) as [string, string, string | undefined];
const ROUNDS = { index: 20, scan: 3 };
const QUERIES = [
  '英伟达',
  '黄仁勋',
  '美联储',
  '数据中心',
  '量子纠缠',
  '金',
  '芯',
  '輝達',
  '黃仁勳',
  'ai',
  'ＡＩ',
  'Nvidia',
  'HBM',
  '宏观经济',
  '科技日报',
];
const now = new Date('2100-01-01T00:00:00Z');

const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
const cache = openContentCache(dataDir, dir, 'bench|Asia/Shanghai');
// Files parsed on a worker and a cold start's index built on two, as the bot does (app.ts; its default deadline and memory cap).
const pool = createParsePool({ timeoutMs: 10_000, memoryMb: 256, onWorkerReady: keepYoungGenerationSmallAgain });
const buildIndex = createIndexBuilder({ memoryMb: 256, onWorkerReady: keepYoungGenerationSmallAgain });
const library = createLibrary({ dir, timeZone: 'Asia/Shanghai', cache, parser: pool.parse, render: pool.render, buildIndex });
const reportCount = (await library.reload()).reports.length; // not the content itself: a running bot keeps no load's result
const loadMs = ms(start);
const commitStart = process.hrtime.bigint();
let indexedMs = 0;
const indexed = library.indexed().then(() => {
  indexedMs = ms(start); // a cold load indexes after its reply (the bot takes updates meanwhile)
});
await library.settled(); // after the reply: the cold start's rows committed, the index complete and saved, its texts dropped
await indexed;
const commitMs = ms(commitStart);
const totalMs = ms(start);
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;

const digest = (pages: Array<{ total: number; hits: Array<{ report: { id: string }; index: number; field: string }> }>): string =>
  createHash('sha256')
    .update(JSON.stringify(pages.map((p) => [p.total, p.hits.map((h) => [h.report.id, h.index, h.field])])))
    .digest('hex')
    .slice(0, 16);
const answers = digest(QUERIES.map((q) => library.search(q, { now, limit: 10 })));
// The worker stops once idle (10 s after its last file), as the bot's does: RSS is the bot's from then on.
const idleStart = process.hrtime.bigint();
while (pool.workers() > 0) await new Promise((resolve) => setTimeout(resolve, 100));
const idleMs = ms(idleStart);
const memory = settledMemory();
/** Resident memory by kind (Linux): anonymous (heap, buffers) and file-backed (code, a mapped state.db), in MB. */
const residentKinds = (): { rssAnonMb?: number; rssFileMb?: number } => {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
    return { rssAnonMb: kb('RssAnon'), rssFileMb: kb('RssFile') };
  } catch {
    return {};
  }
};
const kinds = residentKinds();

/** p50 and p99 of `fn` over the mix, `rounds` times after the warm-up rounds, and the first round's slowest call. */
function latency(mix: QueryCase[], rounds: number, fn: (q: string) => unknown): { p50: number; p99: number; firstRoundMax: number } {
  const { times, firstRoundMax } = timeQueries(
    mix.map((c) => c.query),
    rounds,
    fn,
  );
  return { p50: percentile(times.flat(), 0.5), p99: percentile(times.flat(), 0.99), firstRoundMax };
}

// The bot's queries and its memory after them come first: the oracles below normalise every
// text of the archive per query, garbage that a running bot never makes.
const mix = mixFile ? (JSON.parse(readFileSync(mixFile, 'utf8')) as QueryCase[]) : undefined;
const index = mix && latency(mix, ROUNDS.index, (q) => library.search(q, { now, limit: 10 }));
const afterQueries = mix && settledMemory();

const published = library.published(now);
const scan = digest(
  QUERIES.map((q) => {
    const all = searchTopics(published, q);
    return { total: all.length, hits: all.slice(0, 10) };
  }),
);
let queries: Record<string, number> = {};
if (mix && index && afterQueries) {
  const linear = latency(mix, ROUNDS.scan, prenormalizedScan(published));
  queries = {
    p50: index.p50,
    p99: index.p99,
    firstRoundMax: index.firstRoundMax,
    scanP50: linear.p50,
    scanP99: linear.p99,
    rssAfterQueriesMb: afterQueries.rss,
  };
}
await pool.close();
cache.close();
process.stdout.write(
  `${JSON.stringify({ reports: reportCount, loadMs, indexedMs, commitMs, totalMs, cpuMs, idleMs, rssMb: memory.rss, ...kinds, heapMb: memory.heapUsed, answers, scan, ...queries })}\n`,
);
