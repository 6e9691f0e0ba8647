import { describe, expect, it } from 'vitest';
import { MAX_LISTED_TOPICS, renderAlert } from '../../src/alerts/message.js';
import type { PendingBatch } from '../../src/alerts/queue.js';
import { callbackSecret, createCallbackCodec } from '../../src/telegram/callback-data.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const codec = createCallbackCodec(callbackSecret('1:test'));

function batch(topics: number): PendingBatch {
  return {
    v: 1,
    reportId: '2026-01-08-wire',
    hash: 'abc',
    day: '2026-01-08',
    title: '快讯 <第 8 期> & 更多',
    link: 'https://t.me/c/1500/12',
    createdAt: 0,
    topics: Array.from({ length: topics }, (_, i) => ({
      index: i,
      title: `话题 ${i} <b>&amp;</b>`,
      ...(i === 0 ? { time: '08:15' } : {}),
    })),
    jobs: [],
  };
}

describe('renderAlert', () => {
  it('valid Telegram HTML whose text is the plain fallback; everything escaped', () => {
    const b = batch(2);
    const { part, keyboard } = renderAlert(b, [1, 'zh', [0, 1], ['<script>', 'a&b']], codec);
    const parsed = parseTelegramHtml(part.payload.method === 'sendMessage' ? part.payload.text : '');
    expect(parsed).toMatchObject({ ok: true });
    expect(parsed.ok && parsed.text).toBe(part.text);
    expect(part.text).toBe(
      '🔔 关键词提醒：「<script>」、「a&b」\n《快讯 <第 8 期> & 更多》（2026-01-08）中有 2 个相关话题：\n\n1. 08:15 话题 0 <b>&amp;</b>\n2. 话题 1 <b>&amp;</b>\n\n点按下方按钮单独阅读话题；发送 /subscriptions 管理订阅。',
    );
    expect(keyboard.inline_keyboard.flat().map((x) => x.text)).toEqual([
      '08:15 话题 0 <b>&amp;</b>',
      '话题 1 <b>&amp;</b>',
      '在频道中阅读全文',
    ]);
  });

  it(`lists at most ${MAX_LISTED_TOPICS} topics and points to /topics for the rest`, () => {
    const { part, keyboard } = renderAlert(batch(13), [1, 'en', Array.from({ length: 13 }, (_, i) => i), ['x']], codec);
    expect(part.text).toContain('13 topics in "快讯 <第 8 期> & 更多" (2026-01-08):');
    expect(part.text).toContain('10. 话题 9');
    expect(part.text).not.toContain('11. ');
    expect(part.text).toContain('… and 3 more: send /topics 2026-01-08 to see them.');
    expect(keyboard.inline_keyboard).toHaveLength(MAX_LISTED_TOPICS + 1);
    expect(parseTelegramHtml(part.payload.method === 'sendMessage' ? part.payload.text : '')).toMatchObject({ ok: true });
  });

  it('the worst case (20 keywords of 64 characters, long titles) stays one message', () => {
    const b = batch(10);
    for (const t of b.topics) t.title = '长'.repeat(300);
    const keywords = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(64, '词'));
    const { part } = renderAlert(b, [1, 'zh', b.topics.map((t) => t.index), keywords], codec);
    expect(part.text.length).toBeLessThanOrEqual(4096);
  });
});
