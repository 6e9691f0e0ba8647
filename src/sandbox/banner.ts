/** What the sandbox says about itself: the start-up summary, its help, and the outcome of the start-up post. */

import type { Report } from '../content/report.js';
import { dayInZone, wallClock } from '../content/timezone.js';
import type { Library } from '../library/library.js';
import { createRichPublishing } from '../publish/rich-send.js';
import type { PostResult } from '../publish/types.js';
import { paint } from './bubble.js';
import { SANDBOX_CHANNEL, type Sandbox } from './sandbox.js';

export interface BannerFacts {
  contentDir: string;
  /** The clock was moved with --date. */
  shifted: boolean;
  posting: boolean;
  /** --data-dir was given (posting progress persists). */
  keptData: boolean;
  color: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const pad = (n: number): string => String(n).padStart(2, '0');

function clockText(now: Date, timeZone: string): string {
  const w = wallClock(now, timeZone);
  const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(now);
  return `${weekday} ${dayInZone(now, timeZone)} ${pad(w.hour)}:${pad(w.minute)} ${timeZone}`;
}

/** How many messages the channel gets, in the configured format. */
function postedCount(format: 'messages' | 'rich', report: Report, library: Library): string {
  const html = library.parts(report);
  return format === 'rich' ? plural(RICH_BANNER.parts(report, html).length, 'rich message') : plural(html.length, 'message');
}

const RICH_BANNER = createRichPublishing();

export function banner(sb: Sandbox, f: BannerFacts): string {
  const { library } = sb.app;
  const now = sb.now();
  const tz = sb.config.TIMEZONE;
  const content = library.current();
  const published = library.published(now);
  const newest = published[0];
  const dim = (s: string): string => paint(f.color, '2', s);
  const label = (s: string): string => paint(f.color, '1', s.padEnd(8));
  const lines = [
    `${paint(f.color, '1', 'report-bot sandbox')} ${dim(`· a stand-in for Telegram on ${sb.standin.apiRoot.replace('http://', '')} · nothing leaves this machine`)}`,
    `  ${label('content')} ${f.contentDir}: ${plural(content.reports.length, 'report')}, ${published.length} published as of the clock${content.problems.length ? `, ${content.problems.length} skipped` : ''}`,
  ];
  for (const p of content.problems)
    lines.push(paint(f.color, '33', `           ! ${p.file} skipped: ${p.reason}${p.line ? ` (line ${p.line})` : ''}`));
  lines.push(`  ${label('clock')} ${clockText(now, tz)}${f.shifted ? dim(' (--date; runs on from there)') : ''}`);
  const today = dayInZone(now, tz);
  for (const r of content.reports) {
    if (r.draft || r.date !== today || r.publishAt.getTime() <= now.getTime()) continue;
    const w = wallClock(r.publishAt, tz);
    lines.push(
      paint(
        f.color,
        '33',
        `           ! ${r.id} publishes at ${pad(w.hour)}:${pad(w.minute)}, later than the clock: --date ${today}T${pad(w.hour)}:${pad(w.minute)} to see it`,
      ),
    );
  }
  const post = !f.posting
    ? 'not posting at start (--no-post)'
    : newest
      ? `posting ${newest.id} now (${postedCount(sb.config.POST_FORMAT, newest, library)})${f.keptData ? dim(' unless this --data-dir has it already') : ''}`
      : 'no published report to post';
  lines.push(`  ${label('channel')} ${SANDBOX_CHANNEL.name} · ${post}`);
  const role = sb.config.ADMIN_IDS.includes(sb.user.id) ? `admin (ADMIN_IDS=${sb.user.id})` : 'reader (--admin to type as an admin)';
  lines.push(`  ${label('you')} ${sb.user.first_name}, id ${sb.user.id}, ${role}, language ${sb.user.language_code ?? '-'}`);
  lines.push(
    `  ${label('html')} ${
      sb.html.tdlib
        ? 'checked by TDLib: what Telegram would refuse, the sandbox refuses'
        : paint(f.color, '33', `NOT checked (${sb.html.reason}): Telegram may refuse what the sandbox accepts`)
    }`,
  );
  lines.push(`  ${label('logs')} ${sb.logFile}`);
  lines.push(dim(`Type /help for the bot's commands, help for the sandbox's, quit to leave.`));
  return lines.join('\n');
}

export function sandboxHelp(color: boolean): string {
  const key = (s: string): string => paint(color, '1', s.padEnd(16));
  return [
    paint(color, '1', 'Sandbox: the real bot and a fake Telegram, on this machine.'),
    `  ${key('/command args')} sent to the bot as you: /today, /topics, /date 2026-03-02… (/help lists them)`,
    `  ${key(':N')} press button N of the last keyboard shown`,
    `  ${key('other text')} sent to the bot as a plain message`,
    `  ${key('help')} this help`,
    `  ${key('quit')} stop the bot and leave (Ctrl-D or Ctrl-C too)`,
    `Posts to ${SANDBOX_CHANNEL.name} appear as they arrive under "channel", answers to you under "bot".`,
  ].join('\n');
}

/** One line per channel about the start-up post. */
export function catchUpOutcome(results: PostResult[], color: boolean): string {
  if (results.length === 0) return paint(color, '2', '(no published report as of the clock: nothing posted)');
  return results
    .map((r) => {
      switch (r.status) {
        case 'posted':
          return paint(color, '2', `(${r.reportId}: ${r.sent} of ${plural(r.total, 'message')} posted to the channel)`);
        case 'already-posted':
          return paint(
            color,
            '2',
            `(${r.reportId} was already posted according to --data-dir: nothing sent; /repost as --admin sends it again)`,
          );
        case 'aborted':
          return paint(
            color,
            '2',
            `(posting ${r.reportId} stopped on the way out after ${r.messageIds.length} of ${r.total}; a run with the same --data-dir resumes it)`,
          );
        default:
          return paint(color, '1;31', `✗ posting ${r.reportId} ${r.status}: ${r.error ?? `${r.sent} of ${r.total} sent`}`);
      }
    })
    .join('\n');
}
