/** The first message of a long report keeps room for the whole table of contents. */
import { describe, expect, it } from 'vitest';
import { buildToc } from '../../src/publish/toc.js';
import { reportToParts } from '../../src/render/messages.js';
import { tocLabelOf, tocSize, tocTitles } from '../../src/render/toc.js';
import { longReport } from '../support/long-report.js';
import { renderer, reportFrom } from '../support/render.js';

describe('room for the table of contents', () => {
  it('a report of three or more messages leaves room for every entry in its opening message', () => {
    const report = reportFrom('2026-01-05-long.md', longReport('2026-01-05', 10));
    const parts = reportToParts(report, renderer);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const titles = tocTitles(
      report,
      parts.flatMap((p) => p.headings),
    );
    expect(titles).toHaveLength(10);
    expect(parts[0]!.text.length).toBeLessThanOrEqual(4096 - tocSize(titles, tocLabelOf(report)).length);
    const toc = buildToc(
      report,
      parts,
      parts.map((_, i) => 100 + i),
      { id: -1001234, username: 'daily' },
    )!;
    for (let s = 1; s <= 10; s++) expect(toc).toContain(`>Section ${s}</a>`);
    expect(toc.endsWith('…')).toBe(false);
  });
});
