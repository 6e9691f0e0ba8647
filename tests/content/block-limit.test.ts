/**
 * Issue 9: a report's block parse is bounded. 1 MB of nested quotes is a
 * million blocks, and loading plus rendering it took longer than
 * markdown-it's own render; a file past MAX_BLOCKS is refused with the line
 * where the limit was met, named by `check`, and the other files still load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createMarkdown, createOutlineMarkdown } from '../../src/content/markdown.js';
import { MAX_BLOCKS, type NestingEnv } from '../../src/content/nesting-guard.js';
import { parseReport } from '../../src/content/parse-report.js';
import { createRenderer } from '../../src/render/document.js';

const md = createMarkdown();
const outline = createOutlineMarkdown();
const parse = (text: string) =>
  parseReport('2026-11-29-blocks.md', Buffer.from(text), new Date(), { timeZone: 'UTC', md, outline, maxBytes: 1024 * 1024 });

/** `n` blocks: a heading, then `n - 1` one-word paragraphs. */
const blocks = (n: number): string => `# 2026-11-29\n\n${'p\n\n'.repeat(n - 1)}`;

describe('the block limit', () => {
  it('is far above any real report, and counts every level of a quote as a block', () => {
    expect(MAX_BLOCKS).toBe(250_000);
    const env: NestingEnv = { maxBlocks: 10 };
    outline.parse('> > q\n\n- a\n- b\n', env);
    // Two quote levels and a paragraph; a list and the paragraph of each item.
    expect(env.blocks).toBe(3 + 3);
  });

  it('a report of exactly MAX_BLOCKS blocks loads; one more is refused at the line of the first block past it', () => {
    expect(parse(blocks(MAX_BLOCKS))).toMatchObject({ ok: true });
    const refused = parse(blocks(MAX_BLOCKS + 1));
    expect(refused).toMatchObject({ ok: false, problem: { code: 'too-many-blocks', params: { limit: MAX_BLOCKS } } });
    if (refused.ok) return;
    expect(refused.problem.reason).toContain('more than 250,000 blocks');
    // Line 1 is the heading, each paragraph takes two lines: block k (1-based) starts on line 2k - 1.
    expect(refused.problem.line).toBe(2 * (MAX_BLOCKS + 1) - 1);
  });

  it('the line counts the front matter', () => {
    const r = parse(`---\ntitle: t\n---\n\n${blocks(MAX_BLOCKS + 1)}`);
    expect(r).toMatchObject({ ok: false, problem: { line: 4 + 2 * (MAX_BLOCKS + 1) - 1 } });
  });

  it('nested quotes meet it in the middle of the file, and the parse stops there', () => {
    const env: NestingEnv = { maxBlocks: 1000 };
    const tokens = outline.parse(`${'>'.repeat(99)} q\n\n`.repeat(50), env);
    // 100 blocks a line: the 11th line holds the first block past 1,000.
    expect(env.blockOverflowLine).toBe(20);
    expect(tokens.filter((t) => t.type === 'paragraph_open')).toHaveLength(10);
  });

  it('rendering a loaded report is not limited (only loading asks for the limit)', () => {
    const doc = createRenderer(md).renderMarkdown('p\n\n'.repeat(20));
    expect(doc.text.split('p')).toHaveLength(21);
    const env: NestingEnv = {};
    md.parse('p\n\n'.repeat(20), env);
    expect(env.blocks).toBeUndefined();
  });

  it('check names the file, the reason and the line, and still loads the good file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drb-blocks-'));
    writeFileSync(join(dir, '2026-11-29-quotes.md'), `${'>'.repeat(99)} q\n\n`.repeat(10_000));
    writeFileSync(join(dir, '2026-11-28-good.md'), '# 2026-11-28\n\n## Markets\n\n### Rates\n\nRates held.\n');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['check', dir],
      {},
      { out: (s) => out.push(s), err: (s) => err.push(s), now: () => new Date('2026-11-29T12:00:00Z') },
    );
    expect(code).toBe(1);
    // 2,500 lines of 100 blocks fill the limit: the next line (5,001 in the file) is refused.
    expect(err.join('\n')).toContain('2026-11-29-quotes.md: error: the file has more than 250,000 blocks');
    expect(err.join('\n')).toContain('line 5001');
    expect(out.join('\n')).toContain('2026-11-28-good.md: ok');
  }, 60_000);
});
