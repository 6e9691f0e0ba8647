/**
 * /update and `updatePosted`: a corrected report file applied to the
 * messages the channels already show, through the real bot, the real
 * publisher and the stand-in with Telegram's HTML parser.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Api } from 'grammy';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPacer } from '../../src/publish/pacer.js';
import { createTocEditor, getPostedRecord, type TocEditor } from '../../src/publish/toc.js';
import { updatePosted } from '../../src/publish/update.js';
import { SAMPLE_FILES } from '../bot/content.js';
import { ADMIN, CHANNELS, EN_READER, type Harness, startHarness, TOKEN, textOf } from '../bot/harness.js';
import { longReport } from '../support/long-report.js';

const FILE = '2026-01-01-long.md';
const ID = '2026-01-01-long';
const PUBLIC = '@daily_report';
const BOTH = [PUBLIC, CHANNELS.other] as const;

let h: Harness;
let api: Api;
let toc: TocEditor;
beforeEach(async () => {
  h = await startHarness({ publisher: 'real', files: { ...SAMPLE_FILES, [FILE]: longReport('2026-01-01', 4) } });
  api = new Api(TOKEN, { apiRoot: h.s.apiRoot });
  toc = createTocEditor({
    api,
    store: h.store,
    logger: pino({ level: 'silent' }),
    pacer: createPacer({ minIntervalMs: 0 }),
    parts: (r) => h.library.parts(r),
  });
});
afterEach(async () => {
  expect(h.refused()).toEqual([]);
  await h.close();
});

/** Post the long report to both channels, with the table of contents as the app's onPosted hook adds it. */
async function postLong(withToc = true): Promise<Record<string, number[]>> {
  const report = h.library.byId(ID)!;
  const ids: Record<string, number[]> = {};
  for (const channel of BOTH) {
    const result = await h.publisher.post(report, h.library.parts(report), channel);
    expect(result.status).toBe('posted');
    if (withToc) await toc.onPosted({ report, channel, messageIds: result.messageIds });
    ids[String(channel)] = result.messageIds;
  }
  return ids;
}

