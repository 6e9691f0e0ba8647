/**
 * The library renders large files through the given renderer (the parse
 * worker in the bot) before a reload serves them; a file that cannot be
 * rendered is reported broken by name and reason, and the others still load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CachedFile } from '../../src/content/load.js';
import { createMarkdown, createOutlineMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import { createLibrary, UnrenderableReportError } from '../../src/library/library.js';
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

  it('after a restart from the content cache, renders a large report on first use through the renderer, not on the main thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drb-render-warm-'));
    writeFileSync(join(dir, '2026-01-01-small.md'), '# Small\n\ntext\n');
    writeFileSync(join(dir, '2026-01-02-big.md'), big('Big'));
    writeFileSync(join(dir, '2026-01-03-refused.md'), big('Refused'));
    const cache = new Map<string, CachedFile>(); // what the SQLite content cache keeps across restarts
    await createLibrary({ dir, timeZone: 'UTC', parser, render: async () => ({ ok: true, parts: [] }), cache }).reload();

    // The restarted bot: every file comes from the cache, so nothing is parsed and nothing rendered at reload.
    const asked: string[] = [];
    const render: ReportRenderer = async (report) => {
      asked.push(report.id);
      if (report.id === '2026-01-03-refused')
        return { ok: false, reason: 'rendering the file took longer than 10.0 s', code: 'render-timeout' };
      // The worker gets the topic titles, not their bodies (the text is in `body` already).
      expect(report.topics.every((t) => t.body === '')).toBe(true);
      return { ok: true, parts: reportToParts(report, createRenderer(md)) };
    };
    const lib = createLibrary({ dir, timeZone: 'UTC', parser: async () => expect.unreachable('parsed again'), render, cache });
    await lib.reload();
    expect(asked).toEqual([]);

    const bigReport = lib.byId('2026-01-02-big')!;
    const [first, second] = await Promise.all([lib.render(bigReport), lib.render(bigReport)]);
    expect(asked).toEqual(['2026-01-02-big']); // two readers at once: one render
    expect(first).toBe(second);
    expect(first).toEqual(reportToParts(bigReport, createRenderer(md)));
    expect(lib.parts(bigReport)).toBe(first); // and it is what the channel gets
    // A small report is rendered here: sending it to a worker would cost more than rendering it.
    expect(await lib.render(lib.byId('2026-01-01-small')!)).toEqual(reportToParts(lib.byId('2026-01-01-small')!, createRenderer(md)));
    expect(asked).toEqual(['2026-01-02-big']);

    // One the renderer refuses: an error naming the file and why, never an attempt on the main thread,
    // and the reload that follows lists it as broken.
    const refused = lib.byId('2026-01-03-refused')!;
    const error = await lib.render(refused).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrenderableReportError);
    expect((error as UnrenderableReportError).problem).toEqual({
      file: '2026-01-03-refused.md',
      reason: 'rendering the file took longer than 10.0 s',
      code: 'render-timeout',
    });
    await expect(lib.render(refused)).rejects.toBeInstanceOf(UnrenderableReportError);
    expect(asked).toEqual(['2026-01-02-big', '2026-01-03-refused']);
    await expect.poll(() => lib.current().problems.map((p) => p.file)).toEqual(['2026-01-03-refused.md']);
    expect(lib.byId('2026-01-03-refused')).toBeUndefined();
  });
});
