import { describe, expect, it } from 'vitest';
import { COMMANDS, helpText } from '../../src/bot/commands/registry.js';
import { langOf, type Messages, messagesFor, type StatusView } from '../../src/bot/i18n.js';
import type { PostResult } from '../../src/publish/types.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const hostile = '<script>alert("x")</script> & </b><b>';

/** Every text of a catalogue, with hostile input wherever a value is passed in. */
function everyText(t: Messages): string[] {
  const result = (status: PostResult['status']): PostResult => ({
    status,
    channel: hostile,
    reportId: hostile,
    sent: 1,
    total: 2,
    messageIds: [],
    error: hostile,
  });
  const view: StatusView = {
    reports: 3,
    published: 2,
    latest: { day: '2026-01-07', title: hostile },
    problems: [{ file: hostile, reason: hostile, line: 3 }],
    moreProblems: 2,
    warnings: 1,
    channels: [{ channel: hostile, last: { reportId: hostile, at: '2026-01-07 08:00' } }, { channel: '@c' }],
    nextRun: '2026-01-09 08:00',
    schedulerAlive: false,
    timeZone: 'Asia/Shanghai',
    storeKind: 'redis',
    storeOk: false,
  };
  return [
    helpText(t, true),
    t.error,
    t.rateLimited,
    t.notAllowed,
    t.unknownCommand(hostile),
    t.textHint,
    t.buttonInvalid,
    t.searchExpired,
    t.argTooLong(200),
    t.noReports,
    t.todayMissing('2026-01-08'),
    t.latestButton('2026-01-07'),
    t.dayMissing('2026-01-06'),
    t.dateUsage,
    t.dateUnreadable(hostile),
    t.dateImpossible(hostile),
    t.archiveHeader(1, 2, 16),
    t.prevPage,
    t.nextPage,
    t.topicsHeader('2026-01-07', 3, 1, 1),
    t.topicsEmpty('2026-01-07'),
    t.topicUsage,
    t.topicNoHits(hostile),
    t.topicHits(hostile, 3, 2, 3),
    t.topicGone,
    t.repostStarted(hostile, '2026-01-07', 2),
    t.repostDone(hostile, '2026-01-07'),
    t.postStarted,
    t.postDone,
    t.postNothing,
    t.taskBusy,
    t.taskFailed(hostile),
    t.noChannels,
    ...(['posted', 'already-posted', 'locked', 'aborted', 'failed'] as const).map((s) => t.postResult(result(s))),
    t.status(view),
    t.status({ ...view, problems: [], moreProblems: 0, channels: [], warnings: 0 }),
    t.reloadDone({ reports: 1, published: 1, warnings: 2, problems: view.problems, moreProblems: 0 }),
    t.reloadDone({ reports: 1, published: 1, warnings: 0, problems: [], moreProblems: 0 }),
    t.reloadFailed(hostile),
  ];
}

describe('message catalogue', () => {
  it('picks English for en-* clients and Chinese otherwise', () => {
    expect(['en', 'en-US', 'EN-gb'].map(langOf)).toEqual(['en', 'en', 'en']);
    expect(['zh-hans', 'zh', 'ru', undefined, ''].map(langOf)).toEqual(['zh', 'zh', 'zh', 'zh', 'zh']);
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: every text is HTML Telegram accepts, with user input escaped, and fits a message`, () => {
      for (const html of everyText(messagesFor(lang))) {
        const parsed = parseTelegramHtml(html);
        expect(parsed, html).toMatchObject({ ok: true });
        if (!parsed.ok) continue;
        expect(parsed.text.length).toBeLessThanOrEqual(4096);
        if (html.includes('&lt;script')) expect(parsed.text).toContain('<script>');
      }
    });

    it(`${lang}: menu descriptions fit Telegram's limits`, () => {
      // Menu descriptions live in the command registry now, every command's (alerts' and /update's included).
      for (const d of COMMANDS.flatMap((c) => ('menu' in c ? [c.menu[lang].description] : []))) {
        expect(d.length).toBeGreaterThan(0);
        expect(d.length).toBeLessThanOrEqual(256);
      }
    });
  }
});
