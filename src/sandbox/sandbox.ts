/**
 * The sandbox, assembled: the Bot API stand-in on loopback with a fake
 * channel, the real app (`startApp`: library, embedded store, publisher,
 * scheduler, grammY over long polling) pointed at it with a fixed fake
 * token, TDLib checking HTML when it can, logs in a file, and the terminal
 * view of what the channel and the reader receive.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { type App, startApp } from '../app/app.js';
import { type Config, parseConfig, requirePosting } from '../config.js';
import type { LoadedContent } from '../content/load.js';
import type { Library } from '../library/library.js';
import { createLogger } from '../logger.js';
import type { PostResult } from '../publish/types.js';
import { startStandin } from '../standin/server.js';
import type { Standin, TgUser } from '../standin/types.js';
import { UserError } from '../util/user-error.js';
import type { PartRef } from './bubble.js';
import { CATCH_UP_CRON, type DateFlag, quietCron, shiftedClock } from './clock.js';
import { lenientHtml } from './lenient-html.js';
import { loadTdlibHtml } from './tdlib-html.js';
import { createTranscript, type Transcript } from './transcript.js';

/** Not a real token: it only has to look like one to pass config validation. */
export const SANDBOX_TOKEN = '7000000001:SANDBOX-fake-token-not-for-telegram';
export const SANDBOX_BOT = 'sandbox_report_bot';
export const SANDBOX_CHANNEL = { id: -1007000000001, name: '@sandbox_channel', title: 'Sandbox channel' };
export const SANDBOX_READER: TgUser = { id: 700101, first_name: 'Reader', username: 'sandbox_reader' };
export const SANDBOX_ADMIN: TgUser = { id: 700102, first_name: 'Editor', username: 'sandbox_editor' };

export interface SandboxOptions {
  contentDir: string;
  /** Keep the store here (posting progress survives restarts); default a fresh temp folder. */
  dataDir?: string;
  /** Type as an admin (whose id is put in ADMIN_IDS). */
  admin: boolean;
  /** Pretend it is this day (and time) in the report time zone. */
  date?: DateFlag;
  /** Catch up at start, i.e. post the newest published report to the channel (default true). */
  post: boolean;
  /** The typing user's client language: 'en' gets the English bot, anything else the Chinese one. */
  languageCode: string;
  /** 'auto': TDLib when it loads, else unchecked; 'off': never load TDLib. */
  htmlCheck: 'auto' | 'off';
  /** Settings that still apply: TIMEZONE, PIN_POSTS, LOG_LEVEL. Token, channel, store and API come from the sandbox. */
  env: Record<string, string | undefined>;
  realNow: () => Date;
  color: boolean;
  print: (block: string) => void;
}

export interface Sandbox {
  standin: Standin;
  app: App;
  config: Config;
  user: TgUser;
  now: () => Date;
  transcript: Transcript;
  /** The start-up catch-up run, when posting at start. */
  catchUp?: Promise<PostResult[]>;
  /** How HTML is checked: TDLib, or why not. */
  html: { tdlib: true } | { tdlib: false; reason: string };
  logFile: string;
  /** The temp folder that holds the log (and the store, unless --data-dir). */
  workDir: string;
  stop(): Promise<void>;
}

