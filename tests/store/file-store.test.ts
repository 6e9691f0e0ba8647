import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreWriteError } from '../../src/store/atomic-write.js';
import { BACKUP_FILE, openFileStore, STATE_FILE } from '../../src/store/file-store.js';
import { openStore } from '../../src/store/index.js';
import { describeStoreContract } from './contract.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'drb-file-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) {
    await chmod(d, 0o755).catch(() => undefined);
    await rm(d, { recursive: true, force: true });
  }
});

/** A clock tests move by hand. */
function manualClock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance: (ms: number) => Promise<void> } {
  let t = start;
  return {
    now: () => t,
    advance: async (ms) => {
      t += ms;
    },
  };
}

const readState = async (dir: string): Promise<{ version: number; entries: Record<string, unknown> }> =>
  JSON.parse(await readFile(path.join(dir, STATE_FILE), 'utf8'));

const clock = manualClock();
describeStoreContract('file', async () => openFileStore(await tempDir(), { now: clock.now }), clock.advance);

describe('FileStore persistence', () => {
  it('reopens with everything, TTLs counted in absolute time', async () => {
    const dir = path.join(await tempDir(), 'nested', 'data'); // created recursively
    const c = manualClock();
    const a = await openFileStore(dir, { now: c.now });
    await a.set('doc', { deep: [1, { x: 'y' }] });
    await a.set('short', 1, 1000);
    await a.setAdd('subs', 'z');
    await a.setAdd('subs', 'a');
    await a.increment('rate', 60_000);
    await a.close();

    const b = await openFileStore(dir, { now: c.now });
    expect(await b.get('doc')).toEqual({ deep: [1, { x: 'y' }] });
    expect(await b.get('short')).toBe(1);
    expect(await b.setMembers('subs')).toEqual(['a', 'z']);
    expect(await b.increment('rate', 60_000)).toBe(2);
    await c.advance(1000);
    expect(await b.get('short')).toBeUndefined();
    await b.close();
  });

  it('writes readable JSON and prunes expired entries on write', async () => {
    const dir = await tempDir();
    const c = manualClock();
    const s = await openFileStore(dir, { now: c.now });
    await s.set('gone', 'soon', 50);
    await s.set('stays', 'x');
    expect(Object.keys((await readState(dir)).entries)).toEqual(['gone', 'stays']);
    await c.advance(50);
    await s.setAdd('set', 'm');
    const state = await readState(dir);
    expect(state.version).toBe(1);
    expect(state.entries).toEqual({ set: { members: ['m'] }, stays: { value: 'x' } });
    await s.close();
  });

  it('is on disk when the mutation resolves, and close() waits for pending writes', async () => {
    const dir = await tempDir();
    const s = await openFileStore(dir);
    await s.set('a', 1);
    expect((await readState(dir)).entries.a).toEqual({ value: 1 });
    const pending = Array.from({ length: 20 }, (_, i) => s.set(`k${i}`, i));
    await s.close();
    await Promise.all(pending);
    expect(Object.keys((await readState(dir)).entries)).toHaveLength(21);
    await expect(s.set('late', 1)).rejects.toThrow(/closed/);
    expect(await s.ping()).toBe(false);
  });

  it('keeps the state before each write as state.json.bak; a corrupt state.json names it and how to restore it', async () => {
    const dir = await tempDir();
    const s = await openFileStore(dir);
    await s.set('publish:last:@c', { reportId: 'r1' });
    await s.set('publish:last:@c', { reportId: 'r2' });
    await s.close();
    const file = path.join(dir, STATE_FILE);
    const backup = path.join(dir, BACKUP_FILE);
    // One step behind: the backup is the whole state before the last write.
    expect(JSON.parse(await readFile(backup, 'utf8')).entries['publish:last:@c']).toEqual({ value: { reportId: 'r1' } });

    await writeFile(file, '{"version":1,"entries":{"publish:last:@c":{"val'); // torn by hand, a bad disk...
    const err = await openFileStore(dir).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe('CorruptStateError');
    expect(err?.message).toContain(`state file ${file} is not valid JSON; the last good state is ${backup}`);
    expect(err?.message).toContain(`restore it with \`cp ${backup} ${file}\``);
    expect(err?.message).not.toMatch(/start fresh/);
    // Following the advice gives back the state, nothing forgotten.
    await writeFile(file, await readFile(backup));
    const restored = await openFileStore(dir);
    expect(await restored.get('publish:last:@c')).toEqual({ reportId: 'r1' });
    await restored.close();
  });

  it('refuses a corrupt state.json with a clear error naming the file, leaving it in place', async () => {
    const dir = await tempDir();
    const file = path.join(dir, STATE_FILE);
    await writeFile(file, '{"version":1,"entries":{"a":');
    // Never "start fresh" blindly: restore, or let an empty store adopt the archive (no repost).
    await expect(openFileStore(dir)).rejects.toThrow(
      `state file ${file} is not valid JSON; restore ${file} from a backup, or move it away and start once with ADOPT_ON_FIRST_START=all, so that no report already posted goes out again`,
    );
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"entries":{"a":');

    await writeFile(file, '[1,2]');
    await expect(openFileStore(dir)).rejects.toThrow(new RegExp(`state file ${file} is not a valid store state`));
    await writeFile(file, '{"version":1,"entries":{"s":{"members":[1]}}}');
    await expect(openFileStore(dir)).rejects.toThrow(/non-string member/);
    await writeFile(file, '');
    await expect(openFileStore(dir)).rejects.toThrow(/not valid JSON/);
  });

  it('removes a temp file left by a crash', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, `${STATE_FILE}.tmp`), '{"half');
    const s = await openFileStore(dir);
    expect(await readdir(dir)).toEqual([]);
    await s.set('x', 1);
    expect(await readdir(dir)).toEqual([STATE_FILE]);
    await s.close();
  });
});

