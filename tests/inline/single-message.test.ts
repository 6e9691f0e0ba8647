/**
 * One inline message from a topic's parts: Telegram's parser accepts it,
 * it stays within 4,096 units and 100 entities, and a cut is clean.
 */
import { describe, expect, it } from 'vitest';
import { singleMessage } from '../../src/bot/features/inline.js';
import { createRenderer } from '../../src/render/document.js';
import { htmlToRichText } from '../../src/render/html-rich-text.js';
import { toHtml } from '../../src/render/rich-text.js';
import { topicParts } from '../../src/render/topic-message.js';
import { reportFrom } from '../publish/helpers.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const renderer = createRenderer();
const LINK = { url: 'https://t.me/c/9876/12', label: 'View in the channel' };

function topic(body: string): ReturnType<typeof topicParts> {
  const report = reportFrom('2026-11-18-t.md', `---\ntitle: T\ndate: 2026-11-18\n---\n### The topic\n\n${body}\n`);
  return topicParts(report, 0, renderer);
}

function check(html: string): { text: string; entities: unknown[] } {
  const parsed = parseTelegramHtml(html);
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.text.length).toBeLessThanOrEqual(4096);
  expect(parsed.entities.length).toBeLessThanOrEqual(100);
  return parsed;
}

describe('singleMessage', () => {
  it('a short topic is sent as rendered, the link below it', () => {
    const parts = topic('Markets were **calm** & quiet.');
    const html = singleMessage(parts, LINK);
    expect(html).toBe(
      `${parts[0]!.payload.method === 'sendMessage' ? parts[0]!.payload.text : ''}\n\n<a href="https://t.me/c/9876/12">View in the channel</a>`,
    );
    expect(check(html).text.endsWith('quiet.\n\nView in the channel')).toBe(true);
  });

  it('text with no sentence or line to cut at is cut between characters, never inside a surrogate pair', () => {
    const parts = topic('😀'.repeat(3000));
    expect(parts.length).toBeGreaterThan(1);
    const parsed = check(singleMessage(parts, LINK));
    const body = parsed.text.split('\n\nView in the channel')[0]!;
    expect(body.startsWith('The topic\n2026-11-18\n\n😀')).toBe(true);
    expect(body.endsWith('😀…')).toBe(true);
    expect(parsed.text.length).toBeGreaterThan(4000);
  });

  it('a topic that fills its first message to the brim is cut shorter to make room for "…" and the link', () => {
    const sentence = 'Rates held steady again today. ';
    const parts = topic(sentence.repeat(200));
    expect(parts.length).toBeGreaterThan(1);
    const parsed = check(singleMessage(parts, LINK));
    expect(parsed.text).toMatch(/today\.…\n\nView in the channel$/);
    // Without a link there is a little more room.
    expect(check(singleMessage(parts)).text).toMatch(/today\.…$/);
  });

  it('never more than 100 entities, the link included', () => {
    const words = Array.from({ length: 180 }, (_, i) => `**w${i}**`).join(' ');
    const parts = topic(words);
    expect(parts.length).toBeGreaterThan(1);
    const parsed = check(singleMessage(parts, LINK));
    expect(parsed.entities.length).toBe(100);
    expect(parsed.text.endsWith('…\n\nView in the channel')).toBe(true);
  });

  it('reads back exactly what the renderer wrote: code blocks with a language, links, quotes, escapes', () => {
    const parts = topic(
      '> quoted *and* `code`\n\n```ts\nconst a = 1 < 2 && "x";\n```\n\nSee [this & that](https://example.com/?a=1&b="2").',
    );
    for (const p of parts) {
      const html = p.payload.method === 'sendMessage' ? p.payload.text : p.payload.caption;
      expect(toHtml(htmlToRichText(html))).toBe(html);
    }
  });
});
