import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchKeywords } from '../../src/alerts/fan-out.js';
import { cleanKeyword, keywordNorm, MAX_KEYWORD_LENGTH, NormCache } from '../../src/alerts/keywords.js';
import { ReportMatcher } from '../../src/alerts/matcher.js';
import { normalizeText } from '../../src/search/normalize.js';

const topics = [
  { title: '国产芯片扩产', body: '多家工厂宣布扩产，**产能**提升三成。' },
  { title: 'OpenAI 发布新模型', body: '新模型在推理测试中表现更好，ＡＩ 芯片需求上升。' },
  { title: '一周评论', body: 'This week in AI: (a+b)* and [brackets].' },
];

describe('ReportMatcher', () => {
  const m = new ReportMatcher(topics);
  const find = (keyword: string): number[] => m.topicsWith(keywordNorm(keyword));

  it('finds Chinese inside words, in titles and bodies', () => {
    expect(find('芯片')).toEqual([0, 1]);
    expect(find('扩产')).toEqual([0]);
    expect(find('推理测试')).toEqual([1]);
    expect(find('量子')).toEqual([]);
  });

  it('ignores case and width (full-width ＡＩ, upper and lower case)', () => {
    expect(find('ai')).toEqual([1, 2]);
    expect(find('ＡＩ')).toEqual([1, 2]);
    expect(find('openai')).toEqual([1]);
    expect(find('ＯｐｅｎＡＩ 发布')).toEqual([1]);
  });

  it('takes keywords literally, never as patterns', () => {
    expect(find('(a+b)*')).toEqual([2]);
    expect(find('[brackets]')).toEqual([2]);
    expect(find('.*')).toEqual([]);
    expect(find('a+b')).toEqual([2]);
  });

  it('one-character keywords work, and no match spans a title and its body or two topics', () => {
    expect(find('芯')).toEqual([0, 1]);
    expect(find('扩产多家')).toEqual([]); // end of topic 0's title + start of its body
    expect(find('三成。OpenAI')).toEqual([]);
    expect(m.topicsWith('')).toEqual([]);
  });

  it('agrees with a plain includes() over normalised titles and bodies', () => {
    const alphabet = fc.constantFrom(...'ab芯片AＢ ，.'.split(''));
    const text = fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, body: text }), { maxLength: 6 }),
        fc.array(alphabet, { minLength: 1, maxLength: 4 }),
        (ts, kw) => {
          const norm = keywordNorm(kw.join(''));
          fc.pre(norm.length > 0);
          const expected = ts.flatMap((t, i) => (normalizeText(t.title).includes(norm) || normalizeText(t.body).includes(norm) ? [i] : []));
          expect(new ReportMatcher(ts).topicsWith(norm)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('matchKeywords', () => {
  it('tests each distinct normalised keyword once and maps every spelling to its topics', () => {
    const got = matchKeywords({ topics }, ['AI', 'ai', 'ＡＩ', '芯片', '量子'], new NormCache());
    expect(Object.fromEntries(got)).toEqual({ AI: [1, 2], ai: [1, 2], ＡＩ: [1, 2], 芯片: [0, 1] });
  });
});

describe('cleanKeyword', () => {
  it('trims, collapses spaces, keeps the spelling', () => {
    expect(cleanKeyword('  Machine \n  Learning ')).toEqual({ ok: true, keyword: 'Machine Learning' });
    expect(cleanKeyword('ＡＩ')).toEqual({ ok: true, keyword: 'ＡＩ' });
  });

  it('refuses empty, over-long and control characters; counts characters, not bytes', () => {
    expect(cleanKeyword('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(cleanKeyword('芯'.repeat(MAX_KEYWORD_LENGTH))).toMatchObject({ ok: true });
    expect(cleanKeyword('芯'.repeat(MAX_KEYWORD_LENGTH + 1))).toEqual({ ok: false, reason: 'too-long' });
    expect(cleanKeyword('a\u0000b')).toEqual({ ok: false, reason: 'invalid' });
  });
});
