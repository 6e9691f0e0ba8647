import { describe, expect, it } from 'vitest';
import { byPublishTime } from '../../src/content/load.js';
import { isPublished, type Report } from '../../src/content/report.js';
import { createTopicIndex, type TopicIndex } from '../../src/search/topic-index.js';
import { brief, oracle, report } from './reports.js';

function indexOf(...reports: Report[]): TopicIndex {
  const index = createTopicIndex();
  for (const r of reports) index.upsert(r);
  return index;
}

/** The index's full answer, checked against the linear scan. */
function find(index: TopicIndex, reports: Report[], query: string, visible?: (r: Report) => boolean): Array<[string, number, string]> {
  const page = index.search(query, visible ? { visible } : {});
  const expected = oracle(reports, query, visible).map(brief);
  expect(page.hits.map(brief)).toEqual(expected);
  expect(page.total).toBe(expected.length);
  return expected;
}

const wire = report({
  id: 'wire',
  topics: [
    ['英伟达发布新一代AI芯片', '今天英伟达在加州发布财报，营收大涨。'],
    ['美联储维持利率不变', '鲍威尔表示通胀仍然偏高。'],
  ],
});

describe('substring search in Chinese', () => {
  const reports = [wire];
  const index = indexOf(wire);

  it('finds any substring of two or more characters, wherever it starts', () => {
    for (const q of ['英伟达', '伟达发', '达发布新', '今天', '营收大涨。', '加州发布财报', '利率不变', '仍然偏高']) {
      expect(find(index, reports, q).length, q).toBe(1);
    }
  });

  it('reports the best field: title before body', () => {
    expect(find(index, reports, '英伟达')).toEqual([['wire', 0, 'title']]);
    expect(find(index, reports, '营收')).toEqual([['wire', 0, 'body']]);
  });

  it('finds nothing when the characters are there but not together', () => {
    for (const q of ['英达', '发布美联储', '芯片今天', '伟达伟达']) expect(find(index, reports, q), q).toEqual([]);
  });
});

describe('bigram boundaries', () => {
  const r = report({
    id: 'b',
    topics: [
      ['哈哈哈', 'abc，cad'],
      ['黄仁', '勋表示'],
      ['x', 'xy'],
    ],
  });
  const reports = [r];
  const index = indexOf(r);

  it('checks the whole query, not only its bigrams', () => {
    // Every bigram of these occurs, the query does not.
    expect(find(index, reports, '哈哈哈哈')).toEqual([]);
    expect(find(index, reports, 'abcab')).toEqual([]);
    expect(find(index, reports, 'bcab')).toEqual([]);
    expect(find(index, reports, '哈哈哈')).toEqual([['b', 0, 'title']]);
  });

  it('matches the whole text, its first and its last two characters', () => {
    expect(find(index, reports, 'abc，cad')).toEqual([['b', 0, 'body']]);
    expect(find(index, reports, 'ab')).toEqual([['b', 0, 'body']]);
    expect(find(index, reports, 'ad')).toEqual([['b', 0, 'body']]);
    expect(find(index, reports, 'xy')).toEqual([['b', 2, 'body']]);
    expect(find(index, reports, 'x')).toEqual([['b', 2, 'title']]);
  });

  it('never matches across a title and its body', () => {
    expect(find(index, reports, '黄仁勋')).toEqual([]);
    expect(find(index, reports, '仁勋')).toEqual([]);
  });
});

describe('Simplified and Traditional Chinese', () => {
  const tw = report({ id: 'tw', date: '2026-01-05', topics: [['輝達策略性收購', '在近日舉行的會上，黃仁勳表示記憶體需求強勁。']] });
  const cn = report({ id: 'cn', date: '2026-01-06', topics: [['辉达财报', '黄仁勋称数据中心收入创新高。']] });
  const reports = [tw, cn];
  const index = indexOf(tw, cn);

  it('finds Traditional text with a Simplified query', () => {
    expect(find(index, reports, '辉达')).toEqual([
      ['cn', 0, 'title'],
      ['tw', 0, 'title'],
    ]);
    expect(find(index, reports, '记忆体')).toEqual([['tw', 0, 'body']]);
  });

  it('finds Simplified text with a Traditional query, and mixed queries', () => {
    expect(find(index, reports, '黃仁勳')).toEqual([
      ['cn', 0, 'body'],
      ['tw', 0, 'body'],
    ]);
    expect(find(index, reports, '黃仁勋')).toHaveLength(2);
    expect(find(index, reports, '數據中心')).toEqual([['cn', 0, 'body']]);
  });
});

