import { describe, expect, it } from 'vitest';
import { UnrenderableReportError } from '../../src/library/library.js';
import { button, buttons, EN_READER, textOf, useHarness, ZH_READER } from './harness.js';

const h = useHarness();

/** The messages the channel would get for the report of `id`, as Telegram shows them. */
const channelTexts = (id: string): string[] => h.library.parts(h.library.byId(id)!).map((p) => p.text);

describe('/today, /latest, /yesterday', () => {
  it("/today before today's report is out says so and offers the latest as a button (zh)", async () => {
    const [reply] = await h.send(ZH_READER, '/today');
    expect(textOf(reply!)).toBe('今天（2026-01-08）的日报还没有发布。');
    const data = button(reply!, '看最新一期（2026-01-07）');
    const sent = await h.press(ZH_READER, reply!, data);
    expect(sent.map(textOf)).toEqual(channelTexts('2026-01-07-daily'));
    expect(h.lastAnswer()).toEqual({ callback_query_id: expect.any(String) });
  });

  it('/today in English', async () => {
    const [reply] = await h.send(EN_READER, '/today');
    expect(textOf(reply!)).toBe("Today's report (2026-01-08) has not been published yet.");
    expect(buttons(reply!).map((b) => b.text)).toEqual(['Latest report (2026-01-07)']);
  });

  it('/today sends exactly the messages the channel got when today has a report', async () => {
    h.clock.now = new Date('2026-01-07T01:00:00Z');
    const sent = await h.send(ZH_READER, '/today');
    expect(sent.map(textOf)).toEqual(channelTexts('2026-01-07-daily'));
    expect(sent[0]!.photo).toBeDefined(); // the cover, as in the channel
    const payloads = h.library.parts(h.library.byId('2026-01-07-daily')!).map((p) => p.payload);
    expect(sent.map((m) => m.raw.html)).toEqual(payloads.map((p) => (p.method === 'sendPhoto' ? p.caption : p.text)));
    expect(h.fake.sends.map((x) => x.chat)).toEqual([ZH_READER.id]);
  });

  it('/latest sends the newest published report, never the future one', async () => {
    const sent = await h.send(EN_READER, '/latest');
    expect(sent.map(textOf)).toEqual(channelTexts('2026-01-07-daily'));
    expect(sent.map(textOf).join('\n')).not.toContain('未来');
  });

  it('/latest once the future report is due sends it', async () => {
    h.clock.now = new Date('2026-01-10T00:00:00Z');
    expect((await h.send(EN_READER, '/latest')).map(textOf)).toEqual(channelTexts('2026-01-10-future'));
  });

  it('/yesterday sends the day before today in the configured time zone', async () => {
    // 2026-01-07 23:30 UTC is already 2026-01-08 in Shanghai: yesterday is the 7th there.
    h.clock.now = new Date('2026-01-07T23:30:00Z');
    expect((await h.send(ZH_READER, '/yesterday')).map(textOf)).toEqual(channelTexts('2026-01-07-daily'));
  });

  it('/latest with nothing published says so', async () => {
    h.clock.now = new Date('2025-01-01T00:00:00Z');
    expect((await h.send(ZH_READER, '/latest')).map(textOf)).toEqual(['还没有发布过日报。']);
    expect((await h.send(EN_READER, '/today')).map(textOf)).toEqual(['No report has been published yet.']);
  });
});

