/**
 * One start of the bot's content side, in its own process, as `report-bot
 * run` does it with the SQLite store: load the folder through the content
 * cache in DATA_DIR/state.db, index every report, commit the cache. Prints
 * JSON: load and index times, and RSS after a full collection.
 *
 *   node --expose-gc --import tsx bench/search/restart.ts <content dir> <data dir>
 */
import { loadContent } from '../../src/content/load.js';
import { createTopicIndex } from '../../src/search/topic-index.js';
import { openContentCache } from '../../src/store/content-cache.js';
import { ms, settledMemory } from './measure.js';

const [dir, dataDir] = process.argv.slice(2) as [string, string];
const start = process.hrtime.bigint();
const cache = openContentCache(dataDir, dir, 'bench|Asia/Shanghai');
const loaded = await loadContent(dir, { timeZone: 'Asia/Shanghai', cache });
const loadMs = ms(start);
const indexStart = process.hrtime.bigint();
const index = createTopicIndex();
for (const r of loaded.reports) index.upsert(r);
const indexMs = ms(indexStart);
const commitStart = process.hrtime.bigint();
cache.close(); // the cold start's rows are written here, in one transaction
const commitMs = ms(commitStart);
const totalMs = ms(start);
const memory = settledMemory();
process.stdout.write(
  `${JSON.stringify({ reports: loaded.reports.length, topics: index.stats().topics, loadMs, indexMs, commitMs, totalMs, rssMb: memory.rss, heapMb: memory.heapUsed })}\n`,
);