describe('Latin text', () => {
  const r = report({
    id: 'latin',
    topics: [
      ['OpenAI 发布 GPT', 'ＡＩ芯片需求'],
      ['Ｎｖｉｄｉａ earnings', 'HBM supply'],
    ],
  });
  const reports = [r];
  const index = indexOf(r);

  it('is width-insensitive', () => {
    expect(find(index, reports, 'ＡＩ')).toEqual([['latin', 0, 'title']]);
    expect(find(index, reports, 'ai芯片')).toEqual([['latin', 0, 'body']]);
    expect(find(index, reports, 'nvidia')).toEqual([['latin', 1, 'title']]);
  });

  it('is case-insensitive', () => {
    expect(find(index, reports, 'OPENAI')).toEqual([['latin', 0, 'title']]);
    expect(find(index, reports, 'hbm')).toEqual([['latin', 1, 'body']]);
    expect(find(index, reports, 'Hbm Supply')).toEqual([['latin', 1, 'body']]);
  });
});

describe('ranking', () => {
  const older = report({
    id: '2026-01-05-daily',
    date: '2026-01-05',
    tags: ['黄金'],
    topics: [
      ['美元走弱', '避险需求'],
      ['黄金创新高', '金价上涨'],
    ],
  });
  const newer = report({
    id: '2026-01-06-daily',
    date: '2026-01-06',
    topics: [
      ['股市', '黄金回落'],
      ['黄金ETF', '资金流入'],
    ],
  });
  const newest = report({ id: '2026-01-07-daily', date: '2026-01-07', tags: ['宏观'], topics: [['原油', '油价与黄金']] });
  const sameDay = report({ id: '2026-01-07-wire', date: '2026-01-07', topics: [['黄金', '']] });
  const reports = [older, newer, newest, sameDay];
  const index = indexOf(...reports);

  it('puts title hits before tag hits before body hits, newer reports first, then topic order', () => {
    expect(find(index, reports, '黄金')).toEqual([
      ['2026-01-07-wire', 0, 'title'],
      ['2026-01-06-daily', 1, 'title'],
      ['2026-01-05-daily', 1, 'title'],
      ['2026-01-05-daily', 0, 'tag'],
      ['2026-01-07-daily', 0, 'body'],
      ['2026-01-06-daily', 0, 'body'],
    ]);
  });

  it('orders reports published at the same instant like the library does (the loader order, reversed)', () => {
    const twins = ['2026-01-07-b', '2026-01-07-A', '2026-01-07-a', '2026-01-07-10', '2026-01-07-9'].map((id) =>
      report({ id, topics: [['同一时刻', '']] }),
    );
    const twinIndex = indexOf(...twins);
    const libraryOrder = [...twins]
      .sort(byPublishTime)
      .reverse()
      .map((r) => r.id);
    expect(twinIndex.search('同一').hits.map((h) => h.report.id)).toEqual(libraryOrder);
    expect(find(twinIndex, twins, '同一').map(([id]) => id)).toEqual(libraryOrder);
  });

  it('pages: limit and offset slice the same order, total counts every hit', () => {
    const all = index.search('黄金').hits.map(brief);
    const pages = [0, 2, 4].map((offset) => index.search('黄金', { offset, limit: 2 }));
    expect(pages.flatMap((p) => p.hits.map(brief))).toEqual(all);
    expect(pages.map((p) => p.total)).toEqual([6, 6, 6]);
    expect(index.search('黄金', { offset: 6, limit: 2 })).toEqual({ hits: [], total: 6 });
    expect(index.search('黄金', { limit: 0 }).total).toBe(6);
  });
});

