import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMITS } from '../../src/render/split.js';
import { topicParts } from '../../src/render/topic-message.js';
import { renderer, reportFrom } from '../support/render.js';
import { parseTelegramHtml } from '../support/tdlib.js';

function parsed(html: string): { text: string; entities: Array<{ type: string; offset: number; length: number }> } {
  const r = parseTelegramHtml(html);
  if (!r.ok) throw new Error(`Telegram refuses ${JSON.stringify(html.slice(0, 200))}: ${r.error}`);
  return r;
}

const daily = reportFrom(
  'daily.md',
  [
    '---',
    'title: 晨间简报',
    'date: 2026-02-03',
    '---',
    '# 晨间简报',
    '',
    '## 产业',
    '',
    '### 电池 <回收> & 再利用',
    '',
    '回收率提高到 **九成**，详见[报告](https://example.org/r?a=1&b=2)。',
    '',
    '- 第一点',
    '- 第二点',
    '',
    '### 第二个话题',
    '',
    '只属于第二个话题的文字。',
  ].join('\n'),
);

describe('topicParts', () => {
  it('sends one topic alone: bold title, date and section, the body rendered like the report', () => {
    const parts = topicParts(daily, 0, renderer);
    expect(parts).toHaveLength(1);
    const { text, entities } = parsed(parts[0]!.payload.method === 'sendMessage' ? parts[0]!.payload.text : '');
    expect(text).toBe(parts[0]!.text);
    expect(text.split('\n').slice(0, 2)).toEqual(['电池 <回收> & 再利用', '2026-02-03 · 产业']);
    expect(text).toContain('回收率提高到 九成');
    expect(text).toContain('第二点');
    expect(text).not.toContain('第二个话题');
    expect(entities).toEqual(
      expect.arrayContaining([
        { type: 'Bold', offset: 0, length: '电池 <回收> & 再利用'.length },
        expect.objectContaining({ type: 'Italic', length: '2026-02-03 · 产业'.length }),
        expect.objectContaining({ type: 'TextUrl', url: 'https://example.org/r?a=1&b=2' }),
      ]),
    );
    expect(parts[0]!.payload).toMatchObject({ parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    expect(parts[0]!.payload).not.toHaveProperty('disable_notification');
    expect(parts[0]!.headings).toEqual([{ level: 3, title: '电池 <回收> & 再利用', offset: 0 }]);
  });

  it("puts a newswire item's time beside the date", () => {
    const wire = reportFrom('wire.txt', '# Wire 2026-01-06\n\n**[05:49]** 【Rates held】The bank kept rates unchanged.\n');
    const [part] = topicParts(wire, 0, renderer);
    expect(parsed(part!.payload.method === 'sendMessage' ? part!.payload.text : '').text).toBe(
      'Rates held\n2026-01-06 · 05:49\n\nThe bank kept rates unchanged.',
    );
  });

  it('keeps plain-text bodies as plain lines, markup characters and all', () => {
    const plain = reportFrom(
      '2026-01-12-notes.txt',
      'Short title\nA body line with *stars* and <angle> brackets that is long.\nSecond\nAnother body line that is longer than its title.\n',
    );
    expect(plain.shape).toBe('plain-text');
    const [part] = topicParts(plain, 0, renderer);
    const p = parsed(part!.payload.method === 'sendMessage' ? part!.payload.text : '');
    expect(p.text).toBe('Short title\n2026-01-12\n\nA body line with *stars* and <angle> brackets that is long.');
  });

  it('splits a long topic into valid messages within the limits, only the first notifying', () => {
    const paragraph = '这是一段用来测试拆分的长文字，包含**加粗**和`代码`。'.repeat(40);
    const long = reportFrom(
      'long.md',
      `---\ndate: 2026-02-04\n---\n### 很长的话题\n\n${Array.from({ length: 12 }, () => paragraph).join('\n\n')}\n`,
    );
    const parts = topicParts(long, 0, renderer);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) => {
      const html = part.payload.method === 'sendMessage' ? part.payload.text : '';
      const p = parsed(html);
      expect(p.text.length).toBeLessThanOrEqual(MESSAGE_LIMITS.maxLength);
      expect(p.entities.length).toBeLessThanOrEqual(MESSAGE_LIMITS.maxEntities);
      expect(part.payload.disable_notification).toBe(i === 0 ? undefined : true);
    });
    expect(
      parts
        .map((p) => p.text)
        .join('')
        .replace(/\s/g, ''),
    ).toBe(`很长的话题2026-02-04${Array.from({ length: 12 }, () => paragraph.replace(/\*\*|`/g, '')).join('')}`.replace(/\s/g, ''));
  });

  it('refuses a topic index the report does not have', () => {
    expect(() => topicParts(daily, 2, renderer)).toThrow(RangeError);
  });
});
