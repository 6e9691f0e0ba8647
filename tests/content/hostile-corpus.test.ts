/**
 * The hostile corpus (tests/fixtures/hostile): every file loads, renders and
 * splits, losing nothing and keeping Telegram's limits, or is refused with a
 * clear reason. Times are measured by bench/hostile.bench.ts, not asserted
 * here; a case that went superlinear again would run into the test timeout.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { createMarkdown, createOutlineMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import { createRenderer } from '../../src/render/document.js';
import { reportToParts } from '../../src/render/messages.js';
import { HOSTILE_CASES } from '../fixtures/hostile/cases.js';

const md = createMarkdown();
const outline = createOutlineMarkdown();
const renderer = createRenderer(md);
const ENTITY_TAG = /<(?:b|i|u|s|code|pre|a|tg-spoiler|blockquote)[ >]/g;

const count = (text: string, c: string): number => text.split(c).length - 1;
const squeeze = (text: string): string => text.replace(/\s+/g, '');

describe('hostile corpus', () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))(
    '%s: loads, renders and splits within the limits, losing nothing',
    (_, c) => {
      const bytes = Buffer.from(c.text());
      expect(bytes.length).toBeLessThanOrEqual(1024 * 1024);
      const parsed = parseReport(c.file, bytes, new Date('2026-11-29T00:00:00Z'), { timeZone: 'UTC', md, outline, maxBytes: 1024 * 1024 });
      if (c.refused) {
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.problem.reason).toMatch(c.refused);
        return;
      }
      if (!parsed.ok) throw new Error(parsed.problem.reason);
      const report = parsed.report;
      const parts = reportToParts(report, renderer);
      expect(parts.length).toBeGreaterThan(0);
      for (const part of parts) {
        expect(part.text.length).toBeLessThanOrEqual(part.limit);
        const html = part.payload.method === 'sendPhoto' ? part.payload.caption : part.payload.text;
        expect((html.match(ENTITY_TAG) ?? []).length).toBeLessThanOrEqual(100);
      }
      // The splitter loses nothing: the messages hold the rendered document, in order.
      const whole = renderer.renderReport(report, { title: true, summary: true, body: true });
      expect(squeeze(parts.map((p) => p.text).join(''))).toBe(squeeze(whole.text));
      // The renderer loses nothing the reader must see (a title made from the file name is not the reader's text).
      if (c.shows) {
        const [char, times] = c.shows;
        expect(count(whole.text, char)).toBe(times + (report.title === report.id ? count(report.id, char) : 0));
      }
    },
    120_000,
  );

  it('the whole corpus in one content folder: the good files load, the bad ones are named with a reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drb-hostile-'));
    for (const c of HOSTILE_CASES) writeFileSync(join(dir, c.file), c.text());
    const content = await loadContent(dir, { timeZone: 'UTC', md, outline });
    expect(content.problems.map((p) => p.file).sort()).toEqual(
      HOSTILE_CASES.filter((c) => c.refused)
        .map((c) => c.file)
        .sort(),
    );
    expect(content.reports).toHaveLength(HOSTILE_CASES.filter((c) => !c.refused).length);
  }, 120_000);
});
