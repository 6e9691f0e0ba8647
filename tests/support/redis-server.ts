/**
 * A private, throw-away redis-server per test file, on a free port, so tests
 * never touch a shared Redis (such as one on 6379) and can stop/kill/restart
 * the server for fault tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answersPing, freePort } from './net.js';

export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** SIGTERM and wait for exit; also removes the temp dir. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit (a crash, for fault tests). */
  kill(): Promise<void>;
  /** Stop (if running) and start again on the same port, empty. */
  restart(): Promise<void>;
}

const BINARY = 'redis-server';
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** True when `redis-server` is on PATH. */
export function hasRedisServer(): boolean {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, BINARY), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

/** Start a redis-server on a free port and wait until it answers PING. */
export async function startRedisServer(): Promise<RedisServerHandle> {
  if (!hasRedisServer()) {
    throw new Error(`${BINARY} not found on PATH; install it (e.g. apt-get install redis-server) to run the Redis tests`);
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Never leave servers behind if a test run dies before afterAll.
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'drb-redis-'));
  let child: ChildProcess | undefined = await launch(port, dir);

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (c) await terminate(c, signal);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await halt('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await halt('SIGTERM');
      child = await launch(port, dir);
    },
  };
}

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    running.delete(child);
  });
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (exited) throw new Error(`redis-server on port ${port} exited at start-up:\n${output}`);
    if (Date.now() > deadline) {
      await terminate(child, 'SIGKILL');
      throw new Error(`redis-server on port ${port} did not answer PING within 10 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}
