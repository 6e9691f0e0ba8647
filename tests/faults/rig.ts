/**
 * What the fault cases share: a content folder with one report of known
 * parts, the Bot API stand-in with one channel, `report-bot run` child
 * processes (optionally inside a private mount namespace), their JSON log
 * lines, and waits on conditions rather than sleeps.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisPrefixOf } from '../../src/config.js';
import { createLibrary } from '../../src/library/library.js';
import { type CallRecord, type Standin, type StandinOptions, startStandin } from '../../src/standin/server.js';
import { type BotProcess, TEST_TOKEN } from '../support/bot-process.js';
import { longReport, todayUtc } from '../support/long-report.js';
import { repoRoot } from '../support/render.js';
import { parseTelegramHtml } from '../support/tdlib.js';

export const CHANNEL = '@fault_test_channel';
/** Today: the schedule posts only fresh reports (issue 8). */
export const REPORT_DATE = todayUtc();
/** Where the test bot keeps its keys in Redis: its own prefix, from its token's bot id. */
export const BOT_KEYS = redisPrefixOf({ BOT_TOKEN: TEST_TOKEN })!;
/** A reader who sends commands in a private chat. */
export const READER = { id: 4242, first_name: 'Reader', language_code: 'en' };

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Workspace {
  root: string;
  content: string;
  data: string;
  /** The report's parts as Telegram shows them, in order. */
  expected: string[];
}

const roots: string[] = [];

/** A content folder holding one report of `sections` parts (one part per section). */
export async function workspace(sections: number): Promise<Workspace> {
  const root = mkdtempSync(join(tmpdir(), 'drb-fault-'));
  roots.push(root);
  const content = join(root, 'content');
  mkdirSync(content);
  writeFileSync(join(content, `${REPORT_DATE}-long.md`), longReport(REPORT_DATE, sections));
  const library = createLibrary({ dir: content, timeZone: 'UTC' });
  await library.reload();
  const expected = library.parts(library.published(new Date())[0]!).map((p) => p.text);
  if (expected.length !== sections) throw new Error(`expected ${sections} parts, the report rendered to ${expected.length}`);
  return { root, content, data: join(root, 'data'), expected };
}

export function channelStandin(opts: Partial<StandinOptions> = {}): Promise<Standin> {
  return startStandin({
    validateHtml: parseTelegramHtml,
    channels: { [CHANNEL]: { id: -1001000000042, username: CHANNEL.slice(1), title: 'Faults' } },
    ...opts,
  });
}

export interface LogLine {
  level: number;
  msg: string;
  time: number;
  [field: string]: unknown;
}

export interface Bot extends BotProcess {
  /** The JSON log lines printed so far (anything else is skipped). */
  logs(): LogLine[];
  /** Log lines whose message matches. */
  lines(msg: string | RegExp): LogLine[];
  /** True until the process exits. */
  alive(): boolean;
}

export interface SpawnOptions {
  /** Run the CLI through this command (e.g. `unshare -m … sh -c '…; exec "$@"' sh`); it must exec its last arguments. */
  prefix?: string[];
}

const started: Bot[] = [];
// Never leave a bot behind if the test run itself dies.
process.once('exit', () => {
  for (const b of started) if (b.alive()) b.kill('SIGKILL');
});

/** `report-bot run` against `standin`, posting to CHANNEL; catch-up at start (the cron time passed today). */
export function startBot(standin: Standin, env: Record<string, string>, opts: SpawnOptions = {}): Bot {
  const node = [process.execPath, '--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'run'];
  const argv = [...(opts.prefix ?? []), ...node];
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      BOT_TOKEN: TEST_TOKEN,
      TIMEZONE: 'UTC',
      TELEGRAM_API_ROOT: standin.apiRoot,
      CHANNEL_ID: CHANNEL,
      POST_CRON: '0 0 * * *',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  const logs = (): LogLine[] =>
    out.split('\n').flatMap((l) => {
      if (!l.startsWith('{')) return [];
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    });
  const bot: Bot = {
    child,
    output: () => out,
    exited,
    kill: (signal = 'SIGTERM') => child.kill(signal),
    logs,
    lines: (msg) => logs().filter((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg))),
    alive: () => running,
  };
  started.push(bot);
  return bot;
}

/** SIGKILL every bot still running and delete the workspaces (afterEach). */
export async function cleanup(): Promise<void> {
  for (const b of started.splice(0)) {
    if (b.alive()) b.kill('SIGKILL');
    await b.exited;
  }
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Every bot's output, for failure messages. */
export function allOutput(): string {
  return started.map((b, i) => `--- bot ${i} (pid ${b.child.pid})\n${b.output()}`).join('\n');
}

/** Wait until `check` holds; on timeout the error carries every bot's output. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${allOutput()}`);
    await sleep(20);
  }
}

/**
 * Run `action` once, synchronously, the moment the stand-in has answered (or
 * dropped) a call matching `match`: the bot has not had the time to act on
 * the answer yet, so kills and faults land at a precise point of the post.
 */
export function onCall(
  standin: Standin,
  match: (call: CallRecord) => boolean,
  action: (call: CallRecord) => void = () => undefined,
): Promise<CallRecord> {
  return new Promise((resolve) => {
    const off = standin.onCall((call) => {
      if (!match(call)) return;
      off();
      action(call);
      resolve(call);
    });
  });
}

/** A `sendMessage` to the channel, answered with `status` (0 = dropped). */
export const channelSend =
  (status?: number) =>
  (call: CallRecord): boolean =>
    call.method === 'sendMessage' && call.payload.chat_id === CHANNEL && (status === undefined || call.status === status);
