/**
 * `report-bot sandbox`: the real bot, scheduler and commands against the Bot
 * API stand-in on loopback, with the embedded store in a temp folder. The
 * terminal shows what the channel receives, message by message, and takes
 * commands as a reader (or an admin, with --admin). No token needed. The
 * flags are in USAGE below, which --help prints.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseConfig } from '../../config.js';
import { loadContent } from '../../content/load.js';
import { hasWrittenDate } from '../../content/report.js';
import { banner, catchUpOutcome } from '../../sandbox/banner.js';
import { parseDateFlag } from '../../sandbox/clock.js';
import { contentLanguage } from '../../sandbox/content-language.js';
import { startSandbox } from '../../sandbox/sandbox.js';
import { runInteractive, runScript, settle } from '../../sandbox/session.js';
import { UserError } from '../../util/user-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';

const USAGE = `Usage: report-bot sandbox [flags]        (in a clone: npm run sandbox -- [flags])

The real bot, schedule and commands against a local fake Telegram, in this terminal.
The channel's messages appear as they are posted; type commands as a reader. No token needed.
  --admin            type as an admin (/status, /repost, /update)
  --content-dir DIR  the content folder (default: CONTENT_DIR, or ./examples, the samples)
  --data-dir DIR     keep the bot's state in DIR instead of a fresh temp folder
  --date D           pretend today is D (YYYY-MM-DD or YYYY-MM-DDTHH:MM) in TIMEZONE; on the
                     samples the default is the newest sample's day (only fresh reports are posted)
  --no-post          do not post the newest report at start
  --script FILE      read commands from FILE, one per line (blank lines and # comments skipped),
                     then exit once the replies settle; stdin that is not a terminal works too
  --lang en|zh       the bot's language for you (default: the language the reports are written in)
Settings used: CONTENT_DIR, TIMEZONE, PIN_POSTS, LOG_LEVEL, POST_FORMAT.`;

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
  const parsed = parseCommandArgs(
    args,
    {
      name: 'sandbox',
      usage: USAGE,
      options: {
        admin: { type: 'boolean' },
        'content-dir': { type: 'string' },
        'data-dir': { type: 'string' },
        date: { type: 'string' },
        'no-post': { type: 'boolean' },
        script: { type: 'string' },
        lang: { type: 'string' },
      },
    },
    io.out,
  );
  if (!parsed) return 0;
  const { values } = parsed;
  if (values.script !== undefined && !existsSync(values.script)) throw new UserError(`--script ${values.script}: no such file.`, 2);
  const samples = values['content-dir'] === undefined && env.CONTENT_DIR === undefined;
  // The schedule posts only fresh reports: on the samples, the clock starts on the newest sample's day, so its post shows.
  const dateFlag = values.date ?? (samples ? await newestSampleDay(SAMPLES_DIR, env.TIMEZONE) : undefined);
  const date = dateFlag !== undefined ? parseDateFlag(dateFlag) : undefined;
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'zh')
    throw new UserError(`--lang ${values.lang}: use en or zh.`, 2);
  const interactive = values.script === undefined && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const color = env.NO_COLOR === undefined && (env.FORCE_COLOR !== undefined || process.stdout.isTTY === true);
  // The samples by default: the sandbox shows the bot at work without touching the real content.
  const contentDir = values['content-dir'] ?? env.CONTENT_DIR ?? SAMPLES_DIR;
  const lang = values.lang ?? (await contentLanguage(contentDir, env.TIMEZONE || 'Asia/Shanghai'));

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
    io.out(
      banner(sb, {
        contentDir,
        shifted: date !== undefined,
        posting: sb.catchUp !== undefined,
        keptData: values['data-dir'] !== undefined,
        color,
      }),
    );
    if (interactive) {
      const ui = runInteractive(sb, color, process.stdin, process.stdout, quit.signal);
      print = ui.print;
      sb.transcript.release();
      void sb.catchUp?.then(
        (results) => print(catchUpOutcome(results, color)),
        () => undefined,
      );
      await ui.done;
    } else {
      sb.transcript.release();
      if (sb.catchUp) {
        const mark = sb.transcript.mark();
        // Ctrl-C during a long first post leaves at once; stop() then halts the post between two parts.
        const results = await Promise.race([
          sb.catchUp,
          new Promise<undefined>((r) => quit.signal.addEventListener('abort', () => r(undefined), { once: true })),
        ]);
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
