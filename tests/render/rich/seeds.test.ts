/**
 * Every editor seed and every sample report as rich messages: all text in
 * order, every link kept, one message per report that fits, each message
 * within every limit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../../src/content/markdown.js';
import { exceededLimit, measureBlocks } from '../../../src/render/rich/limits.js';
import { blocksText, reportToRichBlocks } from '../../../src/render/rich/parts.js';
import { contentDir, contentFiles, reportFrom, seedFiles, seedsDir } from '../../support/render.js';
import { firstMissing, sourceText } from '../../support/source-text.js';

const md = createMarkdown();

function urlsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) urlsOf(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'url' && typeof o.url === 'string') out.push(o.url);
    for (const v of Object.values(o)) urlsOf(v, out);
  }
  return out;
}

const cases = [
  ...seedFiles().map((f) => ({ name: `seed ${f}`, file: f, path: join(seedsDir, f) })),
  ...contentFiles().map((f) => ({ name: `sample ${f}`, file: f, path: join(contentDir, f) })),
];

describe('rich messages hold every seed and sample', () => {
  it('has inputs to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  for (const c of cases) {
    it(`${c.name}: all text in order, every link, one message within every limit`, () => {
      const raw = readFileSync(c.path, 'utf8');
      const report = reportFrom(c.file, raw);
      const messages = reportToRichBlocks(md, report);
      expect(messages).toHaveLength(1);
      for (const blocks of messages) expect(exceededLimit(measureBlocks(blocks))).toBeUndefined();
      const shown = messages.map(blocksText).join('\n');
      const { chunks, links } = sourceText(c.file, raw);
      expect(firstMissing(chunks, shown)).toBeUndefined();
      const urls = urlsOf(messages);
      for (const link of links) expect(urls).toContain(link);
      // Explicit blocks only: never source for Telegram to parse.
      expect(JSON.stringify(messages)).not.toMatch(/"(markdown|html)":/);
    });
  }
});
