/**
 * Issue 9, "What was seen" 1 and 2: a 524-byte YAML alias bomb and
 * quadratic work on 1 MB of `[a` or `**a*`. Each of these took from 16 s to
 * minutes (and 4.5 GB) on the old code, so they would run into the test
 * timeout there; the assertions themselves are about results, not time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createMarkdown, createOutlineMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import { looksLikeMarkdown } from '../../src/content/shape.js';
import { createLibrary } from '../../src/library/library.js';
import type { RenderedDoc } from '../../src/render/doc-builder.js';
import { createRenderer } from '../../src/render/document.js';
import { MESSAGE_LIMITS, splitDoc } from '../../src/render/split.js';
import { aliasBomb } from '../fixtures/hostile/cases.js';

const md = createMarkdown();
const outline = createOutlineMarkdown();
const MB = 1024 * 1024;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-bounded-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function check(dir: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['check', dir], env, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    now: () => new Date('2026-11-29T12:00:00Z'),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const GOOD = '# 2026-11-28\n\n## Markets\n\n### Rates\n\nRates held.\n';

describe('seen 1: the YAML alias bomb', () => {
  it('is about the size of the file in the issue', () => {
    expect(Buffer.byteLength(aliasBomb())).toBeLessThan(600);
  });

  it('check names the file and the reason (aliases), the line, keeps the good file and exits 1', async () => {
    const dir = folder({ '2026-11-29-bomb.md': aliasBomb(), '2026-11-28-good.md': GOOD });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      '2026-11-29-bomb.md: error: the front matter uses a YAML alias (*name); aliases are not allowed in reports, write the value out instead (line 4)',
    );
    expect(r.out).toContain('2026-11-28-good.md: ok');
    expect(r.out).toContain('1 report ok, 1 broken');
  });

  it('the bot reports it as a broken file and serves the rest', async () => {
    const dir = folder({ '2026-11-29-bomb.md': aliasBomb(), '2026-11-28-good.md': GOOD });
    const library = createLibrary({ dir, timeZone: 'UTC' });
    const content = await library.reload();
    expect(content.problems).toEqual([
      { file: '2026-11-29-bomb.md', reason: expect.stringContaining('YAML alias'), line: 4, code: 'yaml-alias' },
    ]);
    expect(content.reports.map((r) => r.id)).toEqual(['2026-11-28-good']);
  });

  it('a single alias is refused too, while an anchor alone is harmless', () => {
    const parse = (fm: string) =>
      parseReport('2026-11-29-a.md', Buffer.from(`---\n${fm}\n---\n\nbody\n`), new Date(), { timeZone: 'UTC', md, maxBytes: MB });
    expect(parse('base: &b x\ntitle: *b')).toMatchObject({ ok: false, problem: { reason: expect.stringContaining('YAML alias') } });
    expect(parse('title: &b x')).toMatchObject({ ok: true, report: { title: 'x' } });
  });
});

describe('seen 2: quadratic work on file content', () => {
  it('the Markdown detector reads 1 MB of "[a" (minutes before) and still finds real links', () => {
    expect(looksLikeMarkdown('[a'.repeat(MB / 2), 'x.txt')).toBe(false);
    expect(looksLikeMarkdown(`${'[a'.repeat(MB / 4)}[link](https://example.com)`, 'x.txt')).toBe(true);
    expect(looksLikeMarkdown(`${'[a]('.repeat(MB / 8)}`, 'x.txt')).toBe(false);
    expect(looksLikeMarkdown('see **this** now', 'x.txt')).toBe(true);
    expect(looksLikeMarkdown('run `npm test`', 'x.txt')).toBe(true);
  });

  it('the splitter reads each entity a bounded number of times, however many messages (it rescanned all of them per message)', () => {
    const renderer = createRenderer(md);
    const doc = renderer.renderMarkdown('**a*'.repeat(64 * 1024));
    let reads = 0;
    // Count every element read of the entity list: linear work reads each a few times.
    const entities = new Proxy(doc.entities, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const spans = splitDoc({ ...doc, entities } as RenderedDoc, MESSAGE_LIMITS);
    expect(spans.length).toBeGreaterThan(100);
    expect(reads).toBeLessThanOrEqual(4 * doc.entities.length);
  });

  it('1 MB of "**a*" loads, and check says it would take too many messages to post', async () => {
    const text = '**a*'.repeat(MB / 4 - 16);
    const parsed = parseReport('2026-11-29-emphasis.md', Buffer.from(text), new Date(), { timeZone: 'UTC', md, outline, maxBytes: MB });
    expect(parsed.ok).toBe(true);
    const dir = folder({ '2026-11-29-emphasis.md': text });
    const r = await check(dir);
    expect(r.err).toMatch(
      /2026-11-29-emphasis\.md: warning: it would take \d{4} messages, over the limit of 30 \(MAX_MESSAGES\); it will not be posted/,
    );
    // `post --dry-run` says the same before anything is sent.
    const err: string[] = [];
    const code = await runCli(
      ['post', '--dry-run'],
      { CONTENT_DIR: dir, CHANNEL_ID: '@daily', TIMEZONE: 'UTC' },
      { out: () => undefined, err: (s) => err.push(s), now: () => new Date('2026-11-29T12:00:00Z') },
    );
    expect(code).toBe(0);
    expect(err.join('\n')).toMatch(/2026-11-29-emphasis\.md: would be held back: it would take \d{4} messages, over the limit of 30/);
  }, 120_000);
});
