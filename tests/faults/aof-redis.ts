/**
 * A redis-server that keeps its data across a crash, as production runs it
 * (docker-compose.yml: append-only file). tests/support/redis-server.ts
 * restarts empty, which would turn "Redis came back" into "Redis forgot every
 * post", a different fault. Here every write is fsynced to the AOF before it
 * is acknowledged, so `kill()` then `start()` on the same port gives back
 * everything the bot was told was saved.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answersPing, freePort } from '../support/net.js';

export { freePort };

export interface AofRedis {
  url: string;
  port: number;
  /** Start (again) on the same port with the same data; resolves once it answers PING. */
  start(): Promise<void>;
  /** SIGKILL: a crash. Data acknowledged so far survives. */
  kill(): Promise<void>;
  /** Stop and delete the data. */
  destroy(): Promise<void>;
}

/** Prepare a server for `port` (default: a free one); it is not started until `start()`. */
export async function aofRedis(port?: number): Promise<AofRedis> {
  const p = port ?? (await freePort());
  const dir = await mkdtemp(path.join(tmpdir(), 'drb-aof-'));
  let child: ChildProcess | undefined;
  const halt = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGKILL');
    await exited;
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    async start() {
      if (child) return;
      const args = [
        '--port',
        String(p),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        dir,
      ];
      const c = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      let out = '';
      c.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
      c.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
      const deadline = Date.now() + 10_000;
      while (!(await answersPing(p))) {
        if (c.exitCode !== null) throw new Error(`redis-server on port ${p} exited at start-up:\n${out}`);
        if (Date.now() > deadline) throw new Error(`redis-server on port ${p} did not answer PING within 10 s:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: halt,
    async destroy() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