describe('/date', () => {
  it('reads YYYY-MM-DD, MM-DD and M月D日', async () => {
    expect((await h.send(ZH_READER, '/date 2026-01-03')).map(textOf)).toEqual(channelTexts('2026-01-03-daily'));
    expect((await h.send(ZH_READER, '/date 01-05')).map(textOf)).toEqual(channelTexts('2026-01-05-notes'));
    expect((await h.send(ZH_READER, '/date 1月4日')).map(textOf)).toEqual(channelTexts('2026-01-04-wire'));
    expect((await h.send(ZH_READER, '/date ２０２５－１２－０２')).map(textOf)).toEqual(channelTexts('2025-12-02-morning'));
  });

  it("a year-less date still ahead this year means last year's", async () => {
    // 12-03 is after today (01-08), so 2025-12-03.
    expect((await h.send(ZH_READER, '/date 12-03')).map(textOf)).toEqual(channelTexts('2025-12-03-morning'));
  });

  it('a day without a report answers clearly with the nearest days as buttons; the draft stays hidden', async () => {
    const [reply] = await h.send(ZH_READER, '/date 2026-01-06');
    expect(textOf(reply!)).toBe('2026-01-06 没有日报。附近有日报的日期：');
    expect(buttons(reply!).map((b) => b.text)).toEqual(['◀ 2026-01-05', '2026-01-07 ▶']);
    const sent = await h.press(ZH_READER, reply!, button(reply!, '◀ 2026-01-05'));
    expect(sent.map(textOf)).toEqual(channelTexts('2026-01-05-notes'));
    expect(h.s.messages(ZH_READER.id).map(textOf).join('\n')).not.toContain('SECRETDRAFT');
  });

  it('a future day offers only the past: the future report is not shown', async () => {
    const [reply] = await h.send(EN_READER, '/date 2026-01-10');
    expect(textOf(reply!)).toBe('There is no report for 2026-01-10. The nearest days with a report:');
    expect(buttons(reply!).map((b) => b.text)).toEqual(['◀ 2026-01-07']);
  });

  it('a day before every report offers the first one after it', async () => {
    const [reply] = await h.send(EN_READER, '/date 2025-06-01');
    expect(buttons(reply!).map((b) => b.text)).toEqual(['2025-12-01 ▶']);
  });

  it('without an argument explains how to use it', async () => {
    expect((await h.send(ZH_READER, '/date')).map(textOf)).toEqual(['请写上日期，例如 /date 2026-01-07、/date 01-07 或 /date 1月7日。']);
    expect((await h.send(EN_READER, '/date   ')).map(textOf)).toEqual(['Please give a date, e.g. /date 2026-01-07 or /date 01-07.']);
  });

  it('refuses impossible dates in words', async () => {
    expect((await h.send(ZH_READER, '/date 2026-02-30')).map(textOf)).toEqual(['日历上没有「2026-02-30」这一天。']);
    expect((await h.send(EN_READER, '/date 13-01')).map(textOf)).toEqual(['There is no such day as "13-01" in the calendar.']);
  });

  it('refuses what is not a date, escaping it', async () => {
    expect((await h.send(ZH_READER, '/date <b>tomorrow</b> & more')).map(textOf)).toEqual([
      '看不懂日期「<b>tomorrow</b> & more」。请写成 2026-01-07、01-07 或 1月7日。',
    ]);
    expect((await h.send(EN_READER, '/date soon')).map(textOf)).toEqual([
      'I can\'t read "soon" as a date. Write it as 2026-01-07 or 01-07.',
    ]);
  });

  it('refuses a 5,000-character argument with one short reply', async () => {
    const [reply, ...rest] = await h.send(ZH_READER, `/date ${'9'.repeat(5000)}`);
    expect(rest).toEqual([]);
    expect(textOf(reply!)).toBe('参数太长了，最多 200 个字符。');
    expect((await h.send(EN_READER, `/date ${'<'.repeat(5000)}`)).map(textOf)).toEqual([
      'That is too long: at most 200 characters, please.',
    ]);
  });
});

describe('a report the renderer gave up on', () => {
  it('/today says it cannot be shown, in the reader’s language, instead of failing the whole reply', async () => {
    h.clock.now = new Date('2026-01-07T01:00:00Z');
    const render = h.library.render;
    h.library.render = async (report) => {
      throw new UnrenderableReportError({
        file: report.file,
        reason: 'rendering the file took longer than 10.0 s',
        code: 'render-timeout',
      });
    };
    try {
      const [zh] = await h.send(ZH_READER, '/today');
      expect(textOf(zh!)).toMatch(/^《.+》（2026-01-07）暂时无法显示：文件无法排成消息，管理员可在 \/status 查看原因。$/);
      const [en] = await h.send(EN_READER, '/today');
      expect(textOf(en!)).toMatch(
        /^“.+” \(2026-01-07\) cannot be shown: its file could not be made into messages\. The admins see why in \/status\.$/,
      );
    } finally {
      h.library.render = render;
    }
  });
});
