/** Chinese, the default language of the bot. */
import type { LoadProblem, LoadWarning } from '../../content/report.js';
import type { PostResult } from '../../publish/types.js';
import { clip, e } from '../../telegram/html.js';
import { problemText, warningText } from './load-texts.js';
import type { Messages } from './messages.js';

const pageNote = (page: number, pages: number): string => (pages > 1 ? `，第 ${page}/${pages} 页` : '');

function problems(list: LoadProblem[], more: number): string {
  const lines = list.map(
    (p) => `• <code>${e(clip(p.file, 80))}</code>${p.line ? `（第 ${p.line} 行）` : ''}：${e(clip(problemText('zh', p), 160))}`,
  );
  if (more > 0) lines.push(`……还有 ${more} 个`);
  return lines.join('\n');
}

function warningLines(list: LoadWarning[] | undefined, total: number): string {
  if (!list || list.length === 0) return '';
  const lines = list.map((w) => `• <code>${e(clip(w.file, 80))}</code>：${e(clip(warningText('zh', w), 160))}`);
  if (total > list.length) lines.push(`……还有 ${total - list.length} 条`);
  return `\n${lines.join('\n')}`;
}

function postResult(r: PostResult): string {
  const head = `• ${e(String(r.channel))}：<code>${e(clip(r.reportId, 60))}</code> `;
  switch (r.status) {
    case 'posted':
      return `${head}已发布 ${r.sent}/${r.total} 条`;
    case 'already-posted':
      return `${head}之前已发布过，没有重复发送`;
    case 'locked':
      return `${head}另一个进程正在发布，已跳过`;
    case 'aborted':
      return `${head}已中止（本次发了 ${r.sent}/${r.total} 条，下次会接着发）`;
    case 'failed':
      return `${head}失败：${e(clip(r.error ?? '原因不明', 200))}`;
    case 'held':
      return `${head}篇幅超过发布上限（MAX_MESSAGES），未发布：共需 ${r.total} 条消息`;
  }
}

export const zh: Messages = {
  lang: 'zh',
  helpIntro: '我每天把日报发到频道，你也可以在这里随时查阅：',
  helpAdmin: '管理员命令：',

  error: '出了点问题，这次没能完成。请稍后再试。',
  rateLimited: '操作太频繁了，请过几秒再试。',
  notAllowed: '这个命令只有管理员可以使用。',
  unknownCommand: (command) => `我不认识 ${e(clip(command, 64))} 这个命令。发送 /help 查看可用的命令。`,
  textHint: '我只听得懂命令：发送 /today 看今天的日报，/topic 加关键词搜索话题，/help 查看全部命令。',
  buttonInvalid: '这个按钮无效，请重新发送命令。',
  searchExpired: '这次搜索已过期，请重新发送 /topic 加关键词。',
  argTooLong: (max) => `参数太长了，最多 ${max} 个字符。`,

  noReports: '还没有发布过日报。',
  todayMissing: (today) => `今天（${today}）的日报还没有发布。`,
  reportUnavailable: (title, day) => `《${e(clip(title, 60))}》（${day}）暂时无法显示：文件无法排成消息，管理员可在 /status 查看原因。`,
  latestButton: (day) => `看最新一期（${day}）`,
  dayMissing: (day) => `${day} 没有日报。附近有日报的日期：`,
  dateUsage: '请写上日期，例如 /date 2026-01-07、/date 01-07 或 /date 1月7日。',
  dateUnreadable: (input) => `看不懂日期「${e(clip(input))}」。请写成 2026-01-07、01-07 或 1月7日。`,
  dateImpossible: (input) => `日历上没有「${e(clip(input))}」这一天。`,

  archiveHeader: (page, pages, days) => `<b>往期日报</b>（共 ${days} 天${pageNote(page, pages)}）\n点按日期查看当天的日报。`,
  prevPage: '« 上一页',
  nextPage: '下一页 »',

  topicsHeader: (day, count, page, pages) => `<b>${day} 的话题</b>（共 ${count} 个${pageNote(page, pages)}）\n点按话题单独查看。`,
  topicsEmpty: (day) => `${day} 的日报没有分出单独的话题，发送 /date ${day} 可以看全文。`,
  topicUsage: '请在 /topic 后面写上关键词，例如 /topic 芯片。',
  topicNoHits: (query) => `没有找到与「${e(clip(query))}」相关的话题。试试更短的关键词，或发送 /topics 浏览最新一期的话题。`,
  topicHits: (query, count, page, pages) =>
    `找到 ${count} 个与「${e(clip(query))}」相关的话题${pages > 1 ? `（第 ${page}/${pages} 页）` : ''}，点按查看：`,
  topicGone: '这个话题已经不在了（日报可能更新过），请重新查找。',

  repostStarted: (title, day, channels) => `开始把《${e(clip(title, 60))}》（${day}）重新发到 ${channels} 个频道，完成后告诉你结果。`,
  repostDone: (title, day) => `《${e(clip(title, 60))}》（${day}）重新发布结束：`,
  postStarted: '开始发布：最新一期日报发往还没收到它的频道，完成后告诉你结果。',
  postDone: '定时发布执行完毕：',
  postNothing: '没有可以发布的日报。',
  postResult,
  taskBusy: '同样的任务还在进行，完成后会告诉你结果。',
  taskFailed: (reason) => `任务失败：${e(clip(reason, 300))}`,
  noChannels: '没有配置频道（CHANNEL_ID），无法发布。',
  status: (v) => {
    const lines = [
      '<b>运行状态</b>',
      `日报：共 ${v.reports} 篇，已发布 ${v.published} 篇${v.latest ? `，最新 ${v.latest.day}《${e(clip(v.latest.title, 60))}》` : ''}`,
      v.warnings > 0 ? `提醒：${v.warnings} 条（见日志或 report-bot check）${warningLines(v.warningList, v.warnings)}` : '',
      v.problems.length > 0 ? `读不了的文件：\n${problems(v.problems, v.moreProblems)}` : '读不了的文件：无',
      '频道最近一次发布：',
      ...(v.channels.length === 0
        ? ['• 没有配置频道']
        : v.channels.map(
            (c) => `• ${e(c.channel)}：${c.last ? `<code>${e(clip(c.last.reportId, 60))}</code>（${c.last.at}）` : '还没有记录'}`,
          )),
      `定时任务：${v.schedulerAlive ? '运行中' : '未运行'}${v.nextRun ? `，下次 ${v.nextRun}（${e(v.timeZone)}）` : ''}`,
      `存储：${e(v.storeKind)}，${v.storeOk ? '连接正常' : '<b>无法连接</b>'}`,
    ];
    return lines.filter(Boolean).join('\n');
  },
  reloadDone: (v) =>
    [
      `已重新读取：共 ${v.reports} 篇日报，已发布 ${v.published} 篇${v.warnings > 0 ? `，提醒 ${v.warnings} 条` : ''}。`,
      v.problems.length > 0 ? `读不了的文件：\n${problems(v.problems, v.moreProblems)}` : '所有文件都读取正常。',
    ].join('\n'),
  reloadFailed: (reason) => `重新读取失败，继续使用之前的内容：${e(clip(reason, 300))}`,
};
