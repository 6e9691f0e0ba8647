/**
 * The bot as a user runs it: `report-bot <command>` in a child process
 * (through tsx, so no build is needed), pointed at the Bot API stand-in.
 * Lets tests kill it with SIGKILL mid-post, or stop it with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { repoRoot } from './render.js';

export const TEST_TOKEN = '1234567:AAtesttokentesttokentesttokentesttok';

export interface BotProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout + stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/** `built`: run this built executable (a `dist/cli.js`) with plain Node, from its folder's parent, instead of the sources. */
export function spawnBot(args: string[], env: Record<string, string>, built?: string): BotProcess {
  const command = built ? [built, ...args] : ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), ...args];
  const child = spawn(process.execPath, command, {
    cwd: built ? dirname(dirname(built)) : repoRoot,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', BOT_TOKEN: TEST_TOKEN, TIMEZONE: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, output: () => out, exited, kill: (signal = 'SIGTERM') => child.kill(signal) };
}
