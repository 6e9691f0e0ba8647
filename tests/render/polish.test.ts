/**
 * What a Chinese reader notices (issue 8, "Polish"): no dangling separator,
 * no repeated date, a digest named for itself, clean labels, no raw slugs,
 * Chinese colons in Chinese cards, and email addresses Telegram can open.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoryLabel } from '../../src/render/date-line.js';
import { reportToParts } from '../../src/render/messages.js';
import { HORIZONTAL_RULE } from '../../src/render/rules.js';
import { splitDoc } from '../../src/render/split.js';
import { html, payloadHtml, renderer, reportFrom, seedFiles, seedsDir } from '../support/render.js';
import { findTextEntities, parseTelegramHtml } from '../support/tdlib.js';

const partsOf = (file: string, text: string) => reportToParts(reportFrom(file, text), renderer);

describe('no message ends with a separator', () => {
  const daily = [
    '---',
    'title: 每日简报',
    'date: 2026-11-20',
    '---',
    '# 每日简报',
    '',
    '## 市场',
    '',
    '黄金上涨，原油下跌。',
    '',
    '---',
    '',
    '<div class="telegram-card">',
    '  <a href="https://t.me/example">加入群组</a>',
    '</div>',
    '',
  ].join('\n');

  it('drops the rule before a dropped promo card at the end of a daily', () => {
    const parts = partsOf('2026-11-20-daily.md', daily);
    expect(parts.at(-1)!.text.trimEnd().endsWith(HORIZONTAL_RULE)).toBe(false);
    expect(parts.at(-1)!.text.trimEnd().endsWith('黄金上涨，原油下跌。')).toBe(true);
    expect(html('正文\n\n---\n')).toBe('正文');
    expect(html('> 引文\n>\n> ---')).toBe('<blockquote>引文</blockquote>');
  });

  it('keeps a rule with the block after it, so no split ends on it', () => {
    const md = Array.from({ length: 8 }, (_, i) => `第${i}段，${'内容'.repeat(10 + i)}。\n\n---\n\n后文${i}${'文字'.repeat(8)}。`).join(
      '\n\n',
    );
    const doc = renderer.renderMarkdown(md);
    for (let max = 40; max <= 200; max += 7) {
      for (const span of splitDoc(doc, { maxLength: max, maxEntities: 100 })) {
        expect(doc.text.slice(span.start, span.end).endsWith(HORIZONTAL_RULE), `limit ${max}`).toBe(false);
      }
    }
    // Between blocks it is still shown.
    expect(html('a\n\n---\n\nb')).toBe(`a\n\n${HORIZONTAL_RULE}\n\nb`);
  });

  it.each(seedFiles())('seed %s: no message ends with a separator', (file) => {
    const parts = partsOf(file, readFileSync(join(seedsDir, file), 'utf8'));
    for (const p of parts) expect(p.text.trimEnd().endsWith(HORIZONTAL_RULE)).toBe(false);
  });
});

describe('the title line', () => {
  const newswire = ['# 某某社电报 - 2026-11-19', '> 统计周期：全天', '', '---', '', '**[05:45]** 【头条】正文内容。', ''].join('\n');

  it('does not repeat a date the newswire title already shows', () => {
    const [first] = partsOf('wire.md', newswire);
    const lines = first!.text.split('\n');
    expect(lines[0]).toBe('某某社电报 - 2026-11-19');
    expect(lines[1]).not.toBe('2026-11-19');
    expect(first!.text.split('2026-11-19').length - 1).toBe(1);
    // Other forms of the same day count too; another day does not.
    expect(partsOf('wire.md', newswire.replace('2026-11-19', '2026年11月19日'))[0]!.text).not.toContain('\n2026-11-19');
    const other = partsOf('2026-11-20-wire.md', newswire.replace('# 某某社电报 - 2026-11-19', '# 某某社电报 - 2026-11-18'));
    expect(other[0]!.text.split('\n')[1]).toBe('2026-11-20');
  });

  it('names a plain-text digest of several articles for the whole report, in its language', () => {
    const digest = [
      '芯片新闻',
      '一家公司发布了新的芯片，性能提升明显，市场反应热烈。',
      '能源新闻',
      '油价本周继续下跌，分析师认为供给过剩仍将持续一段时间。',
      '汽车新闻',
      '新能源汽车销量创下新高，多家车企上调全年目标。',
    ].join('\n');
    const report = reportFrom('2026-01-12-digest.txt', digest);
    expect(report.title).toBe('文章摘要（3 篇）');
    const text = reportToParts(report, renderer)
      .map((p) => p.text)
      .join('\n');
    // The first article keeps its headline, as a topic heading.
    expect(text).toContain('芯片新闻\n\n一家公司');
    const english = reportFrom(
      '2026-01-12-digest.txt',
      'Chips\nA company released a new chip with clearly better performance.\nEnergy\nOil prices kept falling this week as supply stays high.',
    );
    expect(english.title).toBe('Digest of 2 articles');
    // One article is still named by its headline.
    expect(reportFrom('2026-01-12-one.txt', '芯片新闻\n一家公司发布了新的芯片，性能提升明显。').title).toBe('芯片新闻');
  });

  it.each(seedFiles().filter((f) => f.startsWith('004_')))('seed %s, a plain-text digest, is not titled by its first headline', (file) => {
    const report = reportFrom(file, readFileSync(join(seedsDir, file), 'utf8'));
    expect(report.title).toBe(`文章摘要（${report.topics.length} 篇）`);
    expect(report.topics.length).toBeGreaterThan(1);
  });

  it('never shows a category slug raw', () => {
    const withCategory = (category: string, body = '# 标题\n\n中文正文。') =>
      partsOf('2026-01-21-x.md', `---\ntitle: 标题\ndate: 2026-01-21\ncategory: ${category}\n---\n${body}\n`)[0]!.text.split('\n')[1];
    expect(withCategory('business-entrepreneurship')).toBe('2026-01-21 · 商业与创业');
    expect(withCategory('some-unknown-slug')).toBe('2026-01-21');
    expect(withCategory('经济日报')).toBe('2026-01-21 · 经济日报');
    expect(withCategory('some-unknown-slug', '# Title\n\nAn English report.')).toBe('2026-01-21 · Some unknown slug');
    expect(withCategory('Markets Daily', '# Title\n\nAn English report.')).toBe('2026-01-21 · Markets Daily');
    expect(categoryLabel('business-entrepreneurship', false)).toBe('Business & entrepreneurship');
  });
});

describe('newswire items without a headline', () => {
  it('get a short label cut at a clause, without the dateline, never mid-word', () => {
    const wire = [
      '# 电报 - 2026-11-19',
      '',
      '**[05:45]** 新华社1月6日电，某科技公司宣布推出一系列面向自动驾驶汽车和机器人的人工智能模型与开发工具，旨在加速整个行业的研发进程。',
      '',
      '**[05:50]** 某某社1月6日电，某公司推出新的数据处理器。',
      '',
      '**[05:55]** 某公司今天在年度大会上宣布新计划，将在未来三年内向全球市场推出十款新的产品和服务以及配套的软件平台。',
      '',
    ].join('\n');
    const [long, short, clause] = reportFrom('wire.md', wire).topics;
    // No clause mark in reach: cut between words (ICU keeps 人工智能 whole), within 30 characters.
    expect(long!.title).toBe('某科技公司宣布推出一系列面向自动驾驶汽车和机器人的人工智能…');
    expect(Array.from(long!.title).length).toBeLessThanOrEqual(30);
    expect(short!.title).toBe('某公司推出新的数据处理器');
    expect(clause!.title).toBe('某公司今天在年度大会上宣布新计划…');
    // The item's text is all still there.
    expect(long!.body).toContain('新华社1月6日电，');
  });
});

describe('table cards', () => {
  const table = (a: string, b: string, x: string, y: string) => `| ${a} | ${b} |\n| --- | --- |\n| ${x} | ${y} |`;
  it('use the full-width colon in Chinese and ": " otherwise', () => {
    expect(html(table('公司', '价格', '甲', '100元'))).toBe('<b>公司：甲</b>\n价格：100元');
    expect(html(table('Company', 'Price', 'A', '100'))).toBe('<b>Company: A</b>\nPrice: 100');
  });
});

describe('links Telegram cannot open', () => {
  const address = 'editor@example.com';
  it.each([
    ['[写信给编辑部](mailto:editor@example.com)，谢谢', '写信给编辑部'],
    ['联系[editor@example.com](mailto:editor@example.com)，谢谢', '联系'],
    ['Write to [us](mailto:editor@example.com?subject=hi).', 'us'],
    ['欢迎来信[](mailto:editor@example.com)。', '欢迎来信'],
    ['<a href="mailto:editor@example.com">编辑部</a>收', '编辑部'],
    ['来信<a href="mailto:editor@example.com">editor@example.com</a>。', '来信'],
    ['联系[**editor@example.com**](mailto:editor@example.com)，谢谢', '联系'],
  ])('mailto in %s reaches Telegram as an address it links itself (TDLib)', (markdown, kept) => {
    const parsed = parseTelegramHtml(html(markdown));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.text).toContain(kept);
    expect(parsed.entities.filter((e) => e.url?.includes('mailto'))).toEqual([]);
    const emails = findTextEntities(parsed.text).filter((e) => e.type === 'EmailAddress');
    expect(emails.map((e) => parsed.text.slice(e.offset, e.offset + e.length))).toEqual([address]);
  });

  it('adds a space after an address only where a word would run into it', () => {
    expect(html('[a@b.org](mailto:a@b.org)\n\n---\n\n后文')).toBe(`a@b.org\n\n${HORIZONTAL_RULE}\n\n后文`);
    expect(html('写信 [a@b.org](mailto:a@b.org). 谢谢')).toBe('写信 a@b.org. 谢谢');
    expect(html('联系[a@b.org](mailto:a@b.org)，谢谢')).toBe('联系 a@b.org ，谢谢');
  });

  it('keeps the text of javascript: and relative links', () => {
    expect(html('[点此](javascript:alert(1))查看')).toBe('点此查看');
    expect(html('见[上一期](/reports/2026-11-18)和[附录](./appendix.md)')).toBe('见上一期和附录');
    expect(html('[bad](mailto:not-an-address)')).toBe('bad');
  });

  it('sends a report with a mailto link that TDLib accepts', () => {
    const parts = partsOf('2026-11-20-mail.md', '---\ntitle: 来信\ndate: 2026-11-20\n---\n欢迎[来信](mailto:editor@example.com)交流。\n');
    const parsed = parseTelegramHtml(payloadHtml(parts[0]!.payload));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(findTextEntities(parsed.text).some((e) => e.type === 'EmailAddress')).toBe(true);
  });
});
