/**
 * Texts of keyword alerts (/subscribe, /subscriptions, /unsubscribe and the
 * alert message itself), Chinese and English, kept apart from the shared
 * catalogue. They live with the alerts because the worker renders the alert
 * message; the menu lines of the commands are in the bot's command registry.
 * Telegram HTML; every value is escaped here, callers pass raw text.
 */
import { clip, e } from '../telegram/html.js';
import type { Lang } from '../telegram/lang.js';

/** What one alert message shows. */
export interface AlertView {
  reportTitle: string;
  day: string;
  /** The reader's keywords that matched, as they typed them. */
  keywords: string[];
  /** Matched topics shown (each also gets a button). */
  topics: Array<{ title: string; time?: string }>;
  /** Matched topics left out for length. */
  more: number;
}

export interface AlertMessages {
  subscribeUsage(count: number, max: number): string;
  subscribed(keyword: string, count: number, max: number): string;
  alreadySubscribed(keyword: string): string;
  keywordTooLong(max: number): string;
  keywordInvalid: string;
  limitReached(max: number): string;
  privateOnly(botUsername: string): string;
  listEmpty: string;
  list(keywords: string[], max: number): string;
  removeButton(keyword: string): string;
  unsubscribeUsage: string;
  unsubscribed(keyword: string, left: number): string;
  unsubscribedAll(count: number): string;
  notSubscribed(keyword: string): string;
  /** Answer to a remove button. */
  removed(keyword: string): string;
  alreadyRemoved: string;
  alert(view: AlertView): string;
  readInChannel: string;
}

const bullets = (keywords: string[]): string => keywords.map((k) => `• ${e(k)}`).join('\n');
const quoted = (keywords: string[], open: string, close: string, sep: string): string =>
  keywords.map((k) => `${open}${e(clip(k, 64))}${close}`).join(sep);
const topicLine = (t: { title: string; time?: string }, i: number): string =>
  `${i + 1}. ${t.time ? `${e(t.time)} ` : ''}${e(clip(t.title, 80))}`;

const zh: AlertMessages = {
  subscribeUsage: (count, max) =>
    `请在 /subscribe 后面写上关键词，例如 /subscribe 芯片。新一期日报中有话题提到它时，我会私信你。\n你已订阅 ${count}/${max} 个关键词，发送 /subscriptions 查看。`,
  subscribed: (keyword, count, max) =>
    `已订阅「${e(keyword)}」（${count}/${max}）。新一期日报中有话题提到它时，我会私信你。发送 /subscriptions 管理订阅。`,
  alreadySubscribed: (keyword) => `你已经订阅了「${e(keyword)}」。发送 /subscriptions 查看全部订阅。`,
  keywordTooLong: (max) => `关键词太长了，最多 ${max} 个字。`,
  keywordInvalid: '这个关键词里没有可以匹配的文字，请换一个。',
  limitReached: (max) => `最多只能订阅 ${max} 个关键词。请先用 /unsubscribe 取消一些，或发送 /subscriptions 点按取消。`,
  privateOnly: (bot) => `关键词提醒只在私聊中使用，请私聊我：<a href="https://t.me/${e(bot)}">@${e(bot)}</a>`,
  listEmpty: '你还没有订阅任何关键词。发送 /subscribe 加关键词来订阅，例如 /subscribe 芯片。',
  list: (keywords, max) =>
    `<b>你的订阅</b>（${keywords.length}/${max}）\n${bullets(keywords)}\n\n新一期日报中有话题提到这些关键词时，我会私信你。点按下方按钮取消某个订阅，或发送 /unsubscribe all 全部取消。`,
  removeButton: (keyword) => `✕ ${clip(keyword, 30)}`,
  unsubscribeUsage:
    '请在 /unsubscribe 后面写上要取消的关键词，或写 all 全部取消，例如 /unsubscribe 芯片。发送 /subscriptions 查看你的订阅。',
  unsubscribed: (keyword, left) => `已取消订阅「${e(keyword)}」。${left > 0 ? `还剩 ${left} 个关键词。` : '你已没有任何订阅。'}`,
  unsubscribedAll: (count) => (count > 0 ? `已取消全部 ${count} 个订阅，不会再收到关键词提醒。` : '你没有任何订阅，无需取消。'),
  notSubscribed: (keyword) => `你没有订阅「${e(clip(keyword, 64))}」。发送 /subscriptions 查看你的订阅。`,
  removed: (keyword) => `已取消订阅「${clip(keyword, 64)}」`,
  alreadyRemoved: '这个订阅已经取消了。',
  alert: (v) =>
    [
      `🔔 <b>关键词提醒</b>：${quoted(v.keywords, '「', '」', '、')}`,
      `《${e(clip(v.reportTitle, 80))}》（${e(v.day)}）中有 ${v.topics.length + v.more} 个相关话题：`,
      '',
      ...v.topics.map(topicLine),
      ...(v.more > 0 ? [`……还有 ${v.more} 个，发送 /topics ${e(v.day)} 查看。`] : []),
      '',
      '点按下方按钮单独阅读话题；发送 /subscriptions 管理订阅。',
    ].join('\n'),
  readInChannel: '在频道中阅读全文',
};