describe('updates', () => {
  const v1 = report({
    id: 'r',
    topics: [
      ['旧标题', '旧内容'],
      ['共同话题', '不变'],
    ],
  });
  const v2 = report({
    id: 'r',
    topics: [
      ['新标题', '新内容'],
      ['共同话题', '不变'],
      ['第三个', '新增'],
    ],
  });
  const other = report({ id: 'o', date: '2026-01-01', topics: [['其他', '旧内容也在这里']] });

  it('upsert replaces a report: changed topics are found, old ones are gone', () => {
    const index = indexOf(v1, other);
    expect(index.search('旧标题').total).toBe(1);
    index.upsert(v2);
    expect(find(index, [v2, other], '旧标题')).toEqual([]);
    expect(find(index, [v2, other], '旧内容')).toEqual([['o', 0, 'body']]);
    expect(find(index, [v2, other], '新标题')).toEqual([['r', 0, 'title']]);
    expect(find(index, [v2, other], '新增')).toEqual([['r', 2, 'body']]);
    expect(find(index, [v2, other], '共同')).toEqual([['r', 1, 'title']]);
    expect(index.stats()).toMatchObject({ reports: 2, topics: 4, deadTopics: 2 });
    expect(index.search('新标题').hits[0]!.report).toBe(v2);
  });

  it('remove forgets a report', () => {
    const index = indexOf(v1, other);
    expect(index.remove('r')).toBe(true);
    expect(index.remove('r')).toBe(false);
    expect(find(index, [other], '旧')).toEqual([['o', 0, 'body']]);
    expect(index.stats()).toMatchObject({ reports: 1, topics: 1 });
    index.upsert(v1);
    expect(find(index, [v1, other], '旧')).toHaveLength(2);
  });

  it('a new version with the same words only swaps the report (e.g. a new publish time)', () => {
    const index = indexOf(v1, other);
    const later = { ...v1, publishAt: new Date('2026-02-01T00:00:00Z') };
    index.upsert(later);
    expect(index.stats().deadTopics).toBe(0);
    expect(index.search('内容').hits.map((h) => h.report)).toEqual([later, other]);
  });

  it('adopts other objects of the same versions and folds its texts again when a query needs them', () => {
    // The index proves most hits without their text; in `mixed` neither 共同 nor 同话 always has its
    // usual neighbour, so '共同话' is checked on the text there.
    const mixed = report({ id: 'm', date: '2026-01-02', topics: [['混合', '共同点，不同话题，共同话']] });
    const index = indexOf(v1, other, mixed);
    const queries = ['旧内容', '共同', '不变', '旧', '其他', '共同话'];
    const before = queries.map((q) => find(index, [v1, other, mixed], q));
    expect(index.stats().textUnits).toBeGreaterThan(0);
    const twin = { ...v1, tags: [...v1.tags], topics: v1.topics.map((t) => ({ ...t })) };
    const stale = { ...other, hash: 'another version' };
    index.adopt([twin, stale]);
    expect(index.stats().textUnits).toBe(0);
    expect(queries.map((q) => find(index, [twin, other, mixed], q))).toEqual(before);
    expect(index.stats().textUnits).toBeGreaterThan(0);
    expect(index.search('共同').hits[0]!.report).toBe(twin);
    expect(index.search('其他').hits[0]!.report).toBe(other); // another version is not taken
  });

  it('reclaims dead topics and keeps answering the same', () => {
    const index = createTopicIndex({ compactAfter: 1 });
    index.upsert(v1);
    index.upsert(other);
    index.upsert(v2);
    index.upsert(v1);
    index.remove('o');
    const stats = index.stats();
    expect(stats.compactions).toBeGreaterThan(0);
    expect(stats.deadTopics).toBeLessThan(stats.topics);
    expect(find(index, [v1], '旧标题')).toEqual([['r', 0, 'title']]);
    expect(find(index, [v1], '新')).toEqual([]);
    index.upsert(v2);
    expect(find(index, [v2], '新')).toEqual([
      ['r', 0, 'title'],
      ['r', 2, 'body'],
    ]);
  });
});

