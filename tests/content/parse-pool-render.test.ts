/**
 * Rendering on the parse worker (issue 9: a file that loads in time can still
 * take seconds to render and split): the same messages as on the main thread,
 * and the same deadline as parsing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMarkdown, createOutlineMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import type { Report } from '../../src/content/report.js';
import { createParsePool, type ParsePool } from '../../src/library/parse-pool.js';
import { createRenderer } from '../../src/render/document.js';
import { reportToParts } from '../../src/render/messages.js';
import { HOSTILE_CASES } from '../fixtures/hostile/cases.js';

const md = createMarkdown();
const mtime = new Date('2026-11-29T00:00:00Z');

function report(file: string, text: string): Report {
  const result = parseReport(file, Buffer.from(text), mtime, {
    timeZone: 'UTC',
    maxBytes: 1024 * 1024,
    md,
    outline: createOutlineMarkdown(),
  });
  if (!result.ok) throw new Error(result.problem.reason);
  return result.report;
}

let pool: ParsePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('parse pool rendering', () => {
  it('gives the messages reportToParts gives on the main thread', async () => {
    pool = createParsePool({ timeoutMs: 30_000, memoryMb: 256 });
    const withCover = report(
      '2026-11-29-c.md',
      '---\ntitle: Cover\ncover: https://example.com/c.jpg\nsummary: Short.\n---\n## S\n\n### One\n\n**bold** [l](https://e.com)\n',
    );
    const long = report('2026-11-29-h.md', HOSTILE_CASES.find((c) => c.name === 'many newswire items')!.text());
    for (const r of [withCover, long]) expect(await pool.render(r)).toEqual({ ok: true, parts: reportToParts(r, createRenderer(md)) });
  }, 120_000);

  it('reports a report past the deadline as not rendered, and renders the next on a fresh worker', async () => {
    const slow = report('2026-11-29-emphasis.md', HOSTILE_CASES.find((c) => c.name === 'emphasis runs 1 MB')!.text());
    pool = createParsePool({ timeoutMs: 100, memoryMb: 256 });
    expect(await pool.render(slow)).toEqual({
      ok: false,
      reason: 'rendering the file took longer than 100 ms; it was skipped (a hostile or broken file?)',
      code: 'render-timeout',
    });
    expect(await pool.render(report('2026-11-29-a.md', '# A\n\ntext\n'))).toMatchObject({
      ok: true,
      parts: [{ payload: { method: 'sendMessage' } }],
    });
  }, 60_000);
});
