/**
 * /topic search over a synthetic ten-year archive (3,650 reports in the
 * editors' shapes, ~6,000 characters each): cold load + index time, resident
 * memory, and query latency of the index against the linear scans, measured
 * in one run. Numbers, not a gate:
 *
 *   npx tsx bench/search.bench.ts [--days=3650]
 *
 * It re-runs itself under `node --expose-gc --import tsx` so that memory is
 * measured after a full collection.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleProgram } from '../scripts/bundle-program.js';
import { loadContent } from '../src/content/load.js';
import { createMarkdown } from '../src/content/markdown.js';
import { isPublished, type Report } from '../src/content/report.js';
import { createTopicIndex, type TopicIndex } from '../src/search/topic-index.js';
import { searchTopics, type TopicHit } from '../src/search/topics.js';
import { generateArchive } from './search/corpus.js';
import { prenormalizedScan } from './search/linear.js';
import { fmt, ms, percentile, settledMemory, timed, timeQueries, WARM_ROUNDS } from './search/measure.js';
import { type QueryCase, queryMix } from './search/queries.js';

const PAGE = 10; // hits per /topic reply page
const ROUNDS = { index: 50, scan: 5 };

const self = fileURLToPath(import.meta.url);
const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

const same = (a: TopicHit[], b: TopicHit[]): boolean =>
  a.length === b.length && a.every((h, i) => h.report === b[i]!.report && h.index === b[i]!.index && h.field === b[i]!.field);

/** Per-call latencies of `fn` over the mix, `rounds` times after the warm-up rounds, and the first round's slowest call. */
function latencies(
  mix: QueryCase[],
  rounds: number,
  fn: (q: string) => unknown,
): { byCase: Map<QueryCase, number[]>; firstRoundMax: number } {
  const { times, firstRoundMax } = timeQueries(
    mix.map((c) => c.query),
    rounds,
    fn,
  );
  return { byCase: new Map(mix.map((c, i) => [c, times[i]!])), firstRoundMax };
}

const all = (m: Map<QueryCase, number[]>, kind?: string): number[] =>
  [...m].filter(([c]) => !kind || c.kind === kind).flatMap(([, v]) => v);

function churn(index: TopicIndex, target: Report): { times: number[]; compactions: number } {
  const times: number[] = [];
  const before = index.stats().compactions;
  // Edit one topic of the same report again and again until the index has reclaimed dead topics once.
  for (let k = 0; index.stats().compactions === before && k < 20_000; k++) {
    const edited = { ...target, topics: target.topics.map((t, i) => (i === 0 ? { ...t, body: `${t.body}（更新${k}）` } : t)) };
    times.push(timed(() => index.upsert(edited))[1]);
  }
  return { times, compactions: index.stats().compactions - before };
}

