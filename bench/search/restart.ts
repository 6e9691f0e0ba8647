/**
 * One start of the bot's content side, in its own process, as `report-bot
 * run` does it with the SQLite store: a Library over the folder with the
 * content cache in DATA_DIR/state.db (parsed reports and the saved topic
 * index), one reload. Prints JSON: load+index time, CPU time, RSS after a
 * full collection, and a digest of the answers to a fixed query mix and the
 * linear scan's answers to the same, so runs can be compared (a restored
 * index must answer exactly as a built one and as the scan).
 *
 *   node --expose-gc --import tsx bench/search/restart.ts <content dir> <data dir>
 */
import { createHash } from 'node:crypto';
import { createLibrary } from '../../src/library/library.js';
import { searchTopics } from '../../src/search/topics.js';
import { openContentCache } from '../../src/store/content-cache.js';
import { ms, settledMemory } from './measure.js';

const [dir, dataDir] = process.argv.slice(2) as [string, string];
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
const library = createLibrary({ dir, timeZone: 'Asia/Shanghai', cache });
const loaded = await library.reload();
const loadMs = ms(start);
const commitStart = process.hrtime.bigint();
cache.close(); // the cold start's rows are written here, in one transaction
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
const memory = settledMemory();
const published = library.published(now);
const scan = digest(
  QUERIES.map((q) => {
    const all = searchTopics(published, q);
    return { total: all.length, hits: all.slice(0, 10) };
  }),
);
process.stdout.write(
  `${JSON.stringify({ reports: loaded.reports.length, loadMs, commitMs, totalMs, cpuMs, rssMb: memory.rss, heapMb: memory.heapUsed, answers, scan })}\n`,
);
