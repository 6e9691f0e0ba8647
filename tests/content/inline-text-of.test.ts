/**
 * inlineTextOf answers without a parse when the text has no inline syntax
 * (175k headings spent longer in a parser per heading than in the block
 * parse); it must give what the parse gives, for any text.
 */
import { describe, expect, it } from 'vitest';
import { createMarkdown, createOutlineMarkdown, inlineText, inlineTextOf } from '../../src/content/markdown.js';

const md = createMarkdown();
const outline = createOutlineMarkdown();

/** The unparsed inline token the outline parser leaves for a heading. */
function headingToken(title: string) {
  const tokens = outline.parse(`### ${title}\n`, {});
  return tokens.find((t) => t.type === 'inline');
}

describe('inlineTextOf', () => {
  it('gives what a full inline parse gives, with or without inline syntax', () => {
    const alphabet = [
      'a',
      'Z',
      '中',
      '文',
      ' ',
      '.',
      ',',
      '，',
      '。',
      '*',
      '_',
      '[',
      ']',
      '(',
      ')',
      '`',
      '<',
      '>',
      '&',
      '\\',
      '!',
      '~',
      '#',
      'é',
      '😀',
      ':',
      '/',
      'amp;',
      'http://x.y',
    ];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const title = Array.from({ length: 1 + (next() % 12) }, () => alphabet[next() % alphabet.length]).join('');
      const token = headingToken(title);
      const parsed = inlineText(md.parseInline(token?.content ?? '', {})[0]);
      expect(inlineTextOf(md, token), JSON.stringify(title)).toBe(token?.content ? parsed : '');
    }
  });

  it('reads the text of syntax it sees', () => {
    expect(inlineTextOf(md, headingToken('[Rates](https://example.com) **held**'))).toBe('Rates held');
    expect(inlineTextOf(md, headingToken('Rates held steady'))).toBe('Rates held steady');
    expect(inlineTextOf(md, headingToken('央行 &amp; 利率'))).toBe('央行 & 利率');
  });
});
