/**
 * Texts of inline mode and /update, in Chinese and English, kept apart from
 * the shared catalogue (zh.ts, en.ts). Telegram HTML, escaped here like
 * there: callers pass raw values.
 */
import type { UpdateSummary } from '../../publish/update.js';
import { clip, e } from '../../telegram/html.js';
import type { Lang } from '../../telegram/lang.js';

export interface ExtraMessages {
  /** The link under a topic sent through inline mode. */
  viewInChannel: string;
  updateNoReports: string;
  updateStarted(title: string, day: string, channels: number): string;
  updateDone(title: string, day: string): string;
  /** One line per channel; `day` names the report for the /repost it may suggest. */
  updateResult(summary: UpdateSummary, day: string): string;
}

const list = (parts: number[]): string => parts.join(', ');

const zh: ExtraMessages = {
  viewInChannel: '在频道中查看',
  updateNoReports: '还没有已发布的日报。',
  updateStarted: (title, day, channels) => `开始在 ${channels} 个频道里就地更新《${e(clip(title, 60))}》（${day}），完成后告诉你结果。`,
  updateDone: (title, day) => `《${e(clip(title, 60))}》（${day}）更新结束：`,
  updateResult: (r, day) => {
    const head = `• ${e(String(r.channel))}：`;
    switch (r.status) {
      case 'updated': {
        const failed =
          r.failed.length > 0 ? `；第 ${list(r.failed.map((f) => f.part))} 条没能更新：${e(clip(r.failed[0]!.error, 200))}` : '';
        if (r.changed.length === 0) return `${head}共 ${r.total} 条，没有需要更新的内容${failed}`;
        return `${head}更新了第 ${list(r.changed)} 条（共 ${r.total} 条），${r.unchanged} 条没有变化${failed}`;
      }
      case 'split-changed':
        return `${head}现在分成 ${r.total} 条，频道里是 ${r.posted ?? '?'} 条，无法就地修改。请发送 /repost ${day} 重新发布。`;
      case 'cover-changed':
        return `${head}封面图变了，编辑无法更换图片。请发送 /repost ${day} 重新发布。`;
      case 'not-posted':
        return `${head}这个频道还没有发过这期日报，没有可更新的消息`;
      case 'locked':
        return `${head}正在发布中，请稍后再试`;
      case 'failed':
        return `${head}失败：${e(clip(r.error ?? '原因不明', 200))}`;
    }
  },
};

const en: ExtraMessages = {
  viewInChannel: 'View in the channel',
  updateNoReports: 'No report has been published yet.',
  updateStarted: (title, day, channels) =>
    `Updating "${e(clip(title, 60))}" (${day}) in place in ${channels} channel${channels === 1 ? '' : 's'}; I'll report back when it is done.`,
  updateDone: (title, day) => `Updating "${e(clip(title, 60))}" (${day}) finished:`,
  updateResult: (r, day) => {
    const head = `• ${e(String(r.channel))}: `;
    switch (r.status) {
      case 'updated': {
        const failed =
          r.failed.length > 0
            ? `; part${r.failed.length === 1 ? '' : 's'} ${list(r.failed.map((f) => f.part))} could not be updated: ${e(clip(r.failed[0]!.error, 200))}`
            : '';
        if (r.changed.length === 0) return `${head}nothing to update in ${r.total} parts${failed}`;
        return `${head}updated part${r.changed.length === 1 ? '' : 's'} ${list(r.changed)} of ${r.total}; ${r.unchanged} unchanged${failed}`;
      }
      case 'split-changed':
        return `${head}the report now has ${r.total} messages, the channel has ${r.posted ?? '?'}, so it cannot be edited in place. Send /repost ${day} to post it again.`;
      case 'cover-changed':
        return `${head}the cover image changed, which an edit cannot replace. Send /repost ${day} to post it again.`;
      case 'not-posted':
        return `${head}this channel never received the report; nothing to update`;
      case 'locked':
        return `${head}a post is running there; try again when it is done`;
      case 'failed':
        return `${head}failed: ${e(clip(r.error ?? 'unknown reason', 200))}`;
    }
  },
};

const catalogue: Record<Lang, ExtraMessages> = { zh, en };

export function extrasFor(lang: Lang): ExtraMessages {
  return catalogue[lang];
}
