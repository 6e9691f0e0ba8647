/**
 * Splits follow Chinese line-breaking rules: no message starts with closing
 * punctuation or ends with opening punctuation, and a run with no sentence
 * end is cut at a clause mark before anywhere else.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportToParts } from '../../src/render/messages.js';
import { sliceRichText, toHtml } from '../../src/render/rich-text.js';
import { splitDoc } from '../../src/render/split.js';
import { clipAtBoundary, isCloser, isOpener } from '../../src/util/line-break.js';
import { renderer, reportFrom, seedFiles, seedsDir } from '../support/render.js';
import { parseTelegramHtml } from '../support/tdlib.js';

function split(markdown: string, maxLength: number, maxEntities = 100) {
  const doc = renderer.renderMarkdown(markdown);
  const spans = splitDoc(doc, { maxLength, maxEntities });
  return { doc, spans, texts: spans.map((s) => doc.text.slice(s.start, s.end)) };
}

/** Every message is valid for Telegram, within its limits, and together they are the document. */
function expectValidAndLossless(
  doc: ReturnType<typeof renderer.renderMarkdown>,
  spans: Array<{ start: number; end: number }>,
  maxLength: number,
  maxEntities: number,
) {
  let at = 0;
  for (const span of spans) {
    expect(doc.text.slice(at, span.start).trim()).toBe('');
    const piece = sliceRichText(doc, span.start, span.end);
    expect(piece.text.length).toBeLessThanOrEqual(maxLength);
    expect(piece.entities.length).toBeLessThanOrEqual(maxEntities);
    const parsed = parseTelegramHtml(toHtml(piece));
    if (!parsed.ok) throw new Error(`refused: ${parsed.error}\n${toHtml(piece)}`);
    expect(parsed.text).toBe(piece.text);
    at = span.end;
  }
  expect(doc.text.slice(at).trim()).toBe('');
}

function expectPunctuationRules(texts: string[]) {
  texts.forEach((t, i) => {
    if (i > 0) expect(isCloser(t[0]), `message ${i + 1} starts with ${t[0]}: ${t.slice(0, 20)}`).toBe(false);
    if (i < texts.length - 1) expect(isOpener(t.at(-1)), `message ${i + 1} ends with ${t.at(-1)}: ${t.slice(-20)}`).toBe(false);
  });
}

describe('Chinese line-breaking rules at a split', () => {
  it('never starts a message with the closing quote of 他说：“…是否合适。”', () => {
    const para = '他说：“这件事情在目前的条件下是否合适。”'.repeat(30);
    for (const max of [60, 77, 100, 150]) {
      const { texts, doc, spans } = split(para, max);
      expect(texts.length).toBeGreaterThan(1);
      for (const t of texts.slice(1)) expect(t.startsWith('”')).toBe(false);
      // The quote closes the sentence: each message ends with it.
      for (const t of texts.slice(0, -1)) expect(t.endsWith('。”')).toBe(true);
      expectValidAndLossless(doc, spans, max, 100);
    }
  });

  it('never starts a message with the closing bracket of （注：…。）', () => {
    const para = '市场反应平淡。（注：这是一条相当长的补充说明文字。）'.repeat(30);
    for (const max of [60, 83, 100, 150]) {
      const { texts, doc, spans } = split(para, max);
      expect(texts.length).toBeGreaterThan(1);
      for (const t of texts.slice(1)) expect(t.startsWith('）')).toBe(false);
      expectPunctuationRules(texts);
      expectValidAndLossless(doc, spans, max, 100);
    }
  });

  it('cuts a long bold run with no sentence end at a clause mark, not mid-word', () => {
    const run = `**${'这是一段很长的加粗文本，'.repeat(40)}没有句号**`;
    for (const max of [50, 97, 130]) {
      const { texts, doc, spans } = split(run, max);
      expect(texts.length).toBeGreaterThan(1);
      for (const t of texts.slice(0, -1)) expect(t.endsWith('，')).toBe(true);
      expectValidAndLossless(doc, spans, max, 100);
    }
  });

  it('prefers 、；： to a cut between two characters, and a word boundary to a cut inside a word', () => {
    const list = split(`${'苹果、香蕉、橙子、葡萄'.repeat(20)}`, 45);
    for (const t of list.texts.slice(0, -1)) expect(t.endsWith('、')).toBe(true);
    // No clause mark at all: ICU's dictionary keeps 加粗 and 文本 whole.
    const words = split(`**${'很长的加粗文本'.repeat(30)}**`, 40);
    for (const t of words.texts.slice(0, -1)) expect(t.endsWith('加') || t.endsWith('文')).toBe(false);
    expectValidAndLossless(words.doc, words.spans, 40, 100);
  });

  it('keeps the rules at Telegram size in a whole report, checked by TDLib', () => {
    const body = Array.from(
      { length: 3 },
      (_, i) => `## 第${i + 1}部分\n\n${'他说：“这件事情在目前的条件下是否合适。”（注：补充说明。）'.repeat(160)}`,
    ).join('\n\n');
    const report = reportFrom('2026-11-20-quotes.md', `---\ntitle: 引号测试\ndate: 2026-11-20\n---\n${body}\n`);
    const parts = reportToParts(report, renderer);
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) {
      const parsed = parseTelegramHtml(p.payload.method === 'sendMessage' ? p.payload.text : p.payload.caption);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.text.length).toBeLessThanOrEqual(4096);
    }
    expectPunctuationRules(parts.map((p) => p.text));
  });

  it('never cuts a dash —— in half', () => {
    // 35 characters, then the dash: a limit of 36 falls between its two halves.
    const text = `${'很长的文本'.repeat(7)}——${'也就是补充说明'.repeat(10)}`;
    const { texts } = split(text, 36);
    texts.forEach((t, i) => {
      if (i > 0) expect(t.startsWith('—') && texts[i - 1]!.endsWith('—')).toBe(false);
    });
  });

  it.each(seedFiles())('seed %s: every message obeys the punctuation rules', (file) => {
    const parts = reportToParts(reportFrom(file, readFileSync(join(seedsDir, file), 'utf8')), renderer);
    expectPunctuationRules(parts.filter((p) => p.payload.method === 'sendMessage').map((p) => p.text));
  });

  it('still falls back to characters when nothing else is allowed, within the limit', () => {
    const { texts, doc, spans } = split('”'.repeat(300), 50);
    expect(texts.join('')).toBe(doc.text);
    expectValidAndLossless(doc, spans, 50, 100);
  });
});

