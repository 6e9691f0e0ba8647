/** Button labels made from titles are cut between words (or at a clause mark), never inside a word. */
import { describe, expect, it } from 'vitest';
import { dayLabel } from '../../src/bot/features/archive.js';
import { clipLabel } from '../../src/telegram/html.js';

describe('labels cut from titles', () => {
  it('cuts an English title between words, and a Chinese one at a clause mark or word', () => {
    expect(clipLabel('Podcast notes: the compute crunch and what it means for everyone', 40)).toBe(
      'Podcast notes: the compute crunch and…',
    );
    const zh = clipLabel('全球市场今日表现分化，投资者关注央行政策动向与科技股财报，美元指数走弱', 20);
    expect(zh).toBe('全球市场今日表现分化…');
    expect(clipLabel('short title', 40)).toBe('short title');
    expect(clipLabel('  spaced\n\ttitle  ', 40)).toBe('spaced title');
  });

  it("an archive day's button names each report without cutting a word", () => {
    const label = dayLabel('2026-11-26', ['Evening wrap: markets close higher on rate hopes', 'Morning briefing: overnight moves']);
    expect(label.startsWith('2026-11-26 · Morning')).toBe(true);
    for (const word of label
      .replace(/…/g, ' ')
      .split(/[\s/·:]+/)
      .filter(Boolean))
      expect([
        '2026-11-26',
        'Morning',
        'briefing',
        'overnight',
        'moves',
        'Evening',
        'wrap',
        'markets',
        'close',
        'higher',
        'on',
        'rate',
        'hopes',
      ]).toContain(word);
  });
});
