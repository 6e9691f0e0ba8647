/** The terminal bubbles: plain text without a terminal, light ANSI styling with one. */
import { describe, expect, it } from 'vitest';
import { type BubbleView, formatBubble, inlineButtons, keyboardLines, styleText } from '../../src/sandbox/bubble.js';

const view = (over: Partial<BubbleView> = {}): BubbleView => ({
  where: 'channel',
  tone: 'channel',
  text: 'Rates hold\nSee the board',
  entities: [],
  showLength: true,
  silent: false,
  edited: false,
  keyboard: [],
  ...over,
});

describe('formatBubble', () => {
  it('heads a channel post with its report, part, length and silence, then the text', () => {
    const first = formatBubble(view({ part: { reportId: '2026-03-03-daily', index: 0, total: 5 }, text: 'x'.repeat(1234) }), false);
    expect(first.split('\n')[0]).toMatch(/^── channel · 2026-03-03-daily · message 1\/5 · 1,234\/4,096 ─+$/);
    const second = formatBubble(view({ part: { reportId: '2026-03-03-daily', index: 1, total: 5 }, silent: true }), false);
    expect(second).toMatch(/^── channel · message 2\/5 · 24\/4,096 · silent ─+\nRates hold\nSee the board$/);
  });

  it('shows a photo with its URL and measures the caption against 1,024', () => {
    const out = formatBubble(view({ photo: 'https://example.com/c.png', text: 'Caption' }), false);
    expect(out).toMatch(/^── channel · 7\/1,024 ─+\n\[photo https:\/\/example\.com\/c\.png\]\nCaption$/);
  });

  it('numbers buttons across rows and skips empty rows', () => {
    const rows = inlineButtons({
      inline_keyboard: [
        [{ text: 'One', callback_data: 'a' }],
        [
          { text: '‹', callback_data: 'p' },
          { text: 'Site', url: 'https://example.com' },
        ],
        [],
      ],
    });
    expect(keyboardLines(rows, false)).toEqual(['  :1 [One]', '  :2 [‹]   :3 [Site ↗]']);
    expect(formatBubble(view({ where: 'bot', tone: 'bot', showLength: false, text: 'Pick', keyboard: rows }), false)).toMatch(
      /^── bot ─+\nPick\n {2}:1 \[One\]\n {2}:2 \[‹\] {3}:3 \[Site ↗\]$/,
    );
  });

  it('prints no escape codes without colour', () => {
    const out = formatBubble(
      view({ entities: [{ type: 'bold', offset: 0, length: 5 }], keyboard: [[{ text: 'a', callbackData: 'a' }]] }),
      false,
    );
    expect(out).not.toContain('\x1b');
  });
});

describe('styleText', () => {
  it('styles bold, italic and links, nested, and follows a link with its target', () => {
    const text = 'Bold and italic link';
    const out = styleText(
      text,
      [
        { type: 'bold', offset: 0, length: 15 },
        { type: 'italic', offset: 9, length: 6 },
        { type: 'text_link', offset: 16, length: 4, url: 'https://example.com/x' },
      ],
      true,
    );
    expect(out).toBe('\x1b[1mBold and \x1b[0m\x1b[1;3mitalic\x1b[0m \x1b[34;4mlink\x1b[0m\x1b[2m ‹https://example.com/x›\x1b[0m');
    expect(out.replace(/\x1b\[[\d;]*m/g, '').replace(' ‹https://example.com/x›', '')).toBe(text);
  });

  it('leaves the text alone without colour', () => {
    expect(styleText('Plain', [{ type: 'bold', offset: 0, length: 5 }], false)).toBe('Plain');
  });
});
