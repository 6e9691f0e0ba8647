/**
 * Inline mode through the real bot: the stand-in builds the inline query,
 * the bot answers, and every result's message is checked with Telegram's own
 * HTML parser. Reports reach the channels through the real publisher, so the
 * links back come from its progress.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INLINE_PAGE_SIZE } from '../../src/bot/features/inline.js';
import { normalizeText } from '../../src/search/normalize.js';
import type { StoredMessage, TgUser } from '../../src/standin/server.js';
import { SAMPLE_FILES } from '../bot/content.js';
import { CHANNELS, EN_READER, type Harness, startHarness, textOf, ZH_READER } from '../bot/harness.js';
import { longReport } from '../support/long-report.js';
import { parseTelegramHtml } from '../support/tdlib.js';

interface Article {
  type: string;
  id: string;
  title: string;
  description?: string;
  input_message_content: { message_text: string; parse_mode?: string; link_preview_options?: unknown };
}
interface Answer {
  results: Article[];
  cache_time?: number;
  is_personal?: boolean;
  next_offset?: string;
}

const LONG_TOPIC = [
  '---',
  'title: 长话题日报',
  'date: 2026-01-02',
  '---',
  '# 长话题日报',
  '',
  '### 超长的一个话题',
  '',
  ...Array.from({ length: 12 }, (_, p) => `${`第 ${p + 1} 段：市场今天很平稳，成交温和，资金面宽松。`.repeat(25)}\n`),
].join('\n');

let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    publisher: 'real',
    rateLimit: { limit: 1000 },
    files: { ...SAMPLE_FILES, '2026-01-01-long.md': longReport('2026-01-01', 20), '2026-01-02-long-topic.md': LONG_TOPIC },
  });
});
afterEach(async () => {
  expect(h.refused()).toEqual([]);
  await h.close();
});

/** Ask inline for `query` (from page `offset`) and return the bot's answer. */
async function ask(query: string, offset = '', user: TgUser = EN_READER): Promise<Answer> {
  const before = h.s.callsOf('answerInlineQuery').length;
  const update = h.s.inlineQuery(user, query);
  (update.inline_query as { offset: string }).offset = offset;
  await h.bot.handleUpdate(update);
  const calls = h.s.callsOf('answerInlineQuery');
  expect(calls).toHaveLength(before + 1);
  expect(calls.at(-1)!.status).toBe(200);
  return calls.at(-1)!.payload as unknown as Answer;
}

async function post(reportId: string, channel: string | number): Promise<number[]> {
  const report = h.library.byId(reportId)!;
  const result = await h.publisher.post(report, h.library.parts(report), channel);
  expect(result.status).toBe('posted');
  return result.messageIds;
}

/** Every result is one valid Telegram message; ids are unique and short. */
function expectValid(answer: Answer): void {
  const ids = answer.results.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of answer.results) {
    expect(r.type).toBe('article');
    expect(Buffer.byteLength(r.id)).toBeLessThanOrEqual(64);
    expect(r.input_message_content.parse_mode).toBe('HTML');
    const parsed = parseTelegramHtml(r.input_message_content.message_text);
    if (!parsed.ok) throw new Error(`${r.title}: ${parsed.error}`);
    expect(parsed.text.length).toBeLessThanOrEqual(4096);
    expect(parsed.entities.length).toBeLessThanOrEqual(100);
  }
}

const linkOf = (r: Article): string | undefined => {
  const parsed = parseTelegramHtml(r.input_message_content.message_text);
  if (!parsed.ok) return undefined;
  return parsed.entities.filter((e) => e.url?.startsWith('https://t.me/')).at(-1)?.url;
};

const carrying = (messages: StoredMessage[], needle: string): number => {
  const m = messages.find((x) => textOf(x).includes(needle));
  if (!m) throw new Error(`no message contains ${needle}`);
  return m.message_id;
};

