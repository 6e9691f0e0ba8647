/**
 * The table of contents after a post: the real publisher posts to the
 * stand-in (Telegram's own HTML parser checking every call), its onPosted
 * hook runs the TOC editor, and the opening message is read back.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/content/report.js';
import { createPacer } from '../../src/publish/pacer.js';
import type { PostedInfo } from '../../src/publish/post-run.js';
import { countEntities, createTocEditor, getPostedRecord, messageLink, type TocEditor } from '../../src/publish/toc.js';
import type { StoredMessage } from '../../src/standin/server.js';
import { CHANNEL, CHANNELS, capturingLogger, FAST, longReport, partsOf, type Rig, reportFrom, rig } from '../publish/helpers.js';
import { parseTelegramHtml } from '../support/tdlib.js';

const PRIVATE = -1009998887776;

interface TocRig extends Rig {
  toc: TocEditor;
  posted: PostedInfo[];
  lines: Array<Record<string, unknown>>;
}

async function tocRig(): Promise<TocRig> {
  const { logger, lines } = capturingLogger();
  const posted: PostedInfo[] = [];
  let toc: TocEditor | undefined;
  const r = await rig({
    standin: { channels: { ...CHANNELS, private: { id: PRIVATE, title: 'Private desk' } } },
    deps: {
      logger,
      onPosted: async (info) => {
        posted.push(info);
        await toc!.onPosted(info);
      },
    },
  });
  toc = createTocEditor({ api: r.api, store: r.store, logger, pacer: createPacer(FAST), parts: partsOf });
  return { ...r, toc, posted, lines };
}

const shownText = (m: StoredMessage): string => m.text ?? m.caption ?? '';
/** The table's links (the report's own links point elsewhere). */
const links = (m: StoredMessage): Array<{ text: string; url: string }> => {
  const text = shownText(m);
  return (m.entities ?? m.caption_entities ?? [])
    .filter((e) => e.type === 'text_link')
    .map((e) => ({ text: text.slice(e.offset, e.offset + e.length), url: String(e.url) }))
    .filter((l) => l.url.startsWith('https://t.me/'));
};

/** A report with `n` sections of about `size` characters, titles as given. */
function sectioned(id: string, titles: string[], size: number, cover?: string): Report {
  const body = titles.map((t, i) => `## ${t}\n\n${`Sentence ${i + 1} about the day in markets and rates. `.repeat(Math.ceil(size / 50))}`);
  const front = ['---', `title: ${id}`, 'date: 2026-11-18', ...(cover ? [`coverImage: "${cover}"`] : []), '---'];
  return reportFrom(`${id}.md`, `${front.join('\n')}\n${body.join('\n\n')}\n`);
}

