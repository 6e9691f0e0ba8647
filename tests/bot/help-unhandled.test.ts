import { describe, expect, it } from 'vitest';
import { commandText } from '../../src/bot/commands/registry.js';
import { ADMIN, BOT_USERNAME, EN_READER, GROUP_ID, textOf, useHarness, ZH_ADMIN, ZH_READER } from './harness.js';

const h = useHarness();

const READER_HELP_ZH = [
  '我每天把日报发到频道，你也可以在这里随时查阅：',
  '/today — 今天的日报',
  '/latest — 最新一期日报',
  '/yesterday — 昨天的日报',
  '/date 日期 — 某一天的日报',
  '/archive — 往期日报',
  '/topics [日期] — 某一期日报的话题',
  '/topic 关键词 — 按关键词搜索话题',
  '/subscribe 关键词 — 订阅关键词提醒',
  '/subscriptions — 我的订阅',
  '/unsubscribe 关键词 | all — 取消订阅',
  '/help — 使用说明',
];

describe('/start and /help', () => {
  it('tell a reader what the bot does and its commands (zh)', async () => {
    expect((await h.send(ZH_READER, '/start')).map(textOf)).toEqual([READER_HELP_ZH.join('\n')]);
    expect((await h.send(ZH_READER, '/help')).map(textOf)).toEqual([READER_HELP_ZH.join('\n')]);
  });

  it('in English for English clients, with argument hints in italics', async () => {
    const [help] = await h.send(EN_READER, '/help');
    expect(textOf(help!).split('\n')).toEqual([
      'I post a daily report to the channel every day; you can read any of them here:',
      "/today — Today's report",
      '/latest — The latest report',
      "/yesterday — Yesterday's report",
      '/date date — The report of a given day',
      '/archive — Past reports',
      "/topics [date] — A report's topics",
      '/topic keyword — Search topics by keyword',
      '/subscribe keyword — Get alerts for a keyword',
      '/subscriptions — My keyword alerts',
      '/unsubscribe keyword | all — Stop keyword alerts',
      '/help — How to use this bot',
    ]);
    expect(help!.entities).toContainEqual(expect.objectContaining({ type: 'italic', length: 'date'.length }));
  });

  it('admins also see the admin commands', async () => {
    expect(textOf((await h.send(ZH_ADMIN, '/help'))[0]!)).toBe(
      [
        ...READER_HELP_ZH,
        '',
        '管理员命令：',
        '/repost [日期] — 把日报重新发到频道（管理员）',
        '/post — 立即执行一次定时发布（管理员）',
        '/status — 运行状态（管理员）',
        '/reload — 重新读取日报文件（管理员）',
        `/update [日期] — ${commandText('update', 'zh').description}`,
      ].join('\n'),
    );
    expect(textOf((await h.send(ADMIN, '/start'))[0]!)).toContain(
      'Admin commands:\n/repost [date] — Post a report to the channels again (admin)',
    );
  });
});

describe('unhandled', () => {
  it('an unknown command points to /help', async () => {
    expect((await h.send(ZH_READER, '/weather')).map(textOf)).toEqual(['我不认识 /weather 这个命令。发送 /help 查看可用的命令。']);
    expect((await h.send(EN_READER, '/Today')).map(textOf)).toEqual(["I don't know the command /Today. Send /help to see what I can do."]);
  });

  it("plain text in a private chat gets a hint, in the reader's language", async () => {
    expect((await h.send(ZH_READER, '你好 <b>')).map(textOf)).toEqual([
      '我只听得懂命令：发送 /today 看今天的日报，/topic 加关键词搜索话题，/help 查看全部命令。',
    ]);
    expect((await h.send(EN_READER, 'hello')).map(textOf)).toEqual([
      "I only understand commands: /today for today's report, /topic with a keyword to search topics, /help for everything else.",
    ]);
  });
});

describe('groups', () => {
  it('answer only commands addressed as /cmd@botname', async () => {
    expect(await h.send(ZH_READER, '/help', GROUP_ID)).toEqual([]);
    expect(await h.send(ZH_READER, '/today', GROUP_ID)).toEqual([]);
    expect(await h.send(ZH_READER, '/help@some_other_bot', GROUP_ID)).toEqual([]);
    expect(await h.send(ZH_READER, 'just chatting', GROUP_ID)).toEqual([]);
    expect((await h.send(ZH_READER, `/help@${BOT_USERNAME}`, GROUP_ID)).map(textOf)).toEqual([READER_HELP_ZH.join('\n')]);
    const report = await h.send(EN_READER, `/date@${BOT_USERNAME.toUpperCase()} 2026-01-05`, GROUP_ID);
    expect(report.map(textOf)).toEqual(h.library.parts(h.library.byId('2026-01-05-notes')!).map((p) => p.text));
    expect((await h.send(EN_READER, `/nope@${BOT_USERNAME}`, GROUP_ID)).map(textOf)).toEqual([
      "I don't know the command /nope. Send /help to see what I can do.",
    ]);
  });

  it('buttons work in groups too', async () => {
    const [list] = await h.send(ZH_READER, `/topics@${BOT_USERNAME}`, GROUP_ID);
    const data = (list!.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard[0]![0]!.callback_data;
    const [topic] = await h.press(EN_READER, list!, data);
    expect(textOf(topic!)).toMatch(/^估值 a < b 之谜\n2026-01-07/);
    expect(topic!.chat.id).toBe(GROUP_ID);
  });

  it('ignores channel posts and edited messages', async () => {
    const update = h.s.pushUpdate({
      edited_message: {
        message_id: 99,
        date: 0,
        edit_date: 1,
        chat: { id: ZH_READER.id, type: 'private', first_name: '小明' },
        from: { ...ZH_READER, is_bot: false },
        text: '/today',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    });
    await h.bot.handleUpdate(update);
    expect(h.s.allCalls().filter((c) => c.method !== 'getMe')).toEqual([]);
  });
});
