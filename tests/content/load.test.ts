import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { isPublished } from '../../src/content/report.js';
import { reportFrom } from '../support/render.js';

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-content-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('report shapes', () => {
  it('reads Markdown with YAML front matter, keeping every field as metadata', () => {
    const r = reportFrom(
      'x.md',
      '---\ntitle: Hello\ndate: 2026-01-07\ncategory: Daily\ntags: ["a", "b"]\nsummary: "- one\\n- two"\ncoverImage: "https://x.org/c.png"\nseo: [x]\n---\n# Hello\n\n## S\n\n### T1\n\nbody one\n\n### T2\n\nbody two\n',
    );
    expect(r).toMatchObject({
      shape: 'front-matter',
      title: 'Hello',
      date: '2026-01-07',
      category: 'Daily',
      tags: ['a', 'b'],
      summary: '- one\n- two',
      coverImage: 'https://x.org/c.png',
      draft: false,
    });
    expect(r.meta.seo).toEqual(['x']);
    expect(r.topics).toEqual([
      { title: 'T1', body: 'body one', section: 'S' },
      { title: 'T2', body: 'body two', section: 'S' },
    ]);
  });

  it('reads Markdown without front matter: title and date from the first heading', () => {
    const r = reportFrom(
      'wire.txt',
      '# Wire - 2026-01-06\n> period\n\n---\n\n**[05:45]** plain item. more\n\n**[05:49]** 【Headline here】Body text\n\n**[05:49]** 【【Tag】Nested】rest\n',
    );
    expect(r).toMatchObject({ shape: 'markdown', title: 'Wire - 2026-01-06', date: '2026-01-06', dateSource: 'heading' });
    expect(r.topics.map((t) => [t.time, t.title, t.body])).toEqual([
      // Issue 8: labels follow ICU's sentence rules, and a lower-case word after "." continues the sentence.
      ['05:45', 'plain item. more', 'plain item. more'],
      ['05:49', 'Headline here', 'Body text'],
      ['05:49', '【Tag】Nested', 'rest'],
    ]);
  });

  it('uses ## headings as topics when a report has no ###', () => {
    const r = reportFrom('a.md', '# T\n\n## One\n\ntext\n\n## Two\n\nmore');
    expect(r.topics.map((t) => t.title)).toEqual(['One', 'Two']);
  });

  it('reads plain text: every line a paragraph, short lines before longer ones are titles', () => {
    const r = reportFrom(
      '2026-01-12-notes.txt',
      'First title?\nA long body line that explains the first title in detail.\nSecond title\nAnother long body line, longer than its title for sure.\n',
    );
    expect(r.shape).toBe('plain-text');
    // Issue 8: a digest of several articles is named for the whole report, not its first headline.
    expect(r.title).toBe('Digest of 2 articles');
    expect(r.topics).toEqual([
      { title: 'First title?', body: 'A long body line that explains the first title in detail.' },
      { title: 'Second title', body: 'Another long body line, longer than its title for sure.' },
    ]);
  });

  it('detects Markdown by content, not by extension', () => {
    expect(reportFrom('a.txt', '## Section\n\ntext').shape).toBe('markdown');
    expect(reportFrom('a.txt', 'Just a line.\nAnother line that is longer.').shape).toBe('plain-text');
  });

  it('marks drafts (draft: true or published: false) and never counts them as published', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const d1 = reportFrom('a.md', '---\ndate: 2026-01-01\ndraft: true\n---\ntext');
    const d2 = reportFrom('b.md', '---\ndate: 2026-01-01\npublished: false\n---\ntext');
    const ok = reportFrom('c.md', '---\ndate: 2026-01-01\ndraft: false\n---\ntext');
    expect([d1.draft, d2.draft, ok.draft]).toEqual([true, true, false]);
    expect([isPublished(d1, now), isPublished(d2, now), isPublished(ok, now)]).toEqual([false, false, true]);
  });
});

