import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeQuery, normalizeText } from '../../src/search/normalize.js';

describe('normalizeText', () => {
  it('folds Traditional to Simplified, character by character', () => {
    expect(normalizeText('輝達')).toBe('辉达');
    expect(normalizeText('黃仁勳')).toBe('黄仁勋');
    expect(normalizeText('黄仁勋')).toBe('黄仁勋');
    // Taiwan and Hong Kong variants fold too.
    expect(normalizeText('看著')).toBe(normalizeText('看着'));
    expect(normalizeText('衞星')).toBe(normalizeText('卫星'));
    // No phrase conversion: 乾 folds the same alone and inside any word.
    expect(normalizeText('乾隆')).toBe(`${normalizeText('乾')}隆`);
  });

  it('makes Latin case- and width-insensitive (NFKC, then lower case)', () => {
    expect(normalizeText('ＡＩ')).toBe('ai');
    expect(normalizeText('OpenAI ＧＰＵ')).toBe('openai gpu');
    expect(normalizeText('ﬁnance ①')).toBe('finance 1');
  });

  it('composes canonically equivalent text the same way', () => {
    expect(normalizeText('cafe\u0301')).toBe(normalizeText('café'));
  });

  it('keeps emoji and other astral characters, and replaces lone surrogates', () => {
    expect(normalizeText('火箭🚀升空')).toBe('火箭🚀升空');
    expect(normalizeText('👨‍👩‍👧')).toBe('👨‍👩‍👧');
    expect(normalizeText('a\ud83db')).toBe('a\ufffdb');
    expect(normalizeText('a\ude80b')).toBe('a\ufffdb');
  });

  it('returns the same string when nothing changes (no copy of Simplified text)', () => {
    const s = '英伟达发布财报。股价上涨';
    expect(normalizeText(s)).toBe(s);
  });

  it('is idempotent for every BMP character', () => {
    const broken: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const once = normalizeText(String.fromCharCode(c));
      if (normalizeText(once) !== once) broken.push(String.fromCharCode(c));
    }
    expect(broken).toEqual([]);
  });

  it('commutes with concatenation when NFKC joins nothing (a query inside a text stays inside the folded text)', () => {
    // Whole code points: the property is about texts, and a query never splits a surrogate pair.
    const chars = fc.constantFrom(...Array.from('英伟达輝達黄黃仁勳勋AＡaßİΣσ🚀⚠️金的 ，。1①ﬁ𠮷'), '👍🏽');
    const text = fc.array(chars, { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(normalizeText(a + b)).toBe(normalizeText(a) + normalizeText(b));
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeQuery', () => {
  it('trims (including ideographic spaces) and folds', () => {
    expect(normalizeQuery('  ＡＩ\u3000')).toBe('ai');
    expect(normalizeQuery(' \t\n\u3000 ')).toBe('');
  });
});
