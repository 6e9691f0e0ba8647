/**
 * `report-bot post [--date D] [--force] [--dry-run]`: one posting run, then
 * exit, for people who schedule from outside (a system cron). Exit 0 when
 * done or nothing to do, 1 when a channel could not be posted to.
 */
import { parseArgs } from 'node:util';
import { parseConfig, requirePosting } from '../config.js';
import { createLibrary } from '../content/library.js';
import { isCalendarDate } from '../content/timezone.js';
import { UserError } from '../cli/errors.js';
import type { CliIo } from '../cli/main.js';
import { formatParts, formatRichParts } from '../cli/preview.js';
import { createRichPublishing } from '../publish/rich-send.js';
import { createLogger } from '../logger.js';
import { openServices } from './services.js';

export async function postCommand(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { date: { type: 'string' }, force: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, debug: { type: 'boolean' } },
  });
  const date = values.date;
  if (date !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new UserError(`--date ${date} is not a date: use YYYY-MM-DD.`, 2);
  }
  const config = parseConfig(env);
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

  if (values['dry-run']) {
    if (channels.length === 0) throw new UserError('Setting CHANNEL_ID is missing: set it to @yourchannel or the channel\'s numeric id.');
    // POST_FORMAT=rich: what would go out is the rich messages (the HTML parts only if Telegram refuses them).
    const rich = config.POST_FORMAT === 'rich' ? createRichPublishing().parts(report, parts) : undefined;
    const count = rich ? `${rich.length} rich message${rich.length === 1 ? '' : 's'}, ${parts.length} HTML messages as the fallback` : `${parts.length} messages`;
    io.out(`Would post ${report.id} (${report.date}, "${report.title}", ${count}) to ${channels.join(', ')}${values.force ? ' even if already posted' : ' unless already posted'}:\n`);
    io.out(rich ? formatRichParts(rich) : formatParts(parts));
    return 0;
  }

  const posting = requirePosting(config);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [posting.BOT_TOKEN] });
  const services = await openServices(posting, logger, { now: io.now, library });
  try {
    let failed = 0;
    for (const channel of channels) {
      const result = await services.publisher.post(report, parts, channel, { force: values.force ?? false });
      io.out(`${channel}: ${result.status} (${result.sent} sent, ${result.messageIds.length}/${result.total} in the channel)${result.error ? ` — ${result.error}` : ''}`);
      // 'locked' means another instance is posting it right now: not a failure of this run.
      if (result.status === 'failed' || result.status === 'aborted') failed++;
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await services.close();
  }
}
