/**
 * `report-bot post [--date D] [--force] [--ignore-limit] [--dry-run] [--content-dir DIR]`:
 * one posting run, then exit, for people who schedule from outside (a system
 * cron). Exit 0 when done or nothing to do, 1 when a channel could not be
 * posted to or the report is over the posting limit (MAX_MESSAGES);
 * `--ignore-limit` is the one way to post such a report.
 */

import { openServices } from '../../app/services.js';
import { parseConfig, parseSettings, requirePosting } from '../../config.js';
import { isCalendarDate } from '../../content/timezone.js';
import { createLibrary } from '../../library/library.js';
import { createLogger } from '../../logger.js';
import { overMessageLimit } from '../../publish/message-limit.js';
import { createRichPublishing } from '../../publish/rich-send.js';
import { UserError } from '../../util/user-error.js';
import { parseCommandArgs, withContentDir } from '../args.js';
import type { CliIo } from '../io.js';
import { plural } from '../plural.js';
import { formatParts, formatRichParts } from '../preview.js';

const USAGE = `Usage: report-bot post [--date YYYY-MM-DD] [--force] [--ignore-limit] [--dry-run] [--content-dir DIR]

One posting run, then exit: the newest published report (or that day's) to every CHANNEL_ID.
Exit 0 when done or nothing to do, 1 when a channel could not be posted to or the report is held back.
  --date D           post the report of that day instead of the newest
  --force            post even if it was already posted
  --ignore-limit     post even if it needs more than MAX_MESSAGES messages (held back otherwise)
  --dry-run          print what would be sent and send nothing (needs no BOT_TOKEN or CHANNEL_ID)
  --content-dir DIR  the content folder (default: CONTENT_DIR, or ./content)
Settings used: all of them; with --dry-run only CONTENT_DIR, TIMEZONE, CHANNEL_ID (if set), POST_FORMAT and MAX_MESSAGES.`;

/** What a dry run reads: it never talks to Telegram or the store. */
const DRY_RUN_SETTINGS = ['CONTENT_DIR', 'TIMEZONE', 'CHANNEL_ID', 'POST_FORMAT', 'MAX_MESSAGES'] as const;

export async function postCommand(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      name: 'post',
      usage: USAGE,
      options: {
        date: { type: 'string' },
        force: { type: 'boolean' },
        'ignore-limit': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'content-dir': { type: 'string' },
      },
    },
    io.out,
  );
  if (!parsed) return 0;
  const { values } = parsed;
  const date = values.date;
  if (date !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])))
      throw new UserError(`--date ${date} is not a date: use YYYY-MM-DD.`, 2);
  }
  const settings = withContentDir(env, values['content-dir']);
  const full = values['dry-run'] ? undefined : parseConfig(settings);
  const config = full ?? parseSettings(settings, DRY_RUN_SETTINGS);
  const now = io.now();
  const library = createLibrary({ dir: config.CONTENT_DIR, timeZone: config.TIMEZONE });
  const content = await library.reload();
  for (const p of content.problems) io.err(`${p.file}: skipped: ${p.reason}${p.line ? ` (line ${p.line})` : ''}`);
  const report = date ? library.onDay(date, now)[0] : library.published(now)[0];
  if (!report) {
    io.out(date ? `No published report for ${date}: nothing to post.` : 'No published report: nothing to post.');
    return 0;
  }
  const parts = library.parts(report);
  const channels = config.CHANNEL_ID;

  if (values['dry-run'] || full === undefined) {
    const to = channels.length > 0 ? `to ${channels.join(', ')}` : 'to CHANNEL_ID (not set yet)';
    // The limit counts the HTML parts: they are what a rich post falls back to.
    const over = values['ignore-limit'] ? undefined : overMessageLimit(parts.length, config.MAX_MESSAGES);
    if (over !== undefined) io.err(`${report.file}: would be held back: it ${over}.`);
    // POST_FORMAT=rich: what would go out is the rich messages (the HTML parts only if Telegram refuses them).
    const rich = config.POST_FORMAT === 'rich' ? createRichPublishing().parts(report, parts) : undefined;
    const count = rich
      ? `${plural(rich.length, 'rich message')}, ${plural(parts.length, 'HTML message')} as the fallback`
      : plural(parts.length, 'message');
    io.out(
      `Would post ${report.id} (${report.date}, "${report.title}", ${count}) ${to}${values.force ? ' even if already posted' : ' unless already posted'}:\n`,
    );
    io.out(rich ? formatRichParts(rich) : formatParts(parts));
    return 0;
  }

  const posting = requirePosting(full);
  const logger = createLogger({ level: posting.LOG_LEVEL, secrets: [posting.BOT_TOKEN] });
  const services = await openServices(posting, logger, { now: io.now, library });
  try {
    let failed = 0;
    for (const channel of channels) {
      const result = await services.publisher.post(report, parts, channel, {
        force: values.force ?? false,
        ignoreMessageLimit: values['ignore-limit'] ?? false,
      });
      io.out(
        `${channel}: ${result.status} (${result.sent} sent, ${result.messageIds.length}/${result.total} in the channel)${result.error ? ` — ${result.error}` : ''}`,
      );
      // 'locked' means another instance is posting it right now: not a failure of this run.
      if (result.status === 'failed' || result.status === 'aborted' || result.status === 'held') failed++;
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await services.close();
  }
}
