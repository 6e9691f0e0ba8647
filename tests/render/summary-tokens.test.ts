import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../src/content/markdown.js';
import { summaryTokens } from '../../src/render/summary-tokens.js';

const md = createMarkdown();

/** Plain words, and words one character away from being something else. */
const LINES = [
  "Notes from this week's episode on compute shortages and market swings.",
  '美军突袭加拉加斯抓获委内瑞拉总统马杜罗',
  'A股13连阳，现货黄金站上4500美元',
  'x',
  '2026 was a year',
  '1. first',
  '3) third',
  'Prices rose 6%',
  'See https://example.com',
  'a *b* c',
  'a_b_c',
  'a `b`',
  'a [b](c)',
  'a <b>c</b>',
  'AT&amp;T',
  'back\\slash',
  'tilde ~~x~~',
  '# heading',
  '> quote',
  '---',
  '| a | b |',
  '    indented',
  ' leading space',
  'trailing space ',
  '\u3000ideographic space',
  'nbsp\u00a0inside',
  'tab\tinside',
  'nul\u0000inside',
  'line\u2028separator',
  'emoji 😀 and ‘quotes’ “here”',
  '(parens) and {braces}',
  'a = b',
  'caret ^ and @ and $',
];

function expectSameAsParse(text: string): void {
  expect(summaryTokens(md, text)).toStrictEqual(md.parse(text, {}));
}

/** Every printable ASCII character at the start, inside, at the end, and as a whole line. */
const ASCII_LINES = Array.from({ length: 0x7f - 0x20 }, (_, k) => String.fromCharCode(0x20 + k)).flatMap((c) => [
  `${c}a`,
  `a${c}b`,
  `a ${c} b`,
  `a ${c}${c}${c} b`,
  `a${c}`,
  c.repeat(3),
  `${c} a`,
]);

describe('summaryTokens', () => {
  it('gives the tokens markdown-it parses for one line, plain or not', () => {
    for (const line of [...LINES, ...ASCII_LINES]) expectSameAsParse(line);
  });

  it('gives the tokens markdown-it parses for a list of lines, plain or not', () => {
    for (const line of [...LINES, ...ASCII_LINES]) {
      expectSameAsParse(`- ${line}`);
      expectSameAsParse(`- first item\n- ${line}\n- last item`);
      expectSameAsParse(`- ${line}\n- ${line}`);
    }
    for (const text of [
      '- a\n- b\n',
      '- a\n\n- b',
      '- a\nb',
      '- a\n  - b',
      '- a\n* b',
      '-  a\n- b',
      '- a\r\n- b',
      '- a\n- 1. b',
      '- a\n-\n- b',
      '* a\n* b',
      '- - a',
    ])
      expectSameAsParse(text);
  });

  it('builds the plain shapes instead of parsing them', () => {
    // Built and parsed tokens look alike (the tests above): watch for calls to parse instead.
    const calls: string[] = [];
    const parse = (src: string): ReturnType<typeof md.parse> => {
      calls.push(src);
      return md.parse(src, {});
    };
    const spy = { ...md, options: md.options, core: md.core, parse } as typeof md;
    summaryTokens(spy, 'Plain words only');
    summaryTokens(spy, '- plain\n- list');
    summaryTokens(spy, '- 白银大涨6%\n- A股13连阳');
    expect(calls).toEqual([]);
    summaryTokens(spy, '- **bold** item');
    expect(calls).toEqual(['- **bold** item']);
  });

  it('parses when the typographer would change plain words', () => {
    const typographer = createMarkdown();
    typographer.set({ typographer: true });
    const text = 'It\'s "quoted" (c)';
    expect(summaryTokens(typographer, text)).toStrictEqual(typographer.parse(text, {}));
  });
});