describe('FileStore write failures', () => {
  /**
   * Make writes in `dir` really fail. chmod 0o555 does it for normal users;
   * root ignores permissions, so there a directory is put where the temp
   * file must go (open() then fails with EISDIR). Returns the expected code
   * and an undo function.
   */
  async function breakWrites(dir: string): Promise<{ code: string; repair: () => Promise<void> }> {
    await chmod(dir, 0o555);
    const probe = path.join(dir, 'probe');
    try {
      await writeFile(probe, 'x');
    } catch {
      return { code: 'EACCES', repair: () => chmod(dir, 0o755) };
    }
    await rm(probe);
    await chmod(dir, 0o755);
    const blocker = path.join(dir, `${STATE_FILE}.tmp`);
    await mkdir(blocker);
    return { code: 'EISDIR', repair: () => rm(blocker, { recursive: true }) };
  }

  it('rejects with a clear error, rolls memory back and leaves state.json intact', async () => {
    const dir = await tempDir();
    const s = await openFileStore(dir);
    await s.set('a', 'before');
    await s.setAdd('set', 'x');
    const before = await readFile(path.join(dir, STATE_FILE), 'utf8');

    const { code, repair } = await breakWrites(dir);
    const write = s.set('a', 'after');
    const dependent = s.setIfAbsent('b', 1); // queued behind the failing write
    const err = await write.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreWriteError);
    expect((err as StoreWriteError).code).toBe(code);
    expect((err as Error).message).toContain(`could not save state in ${dir}:`);
    expect((err as Error).message).toContain(`(${code})`);
    await expect(dependent).rejects.toBeInstanceOf(StoreWriteError);

    expect(await s.get('a')).toBe('before'); // memory back to the disk state
    expect(await s.get('b')).toBeUndefined();
    expect(await readFile(path.join(dir, STATE_FILE), 'utf8')).toBe(before);
    // No stray temp file (in the EISDIR case only the blocking directory itself).
    // state.json.bak: the state before the last successful write (kept as the last good copy).
    const expected = code === 'EISDIR' ? [STATE_FILE, BACKUP_FILE, `${STATE_FILE}.tmp`] : [STATE_FILE, BACKUP_FILE];
    expect((await readdir(dir)).sort()).toEqual(expected);

    await repair();
    await s.set('a', 'after');
    expect(await s.get('a')).toBe('after');
    expect((await readState(dir)).entries.a).toEqual({ value: 'after' });
    expect((await readdir(dir)).sort()).toEqual([STATE_FILE, BACKUP_FILE]);
    await s.close();
  });

  it('explains ENOSPC and EROFS in words', () => {
    const enospc = new StoreWriteError('/data', Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }));
    expect(enospc.message).toBe('could not save state in /data: no space left on device (ENOSPC); the change was not applied');
    expect(enospc.code).toBe('ENOSPC');
    const erofs = new StoreWriteError('/data', Object.assign(new Error('x'), { code: 'EROFS' }));
    expect(erofs.message).toContain('read-only file system (EROFS)');
  });
});

describe('FileStore crash safety', () => {
  const child = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

  /** Run the writer until it has acknowledged a few steps plus a random delay, then SIGKILL it. */
  async function runAndKill(dir: string): Promise<{ start: number; lastAck: number }> {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
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

  it('leaves a whole, consistent state.json after kill -9 at random moments', async () => {
    const dir = await tempDir();
    let previous = 0;
    for (let round = 0; round < 12; round++) {
      const { start, lastAck } = await runAndKill(dir);
      expect(start).toBe(previous); // reopened from what the last round left
      const state = await readState(dir); // parses: never a torn file
      const counter = state.entries.counter as { value: { n: number; payload: number[] } };
      const seen = (state.entries.seen as { members: string[] }).members.map(Number).sort((a, b) => a - b);
      const n = counter.value.n;
      expect(n).toBeGreaterThanOrEqual(lastAck); // acknowledged writes survived
      expect(counter.value.payload).toEqual(Array.from({ length: n % 40 }, () => n));
      expect(seen.length === n || seen.length === n - 1).toBe(true);
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
      previous = n;
    }
    expect(previous).toBeGreaterThan(12);
  }, 120_000);
});

describe('openStore', () => {
  it('uses the file store when no Redis URL is set and EMBEDDED_STORE is file', async () => {
    const dir = await tempDir();
    const store = await openStore({ redisUrl: '', dataDir: dir, embedded: 'file' });
    expect(store.kind).toBe('file');
    await store.set('x', 1);
    await store.close();
    expect((await readState(dir)).entries.x).toEqual({ value: 1 });
  });
});
