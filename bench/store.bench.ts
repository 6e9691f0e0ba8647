/**
 * Write latency of the embedded stores as state grows: 0, 10k and 100k
 * stored entries (webhook update ids and saved searches, each with a TTL, as
 * a busy day leaves them), for the JSON file store and SQLite. Each write is
 * a durable one (the promise resolves once it is on disk). Numbers, not a
 * gate:
 *
 *   npx tsx bench/store.bench.ts [--writes=30]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Entry, serializeState } from '../src/store/file-state.js';
import { openFileStore, STATE_FILE } from '../src/store/file-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { fmt, ms, percentile } from './search/measure.js';

const SIZES = [0, 10_000, 100_000];
const WRITES = Number(process.argv.find((a) => a.startsWith('--writes='))?.split('=')[1] ?? 30);
const HOUR = 3_600_000;

/** What fills a store in production: one dedupe id per webhook update, kept an hour. */
function filler(i: number): [string, string] {
  return [`update:${1_000_000 + i}`, '1'];
}

async function fileStoreWith(n: number): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'drb-store-bench-file-'));
  const entries = new Map<string, Entry>();
  const expiresAt = Date.now() + HOUR;
  for (let i = 0; i < n; i++) {
    const [key, json] = filler(i);
    entries.set(key, { kind: 'value', json, expiresAt });
  }
  writeFileSync(join(dir, STATE_FILE), serializeState(entries, Date.now()));
  return openFileStore(dir);
}

function sqliteStoreWith(n: number): Store {
  const dir = mkdtempSync(join(tmpdir(), 'drb-store-bench-sqlite-'));
  const store = openSqliteStore(dir);
  const db = store.database;
  const put = db.prepare(`INSERT INTO entries (key, kind, json, expires_at) VALUES (?, 'value', ?, ?)`);
  const expiresAt = Date.now() + HOUR;
  db.transaction(() => {
    for (let i = 0; i < n; i++) put.run(...filler(i), expiresAt);
  })();
  return store;
}

/** Latencies of WRITES durable writes of the kinds the bot makes per update and per posted part. */
async function measure(store: Store): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const start = process.hrtime.bigint();
    if (i % 3 === 0)
      await store.setIfAbsent(`update:${i}`, 1, HOUR); // webhook dedupe
    else if (i % 3 === 1)
      await store.set('publish:progress:@ch:r:1', { next: i, done: false }); // posting progress
    else await store.increment('rate:42', 10_000); // rate limit counter
    out.push(ms(start));
  }
  return out;
}

const rows: string[] = [];
const p50s = new Map<string, number[]>();
for (const kind of ['file', 'sqlite'] as const) {
  for (const n of SIZES) {
    process.stderr.write(`[store bench] ${kind} at ${n} entries\n`);
    const store = kind === 'file' ? await fileStoreWith(n) : sqliteStoreWith(n);
    const samples = await measure(store);
    await store.close();
    if ('dir' in store && typeof store.dir === 'string') rmSync(store.dir, { recursive: true, force: true });
    const p50 = percentile(samples, 0.5);
    p50s.set(kind, [...(p50s.get(kind) ?? []), p50]);
    rows.push(`| ${kind} | ${n.toLocaleString('en-US')} | ${fmt(p50)} | ${fmt(percentile(samples, 0.9))} | ${fmt(Math.max(...samples))} |`);
  }
}

console.log('# Embedded store write latency\n');
console.log(`${WRITES} durable writes per size (set-if-absent with TTL, set, increment), ms:\n`);
console.log('| store | stored entries | p50 | p90 | max |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
console.log('\nGrowth of the p50 from 0 to 100k entries:');
for (const [kind, v] of p50s) console.log(`- ${kind}: ${fmt(v.at(-1)! / v[0]!)}× (10k: ${fmt(v[1]! / v[0]!)}×)`);
