import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgressStore } from '../../src/publish/progress.js';
import { ADMIN, CHANNELS, IMPOSTOR, textOf, useHarness, ZH_ADMIN, ZH_READER } from './harness.js';

const h = useHarness();

describe('who is an admin', () => {
  it("by numeric id only: someone with the admin's username is refused and nothing happens", async () => {
    for (const command of ['/repost', '/post', '/status', '/reload', '/repost 2026-01-07']) {
      expect((await h.send(IMPOSTOR, command)).map(textOf)).toEqual(['Only admins can use this command.']);
    }
    expect((await h.send(ZH_READER, '/status')).map(textOf)).toEqual(['这个命令只有管理员可以使用。']);
    await h.background.idle();
    expect(h.fake.posts).toEqual([]);
    expect(h.scheduler.runOnce).not.toHaveBeenCalled();
    expect(h.logs.some((l) => l.msg === 'admin command from a non-admin refused' && l.userId === IMPOSTOR.id)).toBe(true);
  });
});

describe('/repost', () => {
  it('answers at once, posts to every channel with force in the background, then reports', async () => {
    let release!: () => void;
    h.fake.gate = new Promise<void>((r) => (release = r));
    const [started, ...rest] = await h.send(ADMIN, '/repost');
    expect(rest).toEqual([]);
    expect(textOf(started!)).toBe('Posting "科技日报：<预告> & 回顾" (2026-01-07) to 2 channels again; I\'ll report back when it is done.');
    // The update is handled while the posts still hang: the admin was not kept waiting.
    expect(h.fake.posts).toEqual([{ reportId: '2026-01-07-daily', channel: '@daily_report', opts: { force: true } }]);

    release();
    await h.background.idle();
    expect(h.fake.posts.map((p) => [p.channel, p.opts])).toEqual([
      ['@daily_report', { force: true }],
      [String(CHANNELS.other), { force: true }],
    ]);
    const parts = h.library.parts(h.library.byId('2026-01-07-daily')!);
    expect(h.s.messages(CHANNELS.daily).map(textOf)).toEqual(parts.map((p) => p.text));
    expect(h.s.messages(CHANNELS.other).map(textOf)).toEqual(parts.map((p) => p.text));
    const result = h.s.messages(ADMIN.id).at(-1)!;
    expect(textOf(result)).toBe(
      [
        'Reposting "科技日报：<预告> & 回顾" (2026-01-07) finished:',
        `• @daily_report: 2026-01-07-daily posted ${parts.length}/${parts.length} messages`,
        `• ${CHANNELS.other}: 2026-01-07-daily posted ${parts.length}/${parts.length} messages`,
      ].join('\n'),
    );
  });

  it('takes a date, and reports a channel that failed without hiding the others (zh, token redacted)', async () => {
    h.fake.failing.add('@daily_report');
    const [started] = await h.send(ZH_ADMIN, '/repost 1月3日');
    expect(textOf(started!)).toBe('开始把《科技日报：芯片与模型》（2026-01-03）重新发到 2 个频道，完成后告诉你结果。');
    await h.background.idle();
    const result = textOf(h.s.messages(ZH_ADMIN.id).at(-1)!);
    expect(result).toMatch(
      /^《科技日报：芯片与模型》（2026-01-03）重新发布结束：\n• @daily_report：2026-01-03-daily 失败：Forbidden: bot is not a member of the channel chat \(token \[redacted\]\)\n• -1009876：2026-01-03-daily 已发布 \d+\/\d+ 条$/,
    );
    expect(result).not.toContain('bot-tests-token');
    expect(h.s.messages(CHANNELS.other).length).toBeGreaterThan(0);
  });

  it('a second /repost while one runs is told so, not started twice', async () => {
    let release!: () => void;
    h.fake.gate = new Promise<void>((r) => (release = r));
    await h.send(ADMIN, '/repost');
    expect((await h.send(ADMIN, '/repost')).map(textOf)).toEqual([
      "The same task is still running; I'll report its result when it is done.",
    ]);
    release();
    await h.background.idle();
    expect(h.fake.posts).toHaveLength(2); // one run, two channels
  });

  it('a day without a report, a bad date, and no channels get a clear answer', async () => {
    expect((await h.send(ADMIN, '/repost 2026-01-06')).map(textOf)).toEqual([
      'There is no report for 2026-01-06. The nearest days with a report:',
    ]);
    expect((await h.send(ADMIN, '/repost 2026-02-30')).map(textOf)).toEqual(['There is no such day as "2026-02-30" in the calendar.']);
    await h.restart({ env: { CHANNEL_ID: '' } });
    expect((await h.send(ADMIN, '/repost')).map(textOf)).toEqual(['No channel is configured (CHANNEL_ID), so there is nowhere to post.']);
    expect(h.fake.posts).toEqual([]);
  });
});

