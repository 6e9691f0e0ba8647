import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreWriteError } from '../../src/store/atomic-write.js';
import { openFileStore } from '../../src/store/file-store.js';
import { openStore } from '../../src/store/index.js';
import { DB_FILE } from '../../src/store/sqlite-db.js';
import { writeError } from '../../src/store/sqlite-errors.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { describeStoreContract } from './contract.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'drb-sqlite-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function manualClock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance: (ms: number) => Promise<void> } {
  let t = start;
  return {
    now: () => t,
    advance: async (ms) => {
      t += ms;
    },
  };
}

/** Rows as stored, read by a second connection (what a restarted process would see). */
function rows(dir: string, sql: string): unknown[] {
  const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

const clock = manualClock();
describeStoreContract('sqlite', async () => openSqliteStore(tempDir(), { now: clock.now }), clock.advance);

describe('SqliteStore persistence', () => {
  it('is in WAL mode with full sync, and every acknowledged write is visible to another connection', async () => {
    const dir = tempDir();
    const s = openSqliteStore(dir);
    expect(s.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.database.pragma('synchronous', { simple: true })).toBe(2); // FULL
    await s.set('a', { x: 1 });
    await s.setAdd('subs', 'm');
    expect(rows(dir, `SELECT key, kind, json FROM entries WHERE key IN ('a', 'subs') ORDER BY key`)).toEqual([
      { key: 'a', kind: 'value', json: '{"x":1}' },
      { key: 'subs', kind: 'set', json: null },
    ]);
    await s.close();
  });

  it('reopens with everything, TTLs counted in absolute time', async () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const c = manualClock();
    const a = openSqliteStore(dir, { now: c.now });
    await a.set('doc', { deep: [1, { x: 'y' }] });
    await a.set('short', 1, 1000);
    await a.setAdd('subs', 'z');
    await a.setAdd('subs', 'a');
    await a.increment('rate', 60_000);
    await a.close();

    const b = openSqliteStore(dir, { now: c.now });
    expect(await b.get('doc')).toEqual({ deep: [1, { x: 'y' }] });
    expect(await b.get('short')).toBe(1);
    expect(await b.ttl('short')).toBe(1000);
    expect(await b.setMembers('subs')).toEqual(['a', 'z']);
    expect(await b.increment('rate', 60_000)).toBe(2);
    await c.advance(1000);
    expect(await b.get('short')).toBeUndefined();
    expect(await b.ttl('short')).toBeUndefined();
    await b.close();
    expect(readdirSync(dir)).toEqual([DB_FILE]); // a clean close checkpoints and removes the log
  });

  it('deletes expired keys by their expiry index, without touching the rest', async () => {
    const dir = tempDir();
    const c = manualClock();
    const s = openSqliteStore(dir, { now: c.now });
    for (let i = 0; i < 1_000; i++) await s.set(`update:${i}`, 1, 3_600_000); // a busy hour of webhook ids
    await s.set('publish:last', 'kept');
    await s.setAdd('publish:received', 'r1');
    expect(s.purgeExpired()).toBe(0);
    await c.advance(3_600_000);
    expect(s.purgeExpired()).toBe(1_000);
    expect(rows(dir, 'SELECT key FROM entries ORDER BY key')).toEqual([{ key: 'publish:last' }, { key: 'publish:received' }]);
    const plan = s.database
      .prepare('EXPLAIN QUERY PLAN SELECT key FROM entries WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT 10')
      .all(0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('entries_expiry');
    await s.close();
  }, 60_000);

  it('purges on its own timer', async () => {
    const dir = tempDir();
    const s = openSqliteStore(dir, { purgeEveryMs: 20 });
    await s.set('gone', 1, 1);
    await expect.poll(() => rows(dir, `SELECT key FROM entries WHERE key = 'gone'`).length, { timeout: 2000 }).toBe(0);
    await s.close();
  });

  it('lists keys by a prefix with LIKE and GLOB characters literally', async () => {
    const s = openSqliteStore(tempDir());
    await s.set('a%b', 1);
    await s.set('a_b', 1);
    await s.set('axb', 1);
    await s.set('a[b]', 1);
    expect(await s.keys('a%')).toEqual(['a%b']);
    expect(await s.keys('a_')).toEqual(['a_b']);
    expect(await s.keys('a[')).toEqual(['a[b]']);
    await s.close();
  });

  it('rejects use after close', async () => {
    const s = openSqliteStore(tempDir());
    await s.close();
    await expect(s.get('x')).rejects.toThrow(/closed/);
    expect(await s.ping()).toBe(false);
  });
});

describe('SqliteStore write failures', () => {
  it('words SQLite errors as the file store does (ENOSPC, EROFS), keeping the cause', () => {
    const full = writeError('/data', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    expect(full).toBeInstanceOf(StoreWriteError);
    expect((full as Error).message).toBe('could not save state in /data: no space left on device (ENOSPC); the change was not applied');
    const dir = tempDir();
    const ro = writeError(dir, Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY_DBMOVED' }));
    expect((ro as StoreWriteError).code).toBe('EROFS'); // the directory itself is writable: SQLite's word stands
    const other = new TypeError('not a counter');
    expect(writeError('/data', other)).toBe(other);
  });

  it('a failed transaction applies nothing', async () => {
    const s = openSqliteStore(tempDir());
    await s.set('text', 'abc');
    await expect(s.increment('text', 1000)).rejects.toThrow(TypeError);
    expect(await s.get('text')).toBe('abc');
    await s.close();
  });
});

describe('SqliteStore crash safety', () => {
  const child = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

  async function runAndKill(dir: string): Promise<{ start: number; lastAck: number }> {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, 'sqlite'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/ack \d+\n/.test(out)) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
    });
    await new Promise((r) => setTimeout(r, Math.random() * 150));
    proc.kill('SIGKILL');
    await exited;
    const start = Number(/start (\d+)/.exec(out)?.[1]);
    const acks = [...out.matchAll(/ack (\d+)\n/g)].map((m) => Number(m[1]));
    return { start, lastAck: Math.max(...acks) };
  }

  it('keeps every acknowledged write, consistent, after kill -9 at random moments', async () => {
    const dir = tempDir();
    let previous = 0;
    for (let round = 0; round < 8; round++) {
      const { start, lastAck } = await runAndKill(dir);
      expect(start).toBe(previous);
      const s = openSqliteStore(dir);
      const counter = (await s.get<{ n: number; payload: number[] }>('counter'))!;
      const seen = (await s.setMembers('seen')).map(Number).sort((a, b) => a - b);
      await s.close();
      const n = counter.n;
      expect(n).toBeGreaterThanOrEqual(lastAck);
      expect(counter.payload).toEqual(Array.from({ length: n % 40 }, () => n));
      expect(seen.length === n || seen.length === n - 1).toBe(true);
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
      previous = n;
    }
    expect(previous).toBeGreaterThan(8);
  }, 120_000);
});

