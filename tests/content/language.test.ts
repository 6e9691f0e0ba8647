/**
 * The language judgement stops counting once the rest of its sample cannot
 * change the answer: it must answer exactly what counting the whole sample
 * (`${title}\n${body}` cut to 2,000 characters) answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isChineseReport, isChineseText } from '../../src/content/language.js';

/** The judgement over the whole sample, counted to its end. */
function countedToTheEnd(text: string): boolean {
  let han = 0;
  let latin = 0;
  for (let i = 0; i < Math.min(text.length, 2000); i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) han++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return han > 0 && han * 2 >= latin;
}

/** Runs of one kind of character, so a text can change language part way (the early stop's hard case). */
const run = fc
  .tuple(fc.constantFrom('中', '文', '㐀', '豈', 'a', 'Z', 'é', '1', ' ', '，', '😀', '\n', '@', '['), fc.integer({ min: 1, max: 900 }))
  .map(([c, n]) => c.repeat(n));
const text = fc.array(run, { maxLength: 8 }).map((runs) => runs.join(''));

describe('isChineseReport', () => {
  it('answers what counting the whole sample answers', () => {
    fc.assert(
      fc.property(text, text, (title, body) => {
        expect(isChineseReport({ title, body })).toBe(countedToTheEnd(`${title}\n${body.slice(0, 2000)}`));
      }),
      { numRuns: 2000 },
    );
  });

  it('judges from the sample only, however the rest of the report reads', () => {
    const english = 'Markets moved on the news. '.repeat(100);
    expect(isChineseReport({ title: '日报', body: `${'市场消息'.repeat(600)}${english}` })).toBe(true);
    expect(isChineseReport({ title: 'Daily', body: `${english}${'市场消息'.repeat(600)}` })).toBe(false);
    // A title as long as the sample leaves no room for the body.
    expect(isChineseReport({ title: 'a'.repeat(2000), body: '中'.repeat(5000) })).toBe(false);
    expect(isChineseReport({ title: `${'中'.repeat(667)}${'a'.repeat(1332)}`, body: 'a' })).toBe(true);
  });
});

describe('isChineseText', () => {
  it('answers what counting the whole sample answers', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(isChineseText(t)).toBe(countedToTheEnd(t));
      }),
      { numRuns: 2000 },
    );
  });
});