describe('/post', () => {
  it('runs the scheduler once in the background and reports each channel', async () => {
    h.scheduler.runOnce.mockResolvedValueOnce([
      { status: 'posted', channel: '@daily_report', reportId: '2026-01-07-daily', sent: 3, total: 3, messageIds: [1, 2, 3] },
      { status: 'already-posted', channel: String(CHANNELS.other), reportId: '2026-01-07-daily', sent: 0, total: 3, messageIds: [1, 2, 3] },
    ]);
    const [started] = await h.send(ZH_ADMIN, '/post');
    expect(textOf(started!)).toBe('开始发布：最新一期日报发往还没收到它的频道，完成后告诉你结果。');
    await h.background.idle();
    expect(h.scheduler.runOnce).toHaveBeenCalledWith('admin');
    expect(textOf(h.s.messages(ZH_ADMIN.id).at(-1)!)).toBe(
      '定时发布执行完毕：\n• @daily_report：2026-01-07-daily 已发布 3/3 条\n• -1009876：2026-01-07-daily 之前已发布过，没有重复发送',
    );
  });

  it('reports nothing to post, and a run that threw', async () => {
    await h.send(ADMIN, '/post');
    await h.background.idle();
    expect(textOf(h.s.messages(ADMIN.id).at(-1)!)).toBe('There is no report to post.');
    h.scheduler.runOnce.mockRejectedValueOnce(new Error('lock <store> unavailable'));
    await h.send(ADMIN, '/post');
    await h.background.idle();
    expect(textOf(h.s.messages(ADMIN.id).at(-1)!)).toBe('The task failed: lock <store> unavailable');
  });
});

describe('/status', () => {
  it('shows reports, broken files with reasons, last posts, the next run and the store', async () => {
    // Spelled as the publisher records it (chat keys are case-insensitive for @names).
    await createProgressStore(h.store).setLastPosted('@Daily_Report', {
      reportId: '2026-01-07-daily',
      hash: 'h',
      date: '2026-01-07',
      at: '2026-01-07T00:00:05Z',
      messageIds: [7, 8],
    });
    const [status] = await h.send(ADMIN, '/status');
    expect(textOf(status!)).toBe(
      [
        'Status',
        'Reports: 18 loaded, 16 published; latest 2026-01-07 "科技日报：<预告> & 回顾"',
        'Files that could not be read:',
        '• broken.md: front matter date "not-a-date" is not a date (write YYYY-MM-DD or YYYY-MM-DDTHH:MM)',
        'Last post per channel:',
        '• @daily_report: 2026-01-07-daily (2026-01-07 08:00)',
        '• -1009876: nothing recorded yet',
        'Scheduler: running, next run 2026-01-09 08:00 (Asia/Shanghai)',
        'Store: file, answering',
      ].join('\n'),
    );
  });

  it('in Chinese, and stays one valid message with many broken files', async () => {
    for (let i = 0; i < 30; i++)
      writeFileSync(join(h.contentDir, `bad-${i}-${'x'.repeat(60)}.md`), `---\ndate: "${'<&>'.repeat(40)}"\n---\ntext\n`);
    await h.library.reload();
    const [status] = await h.send(ZH_ADMIN, '/status');
    const text = textOf(status!);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain('……还有 23 个');
    expect(text).toContain('定时任务：运行中，下次 2026-01-09 08:00（Asia/Shanghai）');
    expect(text).toContain('存储：file，连接正常');
  });
});

describe('/reload', () => {
  it('rescans and reports counts and problems', async () => {
    writeFileSync(join(h.contentDir, '2026-01-08-daily.md'), '---\ntitle: 新的一期\ndate: 2026-01-08\n---\n### 新话题\n\n新内容。\n');
    expect((await h.send(ADMIN, '/reload')).map(textOf)).toEqual([
      'Reloaded: 19 reports, 17 published.\nFiles that could not be read:\n• broken.md: front matter date "not-a-date" is not a date (write YYYY-MM-DD or YYYY-MM-DDTHH:MM)',
    ]);
    expect(textOf((await h.send(ZH_READER, '/today'))[0]!)).toBe('新的一期\n2026-01-08\n\n新话题\n\n新内容。');
  });

  it('says so when the folder is gone, keeping what was loaded', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(h.contentDir, { recursive: true });
    const [reply] = await h.send(ZH_ADMIN, '/reload');
    expect(textOf(reply!)).toBe(`重新读取失败，继续使用之前的内容：content folder ${h.contentDir} does not exist`);
    expect(h.library.current().reports).toHaveLength(18);
  });
});