describe('inline mode', () => {
  it('a keyword offers the matching topics: title, date and snippet, the topic as HTML', async () => {
    const answer = await ask('openai');
    expect(answer.is_personal).toBe(false);
    expect(answer.cache_time).toBeGreaterThan(0);
    expect(answer.cache_time).toBeLessThanOrEqual(60);
    expect(answer.next_offset).toBe('');
    expect(answer.results).toHaveLength(1);
    const [r] = answer.results;
    expect(r!.title).toBe('OpenAI 发布新模型');
    expect(r!.description).toBe('2026-01-03 · 新模型在推理测试中表现更好。');
    // Not posted anywhere yet: the topic alone, exactly as /topic sends it.
    expect(r!.input_message_content.message_text).toBe(
      '<b>OpenAI 发布新模型</b>\n<i>2026-01-03 · 产业</i>\n\n新模型在推理测试中表现更好。',
    );
    expectValid(answer);
  });

  it('links back to the channel post: public channels by username, preferred over private ones', async () => {
    const daily = await post('2026-01-03-daily', '@daily_report');
    await post('2026-01-03-daily', CHANNELS.other);
    const answer = await ask('芯片');
    const chip = answer.results.find((r) => r.title === '国产芯片扩产')!;
    expect(linkOf(chip)).toBe(`https://t.me/daily_report/${daily[0]}`);
    const text = parseTelegramHtml(chip.input_message_content.message_text);
    expect(text.ok && text.text.endsWith('\n\nView in the channel')).toBe(true);
    expectValid(answer);
  });

  it('a private channel is linked as t.me/c/<id without -100>/<message>; Chinese readers get a Chinese label', async () => {
    const other = await post('2026-01-07-daily', CHANNELS.other);
    const answer = await ask('展望', '', ZH_READER);
    expect(answer.results.map((r) => r.title)).toEqual(['新年展望']);
    // The report opens with its cover photo; the topic is in the text message after it.
    expect(other).toHaveLength(2);
    expect(linkOf(answer.results[0]!)).toBe(`https://t.me/c/9876/${other[1]}`);
    expect(answer.results[0]!.input_message_content.message_text).toContain('>在频道中查看</a>');
    // Its title has <, > and &: escaped in the message, plain in the result's title.
    const escaped = await ask('a < b');
    expect(escaped.results[0]!.title).toBe('估值 a < b 之谜');
    expectValid(escaped);
  });

  it('links to the message that carries the topic in a long report', async () => {
    const ids = await post('2026-01-01-long', '@daily_report');
    expect(ids.length).toBeGreaterThan(10);
    const messages = h.s.messages('@daily_report');
    for (const title of ['Topic 1.1', 'Topic 7.3', 'Topic 20.2']) {
      const answer = await ask(title);
      const hit = answer.results.find((r) => r.title === title)!;
      expect(linkOf(hit)).toBe(`https://t.me/daily_report/${carrying(messages, `${title}\n`)}`);
    }
  });

  it("an empty query offers the latest report's topics", async () => {
    const answer = await ask('');
    expect(answer.results.map((r) => r.title)).toEqual(['估值 a < b 之谜', '新年展望']);
    expect(answer.results.every((r) => r.description?.startsWith('2026-01-07'))).toBe(true);
    expectValid(answer);
  });

  it('pages of 50 through next_offset', async () => {
    const first = await ask('topic');
    expect(first.results).toHaveLength(INLINE_PAGE_SIZE);
    expect(first.next_offset).toBe('50');
    const second = await ask('topic', first.next_offset);
    expect(second.results).toHaveLength(10);
    expect(second.next_offset).toBe('');
    const titles = [...first.results, ...second.results].map((r) => r.title);
    expect(new Set(titles).size).toBe(60);
    expect(titles.slice(0, 3)).toEqual(['Topic 1.1', 'Topic 1.2', 'Topic 1.3']);
    expectValid(first);
    expectValid(second);
    // An offset past the end (or garbage) is not an error.
    expect((await ask('topic', '999')).results).toEqual([]);
    expect((await ask('topic', 'abc')).results).toHaveLength(INLINE_PAGE_SIZE);
  });

  it('a topic longer than one message is cut cleanly with …, keeping room for the link', async () => {
    await post('2026-01-02-long-topic', '@daily_report');
    const answer = await ask('超长');
    expectValid(answer);
    const r = answer.results[0]!;
    const parsed = parseTelegramHtml(r.input_message_content.message_text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.text.length).toBeGreaterThan(3000);
    expect(parsed.text.length).toBeLessThanOrEqual(4096);
    const [body, link] = parsed.text.split('\n\nView in the channel');
    expect(link).toBe('');
    expect(body!.endsWith('…')).toBe(true);
    // Cut at the end of a paragraph or sentence, not inside one.
    expect(body!.slice(0, -1)).toMatch(/。$/);
    expect(linkOf(r)).toMatch(/^https:\/\/t\.me\/daily_report\/\d+$/);
  });

  it.runIf(normalizeText('國產') === normalizeText('国产'))('Traditional characters find Simplified topics', async () => {
    const answer = await ask('國產芯片');
    expect(answer.results.map((r) => r.title)).toEqual(['国产芯片扩产']);
  });

  it('works from any chat: an inline query has no chat, and nothing else is sent', async () => {
    const before = h.s.allCalls().filter((c) => c.method === 'sendMessage').length;
    const answer = await ask('量子');
    expect(answer.results.map((r) => r.title)).toEqual(['量子计算新进展']);
    expect(h.s.allCalls().filter((c) => c.method === 'sendMessage')).toHaveLength(before);
  });
});