const en: AlertMessages = {
  subscribeUsage: (count, max) =>
    `Please add a keyword after /subscribe, e.g. /subscribe chips. I will message you when a new report has a topic that mentions it.\nYou have ${count}/${max} keywords; send /subscriptions to see them.`,
  subscribed: (keyword, count, max) =>
    `Subscribed to "${e(keyword)}" (${count}/${max}). I will message you when a new report has a topic that mentions it. Send /subscriptions to manage your alerts.`,
  alreadySubscribed: (keyword) => `You are already subscribed to "${e(keyword)}". Send /subscriptions to see all your keywords.`,
  keywordTooLong: (max) => `That keyword is too long: at most ${max} characters, please.`,
  keywordInvalid: 'That keyword has nothing a report could match; please try another one.',
  limitReached: (max) =>
    `You can have at most ${max} keywords. Remove some with /unsubscribe, or send /subscriptions and tap one to remove it.`,
  privateOnly: (bot) => `Keyword alerts work in a private chat; please message me: <a href="https://t.me/${e(bot)}">@${e(bot)}</a>`,
  listEmpty: 'You have no keyword alerts yet. Send /subscribe with a keyword, e.g. /subscribe chips.',
  list: (keywords, max) =>
    `<b>Your keyword alerts</b> (${keywords.length}/${max})\n${bullets(keywords)}\n\nI will message you when a new report has a topic that mentions one of them. Tap a button below to remove a keyword, or send /unsubscribe all to remove them all.`,
  removeButton: (keyword) => `✕ ${clip(keyword, 30)}`,
  unsubscribeUsage:
    'Please add the keyword to remove after /unsubscribe, or all to remove every one, e.g. /unsubscribe chips. Send /subscriptions to see your keywords.',
  unsubscribed: (keyword, left) =>
    `Unsubscribed from "${e(keyword)}". ${left > 0 ? `${left} keyword${left === 1 ? '' : 's'} left.` : 'You have no keyword alerts now.'}`,
  unsubscribedAll: (count) =>
    count > 0
      ? `Removed all ${count} keyword${count === 1 ? '' : 's'}; you will get no more alerts.`
      : 'You have no keyword alerts to remove.',
  notSubscribed: (keyword) => `You are not subscribed to "${e(clip(keyword, 64))}". Send /subscriptions to see your keywords.`,
  removed: (keyword) => `Unsubscribed from "${clip(keyword, 64)}"`,
  alreadyRemoved: 'That keyword was already removed.',
  alert: (v) => {
    const n = v.topics.length + v.more;
    return [
      `🔔 <b>Keyword alert</b>: ${quoted(v.keywords, '"', '"', ', ')}`,
      `${n} topic${n === 1 ? '' : 's'} in "${e(clip(v.reportTitle, 80))}" (${e(v.day)}):`,
      '',
      ...v.topics.map(topicLine),
      ...(v.more > 0 ? [`… and ${v.more} more: send /topics ${e(v.day)} to see them.`] : []),
      '',
      'Tap a button below to read a topic on its own; send /subscriptions to manage your alerts.',
    ].join('\n');
  },
  readInChannel: 'Read it in the channel',
};

const catalogue: Record<Lang, AlertMessages> = { zh, en };

export function alertMessagesFor(lang: Lang): AlertMessages {
  return catalogue[lang];
}