describe('visibility', () => {
  const now = new Date('2026-01-07T12:00:00Z');
  const published = report({ id: 'pub', date: '2026-01-06', topics: [['央行降息', '']] });
  const draft = report({ id: 'draft', date: '2026-01-06', draft: true, tags: ['降息'], topics: [['草稿', '降息预期']] });
  const future = report({ id: 'future', date: '2026-01-08', topics: [['降息落地', '']] });
  const reports = [published, draft, future];
  const index = indexOf(...reports);
  const visible = (r: Report): boolean => isPublished(r, now);

  it('hides drafts and reports not yet published', () => {
    expect(find(index, reports, '降息', visible)).toEqual([['pub', 0, 'title']]);
  });

  it('publishedBy answers as visible: isPublished at that instant, and follows a new publish time', () => {
    for (const at of [now, new Date('2026-01-09T00:00:00Z'), new Date('2020-01-01T00:00:00Z'), new Date(Number.NaN)]) {
      const page = index.search('降息', { publishedBy: at });
      const expected = oracle(reports, '降息', (r) => isPublished(r, at)).map(brief);
      expect(page.hits.map(brief)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    }
    const moved = indexOf(...reports);
    moved.upsert({ ...published, publishAt: new Date('2026-01-10T00:00:00Z') }); // same words: only the report is swapped
    expect(moved.search('央行', { publishedBy: now }).total).toBe(0);
    expect(moved.search('央行', { publishedBy: new Date('2026-01-10T00:00:00Z') }).total).toBe(1);
  });

  it('shows everything without a filter', () => {
    expect(find(index, reports, '降息')).toEqual([
      ['future', 0, 'title'],
      ['pub', 0, 'title'],
      ['draft', 0, 'tag'],
    ]);
  });
});

describe('tags', () => {
  const r = report({
    id: 't',
    tags: ['经济日报', 'AI'],
    topics: [
      ['AI 芯片', '需求'],
      ['原油', '下跌'],
    ],
  });
  const index = indexOf(r);

  it("make every topic of the report a hit, the title's field winning", () => {
    expect(find(index, [r], 'ai')).toEqual([
      ['t', 0, 'title'],
      ['t', 1, 'tag'],
    ]);
    expect(find(index, [r], '日报')).toEqual([
      ['t', 0, 'tag'],
      ['t', 1, 'tag'],
    ]);
  });
});

describe('one-character queries', () => {
  const r1 = report({
    id: 'a',
    date: '2026-01-06',
    topics: [
      ['金价', '上涨'],
      ['原油', '黄金与白银'],
      ['股市', '无关'],
    ],
  });
  const r2 = report({
    id: 'b',
    date: '2026-01-07',
    topics: [
      ['A股', 'a'],
      ['黃金', ''],
    ],
  });
  const reports = [r1, r2];
  const index = indexOf(r1, r2);

  it('answers from the character posting lists, exactly', () => {
    expect(find(index, reports, '金')).toEqual([
      ['b', 1, 'title'],
      ['a', 0, 'title'],
      ['a', 1, 'body'],
    ]);
    expect(find(index, reports, '黄')).toEqual([
      ['b', 1, 'title'],
      ['a', 1, 'body'],
    ]);
    expect(find(index, reports, 'Ａ')).toEqual([['b', 0, 'title']]);
    expect(find(index, reports, '无')).toEqual([['a', 2, 'body']]);
    expect(find(index, reports, '鑫')).toEqual([]);
  });
});

describe('emoji and surrogate pairs', () => {
  const r = report({
    id: 'e',
    topics: [
      ['火箭🚀升空', '⚠️ 注意风险 👨‍👩‍👧 家庭'],
      ['𠮷野家', '𩸽'],
    ],
  });
  const reports = [r];
  const index = indexOf(r);

  it('finds emoji, alone or with neighbours', () => {
    expect(find(index, reports, '🚀')).toEqual([['e', 0, 'title']]);
    expect(find(index, reports, '🚀升')).toEqual([['e', 0, 'title']]);
    expect(find(index, reports, '箭🚀')).toEqual([['e', 0, 'title']]);
    expect(find(index, reports, '⚠')).toEqual([['e', 0, 'body']]);
    expect(find(index, reports, '👩')).toEqual([['e', 0, 'body']]);
  });

  it('finds characters outside the BMP', () => {
    expect(find(index, reports, '𠮷')).toEqual([['e', 1, 'title']]);
    expect(find(index, reports, '𩸽')).toEqual([['e', 1, 'body']]);
  });

  it('never matches half a pair', () => {
    expect(find(index, reports, '\ud83d')).toEqual([]);
    expect(find(index, reports, '\ude80升')).toEqual([]);
  });
});

describe('degenerate queries', () => {
  const long = '长'.repeat(2500) + '文'.repeat(2500);
  const r = report({
    id: 'd',
    topics: [
      ['短', long],
      ['空白', '   '],
    ],
  });
  const reports = [r];
  const index = indexOf(r);

  it('answers nothing for empty and whitespace-only queries', () => {
    for (const q of ['', ' ', '\t\n', '\u3000\u3000', ' \u00a0 '])
      expect(index.search(q), JSON.stringify(q)).toEqual({ hits: [], total: 0 });
  });

  it('handles 5,000-character queries, found or not', () => {
    expect(long.length).toBe(5000);
    expect(find(index, reports, long)).toEqual([['d', 0, 'body']]);
    expect(find(index, reports, `${long}!`)).toEqual([]);
    expect(find(index, reports, '文'.repeat(5000))).toEqual([]);
    const noise = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
    expect(find(index, reports, noise)).toEqual([]);
  });

  it('trims the query like the linear scan does', () => {
    expect(find(index, reports, '  短 ')).toEqual([['d', 0, 'title']]);
  });
});
