/**
 * A content folder written for the bot tests (our own text): a dozen
 * December morning reports for paging, a Markdown daily with a section and
 * a cover, a newswire, a plain-text report, a draft, a future report and a
 * broken file. "Now" in these tests is 2026-01-08 12:00 in Asia/Shanghai.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pad = (n: number): string => String(n).padStart(2, '0');

function december(n: number): [string, string] {
  const day = `2025-12-${pad(n)}`;
  return [
    `${day}-morning.md`,
    `---\ntitle: 晨报 12月${n}日\ndate: ${day}\ntags: [市场]\n---\n# 晨报 12月${n}日\n\n### 市场观察 ${n}\n\n第 ${n} 期的市场观察：成交平稳，资金面保持宽松，市场情绪整体稳定。\n\n### Weekly note ${n}\n\nEnglish note number ${n}.\n`,
  ];
}

export const SAMPLE_FILES: Record<string, string> = {
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => december(i + 1))),
  '2026-01-03-daily.md': [
    '---',
    'title: 科技日报：芯片与模型',
    'date: 2026-01-03',
    'tags: [AI, 芯片]',
    'summary: 本期三个话题。',
    '---',
    '# 科技日报：芯片与模型',
    '',
    '## 产业',
    '',
    '### 国产芯片扩产',
    '',
    '多家工厂宣布扩产，**产能**提升三成。',
    '',
    '### OpenAI 发布新模型',
    '',
    '新模型在推理测试中表现更好。',
    '',
    '## 观点',
    '',
    '### 一周评论',
    '',
    '这一周的变化值得细读。',
  ].join('\n'),
  '2026-01-04-wire.txt':
    '# 快讯 2026-01-04\n\n**[08:15]** 【外汇储备公布】外汇储备小幅上升。\n\n**[09:30]** 【量子计算新进展】实验室宣布新的纠错方法。\n',
  '2026-01-05-notes.txt':
    'Morning notes\nA long first body line explaining what this morning brought to the desk.\nRain in the north?\nForecasters expect heavy rain across the northern provinces tonight.\n',
  '2026-01-06-draft.md': '---\ntitle: 草稿不应出现\ndate: 2026-01-06\ndraft: true\n---\n### 秘密话题\n\n机密内容 SECRETDRAFT。\n',
  '2026-01-07-daily.md': [
    '---',
    'title: 科技日报：<预告> & 回顾',
    'date: 2026-01-07',
    'coverImage: https://example.org/cover.png',
    'tags: [回顾]',
    '---',
    '# 科技日报：<预告> & 回顾',
    '',
    '### 估值 a < b 之谜',
    '',
    '为什么 a < b 仍然成立？',
    '',
    '### 新年展望',
    '',
    '新的一年，新的计划。',
  ].join('\n'),
  '2026-01-10-future.md': '---\ntitle: 未来日报\ndate: 2026-01-10\n---\n### 未来话题\n\nFUTURETOPIC 还没到时间。\n',
  'broken.md': '---\ntitle: 坏文件\ndate: not-a-date\n---\n正文\n',
};

export function writeContent(files: Record<string, string> = SAMPLE_FILES): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-bot-content-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