function correct(edit: (text: string) => string): void {
  const path = join(h.contentDir, FILE);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

/** The admin's /update: the immediate answer, then the result once the background job is done. */
async function update(arg = '2026-01-01'): Promise<{ started: string; result: string }> {
  const [started] = await h.send(ADMIN, `/update ${arg}`.trim());
  await h.background.idle();
  return { started: textOf(started!), result: textOf(h.s.messages(ADMIN.id).at(-1)!) };
}

const editsOf = (channel: string | number): number[] => h.s.messages(channel).map((m) => m.edits.length);

describe('/update', () => {
  it('edits the changed part in place and leaves the others untouched', async () => {
    await postLong();
    expect(h.library.parts(h.library.byId(ID)!)).toHaveLength(4);
    correct((t) => t.replace('point one for 3.2', 'point ONE for 3.2'));

    const { started, result } = await update();
    expect(started).toBe('Updating "Long test report 2026-01-01" (2026-01-01) in place in 2 channels; I\'ll report back when it is done.');
    const parts = h.library.parts(h.library.byId(ID)!);
    const k = parts.findIndex((p) => p.text.includes('point ONE for 3.2'));
    expect(k).toBeGreaterThan(0);
    expect(result).toBe(
      [
        'Updating "Long test report 2026-01-01" (2026-01-01) finished:',
        `• @daily_report: updated part ${k + 1} of 4; 3 unchanged`,
        `• ${CHANNELS.other}: updated part ${k + 1} of 4; 3 unchanged`,
      ].join('\n'),
    );
    for (const channel of BOTH) {
      const messages = h.s.messages(channel);
      // The opening keeps its one edit (the table of contents); only part k changed again.
      expect(editsOf(channel)).toEqual(parts.map((_, i) => (i === 0 ? 1 : 0) + (i === k ? 1 : 0)));
      expect(textOf(messages[k]!)).toBe(parts[k]!.text);
      expect(messages[k]!.edits[0]!.method).toBe('editMessageText');
    }

    // Nothing changed since: a second /update edits nothing.
    const again = await update();
    expect(again.result).toContain('• @daily_report: nothing to update in 4 parts');
    expect(h.s.callsOf('editMessageText')).toHaveLength(4); // 2 tables + 2 corrections
  });

  it('re-editing the opening keeps its table of contents (one, with the same links)', async () => {
    const ids = await postLong();
    const before = textOf(h.s.messages(PUBLIC)[0]!);
    const tocText = before.slice(before.indexOf('\n\nContents'));
    expect(tocText).toMatch(/^\n\nContents\n• Section 1\n/);
    correct((t) => t.replace('many messages', 'many corrected messages'));

    const { result } = await update();
    expect(result).toContain('• @daily_report: updated part 1 of 4; 3 unchanged');
    const parts = h.library.parts(h.library.byId(ID)!);
    const opening = h.s.messages(PUBLIC)[0]!;
    expect(opening.text).toBe(parts[0]!.text + tocText);
    expect(opening.text!.match(/Contents/g)).toHaveLength(1);
    const urls = (opening.entities ?? []).filter((e) => String(e.url ?? '').startsWith('https://t.me/')).map((e) => e.url);
    expect(urls).toEqual([0, 1, 2, 3].map((i) => `https://t.me/daily_report/${ids[PUBLIC]![i]}`));
  });

  it('when the split changed, nothing is edited and /repost is offered', async () => {
    await postLong();
    correct((t) => `${t}\n## Section 5\n\n${'More text about markets and rates for the new section. '.repeat(80)}\n`);
    expect(h.library.parts(h.library.byId(ID)!)).toHaveLength(4); // not reloaded yet: /update reads the file again

    const { result } = await update();
    const total = h.library.parts(h.library.byId(ID)!).length;
    expect(total).toBeGreaterThan(4);
    expect(result).toContain(
      `• @daily_report: the report now has ${total} messages, the channel has 4, so it cannot be edited in place. Send /repost 2026-01-01 to post it again.`,
    );
    expect(h.s.callsOf('editMessageText')).toHaveLength(2); // the two tables of contents, nothing since
    expect(editsOf(PUBLIC)).toEqual([1, 0, 0, 0]);
  });

  it('answers in Chinese for Chinese admins, and says so when a channel never got the report', async () => {
    const report = h.library.byId(ID)!;
    const posted = await h.publisher.post(report, h.library.parts(report), PUBLIC);
    await toc.onPosted({ report, channel: PUBLIC, messageIds: posted.messageIds });
    const [started] = await h.send({ id: 1002, first_name: '主编' }, '/update 1月1日');
    expect(textOf(started!)).toBe('开始在 2 个频道里就地更新《Long test report 2026-01-01》（2026-01-01），完成后告诉你结果。');
    await h.background.idle();
    expect(textOf(h.s.messages(1002).at(-1)!)).toBe(
      [
        '《Long test report 2026-01-01》（2026-01-01）更新结束：',
        '• @daily_report：共 4 条，没有需要更新的内容',
        `• ${CHANNELS.other}：这个频道还没有发过这期日报，没有可更新的消息`,
      ].join('\n'),
    );
  });

  it('is refused to non-admins, and nothing runs', async () => {
    await postLong();
    correct((t) => t.replace('point one for 3.2', 'point ONE for 3.2'));
    expect((await h.send(EN_READER, '/update 2026-01-01')).map(textOf)).toEqual(['Only admins can use this command.']);
    await h.background.idle();
    expect(h.s.callsOf('editMessageText')).toHaveLength(2);
  });

  it("is in the admins' command menu", async () => {
    const { registerCommands } = await import('../../src/bot/create-bot.js');
    await registerCommands(api, h.config);
    expect(h.s.commands({ type: 'chat', chat_id: ADMIN.id }, 'en').at(-1)).toEqual({
      command: 'update',
      description: 'Apply a corrected report to its posted messages (admin)',
    });
    expect(h.s.commands({ type: 'chat', chat_id: ADMIN.id }).at(-1)).toEqual({
      command: 'update',
      description: '修正后就地更新已发布的日报（管理员）',
    });
    expect(h.s.commands().map((c) => c.command)).not.toContain('update');
  });
});

describe('updatePosted', () => {
  const deps = (): Parameters<typeof updatePosted>[0] => ({
    api,
    store: h.store,
    logger: pino({ level: 'silent' }),
    pacer: createPacer({ minIntervalMs: 0 }),
  });

  it('without a record (posted before records existed) edits every part and Telegram tells the unchanged ones', async () => {
    await postLong(false);
    h.expectRefusal(
      (c) =>
        c.method === 'editMessageText' && String((c.response as { description?: string }).description).includes('message is not modified'),
    );
    correct((t) => t.replace('point one for 3.2', 'point ONE for 3.2'));
    await h.library.reload();
    const report = h.library.byId(ID)!;
    const parts = h.library.parts(report);
    const k = parts.findIndex((p) => p.text.includes('point ONE for 3.2'));

    const summary = await updatePosted(deps(), report, parts, PUBLIC);
    // The opening gains the table of contents a 4-message report has.
    expect(summary).toMatchObject({ status: 'updated', total: 4, posted: 4, changed: [1, k + 1], unchanged: 2, failed: [] });
    expect(editsOf(PUBLIC)).toEqual(parts.map((_, i) => (i === 0 || i === k ? 1 : 0)));
    expect(await getPostedRecord(h.store, PUBLIC, ID)).toMatchObject({ hash: report.hash, shapes: ['text', 'text', 'text', 'text'] });
    // Now recorded: the next run needs no call.
    const calls = h.s.callsOf('editMessageText').length;
    expect(await updatePosted(deps(), report, parts, PUBLIC)).toMatchObject({ changed: [], unchanged: 4 });
    expect(h.s.callsOf('editMessageText')).toHaveLength(calls);
  });

  it("a repost that left the record behind: the publisher's newer messages are the ones edited", async () => {
    await postLong();
    const report = h.library.byId(ID)!;
    const again = await h.publisher.post(report, h.library.parts(report), PUBLIC, { force: true }); // no TOC hook this time
    h.expectRefusal(
      (c) =>
        c.method === 'editMessageText' && String((c.response as { description?: string }).description).includes('message is not modified'),
    );
    const summary = await updatePosted(deps(), report, h.library.parts(report), PUBLIC);
    expect(summary).toMatchObject({ status: 'updated', changed: [1], unchanged: 3 }); // the new opening gains its table
    const edited = h.s
      .messages(PUBLIC)
      .filter((m) => m.edits.length > 0)
      .map((m) => m.message_id);
    expect(edited).toEqual([h.s.messages(PUBLIC)[0]!.message_id, again.messageIds[0]]);
  });

  it('HTML Telegram refuses is edited in as plain text; a deleted message is reported and the rest still edited', async () => {
    await postLong();
    correct((t) => t.replace('point one for 2.1', 'point ONE for 2.1').replace('point one for 4.3', 'point ONE for 4.3'));
    await h.library.reload();
    const report = h.library.byId(ID)!;
    const parts = h.library.parts(report);
    const a = parts.findIndex((p) => p.text.includes('point ONE for 2.1'));
    const b = parts.findIndex((p) => p.text.includes('point ONE for 4.3'));
    expect(a).toBeLessThan(b);

    h.s.failNext('editMessageText', { code: 400, description: "Bad Request: can't parse entities: unsupported start tag" });
    h.expectRefusal((c) => c.status === 400 && c.method === 'editMessageText');
    const summary = await updatePosted(deps(), report, parts, PUBLIC);
    expect(summary).toMatchObject({ status: 'updated', changed: [a + 1, b + 1], unchanged: 2, failed: [] });
    const plain = h.s.messages(PUBLIC)[a]!;
    expect(plain.text).toBe(parts[a]!.text);
    expect(plain.raw.parse_mode).toBeUndefined();

    const other = CHANNELS.other;
    h.s.failNext('editMessageText', { code: 400, description: 'Bad Request: message to edit not found' });
    const partial = await updatePosted(deps(), report, parts, other);
    expect(partial).toMatchObject({ status: 'updated', changed: [b + 1], failed: [{ part: a + 1 }] });
    expect(partial.failed[0]!.error).toContain('message to edit not found');
    // The failed part stays due: the next run edits just that one.
    expect(await updatePosted(deps(), report, parts, other)).toMatchObject({ changed: [a + 1], unchanged: 3, failed: [] });
  });
});