const han = fc.string({
  unit: fc.constantFrom(
    ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严'.split(
      '',
    ),
  ),
  minLength: 1,
  maxLength: 8,
});
const closers = [...'，。、；：！？）」』”’》〉】〕…', ...',.;:!?)]}\'"'];
const openers = [...'（「『“‘《〈【〔', ...'([{'];
const phrase = fc
  .tuple(
    fc.option(fc.constantFrom(...openers)),
    han,
    fc.option(fc.constantFrom(...closers)),
    fc.option(fc.constantFrom(...closers)),
    fc.constantFrom('', '', ' ', 'AI', '2026'),
  )
  .map(([o, w, c1, c2, tail]) => `${o ?? ''}${w}${c1 ?? ''}${c2 ?? ''}${tail}`);
const run = fc
  .array(fc.oneof({ weight: 6, arbitrary: phrase }, { weight: 1, arbitrary: phrase.map((p) => `**${p}**`) }), {
    minLength: 5,
    maxLength: 120,
  })
  .map((ps) => ps.join(''));
const cjkDocument = fc.array(run, { minLength: 1, maxLength: 4 }).map((runs) => runs.join('\n\n'));

describe('random Chinese text with quotes and brackets', () => {
  it('never starts a message with a closer nor ends one with an opener, and stays valid and lossless', () => {
    fc.assert(
      fc.property(cjkDocument, fc.integer({ min: 30, max: 400 }), (markdown, maxLength) => {
        const { doc, spans, texts } = split(markdown, maxLength);
        expectPunctuationRules(texts);
        expectValidAndLossless(doc, spans, maxLength, 100);
        expect(split(markdown, maxLength).spans).toEqual(spans);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
    );
  });
});

describe('clipping running text to a label', () => {
  it('cuts at a clause mark with an ellipsis, never mid-word', () => {
    expect(clipAtBoundary('英伟达为能够思考的交通工具推出模型，并计划在明年向更多汽车厂商开放这项技术', 20)).toBe(
      '英伟达为能够思考的交通工具推出模型…',
    );
    expect(clipAtBoundary('短句', 20)).toBe('短句');
    const clipped = clipAtBoundary('这是一段很长的加粗文本没有任何标点符号可以用来切开它', 12);
    expect(Array.from(clipped).length).toBeLessThanOrEqual(12);
    expect(clipped.endsWith('…')).toBe(true);
  });
});
