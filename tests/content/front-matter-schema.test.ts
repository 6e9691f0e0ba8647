/**
 * Front matter is checked field by field (issue 9: every known field against
 * a zod schema; issue 8: cover images only on public http(s) hosts). A wrong
 * date or draft flag makes the file broken; any other bad field is dropped
 * with a warning naming it.
 */
import { describe, expect, it } from 'vitest';
import { checkCoverUrl } from '../../src/content/cover-url.js';
import { createMarkdown } from '../../src/content/markdown.js';
import { type ParseResult, parseReport } from '../../src/content/parse-report.js';

const md = createMarkdown();

function parse(frontMatter: string, file = '2026-11-29-x.md'): ParseResult {
  return parseReport(file, Buffer.from(`---\n${frontMatter}\n---\n# Title\n\nbody\n`), new Date('2026-11-29T00:00:00Z'), {
    timeZone: 'UTC',
    md,
    maxBytes: 1 << 20,
  });
}

function loaded(frontMatter: string) {
  const r = parse(frontMatter);
  if (!r.ok) throw new Error(r.problem.reason);
  return { report: r.report, warnings: r.warnings.map((w) => w.message) };
}

function broken(frontMatter: string): string {
  const r = parse(frontMatter);
  if (r.ok) throw new Error('expected a broken file');
  return r.problem.reason;
}

describe('front matter fields', () => {
  it('reads well-formed fields as before', () => {
    const { report, warnings } = loaded(
      'title: T\ntags: [a, " b ", 3]\nsummary: S\ncategory: C\ndraft: no\npublished: yes\ncover: https://example.com/c.png',
    );
    expect(warnings).toEqual([]);
    expect(report).toMatchObject({
      title: 'T',
      tags: ['a', 'b', '3'],
      summary: 'S',
      category: 'C',
      draft: false,
      coverImage: 'https://example.com/c.png',
    });
  });

  it('reads a comma-separated tags line, Chinese commas included', () => {
    expect(loaded('tags: 经济，宏观, rates').report.tags).toEqual(['经济', '宏观', 'rates']);
  });

  it('drops tags that are not a flat list of short words, with a warning naming the field', () => {
    for (const bad of [
      'tags: [[a, b], c]',
      'tags: {a: 1}',
      `tags: [${'x'.repeat(65)}]`,
      `tags: [${Array(51).fill('t').join(',')}]`,
      'tags: true',
    ]) {
      const { report, warnings } = loaded(bad);
      expect(report.tags, bad).toEqual([]);
      expect(warnings, bad).toHaveLength(1);
      expect(warnings[0], bad).toMatch(/^front matter field "tags" .*; it was ignored$/);
    }
  });

  it('drops an over-long or non-text title, summary or category with a warning, and keeps the file', () => {
    const { report, warnings } = loaded(`title: [not, text]\nsummary: ${'s'.repeat(4001)}\ncategory: {a: b}`);
    expect(report.title).toBe('Title'); // from the heading instead
    expect(report.summary).toBeUndefined();
    expect(report.category).toBeUndefined();
    expect(warnings).toEqual([
      'front matter field "title" must be text; it was ignored',
      'front matter field "summary" is longer than 4000 characters; it was ignored',
      'front matter field "category" must be text; it was ignored',
    ]);
  });

  it('makes the file broken when the draft flag cannot be read: a draft must never be posted by mistake', () => {
    expect(broken('draft: maybe')).toBe('front matter field "draft" must be true or false');
    expect(broken('published: [x]')).toBe('front matter field "published" must be true or false');
    expect(loaded('published: no').report.draft).toBe(true);
    expect(loaded('draft: Yes').report.draft).toBe(true);
  });

  it('makes the file broken when the date is not a date', () => {
    expect(broken('date: [2026-11-29]')).toMatch(/^front matter field "date" must be text/);
    expect(broken(`date: "${'2026-11-29 '.repeat(10)}"`)).toMatch(/^front matter field "date" is too long to be a date/);
    expect(broken('date: soon')).toMatch(/is not a date/);
  });

  it('treats empty fields as absent, as before', () => {
    const { report, warnings } = loaded('title:\ntags:\nsummary: ""\ndraft:\ncoverImage:');
    expect(warnings).toEqual([]);
    expect(report).toMatchObject({ title: 'Title', tags: [], draft: false });
    expect(report.coverImage).toBeUndefined();
  });

  it('keeps unknown fields as metadata', () => {
    expect(loaded('seo: {keywords: [a, b]}\nspeaker: X').report.meta).toMatchObject({ seo: { keywords: ['a', 'b'] }, speaker: 'X' });
  });
});

describe('cover images (issue 8)', () => {
  const refused = [
    'tg://resolve?domain=x',
    'mailto:editor@example.com',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'ftp://example.com/a.png',
    'http://169.254.169.254/latest/meta-data/',
    'http://127.0.0.1/a.png',
    'http://127.1/a.png',
    'http://2130706433/a.png', // decimal 127.0.0.1
    'http://0177.0.0.1/a.png', // octal
    'http://0x7f.0.0.1/a.png', // hex
    'http://0x7f000001/a.png',
    'http://localhost/a.png',
    'http://LOCALHOST./a.png',
    'http://cdn.localhost/a.png',
    'http://10.0.0.5/a.png',
    'http://172.16.1.1/a.png',
    'http://192.168.1.1/a.png',
    'http://100.64.0.1/a.png',
    'http://0.0.0.0/a.png',
    'http://[::1]/a.png',
    'http://[::]/a.png',
    'http://[::ffff:127.0.0.1]/a.png',
    'http://[::ffff:169.254.169.254]/a.png',
    'http://[fe80::1]/a.png',
    'http://[fd12:3456::1]/a.png',
    'http://[64:ff9b::7f00:1]/a.png',
    'not a url',
  ];
  it.each(refused)('refuses %s', (url) => {
    expect(checkCoverUrl(url)).toHaveProperty('refused');
  });

  it.each(['https://example.com/c.png', 'http://8.8.8.8/c.png', 'https://[2001:db8::1]/c.png', 'https://172.32.0.1/c.png'])(
    'accepts %s',
    (url) => {
      expect(checkCoverUrl(url)).toEqual({ url: new URL(url).href });
    },
  );

  it('hands Telegram the parsed address, not the raw spelling', () => {
    expect(checkCoverUrl(' https://example.com/a b.png ')).toEqual({ url: 'https://example.com/a%20b.png' });
  });

  it('drops a refused cover with a warning that names the field; the report still loads without a photo', () => {
    for (const [field, url] of [
      ['coverImage', 'tg://x'],
      ['cover_image', 'mailto:a@b.c'],
      ['cover', 'http://169.254.169.254/x'],
    ] as const) {
      const { report, warnings } = loaded(`${field}: "${url}"`);
      expect(report.coverImage).toBeUndefined();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`^front matter field "${field}" .*; the report is posted without the picture$`));
    }
  });
});
