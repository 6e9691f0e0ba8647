/**
 * Search over reports parsed from files in the editors' shapes (texts
 * written for this test): front matter dailies, newswire logs, Traditional
 * plain text, a draft.
 */
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import { isPublished, type Report } from '../../src/content/report.js';
import { createTopicIndex } from '../../src/search/topic-index.js';
import { brief, oracle } from './reports.js';

const md = createMarkdown();

function parse(file: string, text: string): Report {
  const result = parseReport(file, Buffer.from(text), new Date('2026-01-10T00:00:00Z'), {
    timeZone: 'Asia/Shanghai',
    md,
    maxBytes: 1 << 20,
  });
  if (!result.ok) throw new Error(result.problem.reason);
  return result.report;
}

const daily = parse(
  '2026-01-07-daily.txt',
  [
    '---',
    'title: 算力竞赛与金价新高',
    'date: 2026-01-07',
    'tags: ["经济日报","宏观经济"]',
    '---',
    '# 算力竞赛与金价新高',
    '',
    '## 科技',
    '',
    '### [英伟达发布新芯片](https://example.com/a)',
    '',
    '黄仁勋在发布会上表示，新一代 **GPU** 的推理性能提升十倍。  ',
    '- 数据中心需求强劲',
    '',
    '## 市场',
    '',
    '### 现货黄金站上新高',
    '',
    '避险情绪推升金价，白银同步上涨。',
  ].join('\n'),
);

const wire = parse(
  '2026-01-08-wire.txt',
  [
    '# 财经电报 - 2026-01-08',
    '> 统计周期：全天',
    '',
    '---',
    '',
    '**[05:45]** 【英伟达推出自动驾驶模型】财经电报1月8日电，该模型可以进行推理。',
    '',
    '**[05:49]** 财经电报1月8日电，原油价格下跌。市场关注库存数据。',
  ].join('\n'),
);

const taiwan = parse(
  '2026-01-09-tw.txt',
  ['SRAM 會取代 HBM 嗎？', '最近，輝達收購推理晶片新創公司的消息，在科技界引發強烈震盪，黃仁勳表示記憶體的選擇取決於應用場景。'].join('\n'),
);

const draft = parse(
  '2026-01-09-podcast.txt',
  ['---', "date: '2026-01-09'", 'draft: true', 'tags:', '  - ai-compute', '---', '### 算力枯竭', '', '英伟达的 H200 供不应求。'].join('\n'),
);

const reports = [daily, wire, taiwan, draft];
const index = createTopicIndex();
for (const r of reports) index.upsert(r);
const now = new Date('2026-01-10T00:00:00Z');
const visible = (r: Report): boolean => isPublished(r, now);

function find(query: string): Array<[string, number, string]> {
  const expected = oracle(reports, query, visible).map(brief);
  expect(index.search(query, { visible }).hits.map(brief)).toEqual(expected);
  return expected;
}

describe('reports as parsed from files', () => {
  it('finds topics in every shape, newest first, drafts hidden', () => {
    expect(reports.map((r) => [r.id, r.shape, r.topics.length])).toEqual([
      ['2026-01-07-daily', 'front-matter', 2],
      ['2026-01-08-wire', 'markdown', 2],
      ['2026-01-09-tw', 'plain-text', 1],
      ['2026-01-09-podcast', 'front-matter', 1],
    ]);
    expect(find('英伟达')).toEqual([
      ['2026-01-08-wire', 0, 'title'],
      ['2026-01-07-daily', 0, 'title'],
    ]);
  });

  it('finds Traditional text with Simplified queries and the other way round', () => {
    expect(find('辉达')).toEqual([['2026-01-09-tw', 0, 'body']]);
    expect(find('黃仁勳')).toEqual([
      ['2026-01-09-tw', 0, 'body'],
      ['2026-01-07-daily', 0, 'body'],
    ]);
    expect(find('记忆体')).toEqual([['2026-01-09-tw', 0, 'body']]);
  });

  it('searches newswire headlines as titles; an item without one is titled by its first sentence', () => {
    expect(find('自动驾驶')).toEqual([['2026-01-08-wire', 0, 'title']]);
    expect(find('原油价格')).toEqual([['2026-01-08-wire', 1, 'title']]);
    expect(find('库存数据')).toEqual([['2026-01-08-wire', 1, 'body']]);
  });

  it('matches tags, Latin case and width', () => {
    expect(find('宏观')).toEqual([
      ['2026-01-07-daily', 0, 'tag'],
      ['2026-01-07-daily', 1, 'tag'],
    ]);
    expect(find('ｇｐｕ')).toEqual([['2026-01-07-daily', 0, 'body']]);
    expect(find('hbm')).toEqual([['2026-01-09-tw', 0, 'title']]);
    expect(find('h200')).toEqual([]);
    expect(index.search('h200').hits.map(brief)).toEqual([['2026-01-09-podcast', 0, 'body']]);
  });
});
