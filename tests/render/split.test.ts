import { describe, expect, it } from 'vitest';
import { sliceRichText, toHtml } from '../../src/render/rich-text.js';
import { splitDoc } from '../../src/render/split.js';
import { renderer } from '../support/render.js';

const limits = (maxLength: number, maxEntities = 100) => ({ maxLength, maxEntities });

function split(markdown: string, maxLength: number, maxEntities = 100) {
  const doc = renderer.renderMarkdown(markdown);
  const spans = splitDoc(doc, limits(maxLength, maxEntities));
  return {
    doc,
    spans,
    texts: spans.map((s) => doc.text.slice(s.start, s.end)),
    html: spans.map((s) => toHtml(sliceRichText(doc, s.start, s.end))),
  };
}

/** The messages are the document's text in order, cut only where whitespace can be dropped or nothing is lost. */
function expectLossless(doc: { text: string }, spans: Array<{ start: number; end: number }>) {
  let at = 0;
  for (const s of spans) {
    expect(doc.text.slice(at, s.start).trim()).toBe('');
    expect(s.end).toBeGreaterThan(s.start);
    at = s.end;
  }
  expect(doc.text.slice(at).trim()).toBe('');
}

describe('splitting into messages', () => {
  it('keeps a short document in one message', () => {
    const { spans, doc } = split('Hello **world**', 4096);
    expect(spans).toEqual([{ start: 0, end: doc.text.length }]);
  });

  it('never exceeds the length limit, in UTF-16 units', () => {
    const para = '😀'.repeat(30);
    const { texts, doc, spans } = split(Array.from({ length: 20 }, () => para).join('\n\n'), 100);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(100);
    expectLossless(doc, spans);
  });

  it('prefers section boundaries, then topics, then paragraphs', () => {
    const section = (n: number) => `## Section ${n}\n\n### Topic ${n}a\n\n${'a'.repeat(60)}\n\n### Topic ${n}b\n\n${'b'.repeat(60)}`;
    const { texts } = split([section(1), section(2)].join('\n\n'), 200);
    expect(texts[0]!.startsWith('■ Section 1')).toBe(true);
    expect(texts[1]!.startsWith('■ Section 2')).toBe(true);
  });

  it('splits a long paragraph between sentences, Chinese and Latin', () => {
    const zh = '这是一个句子，里面有逗号。'.repeat(40);
    const { texts } = split(zh, 100);
    for (const t of texts.slice(0, -1)) expect(t.endsWith('。')).toBe(true);
    const en = 'This is a sentence. '.repeat(40).trim();
    const r = split(en, 100);
    for (const t of r.texts.slice(0, -1)) expect(t.endsWith('.')).toBe(true);
  });

  it('falls back to characters without splitting a surrogate pair', () => {
    const { texts, doc, spans } = split('😀'.repeat(101), 50);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(50);
      expect(/^[\uDC00-\uDFFF]/.test(t)).toBe(false);
      expect(/[\uD800-\uDBFF]$/.test(t)).toBe(false);
    }
    expect(texts.join('')).toBe(doc.text);
    expectLossless(doc, spans);
  });

  it('closes tags at a split and reopens them in the next message', () => {
    const { html } = split(`**${'word '.repeat(60).trim()}**`, 100);
    expect(html.length).toBeGreaterThan(1);
    for (const h of html) {
      expect(h.startsWith('<b>')).toBe(true);
      expect(h.endsWith('</b>')).toBe(true);
    }
    const quoted = split(`> ${'quoted line. '.repeat(30)}`, 80);
    for (const h of quoted.html) expect(h).toMatch(/^<blockquote>.*<\/blockquote>$/s);
  });

  it('never leaves a heading as the last thing in a message', () => {
    const md = Array.from({ length: 12 }, (_, i) => `### Heading number ${i}\n\n${'x'.repeat(30 + (i % 4) * 7)}`).join('\n\n');
    for (const max of [60, 70, 80, 90, 100, 120, 150]) {
      const { texts } = split(md, max);
      for (const t of texts) expect(t.split('\n').at(-1)!.startsWith('Heading number')).toBe(false);
    }
  });

  it('keeps each message within the entity limit', () => {
    const md = Array.from({ length: 250 }, (_, i) => `**b${i}**`).join(' ');
    const { doc, spans } = split(md, 4096, 100);
    expect(spans.length).toBeGreaterThanOrEqual(3);
    for (const s of spans) expect(sliceRichText(doc, s.start, s.end).entities.length).toBeLessThanOrEqual(100);
    expectLossless(doc, spans);
  });

  it('is deterministic', () => {
    const md = `## A\n\n${'Sentence one. '.repeat(200)}\n\n## B\n\n- x\n- y`;
    expect(split(md, 500).spans).toEqual(split(md, 500).spans);
  });

  it('packs greedily: small paragraphs fill each message', () => {
    const md = Array.from({ length: 100 }, (_, i) => `Paragraph ${i} ${'z'.repeat(80)}`).join('\n\n');
    const { spans, doc } = split(md, 1000);
    expect(spans.length).toBeLessThanOrEqual(Math.ceil(doc.text.length / 1000) + 1);
  });
});
