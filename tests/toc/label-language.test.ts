/**
 * The table of contents is part of the post, so its heading is in the
 * report's language: 目录 in a Chinese report, Contents in an English one
 * (it was 目录 in both). The room kept for it in the opening message is
 * measured with the same label.
 */
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../src/content/markdown.js';
import { buildToc } from '../../src/publish/toc.js';
import { reportToParts } from '../../src/render/messages.js';
import { reportToRichBlocks } from '../../src/render/rich/parts.js';
import { TOC_LABELS, tocLabelOf, tocSize, tocTitles } from '../../src/render/toc.js';
import { longReport } from '../support/long-report.js';
import { renderer, reportFrom } from '../support/render.js';

const md = createMarkdown();

/** longReport's shape, in Chinese. */
function chineseReport(date: string, sections: number): string {
  const out = ['---', `title: 长篇测试日报 ${date}`, `date: ${date}`, '---', `# 长篇测试日报 ${date}`, ''];
  for (let s = 1; s <= sections; s++) {
    out.push(`## 第${s}部分`, '');
    for (let t = 1; t <= 3; t++) out.push(`### 话题 ${s}.${t}`, '', `${'关于市场和利率的一句话，内容足够长。'.repeat(40)}`, '');
  }
  return out.join('\n');
}

const cases = [
  { lang: 'English', report: reportFrom('2026-01-05-long.md', longReport('2026-01-05', 10)), label: TOC_LABELS.en, other: TOC_LABELS.zh },
  {
    lang: 'Chinese',
    report: reportFrom('2026-01-06-long.md', chineseReport('2026-01-06', 10)),
    label: TOC_LABELS.zh,
    other: TOC_LABELS.en,
  },
];

describe("the table of contents' heading", () => {
  for (const { lang, report, label, other } of cases) {
    it(`is ${label} in a${lang === 'English' ? 'n' : ''} ${lang} report, in HTML and rich messages, with room kept for it`, () => {
      expect(tocLabelOf(report)).toBe(label);
      const parts = reportToParts(report, renderer);
      expect(parts.length).toBeGreaterThanOrEqual(3);
      const toc = buildToc(
        report,
        parts,
        parts.map((_, i) => 100 + i),
        { id: -1001234, username: 'daily' },
      )!;
      expect(toc.startsWith(`\n\n<b>${label}</b>`)).toBe(true);
      expect(toc).not.toContain(other);
      const titles = tocTitles(
        report,
        parts.flatMap((p) => p.headings),
      );
      expect(parts[0]!.text.length).toBeLessThanOrEqual(4096 - tocSize(titles, label).length);

      const [first] = reportToRichBlocks(md, report);
      const details = first!.find((b) => b.type === 'details') as { summary: { text: string } } | undefined;
      expect(details?.summary.text).toBe(label);
    });
  }
});
