/**
 * `report-bot sandbox`: the real bot, scheduler and commands against the Bot
 * API stand-in on loopback, with the embedded store in a temp folder. The
 * terminal shows what the channel receives, message by message, and takes
 * commands as a reader (or an admin, with --admin). No token needed.
 *
 *   --admin            type as an admin (put in ADMIN_IDS)
 *   --content-dir DIR  default CONTENT_DIR or ./examples (the samples)
 *   --data-dir DIR     keep the store there instead of a fresh temp folder
 *   --date D           pretend today is D (YYYY-MM-DD[THH:MM]) in TIMEZONE; on the samples the
 *                      default is the newest sample's day (the schedule posts only fresh reports)
 *   --no-post          do not post the newest report at start
 *   --script FILE      read commands from FILE (stdin that is not a terminal works too), one per
 *                      line (blank lines and # comments skipped), then exit once the replies settle
 *   --lang en|zh       the bot's language for you (default en)
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { UserError } from '../cli/errors.js';
import { parseConfig } from '../config.js';
import { loadContent } from '../content/load.js';
import { hasWrittenDate } from '../content/report.js';
import type { CliIo } from '../cli/main.js';
import { banner, catchUpOutcome } from '../sandbox/banner.js';
import { parseDateFlag } from '../sandbox/clock.js';
import { startSandbox } from '../sandbox/sandbox.js';
import { runInteractive, runScript, settle } from '../sandbox/session.js';

/** The sample reports; `content/` ships empty. */
const SAMPLES_DIR = './examples';

async function newestSampleDay(dir: string, timeZone: string | undefined): Promise<string | undefined> {
  try {
    const content = await loadContent(dir, { timeZone: parseConfig({ TIMEZONE: timeZone }).TIMEZONE });
    return content.reports.filter((r) => hasWrittenDate(r) && !r.draft).at(-1)?.date;
  } catch {
    return undefined; // no samples here: the sandbox reports the missing folder itself
  }
}

export async function sandboxCommand(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      admin: { type: 'boolean' },
      'content-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      date: { type: 'string' },
      'no-post': { type: 'boolean' },
      script: { type: 'string' },
      lang: { type: 'string' },
      debug: { type: 'boolean' },
    },
  });
  if (values.script !== undefined && !existsSync(values.script)) throw new UserError(`--script ${values.script}: no such file.`, 2);
  const samples = values['content-dir'] === undefined && env.CONTENT_DIR === undefined;
  // The schedule posts only fresh reports: on the samples, the clock starts on the newest sample's day, so its post shows.
  const dateFlag = values.date ?? (samples ? await newestSampleDay(SAMPLES_DIR, env.TIMEZONE) : undefined);
  const date = dateFlag !== undefined ? parseDateFlag(dateFlag) : undefined;
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh') throw new UserError(`--lang ${lang}: use en or zh.`, 2);
  const interactive = values.script === undefined && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const color = env.NO_COLOR === undefined && (env.FORCE_COLOR !== undefined || process.stdout.isTTY === true);
  // The samples by default: the sandbox shows the bot at work without touching the real content.
  const contentDir = values['content-dir'] ?? env.CONTENT_DIR ?? SAMPLES_DIR;

  // Until the prompt exists, output goes straight to io.out; the prompt then takes over.
  let print = (block: string): void => io.out(block);
  const sb = await startSandbox({
    contentDir,
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    admin: values.admin ?? false,
    ...(date ? { date } : {}),
    post: !(values['no-post'] ?? false),
    languageCode: lang === 'en' ? 'en' : 'zh-hans',
    htmlCheck: 'auto',
    env,
    realNow: io.now,
    color,
    print: (block) => print(block),
  });

  const quit = new AbortController();
  const onSignal = (): void => quit.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    io.out(banner(sb, { contentDir, shifted: date !== undefined, posting: sb.catchUp !== undefined, keptData: values['data-dir'] !== undefined, color }));
    if (interactive) {
      const ui = runInteractive(sb, color, process.stdin, process.stdout, quit.signal);
      print = ui.print;
      sb.transcript.release();
      void sb.catchUp?.then((results) => print(catchUpOutcome(results, color)), () => undefined);
      await ui.done;
    } else {
      sb.transcript.release();
      if (sb.catchUp) {
        const mark = sb.transcript.mark();
        // Ctrl-C during a long first post leaves at once; stop() then halts the post between two parts.
        const results = await Promise.race([sb.catchUp, new Promise<undefined>((r) => quit.signal.addEventListener('abort', () => r(undefined), { once: true }))]);
        await settle(sb, mark, { firstReplyMs: 0, signal: quit.signal });
        if (results) print(catchUpOutcome(results, color));
      }
      if (!quit.signal.aborted) {
        const input = values.script !== undefined ? createReadStream(values.script, 'utf8') : process.stdin;
        const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
        quit.signal.addEventListener('abort', () => lines.close(), { once: true });
        try {
          await runScript(sb, lines, color, print, { signal: quit.signal });
        } finally {
          lines.close();
          if (input !== process.stdin) input.destroy();
        }
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await sb.stop();
  }
  io.out(`Sandbox stopped. Logs: ${sb.logFile}`);
  return 0;
}
