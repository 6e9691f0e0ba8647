/** English, for clients whose language starts with `en`. */
import type { LoadProblem, LoadWarning } from '../../content/report.js';
import type { PostResult } from '../../publish/types.js';
import { clip, e } from '../../telegram/html.js';
import { problemText, warningText } from './load-texts.js';
import type { Messages } from './messages.js';

const pageNote = (page: number, pages: number): string => (pages > 1 ? `, page ${page}/${pages}` : '');
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function problems(list: LoadProblem[], more: number): string {
  const lines = list.map(
    (p) => `• <code>${e(clip(p.file, 80))}</code>${p.line ? ` (line ${p.line})` : ''}: ${e(clip(problemText('en', p), 160))}`,
  );
  if (more > 0) lines.push(`… and ${more} more`);
  return lines.join('\n');
}

function warningLines(list: LoadWarning[] | undefined, total: number): string {
  if (!list || list.length === 0) return '';
  const lines = list.map((w) => `• <code>${e(clip(w.file, 80))}</code>: ${e(clip(warningText('en', w), 160))}`);
  if (total > list.length) lines.push(`… and ${total - list.length} more`);
  return `\n${lines.join('\n')}`;
}

function postResult(r: PostResult): string {
  const head = `• ${e(String(r.channel))}: <code>${e(clip(r.reportId, 60))}</code> `;
  switch (r.status) {
    case 'posted':
      return `${head}posted ${r.sent}/${r.total} messages`;
    case 'already-posted':
      return `${head}already posted before, not sent again`;
    case 'locked':
      return `${head}another process is posting it, skipped`;
    case 'aborted':
      return `${head}stopped (${r.sent}/${r.total} sent this time; the next run resumes)`;
    case 'failed':
      return `${head}failed: ${e(clip(r.error ?? 'unknown reason', 200))}`;
    case 'held':
      return `${head}held back, not posted: ${e(clip(r.error ?? 'over the posting limit', 300))}`;
  }
}

export const en: Messages = {
  lang: 'en',
  helpIntro: 'I post a daily report to the channel every day; you can read any of them here:',
  helpAdmin: 'Admin commands:',

  error: 'Something went wrong and this did not work. Please try again later.',
  rateLimited: 'That was a lot of commands at once. Please wait a few seconds.',
  notAllowed: 'Only admins can use this command.',
  unknownCommand: (command) => `I don't know the command ${e(clip(command, 64))}. Send /help to see what I can do.`,
  textHint: "I only understand commands: /today for today's report, /topic with a keyword to search topics, /help for everything else.",
  buttonInvalid: 'This button is not valid. Please send the command again.',
  searchExpired: 'This search has expired. Please send /topic with your keyword again.',
  argTooLong: (max) => `That is too long: at most ${max} characters, please.`,

  noReports: 'No report has been published yet.',
  todayMissing: (today) => `Today's report (${today}) has not been published yet.`,
  reportUnavailable: (title, day) =>
    `“${e(clip(title, 60))}” (${day}) cannot be shown: its file could not be made into messages. The admins see why in /status.`,
  latestButton: (day) => `Latest report (${day})`,
  dayMissing: (day) => `There is no report for ${day}. The nearest days with a report:`,
  dateUsage: 'Please give a date, e.g. /date 2026-01-07 or /date 01-07.',
  dateUnreadable: (input) => `I can't read "${e(clip(input))}" as a date. Write it as 2026-01-07 or 01-07.`,
  dateImpossible: (input) => `There is no such day as "${e(clip(input))}" in the calendar.`,

  archiveHeader: (page, pages, days) =>
    `<b>Past reports</b> (${plural(days, 'day')}${pageNote(page, pages)})\nTap a day to read its report.`,
  prevPage: '« Previous',
  nextPage: 'Next »',

  topicsHeader: (day, count, page, pages) =>
    `<b>Topics of ${day}</b> (${plural(count, 'topic')}${pageNote(page, pages)})\nTap a topic to read it alone.`,
  topicsEmpty: (day) => `The report of ${day} has no separate topics; send /date ${day} to read it in full.`,
  topicUsage: 'Please add a keyword after /topic, e.g. /topic chips.',
  topicNoHits: (query) =>
    `No topic matches "${e(clip(query))}". Try a shorter keyword, or send /topics to browse the latest report's topics.`,
  topicHits: (query, count, page, pages) =>
    `${plural(count, 'topic')} match "${e(clip(query))}"${pages > 1 ? ` (page ${page}/${pages})` : ''}; tap one to read it:`,
  topicGone: 'That topic is gone (the report may have changed). Please look it up again.',

  repostStarted: (title, day, channels) =>
    `Posting "${e(clip(title, 60))}" (${day}) to ${plural(channels, 'channel')} again; I'll report back when it is done.`,
  repostDone: (title, day) => `Reposting "${e(clip(title, 60))}" (${day}) finished:`,
  postStarted: "Posting the latest report to every channel that has not received it; I'll report back when it is done.",
  postDone: 'The posting run finished:',
  postNothing: 'There is no report to post.',
  postResult,
  taskBusy: "The same task is still running; I'll report its result when it is done.",
  taskFailed: (reason) => `The task failed: ${e(clip(reason, 300))}`,
  noChannels: 'No channel is configured (CHANNEL_ID), so there is nowhere to post.',
  status: (v) => {
    const lines = [
      '<b>Status</b>',
      `Reports: ${v.reports} loaded, ${v.published} published${v.latest ? `; latest ${v.latest.day} "${e(clip(v.latest.title, 60))}"` : ''}`,
      v.warnings > 0 ? `Warnings: ${v.warnings} (see the logs or report-bot check)${warningLines(v.warningList, v.warnings)}` : '',
      v.problems.length > 0
        ? `Files that could not be read:\n${problems(v.problems, v.moreProblems)}`
        : 'Files that could not be read: none',
      'Last post per channel:',
      ...(v.channels.length === 0
        ? ['• no channel configured']
        : v.channels.map(
            (c) => `• ${e(c.channel)}: ${c.last ? `<code>${e(clip(c.last.reportId, 60))}</code> (${c.last.at})` : 'nothing recorded yet'}`,
          )),
      `Scheduler: ${v.schedulerAlive ? 'running' : 'not running'}${v.nextRun ? `, next run ${v.nextRun} (${e(v.timeZone)})` : ''}`,
      `Store: ${e(v.storeKind)}, ${v.storeOk ? 'answering' : '<b>not answering</b>'}`,
    ];
    return lines.filter(Boolean).join('\n');
  },
  reloadDone: (v) =>
    [
      `Reloaded: ${plural(v.reports, 'report')}, ${v.published} published${v.warnings > 0 ? `, ${plural(v.warnings, 'warning')}` : ''}.`,
      v.problems.length > 0 ? `Files that could not be read:\n${problems(v.problems, v.moreProblems)}` : 'Every file was read.',
    ].join('\n'),
  reloadFailed: (reason) => `Reloading failed; the reports loaded before are still used: ${e(clip(reason, 300))}`,
};
