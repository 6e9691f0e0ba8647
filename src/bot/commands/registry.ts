/**
 * The command registry: every command the bot answers, declared once, with
 * who may use it, its menu line and /help hint in Chinese and English, and
 * its handler. Everything else is derived from this list: the Telegram menus
 * (menu.ts), /help (help.ts), the admin filter (mount.ts), the metric labels
 * and the commands an admin gets answered in private. To add a command, add
 * an entry here; order is menu order.
 */
import type { Lang } from '../../telegram/lang.js';
import { postCommand, repostCommand } from '../features/admin.js';
import { reload, status } from '../features/admin-status.js';
import { archiveCommand } from '../features/archive.js';
import { dateCommand, latestCommand, todayCommand, yesterdayCommand } from '../features/reports.js';
import { subscribeCommand, subscriptionsCommand, unsubscribeCommand } from '../features/subscriptions.js';
import { topicCommand, topicsCommand } from '../features/topics.js';
import { updateCommand } from '../features/update.js';
import type { Messages } from '../i18n.js';
import { helpCommand, helpLines } from './help.js';
import { type CommandSpec, type CommandText, namesOf } from './spec.js';

const texts = (zh: CommandText, en: CommandText): Record<Lang, CommandText> => ({ zh, en });
// /help lists the registry it is part of; read lazily, when a /help arrives.
const all = (): readonly CommandSpec[] => COMMANDS;

export const COMMANDS = [
  {
    name: 'today',
    scope: 'reader',
    menu: texts({ description: '今天的日报' }, { description: "Today's report" }),
    handler: () => todayCommand,
  },
  {
    name: 'latest',
    scope: 'reader',
    menu: texts({ description: '最新一期日报' }, { description: 'The latest report' }),
    handler: () => latestCommand,
  },
  {
    name: 'yesterday',
    scope: 'reader',
    menu: texts({ description: '昨天的日报' }, { description: "Yesterday's report" }),
    handler: () => yesterdayCommand,
  },
  {
    name: 'date',
    scope: 'reader',
    menu: texts({ description: '某一天的日报', args: '日期' }, { description: 'The report of a given day', args: 'date' }),
    handler: () => dateCommand,
  },
  {
    name: 'archive',
    scope: 'reader',
    menu: texts({ description: '往期日报' }, { description: 'Past reports' }),
    handler: () => archiveCommand,
  },
  {
    name: 'topics',
    scope: 'reader',
    menu: texts({ description: '某一期日报的话题', args: '[日期]' }, { description: "A report's topics", args: '[date]' }),
    handler: () => topicsCommand,
  },
  {
    name: 'topic',
    scope: 'reader',
    menu: texts({ description: '按关键词搜索话题', args: '关键词' }, { description: 'Search topics by keyword', args: 'keyword' }),
    handler: () => topicCommand,
  },
  {
    name: 'subscribe',
    scope: 'reader',
    menu: texts({ description: '订阅关键词提醒', args: '关键词' }, { description: 'Get alerts for a keyword', args: 'keyword' }),
    handler: () => subscribeCommand,
  },
  {
    name: 'subscriptions',
    scope: 'reader',
    menu: texts({ description: '我的订阅' }, { description: 'My keyword alerts' }),
    handler: () => subscriptionsCommand,
  },
  {
    name: 'unsubscribe',
    scope: 'reader',
    menu: texts({ description: '取消订阅', args: '关键词 | all' }, { description: 'Stop keyword alerts', args: 'keyword | all' }),
    handler: () => unsubscribeCommand,
  },
  {
    name: 'help',
    scope: 'reader',
    menu: texts({ description: '使用说明' }, { description: 'How to use this bot' }),
    handler: () => helpCommand(all),
  },
  // Telegram's "Start" button sends /start; it answers like /help and is not listed.
  { name: 'start', scope: 'reader', handler: () => helpCommand(all) },
  {
    name: 'repost',
    scope: 'admin',
    menu: texts(
      { description: '把日报重新发到频道（管理员）', args: '[日期]' },
      { description: 'Post a report to the channels again (admin)', args: '[date]' },
    ),
    handler: () => repostCommand,
  },
  {
    name: 'post',
    scope: 'admin',
    menu: texts({ description: '立即执行一次定时发布（管理员）' }, { description: 'Run the scheduled posting now (admin)' }),
    handler: () => postCommand,
  },
  {
    name: 'status',
    scope: 'admin',
    menu: texts({ description: '运行状态（管理员）' }, { description: 'Health and posting status (admin)' }),
    handler: () => status,
  },
  {
    name: 'reload',
    scope: 'admin',
    menu: texts({ description: '重新读取日报文件（管理员）' }, { description: 'Reread the report files (admin)' }),
    handler: () => reload,
  },
  {
    name: 'update',
    scope: 'admin',
    menu: texts(
      { description: '修正后就地更新已发布的日报（管理员）', args: '[日期]' },
      { description: 'Apply a corrected report to its posted messages (admin)', args: '[date]' },
    ),
    handler: () => updateCommand(),
  },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof COMMANDS)[number]['name'];

/** Every command name: the only labels the command metric takes, so a user cannot create new series. */
export const COMMAND_NAMES: ReadonlySet<string> = new Set(COMMANDS.map((c) => c.name));

/** Admin commands: refused to anyone else, and answered in the admin's private chat when sent in a group. */
export const ADMIN_COMMAND_NAMES: readonly string[] = namesOf(COMMANDS, 'admin');

/** The text of /help (and /start) for one catalogue; admins also see their commands. */
export function helpText(t: Messages, admin: boolean): string {
  return helpLines(COMMANDS, t, admin);
}

/** One command's menu line, for code and tests that quote it. */
export function commandText(name: CommandName, lang: Lang): CommandText {
  const spec: CommandSpec | undefined = COMMANDS.find((c) => c.name === name);
  const text = spec?.menu?.[lang];
  if (!text) throw new Error(`command /${name} has no menu line`);
  return text;
}