describe('table of contents after a post', () => {
  it('a 4-message report: the opening lists every section, linked to the message that carries it (public channel)', async () => {
    const r = await tocRig();
    const report = longReport({ sections: 4 });
    const parts = partsOf(report);
    expect(parts.length).toBe(4);
    const result = await r.publisher.post(report, parts, CHANNEL);
    expect(result.status).toBe('posted');

    const messages = r.s.messages(CHANNEL);
    const opening = messages[0]!;
    expect(opening.edits).toHaveLength(1);
    expect(shownText(opening).startsWith(parts[0]!.text)).toBe(true);
    expect(shownText(opening).slice(parts[0]!.text.length)).toBe(
      '\n\nContents\n• Long report\n• Section 1\n• Section 2\n• Section 3\n• Section 4',
    );
    // "Long report" (a level-1 heading of the body) and Section 1 start in the opening itself, the others in messages 2..4.
    const ids = result.messageIds;
    expect(links(opening)).toEqual(
      ['Long report', 'Section 1', 'Section 2', 'Section 3', 'Section 4'].map((text, i) => ({
        text,
        url: `https://t.me/daily_reports/${ids[Math.max(0, i - 1)]}`,
      })),
    );
    for (const [i, id] of ids.entries()) expect(shownText(messages.find((m) => m.message_id === id)!)).toContain(`Section ${i + 1}\n`);
    for (const m of messages.slice(1)) expect(m.edits).toHaveLength(0);
    expect(r.s.callsOf('getChat')).toHaveLength(1);

    const record = await getPostedRecord(r.store, CHANNEL, report.id);
    expect(record).toMatchObject({ hash: report.hash, messageIds: result.messageIds, shapes: ['text', 'text', 'text', 'text'] });
    expect(record?.tocHtml).toContain('<a href="https://t.me/daily_reports/');
  });

  it('a private channel gets t.me/c/<id without -100>/<message> links', async () => {
    const r = await tocRig();
    const report = longReport({ sections: 3 });
    const result = await r.publisher.post(report, partsOf(report), PRIVATE);
    const opening = r.s.messages(PRIVATE)[0]!;
    const urls = links(opening).map((l) => l.url);
    expect(urls).toEqual([
      `https://t.me/c/9998887776/${result.messageIds[0]}`,
      `https://t.me/c/9998887776/${result.messageIds[0]}`,
      `https://t.me/c/9998887776/${result.messageIds[1]}`,
      `https://t.me/c/9998887776/${result.messageIds[2]}`,
    ]);
  });

  it('link formats', () => {
    expect(messageLink({ id: -1001234567890, username: 'daily_reports' }, 42)).toBe('https://t.me/daily_reports/42');
    expect(messageLink({ id: -1001234567890 }, 42)).toBe('https://t.me/c/1234567890/42');
    expect(messageLink({ id: -4321 }, 42)).toBeUndefined();
  });

  it('a 2-message report gets no table of contents, but its record is kept', async () => {
    const r = await tocRig();
    const report = longReport({ sections: 2 });
    expect(partsOf(report)).toHaveLength(2);
    const result = await r.publisher.post(report, partsOf(report), CHANNEL);
    expect(r.s.messages(CHANNEL).map((m) => m.edits.length)).toEqual([0, 0]);
    expect(r.s.callsOf('editMessageText')).toHaveLength(0);
    expect(await getPostedRecord(r.store, CHANNEL, report.id)).toMatchObject({ messageIds: result.messageIds });
    expect((await getPostedRecord(r.store, CHANNEL, report.id))?.tocHtml).toBeUndefined();
  });

  it('is idempotent: running again adds no second table, with or without its record', async () => {
    const r = await tocRig();
    const report = longReport({ sections: 3 });
    await r.publisher.post(report, partsOf(report), CHANNEL);
    const after = shownText(r.s.messages(CHANNEL)[0]!);
    expect(after.match(/Contents/g)).toHaveLength(1);

    await r.toc.onPosted(r.posted[0]!);
    expect(r.s.callsOf('editMessageText')).toHaveLength(1); // the record says it is done: no call at all

    await r.store.delete(`publish:posted:${CHANNEL}:${report.id}`);
    await r.toc.onPosted(r.posted[0]!);
    const calls = r.s.callsOf('editMessageText');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.status).toBe(400); // "message is not modified": the same table is there
    expect(shownText(r.s.messages(CHANNEL)[0]!)).toBe(after);
    expect(r.s.messages(CHANNEL)[0]!.edits).toHaveLength(1);
    expect((await getPostedRecord(r.store, CHANNEL, report.id))?.tocHtml).toBeDefined();
  });

  it('a forced repost gets its own table pointing at the new messages', async () => {
    const r = await tocRig();
    const report = longReport({ sections: 3 });
    const first = await r.publisher.post(report, partsOf(report), CHANNEL);
    const again = await r.publisher.post(report, partsOf(report), CHANNEL, { force: true });
    const messages = r.s.messages(CHANNEL);
    const reopened = messages.find((m) => m.message_id === again.messageIds[0])!;
    expect(
      links(reopened)
        .map((l) => l.url)
        .at(-1),
    ).toBe(`https://t.me/daily_reports/${again.messageIds[2]}`);
    expect(messages.find((m) => m.message_id === first.messageIds[0])!.edits).toHaveLength(1);
  });

  it('a photo opening gets the table in its caption, cut to 1,024 units with a closing …', async () => {
    const r = await tocRig();
    const titles = Array.from({ length: 40 }, (_, i) => `A rather long section title for the table number ${i + 1}`);
    const report = sectioned('2026-11-18-cover', titles, 400, 'https://example.org/cover.png');
    const parts = partsOf(report);
    expect(parts[0]!.payload.method).toBe('sendPhoto');
    expect(parts.length).toBeGreaterThanOrEqual(3);
    await r.publisher.post(report, parts, CHANNEL);

    const opening = r.s.messages(CHANNEL)[0]!;
    expect(opening.edits.map((e) => e.method)).toEqual(['editMessageCaption']);
    const caption = opening.caption!;
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption.startsWith(parts[0]!.text)).toBe(true);
    expect(caption.endsWith('\n…')).toBe(true);
    const listed = links(opening);
    expect(listed.length).toBeGreaterThan(3);
    expect(listed.length).toBeLessThan(40);
    // Entries are the first sections in order, titles clipped to 48 characters between words.
    expect(listed[0]!.text).toBe('A rather long section title for the table…');
    const messages = r.s.messages(CHANNEL);
    for (const [i, l] of listed.entries()) {
      const id = Number(l.url.split('/').at(-1));
      expect(shownText(messages.find((m) => m.message_id === id)!)).toContain(`number ${i + 1}\n`);
    }
  });

  it('a text opening never goes over 100 entities: entries are dropped', async () => {
    const r = await tocRig();
    const report = sectioned(
      '2026-11-18-many',
      Array.from({ length: 130 }, (_, i) => `S${i + 1}`),
      60,
    );
    const parts = partsOf(report);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    await r.publisher.post(report, parts, CHANNEL);
    const opening = r.s.messages(CHANNEL)[0]!;
    expect(opening.edits).toHaveLength(1);
    expect(opening.entities!.length).toBeLessThanOrEqual(100);
    expect(opening.text!.length).toBeLessThanOrEqual(4096);
    expect(opening.text!.endsWith('\n…')).toBe(true);
    const html = opening.raw.html!;
    expect(parseTelegramHtml(html).ok).toBe(true);
    expect(countEntities(html)).toBe(opening.entities!.length);
  });

  it('a report without sections lists its topics', async () => {
    const r = await tocRig();
    const topics = Array.from({ length: 6 }, (_, i) => `### 话题 ${i + 1}\n\n${'市场今天很平稳，成交温和。'.repeat(120)}`);
    const report = reportFrom('2026-11-18-topics.md', `---\ntitle: 话题日报\ndate: 2026-11-18\n---\n${topics.join('\n\n')}\n`);
    const parts = partsOf(report);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const result = await r.publisher.post(report, parts, CHANNEL);
    const opening = r.s.messages(CHANNEL)[0]!;
    expect(links(opening).map((l) => l.text)).toEqual(report.topics.map((t) => t.title));
    const messages = r.s.messages(CHANNEL);
    for (const l of links(opening)) {
      const id = Number(l.url.split('/').at(-1));
      expect(result.messageIds).toContain(id);
      expect(shownText(messages.find((m) => m.message_id === id)!)).toContain(`${l.text}\n`);
    }
  });

  it('a refused edit is logged and leaves the message as it was; the post still counts', async () => {
    const r = await tocRig();
    r.s.failNext('editMessageText', { code: 400, description: 'Bad Request: MESSAGE_ID_INVALID' });
    const report = longReport({ sections: 3 });
    const result = await r.publisher.post(report, partsOf(report), CHANNEL);
    expect(result.status).toBe('posted');
    const opening = r.s.messages(CHANNEL)[0]!;
    expect(opening.edits).toHaveLength(0);
    expect(shownText(opening)).toBe(partsOf(report)[0]!.text);
    expect(r.lines.some((l) => l.msg === 'could not add the table of contents; the opening message stays as it is')).toBe(true);
    expect((await getPostedRecord(r.store, CHANNEL, report.id))?.tocHtml).toBeUndefined();
  });
});
