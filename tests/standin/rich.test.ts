/** The stand-in's rich messages: the documented schema and every limit, as strictly as the HTML path. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Api, GrammyError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createMarkdown } from '../../src/content/markdown.js';
import { reportToRichBlocks } from '../../src/render/rich/parts.js';
import type { Block } from '../../src/render/rich/types.js';
import { type Standin, type StandinOptions, startStandin } from '../../src/standin/server.js';
import { longReport } from '../support/long-report.js';
import { contentDir, contentFiles, reportFrom, seedFiles, seedsDir } from '../support/render.js';

const TOKEN = '123456:TEST-token';
const CHANNEL = { '@daily_reports': { id: -1001234567890, username: 'daily_reports', title: 'Daily reports' } };
const md = createMarkdown();

const running: Standin[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(opts: StandinOptions = {}): Promise<{ s: Standin; api: Api }> {
  const s = await startStandin({ channels: CHANNEL, floodLimits: { enabled: false }, ...opts });
  running.push(s);
  return { s, api: new Api(TOKEN, { apiRoot: s.apiRoot }) };
}

async function refusal(p: Promise<unknown>): Promise<GrammyError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GrammyError);
  return e as GrammyError;
}

const para = (text: string): Block => ({ type: 'paragraph', text });

describe('stand-in: sendRichMessage', () => {
  it('accepts every seed and sample as rendered, and stores the blocks', async () => {
    const { s, api } = await start();
    const files = [...seedFiles().map((f) => join(seedsDir, f)), ...contentFiles().map((f) => join(contentDir, f))];
    for (const path of files) {
      for (const blocks of reportToRichBlocks(md, reportFrom(path.split('/').pop()!, readFileSync(path, 'utf8')))) {
        const m = await api.sendRichMessage('@daily_reports', { blocks });
        expect(m.rich_message.blocks.length).toBe(blocks.length);
      }
    }
    expect(s.messages('@daily_reports').every((m) => Array.isArray(m.raw.rich))).toBe(true);
  });

  it('accepts each message of a report split over the limits', async () => {
    const { api } = await start();
    const messages = reportToRichBlocks(md, reportFrom('2026-11-18-long.md', longReport('2026-11-18', 40)));
    expect(messages.length).toBeGreaterThan(1);
    for (const blocks of messages) await api.sendRichMessage('@daily_reports', { blocks });
  });

  it('refuses an unknown block type, an unknown field, and a bad rich-text type with 400', async () => {
    const { s, api } = await start();
    for (const blocks of [
      [{ type: 'marquee', text: 'x' }],
      [{ type: 'paragraph', text: 'x', colour: 'red' }],
      [{ type: 'paragraph', text: { type: 'blink', text: 'x' } }],
      [{ type: 'heading', text: 'x', size: 7 }],
      [{ type: 'list', items: [] }],
    ]) {
      const e = await refusal(api.sendRichMessage('@daily_reports', { blocks: blocks as never }));
      expect(e.error_code).toBe(400);
      expect(e.description).toMatch(/^Bad Request: can't parse rich message/);
    }
    expect(s.messages('@daily_reports')).toHaveLength(0);
  });

  it('refuses markdown or html source: blocks only', async () => {
    const { api } = await start();
    expect((await refusal(api.sendRichMessage('@daily_reports', { markdown: '# x' } as never))).error_code).toBe(400);
  });

  it('refuses every limit: characters, blocks, depth, media, columns', async () => {
    const { api } = await start();
    const cell = { text: 'c', align: 'left', valign: 'top' } as const;
    let deep: Block = para('x');
    for (let i = 0; i < 16; i++) deep = { type: 'blockquote', blocks: [deep] };
    const cases: Array<[Block[], RegExp]> = [
      [[para('x'.repeat(32_769))], /32769 characters/],
      [Array.from({ length: 501 }, () => ({ type: 'divider' }) as Block).concat(para('x')), /blocks/],
      [[{ type: 'list', items: Array.from({ length: 250 }, () => ({ blocks: [para('i')] })) }], /501 blocks/],
      [[deep], /nesting depth 17/],
      [
        [
          para('x'),
          ...Array.from({ length: 51 }, (_, i): Block => ({ type: 'photo', photo: { type: 'photo', media: `https://e.com/${i}.png` } })),
        ],
        /51 media/,
      ],
      [[{ type: 'table', cells: [Array.from({ length: 21 }, () => cell)] }], /21 columns/],
    ];
    for (const [blocks, why] of cases) {
      const e = await refusal(api.sendRichMessage('@daily_reports', { blocks }));
      expect(e.error_code).toBe(400);
      expect(e.description).toMatch(why);
    }
    // Exactly at the limits is fine.
    await api.sendRichMessage('@daily_reports', { blocks: [para('x'.repeat(32_768))] });
    await api.sendRichMessage('@daily_reports', { blocks: [{ type: 'table', cells: [Array.from({ length: 20 }, () => cell)] }] });
  });

  it('refuses media that is not http(s) or cannot be fetched, dangling anchor links, thinking blocks and empty messages', async () => {
    const { api } = await start();
    const cases: Block[][] = [
      [{ type: 'photo', photo: { type: 'photo', media: 'ftp://e.com/a.png' } }],
      [{ type: 'photo', photo: { type: 'photo', media: 'https://unreachable.example/a.png' } }],
      [para('x'), { type: 'paragraph', text: { type: 'anchor_link', text: 'go', anchor_name: 'nowhere' } }],
      [{ type: 'thinking', text: 'hmm' }],
      [{ type: 'divider' }],
    ];
    for (const blocks of cases) expect((await refusal(api.sendRichMessage('@daily_reports', { blocks }))).error_code).toBe(400);
  });

  it('an older server answers 404 for the method', async () => {
    const { api } = await start({ richMessages: false });
    const e = await refusal(api.sendRichMessage('@daily_reports', { blocks: [para('x')] }));
    expect(e.error_code).toBe(404);
  });
});

describe('stand-in: editMessageText with rich_message', () => {
  it('edits a rich message in place; the same content is "not modified"; limits apply', async () => {
    const { s, api } = await start();
    const m = await api.sendRichMessage('@daily_reports', { blocks: [para('old')] });
    await api.editMessageText('@daily_reports', m.message_id, undefined as never, { rich_message: { blocks: [para('new')] } } as never);
    const stored = s.messages('@daily_reports')[0]!;
    expect(stored.raw.rich).toEqual([para('new')]);
    expect(stored.edits).toHaveLength(1);
    const again = await refusal(
      api.raw.editMessageText({ chat_id: '@daily_reports', message_id: m.message_id, rich_message: { blocks: [para('new')] } }),
    );
    expect(again.description).toMatch(/message is not modified/);
    const big = await refusal(
      api.raw.editMessageText({
        chat_id: '@daily_reports',
        message_id: m.message_id,
        rich_message: { blocks: [para('x'.repeat(40_000))] },
      }),
    );
    expect(big.description).toMatch(/too big/);
    const unknown = await refusal(
      api.raw.editMessageText({
        chat_id: '@daily_reports',
        message_id: m.message_id,
        rich_message: { blocks: [{ type: 'nope' }] as never },
      }),
    );
    expect(unknown.error_code).toBe(400);
  });
});