describe('openStore and the state.json upgrade', () => {
  it('uses SQLite when no Redis URL is set', async () => {
    const dir = tempDir();
    const store = await openStore({ redisUrl: '', dataDir: dir });
    expect(store.kind).toBe('sqlite');
    await store.set('x', 1);
    await store.close();
    expect(rows(dir, `SELECT json FROM entries WHERE key = 'x'`)).toEqual([{ json: '1' }]);
  });

  it('imports an existing state.json once, TTLs kept, and keeps it as state.json.migrated', async () => {
    const dir = tempDir();
    const old = await openFileStore(dir);
    await old.setAdd('publish:received:@ch', '2026-01-04-daily');
    await old.set('publish:last:@ch', { reportId: '2026-01-04-daily', messageIds: [7, 8] });
    await old.set('update:99', 1, 3_600_000);
    await old.close();

    const infos: unknown[] = [];
    const logger = { warn: () => undefined, info: (obj: object, msg: string) => void infos.push({ ...obj, msg }) };
    const s = await openStore({ dataDir: dir, logger });
    expect(await s.setMembers('publish:received:@ch')).toEqual(['2026-01-04-daily']);
    expect(await s.get('publish:last:@ch')).toEqual({ reportId: '2026-01-04-daily', messageIds: [7, 8] });
    expect(await s.ttl('update:99')).toBeGreaterThan(3_500_000);
    expect(infos).toEqual([
      expect.objectContaining({ values: 2, sets: 1, msg: 'state.json imported into state.db (kept as state.json.migrated)' }),
    ]);
    expect(readdirSync(dir).sort()).toEqual([DB_FILE, `${DB_FILE}-shm`, `${DB_FILE}-wal`, 'state.json.bak', 'state.json.migrated']); // .bak: the file store's last good state
    await s.setAdd('publish:received:@ch', '2026-01-05-daily');
    await s.close();

    // Once: a second start imports nothing, and a crash-left state.json (renamed late) cannot roll state back.
    writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ version: 1, entries: { 'publish:received:@ch': { members: ['x'] } } }));
    const again = await openStore({ dataDir: dir, logger });
    expect(await again.setMembers('publish:received:@ch')).toEqual(['2026-01-04-daily', '2026-01-05-daily']);
    expect(existsSync(path.join(dir, 'state.json'))).toBe(false);
    expect(infos).toHaveLength(1);
    await again.close();
  });

  it('refuses a corrupt state.json by name, leaving it in place', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'state.json'), '{"version": 1, "entr');
    await expect(openStore({ dataDir: dir })).rejects.toThrow(`state file ${path.join(dir, 'state.json')} is not valid JSON`);
    expect(existsSync(path.join(dir, 'state.json'))).toBe(true);
  });

  it('EMBEDDED_STORE=file keeps the JSON file store', async () => {
    const store = await openStore({ dataDir: tempDir(), embedded: 'file' });
    expect(store.kind).toBe('file');
    await store.close();
  });
});
