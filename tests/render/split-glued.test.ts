/**
 * Issue 9, many headings: in a report of nothing but headings every text cut
 * would end a message with a heading, so the splitter's sentence, clause,
 * word and grapheme searches could only fail, once per message; ICU was
 * asked about ~700 characters per message (seconds on 1 MB). It now sees
 * from the glued spans that no text cut can be taken, without asking ICU,
 * and the messages are the same.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMarkdown } from '../../src/content/markdown.js';
import { createRenderer } from '../../src/render/document.js';
import { MESSAGE_LIMITS, splitDoc } from '../../src/render/split.js';

const renderer = createRenderer(createMarkdown());

afterEach(() => {
  vi.restoreAllMocks();
});

describe('splitting a report of glued headings', () => {
  it.each([
    ['### h', '### h\n'],
    ['### h. (a sentence end in each)', '### h.\n'],
  ])('%s: never asks ICU for a cut, loses nothing, and never starts a message inside a heading', (_, unit) => {
    const doc = renderer.renderMarkdown(unit.repeat(20_000));
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    const spans = splitDoc(doc, MESSAGE_LIMITS);
    expect(segment).not.toHaveBeenCalled();
    expect(spans.length).toBeGreaterThan(10);
    expect(
      spans
        .map((s) => doc.text.slice(s.start, s.end))
        .join('')
        .replace(/\s+/g, ''),
    ).toBe(doc.text.replace(/\s+/g, ''));
    const headingStarts = new Set(doc.headings.map((h) => h.offset));
    for (const s of spans) {
      expect(s.end - s.start).toBeLessThanOrEqual(MESSAGE_LIMITS.maxLength);
      expect(headingStarts.has(s.start)).toBe(true);
    }
  });

  it('a heading followed by text is still cut by the text searches (ICU included) when a paragraph runs past a message', () => {
    const doc = renderer.renderMarkdown(`### h\n\n${'这是一段很长的文字没有标点'.repeat(800)}\n`);
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    const spans = splitDoc(doc, MESSAGE_LIMITS);
    expect(spans.length).toBeGreaterThan(1);
    expect(segment).toHaveBeenCalled();
  });
});
