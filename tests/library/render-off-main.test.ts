/**
 * The library renders large files through the given renderer (the parse
 * worker in the bot) before a reload serves them; a file that cannot be
 * rendered is reported broken by name and reason, and the others still load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMarkdown, createOutlineMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import { createLibrary } from '../../src/library/library.js';
import type { ReportParser, ReportRenderer } from '../../src/library/parse-pool.js';
import { createRenderer } from '../../src/render/document.js';
import { reportToParts } from '../../src/render/messages.js';

const md = createMarkdown();
const outline = createOutlineMarkdown();
const parser: ReportParser = async (file, bytes, mtime, o) => parseReport(file, bytes, mtime, { ...o, md, outline });
const big = (title: string) => `# ${title}\n\n${'### item\n\nsome text of the item.\n\n'.repeat(2000)}`;

describe('library rendering off the main thread', () => {
  it('renders large files through the renderer, reports one it cannot render, and keeps the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drb-render-off-'));
    writeFileSync(join(dir, '2026-01-01-small.md'), '# Small\n\ntext\n');
    writeFileSync(join(dir, '2026-01-02-big.md'), big('Big'));
    writeFileSync(join(dir, '2026-01-03-slow.md'), big('Slow'));
    const asked: string[] = [];
    const render: ReportRenderer = async (report) => {
      asked.push(report.id);
      if (report.id === '2026-01-03-slow')
        return {
          ok: false,
          reason: 'rendering the file took longer than 10.0 s; it was skipped (a hostile or broken file?)',
          code: 'render-timeout',
        };
      return { ok: true, parts: reportToParts(report, createRenderer(md)) };
    };
    const lib = createLibrary({ dir, timeZone: 'UTC', parser, render });
    const loaded = await lib.reload();

    expect(asked).toEqual(['2026-01-02-big', '2026-01-03-slow']);
    expect(loaded.reports.map((r) => r.id)).toEqual(['2026-01-01-small', '2026-01-02-big']);
    expect(loaded.problems).toEqual([
      {
        file: '2026-01-03-slow.md',
        reason: 'rendering the file took longer than 10.0 s; it was skipped (a hostile or broken file?)',
        code: 'render-timeout',
      },
    ]);
    expect(lib.byId('2026-01-03-slow')).toBeUndefined();
    const bigReport = lib.byId('2026-01-02-big')!;
    expect(lib.parts(bigReport)).toEqual(reportToParts(bigReport, createRenderer(md)));
    expect(lib.parts(bigReport).length).toBeGreaterThan(1);

    // Unchanged: neither rendered again nor forgotten as broken.
    const again = await lib.reload();
    expect(asked).toHaveLength(2);
    expect(again.problems.map((p) => p.file)).toEqual(['2026-01-03-slow.md']);

    // Changed: tried again.
    writeFileSync(join(dir, '2026-01-03-slow.md'), big('Slow, edited'));
    await lib.reload();
    expect(asked).toEqual(['2026-01-02-big', '2026-01-03-slow', '2026-01-03-slow']);
  });
});