async function main(): Promise<void> {
  const days = Number(option('days') ?? 3650);
  const loadAtStart = loadavg()[0]!;
  process.stdout.write(`generating ${days} reports… `);
  const archive = generateArchive(days);
  const dir = mkdtempSync(join(tmpdir(), 'search-bench-'));
  let chars = 0;
  for (const f of archive.files) {
    writeFileSync(join(dir, f.name), f.text);
    chars += f.text.length;
  }
  archive.files.length = 0;
  console.log(`written to ${dir}`);

  try {
    const base = settledMemory();
    let start = process.hrtime.bigint();
    const loaded = await loadContent(dir, { timeZone: 'Asia/Shanghai' });
    const loadMs = ms(start);
    if (loaded.problems.length > 0) console.log('load problems:', loaded.problems.slice(0, 5));
    const afterLoad = settledMemory();

    // What a full markdown-it pass over every body costs, for scale (loading parses blocks only, once).
    const md = createMarkdown();
    const [, mdParseMs] = timed(() => {
      for (const r of loaded.reports) if (r.shape !== 'plain-text') md.parse(r.body, {});
    });

    const [index, indexMs] = timed(() => {
      const idx = createTopicIndex();
      for (const r of loaded.reports) idx.upsert(r);
      return idx;
    });
    const afterIndex = settledMemory();
    const stats = index.stats();

    const now = new Date(Date.parse(loaded.reports.at(-1)!.publishAt.toISOString()) + 86_400_000);
    const visible = (r: Report): boolean => isPublished(r, now);
    const published = loaded.reports.filter(visible).reverse(); // what library.published(now) returns
    const scan = prenormalizedScan(published);
    const mix = queryMix(archive.names, published);

    // Same answers first: the page and the total against the scans.
    let disagreements = 0;
    const totals = new Map<QueryCase, number>();
    for (const c of mix) {
      const expected = scan(c.query);
      const page = index.search(c.query, { visible, limit: PAGE });
      totals.set(c, page.total);
      if (page.total !== expected.length || !same(page.hits, expected.slice(0, PAGE))) {
        disagreements++;
        console.log(`DISAGREE on ${JSON.stringify(c.query.slice(0, 20))}: index ${page.total}, scan ${expected.length}`);
      }
    }

    const indexRun = latencies(mix, ROUNDS.index, (q) => index.search(q, { visible, limit: PAGE }));
    const indexTimes = indexRun.byCase;
    const scanTimes = latencies(mix, ROUNDS.scan, scan).byCase;
    // searchTopics takes ~0.2 s a query: one run each.
    let oracleDisagreements = 0;
    const naiveTimes = new Map<QueryCase, number[]>();
    for (const c of mix) {
      const [hits, took] = timed(() => searchTopics(published, c.query));
      naiveTimes.set(c, [took]);
      if (!same(hits, scan(c.query))) oracleDisagreements++;
    }

    const target = loaded.reports[Math.floor(loaded.reports.length / 2)]!;
    start = process.hrtime.bigint();
    index.remove(target.id);
    const removeMs = ms(start);
    const [, reAddMs] = timed(() => index.upsert(target));
    const { times: upsertTimes, compactions } = churn(index, target);
    index.upsert(target);
    for (const c of mix) {
      if (!same(index.search(c.query, { visible, limit: PAGE }).hits, scan(c.query).slice(0, PAGE))) disagreements++;
    }

    const topics = loaded.reports.reduce((n, r) => n + r.topics.length, 0);
    const p = (m: Map<QueryCase, number[]>, q: number, kind?: string): number => percentile(all(m, kind), q);
    const indexMb = afterIndex.heapUsed + afterIndex.arrayBuffers - afterLoad.heapUsed - afterLoad.arrayBuffers;

    console.log(
      `\n### /topic search: ${loaded.reports.length.toLocaleString('en-US')} reports, ${topics.toLocaleString('en-US')} topics, ${fmt(chars / 1e6, 1)} M characters\n`,
    );
    console.log(
      `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${fmt(loadAtStart, 1)} at start; gc ${hasGc ? 'exposed' : 'not exposed'}.\n`,
    );
    console.log('| measure | result | target |');
    console.log('|---|---:|---:|');
    console.log(`| load: read + \`parseReport\` every file (\`loadContent\`) | ${fmt(loadMs / 1000)} s | |`);
    console.log(
      `| (for scale: one full \`md.parse\` of every Markdown body; loading uses a block-only parse) | ${fmt(mdParseMs / 1000)} s | |`,
    );
    console.log(`| index: \`upsert\` every report | ${fmt(indexMs / 1000)} s | |`);
    console.log(`| load + index | ${fmt((loadMs + indexMs) / 1000)} s | < 5 s |`);
    console.log(`| RSS after GC, reports + index loaded | ${fmt(afterIndex.rss, 0)} MB | < 400 MB |`);
    console.log(
      `| of which reports (heap + buffers over the empty process) | ${fmt(afterLoad.heapUsed + afterLoad.arrayBuffers - base.heapUsed - base.arrayBuffers, 0)} MB | |`,
    );
    console.log(`| of which the index (heap + buffers) | ${fmt(indexMb, 0)} MB | |`);
    console.log(
      `| index contents | ${stats.grams.toLocaleString('en-US')} grams, ${fmt(stats.postings / 1e6, 1)} M postings in ${fmt(stats.postingBytes / 1048576, 0)} MB | |`,
    );
    console.log(`| \`remove\` one report / \`upsert\` it back | ${fmt(removeMs, 3)} ms / ${fmt(reAddMs)} ms | |`);
    console.log(
      `| \`upsert\` a changed report: p50 / max (incl. ${compactions} compaction) over ${upsertTimes.length} edits | ${fmt(percentile(upsertTimes, 0.5))} ms / ${fmt(Math.max(...upsertTimes), 0)} ms | |`,
    );
    console.log(
      `| \`/topic\` index, page of ${PAGE}: p50 / p99 | ${fmt(p(indexTimes, 0.5), 3)} / ${fmt(p(indexTimes, 0.99), 3)} ms | p99 < 5 ms |`,
    );
    console.log(
      `| (the first of the ${WARM_ROUNDS} untimed rounds before it: its slowest query) | ${fmt(indexRun.firstRoundMax, 3)} ms | |`,
    );
    console.log(`| linear scan of pre-normalised texts: p50 / p99 | ${fmt(p(scanTimes, 0.5))} / ${fmt(p(scanTimes, 0.99))} ms | |`);
    console.log(
      `| \`searchTopics\` (normalises every text per query; one run per query): p50 / p99 | ${fmt(p(naiveTimes, 0.5), 0)} / ${fmt(p(naiveTimes, 0.99), 0)} ms | |`,
    );
    console.log(
      `| index speed-up over the pre-normalised scan: p50 / p99 | ${fmt(p(scanTimes, 0.5) / p(indexTimes, 0.5), 0)}× / ${fmt(p(scanTimes, 0.99) / p(indexTimes, 0.99), 0)}× | |`,
    );
    console.log(
      `| index speed-up over \`searchTopics\`: p50 / p99 | ${fmt(p(naiveTimes, 0.5) / p(indexTimes, 0.5), 0)}× / ${fmt(p(naiveTimes, 0.99) / p(indexTimes, 0.99), 0)}× | |`,
    );

    console.log('\n| query class | queries | hits (mean) | index p50 | index p99 | scan p50 | `searchTopics` p50 |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const kind of [...new Set(mix.map((c) => c.kind))]) {
      const cases = mix.filter((c) => c.kind === kind);
      const meanHits = cases.reduce((n, c) => n + totals.get(c)!, 0) / cases.length;
      console.log(
        `| ${kind} | ${cases.length} | ${fmt(meanHits, 0)} | ${fmt(p(indexTimes, 0.5, kind), 3)} ms | ${fmt(p(indexTimes, 0.99, kind), 3)} ms | ${fmt(p(scanTimes, 0.5, kind))} ms | ${fmt(p(naiveTimes, 0.5, kind), 0)} ms |`,
      );
    }
    console.log(
      `\nAnswers: index vs scan ${disagreements === 0 ? 'identical' : `${disagreements} DISAGREEMENTS`} (page and total, before and after the edits); searchTopics vs scan ${oracleDisagreements === 0 ? 'identical' : `${oracleDisagreements} DISAGREEMENTS`}.`,
    );
    await restarts(dir, mix);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Start-ups of the bot's content side with the SQLite content cache, each in
 * a fresh process (so RSS is that of one start): the first with an empty
 * state.db (cold), then two restarts with nothing changed (warm). Each runs
 * bundled, as the bot ships (scripts/bundle-program.ts): one file, its two
 * workers beside it, no tsx compiling sources in the process or its workers.
 */
async function restarts(dir: string, mix: QueryCase[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'search-bench-data-'));
  const mixFile = join(dataDir, 'queries.json');
  writeFileSync(mixFile, JSON.stringify(mix));
  const root = join(dirname(self), '..');
  // Under node_modules, so that what the bundle leaves outside (better-sqlite3) resolves as the bot's does.
  const bundleDir = join(root, 'node_modules', '.cache', 'search-bench');
  await bundleProgram(
    {
      restart: join(dirname(self), 'search', 'restart.ts'),
      'parse-worker': join(root, 'src', 'library', 'parse-worker.ts'),
      'index-worker': join(root, 'src', 'library', 'index-worker.ts'),
    },
    bundleDir,
  );
  try {
    const runs = ['cold (empty state.db)', 'warm restart', 'warm restart'].map((label) => {
      const r = spawnSync(process.execPath, ['--expose-gc', join(bundleDir, 'restart.js'), dir, dataDir, mixFile], {
        cwd: root,
        encoding: 'utf8',
        // As `npm start` and the image run the bot (see the README's "After a load").
        env: { ...process.env, MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072' },
      });
      if (r.status !== 0) throw new Error(`restart run failed: ${r.stderr}`);
      type Run = {
        loadMs: number;
        indexedMs: number;
        commitMs: number;
        totalMs: number;
        cpuMs: number;
        rssMb: number;
        answers: string;
        scan: string;
        p50: number;
        p99: number;
        firstRoundMax: number;
        scanP50: number;
        scanP99: number;
        rssAfterQueriesMb: number;
      };
      return { label, ...(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Run) };
    });
    console.log('\n### Start-up with the SQLite content cache and saved index (each a fresh process, bundled as the bot ships)\n');
    console.log(
      `Load average ${fmt(loadavg()[0]!, 1)} after the runs. To ready: until the reload replies (the bot takes updates from then on); index complete: until the topic index holds every report (a cold load indexes after its reply, /topic waits for it); cache commit: the library's work after the reply (rows, the index completed and saved, a cold load's texts dropped for the rows in state.db); RSS after GC: once that is done. /topic: the library as started (page of ${PAGE}, the query mix above, timed after ${WARM_ROUNDS} rounds of it; the first round's slowest call on its own), RSS after the queries taken before the scans run; scan: the pre-normalised linear scan over the same reports.\n`,
    );
    console.log(
      '| start | to ready (s) | index complete (s) | cache commit (s) | total (s) | CPU (s) | RSS after GC (MB) | RSS after the queries (MB) | /topic p50 / p99 (ms) | /topic, slowest of the first round (ms) | scan p50 / p99 (ms) | speed-up p50 / p99 | answers = scan |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of runs) {
      const same = r.answers === r.scan && r.answers === runs[0]!.answers ? 'identical' : '**DIFFERENT**';
      console.log(
        `| ${r.label} | ${fmt(r.loadMs / 1000)} | ${fmt(r.indexedMs / 1000)} | ${fmt(r.commitMs / 1000)} | ${fmt(r.totalMs / 1000)} | ${fmt(r.cpuMs / 1000)} | ${fmt(r.rssMb, 0)} | ${fmt(r.rssAfterQueriesMb, 0)} | ${fmt(r.p50, 3)} / ${fmt(r.p99, 3)} | ${fmt(r.firstRoundMax, 2)} | ${fmt(r.scanP50)} / ${fmt(r.scanP99)} | ${fmt(r.scanP50 / r.p50, 0)}× / ${fmt(r.scanP99 / r.p99, 0)}× | ${same} |`,
      );
    }
    console.log('\nTargets: cold ≤ 5 s, warm ≤ 1 s, RSS ≤ 200 MB, /topic p99 ≤ 2 ms.');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!hasGc && process.env.SEARCH_BENCH_CHILD !== '1') {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: join(dirname(self), '..'),
    env: { ...process.env, SEARCH_BENCH_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
} else {
  await main();
}