describe('dates', () => {
  for (const tz of ['America/Los_Angeles', 'Asia/Shanghai', 'UTC', 'Pacific/Kiritimati']) {
    it(`keeps a date-only front matter date as that calendar day under TZ=${tz}`, () => {
      process.env.TZ = tz;
      const r = reportFrom('x.md', '---\ndate: 2026-01-07\n---\ntext');
      expect(r.date).toBe('2026-01-07');
      // Published from midnight in the configured zone (Asia/Shanghai = UTC+8).
      expect(r.publishAt.toISOString()).toBe('2026-01-06T16:00:00.000Z');
      const quoted = reportFrom('x.md', "---\ndate: '2026-01-21'\n---\ntext");
      expect(quoted.date).toBe('2026-01-21');
    });
  }

  it('treats a date with a time as an instant', () => {
    const zoned = reportFrom('x.md', '---\ndate: 2026-01-07T23:30:00-08:00\n---\ntext');
    expect(zoned.publishAt.toISOString()).toBe('2026-01-08T07:30:00.000Z');
    expect(zoned.date).toBe('2026-01-08'); // 15:30 in Shanghai
    const local = reportFrom('x.md', '---\ndate: 2026-01-07 09:15\n---\ntext');
    expect(local.publishAt.toISOString()).toBe('2026-01-07T01:15:00.000Z');
  });

  it('follows the order front matter, file name, heading, modification time', () => {
    expect(reportFrom('2026-02-02-x.md', '---\ndate: 2026-01-01\n---\n# 2026-03-03\n').dateSource).toBe('front-matter');
    const byName = reportFrom('2026-02-02-x.md', '# News 2026-03-03\n\ntext');
    expect([byName.date, byName.dateSource]).toEqual(['2026-02-02', 'file-name']);
    const byHeading = reportFrom('x.md', '# 快讯 2026年3月3日\n\ntext');
    expect([byHeading.date, byHeading.dateSource]).toEqual(['2026-03-03', 'heading']);
    const byMtime = reportFrom('x.txt', 'Title\nLonger body line', 'Asia/Shanghai', new Date('2026-05-05T20:00:00Z'));
    expect([byMtime.date, byMtime.dateSource]).toEqual(['2026-05-06', 'modified-time']);
  });

  it('is published once its day has come in the configured zone', () => {
    const r = reportFrom('x.md', '---\ndate: 2026-01-07\n---\ntext');
    expect(isPublished(r, new Date('2026-01-06T15:59:59Z'))).toBe(false);
    expect(isPublished(r, new Date('2026-01-06T16:00:00Z'))).toBe(true);
  });
});

describe('broken files', () => {
  it('reports each broken file by name and reason and keeps loading the others', async () => {
    const dir = folder({
      '2026-01-01-good.md': '---\ntitle: Good\n---\n## A\n\ntext',
      'bad-yaml.md': '---\ntitle: [unclosed\ndate: 2026-01-01\n---\ntext',
      'empty.md': '   \n\n',
      'latin1.txt': Buffer.from([0x66, 0x6f, 0xe9, 0x0a]),
      'huge.md': `# Big\n\n${'x'.repeat(1024 * 1024 + 10)}`,
      'bad-first-line.md': '---\ntitle: x: y\n---\ntext',
      'bad-date.md': '---\ndate: next tuesday\n---\ntext',
      'no-body.md': '---\ntitle: x\n---\n',
      'list-front-matter.md': '---\n- a\n- b\n---\ntext',
      '.hidden': 'ignored',
    });
    mkdirSync(join(dir, 'folder.md'));
    symlinkSync(join(dir, 'missing-target'), join(dir, 'dangling.md'));
    const loaded = await loadContent(dir, { timeZone: 'Asia/Shanghai' });
    expect(loaded.reports.map((r) => r.file)).toEqual(['2026-01-01-good.md']);
    const reasons = Object.fromEntries(loaded.problems.map((p) => [p.file, p]));
    expect(reasons['bad-yaml.md']!.reason).toMatch(/front matter is not valid YAML/);
    // Issue 8: the unclosed bracket is on line 2 (it used to be reported at line 3, where js-yaml noticed it).
    expect(reasons['bad-yaml.md']!.line).toBe(2);
    expect(reasons['bad-first-line.md']!.line).toBe(2);
    expect(reasons['empty.md']!.reason).toBe('the file is empty');
    expect(reasons['latin1.txt']!.reason).toMatch(/not valid UTF-8/);
    expect(reasons['huge.md']!.reason).toMatch(/over the 1\.0 MB limit/);
    expect(reasons['bad-date.md']!.reason).toMatch(/date "next tuesday" is not a date/);
    expect(reasons['no-body.md']!.reason).toMatch(/no text after its front matter/);
    expect(reasons['list-front-matter.md']!.reason).toMatch(/key: value/);
    // Issue 8: a folder is ignored, not an error; a dangling link is refused as a link.
    expect(reasons['folder.md']).toBeUndefined();
    expect(loaded.ignored).toEqual(
      expect.arrayContaining([
        { file: 'folder.md', why: 'folder' },
        { file: '.hidden', why: 'hidden' },
      ]),
    );
    expect(reasons['dangling.md']!.reason).toMatch(/link that leads nowhere/);
    expect(loaded.problems).toHaveLength(9);
  });

  it('warns when the date comes from the modification time', async () => {
    const dir = folder({ 'undated.txt': 'Title\nA longer body line' });
    utimesSync(join(dir, 'undated.txt'), new Date('2026-04-01T02:00:00Z'), new Date('2026-04-01T02:00:00Z'));
    const loaded = await loadContent(dir, { timeZone: 'Asia/Shanghai' });
    expect(loaded.reports[0]!.date).toBe('2026-04-01');
    expect(loaded.warnings[0]!.message).toMatch(/modification date 2026-04-01/);
  });

  it('refuses duplicate ids and says which file holds the id', async () => {
    const dir = folder({ 'a.md': '# A\n\nx', 'a.txt': 'A\nlonger line here' });
    const loaded = await loadContent(dir, { timeZone: 'UTC' });
    expect(loaded.reports).toHaveLength(1);
    expect(loaded.problems[0]!.reason).toMatch(/already used by a\.md/);
  });

  it('says clearly when the content folder does not exist', async () => {
    await expect(loadContent('/nonexistent/drb', { timeZone: 'UTC' })).rejects.toThrow('content folder /nonexistent/drb does not exist');
  });
});