/** Report parts by their plain text, rebuilt when the library reloads. */
function partIndex(library: () => Library | undefined): (text: string) => PartRef | undefined {
  let seen: LoadedContent | undefined;
  let index = new Map<string, PartRef>();
  return (text) => {
    const lib = library();
    if (!lib || text === '') return undefined;
    const content = lib.current();
    if (content !== seen) {
      seen = content;
      index = new Map();
      for (const report of content.reports) {
        try {
          const parts = lib.parts(report);
          parts.forEach((p, i) => {
            const key = p.text.trim();
            if (!index.has(key)) index.set(key, { reportId: report.id, index: i, total: parts.length });
          });
        } catch {
          // A report that cannot be rendered is the library's problem to report; it just goes unrecognised here.
        }
      }
    }
    return index.get(text.trim());
  };
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const contentDir = resolve(opts.contentDir);
  if (!existsSync(contentDir) || !statSync(contentDir).isDirectory()) {
    throw new UserError(`Content folder ${opts.contentDir} does not exist: pass --content-dir DIR or set CONTENT_DIR.`, 2);
  }
  // Validate the settings the sandbox keeps before starting anything.
  const base = parseConfig({
    TIMEZONE: opts.env.TIMEZONE,
    PIN_POSTS: opts.env.PIN_POSTS,
    LOG_LEVEL: opts.env.LOG_LEVEL,
    POST_FORMAT: opts.env.POST_FORMAT,
  });
  const now = shiftedClock(opts.date, base.TIMEZONE, opts.realNow);

  const tdlib = opts.htmlCheck === 'off' ? { ok: false as const, reason: 'turned off' } : await loadTdlibHtml();
  const workDir = mkdtempSync(join(tmpdir(), 'report-bot-sandbox-'));
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : join(workDir, 'data');
  const logFile = join(workDir, 'bot.log');
  const user = opts.admin ? { ...SANDBOX_ADMIN } : { ...SANDBOX_READER };
  user.language_code = opts.languageCode;

  const standin = await startStandin({
    botUsername: SANDBOX_BOT,
    botFirstName: 'Report bot (sandbox)',
    channels: { [SANDBOX_CHANNEL.name]: { id: SANDBOX_CHANNEL.id, username: SANDBOX_CHANNEL.name.slice(1), title: SANDBOX_CHANNEL.title } },
    // Without TDLib nothing is refused, but the terminal still shows text rather than tags.
    validateHtml: tdlib.ok ? tdlib.parse : lenientHtml,
    clock: () => now().getTime(),
  });

  let app: App | undefined;
  const transcript = createTranscript({
    standin,
    channel: SANDBOX_CHANNEL,
    user,
    findPart: partIndex(() => app?.library),
    color: opts.color,
    print: opts.print,
  });

  const destination = pino.destination({ dest: logFile, sync: true, mkdir: true });
  try {
    const config = requirePosting(
      parseConfig({
        TIMEZONE: opts.env.TIMEZONE,
        PIN_POSTS: opts.env.PIN_POSTS,
        LOG_LEVEL: opts.env.LOG_LEVEL,
        // POST_FORMAT=rich: the channel gets rich messages, shown as an outline.
        POST_FORMAT: opts.env.POST_FORMAT,
        CONTENT_DIR: contentDir,
        DATA_DIR: dataDir,
        BOT_TOKEN: SANDBOX_TOKEN,
        TELEGRAM_API_ROOT: standin.apiRoot,
        CHANNEL_ID: SANDBOX_CHANNEL.name,
        ADMIN_IDS: opts.admin ? String(SANDBOX_ADMIN.id) : undefined,
        POST_CRON: opts.post ? CATCH_UP_CRON : quietCron(now(), opts.realNow(), base.TIMEZONE),
      }),
    );
    const logger = createLogger({ level: config.LOG_LEVEL, secrets: [SANDBOX_TOKEN], pretty: false, destination });
    app = await startApp(config, logger, { now });
    // startApp has just begun the catch-up (if any): this joins that run rather than starting another.
    const catchUp = opts.post ? app.scheduler.runOnce('sandbox') : undefined;
    const running = app;
    let stopped = false;
    return {
      standin,
      app,
      config,
      user,
      now,
      transcript,
      ...(catchUp ? { catchUp } : {}),
      html: tdlib.ok ? { tdlib: true } : { tdlib: false, reason: tdlib.reason },
      logFile,
      workDir,
      async stop() {
        if (stopped) return;
        stopped = true;
        await running.stop();
        transcript.close();
        await standin.close();
        destination.end();
        if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    transcript.close();
    await standin.close();
    destination.end();
    throw err;
  }
}
