/**
 * POST_FORMAT=rich: a report goes out as rich messages, exactly once and
 * resumable like split messages; when Telegram refuses a rich message the
 * report goes out as its split HTML messages, nothing lost, and the admins
 * are told once why. Faults come from the stand-in.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/content/report.js';
import { createPacer } from '../../src/publish/pacer.js';
import { createProgressStore, partsFingerprint } from '../../src/publish/progress.js';
import { createPublisher, type PostedInfo } from '../../src/publish/publisher.js';
import { createRichPublishing } from '../../src/publish/rich-send.js';
import { createRenderer } from '../../src/render/document.js';
import { blocksText } from '../../src/render/rich/parts.js';
import type { Block } from '../../src/render/rich/types.js';
import { topicParts } from '../../src/render/topic-message.js';
import type { StoredMessage } from '../../src/standin/server.js';
import { openFileStore } from '../../src/store/file-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { type RedisServerHandle, startRedisServer } from '../support/redis-server.js';
import {
  apiFor,
  CHANNEL,
  CHANNELS,
  FAST,
  FAST_LIMITS,
  later,
  longReport,
  overriding,
  partsOf,
  partTexts,
  rig,
  silentLogger,
  standin,
  tempDir,
  texts,
} from './helpers.js';

const rich = createRichPublishing();
const richParts = (report: Report) => rich.parts(report, partsOf(report));
/** The rich messages in the channel, as their blocks. */
const richOf = (ms: StoredMessage[]): unknown[] => ms.filter((m) => m.rich_message).map((m) => m.raw.rich);
const SECOND = '@second_channel';
const TWO_CHANNELS = { ...CHANNELS, [SECOND]: { id: -1009876543210, username: 'second_channel', title: 'Second' } };

describe('posting rich messages', () => {
  it('posts a report as one rich message that notifies, once; the hook gets the rich parts', async () => {
    const posted: PostedInfo[] = [];
    const { s, publisher, admins } = await rig({ deps: { rich, onPosted: (i) => void posted.push(i) } });
    const report = longReport({ sections: 4 });
    const html = partsOf(report);
    expect(html.length).toBe(4);
    const r = await publisher.post(report, html, CHANNEL);
    expect(r).toMatchObject({ status: 'posted', sent: 1, total: 1 });
    const msgs = s.messages(CHANNEL);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.raw.method).toBe('sendRichMessage');
    expect(msgs[0]!.raw.disable_notification).toBeUndefined();
    expect(richOf(msgs)).toEqual(richParts(report).map((p) => p.payload.rich_message.blocks));
    expect(posted[0]!.parts).toEqual(richParts(report));
    expect(admins).toEqual([]);
    expect((await publisher.post(report, html, CHANNEL)).status).toBe('already-posted');
    expect(s.messages(CHANNEL)).toHaveLength(1);
  });

  it('a report over the limits goes out as several rich messages, only the first notifying', async () => {
    const { s, publisher } = await rig({ deps: { rich } });
    const report = longReport({ sections: 14 });
    const expected = richParts(report);
    expect(expected.length).toBeGreaterThan(1);
    expect((await publisher.post(report, partsOf(report), CHANNEL)).status).toBe('posted');
    const msgs = s.messages(CHANNEL);
    expect(richOf(msgs)).toEqual(expected.map((p) => p.payload.rich_message.blocks));
    expect(msgs.map((m) => m.raw.disable_notification)).toEqual([undefined, ...expected.slice(1).map(() => true)]);
  });

  it('resumes after a crash between rich messages with no repeats, and /repost posts it again', async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    const store = await openFileStore(dir);
    const r = await rig({
      store,
      deps: {
        rich,
        onPartSent: (i) => {
          if (i.index === 0) controller.abort();
        },
      },
    });
    const report = longReport({ sections: 14 });
    const expected = richParts(report).map((p) => p.payload.rich_message.blocks);
    expect((await r.publisher.post(report, partsOf(report), CHANNEL, { signal: controller.signal })).status).toBe('aborted');
    await store.close();
    const again = await openFileStore(dir);
    later(() => again.close());
    const restarted = createPublisher({ api: r.api, store: again, logger: silentLogger(), pacer: createPacer(FAST), rich });
    expect(await restarted.post(report, partsOf(report), CHANNEL)).toMatchObject({ status: 'posted', sent: expected.length - 1 });
    expect(richOf(r.s.messages(CHANNEL))).toEqual(expected);
    // An admin's /repost: the whole report again, as rich messages.
    expect(await restarted.post(report, partsOf(report), CHANNEL, { force: true })).toMatchObject({
      status: 'posted',
      sent: expected.length,
    });
    expect(richOf(r.s.messages(CHANNEL))).toEqual([...expected, ...expected]);
  });

  it('repeats at most the rich message in flight when the process dies before saving it', async () => {
    const dir = await tempDir();
    const real = await openFileStore(dir);
    let writes = 0;
    // The first progress write starts the run; the second would record rich message 1.
    const dying = overriding(real, {
      set: async (key, value, ttl) => {
        if (key.startsWith('publish:progress:') && ++writes === 2) throw new Error('killed');
        return real.set(key, value, ttl);
      },
    });
    const r = await rig({ store: dying, deps: { rich } });
    const report = longReport({ sections: 14 });
    const expected = richParts(report).map((p) => p.payload.rich_message.blocks);
    expect((await r.publisher.post(report, partsOf(report), CHANNEL)).status).toBe('failed');
    await real.close();
    const again = await openFileStore(dir);
    later(() => again.close());
    const restarted = createPublisher({ api: r.api, store: again, logger: silentLogger(), pacer: createPacer(FAST), rich });
    expect((await restarted.post(report, partsOf(report), CHANNEL)).status).toBe('posted');
    expect(richOf(r.s.messages(CHANNEL))).toEqual([expected[0], ...expected]);
  });
});

describe('a cover photo Telegram cannot fetch', () => {
  it('the rich message goes out without it: no fallback to HTML, nothing else lost', async () => {
    const sentVia: string[] = [];
    const { s, publisher, admins } = await rig({ deps: { rich, onPartSent: (i) => void sentVia.push(i.via) } });
    const report = longReport({ sections: 4, cover: 'https://unreachable.example/cover.png' });
    const [part] = richParts(report);
    expect(part!.payload.rich_message.blocks[0]!.type).toBe('photo');
    expect((await publisher.post(report, partsOf(report), CHANNEL)).status).toBe('posted');
    expect(sentVia).toEqual(['rich-without-photo']);
    expect(richOf(s.messages(CHANNEL))).toEqual([part!.payload.rich_message.blocks.slice(1)]);
    expect(admins).toEqual([]);
  });
});

describe('falling back to split HTML messages', () => {
  it('an older Bot API server (404): every channel gets the HTML parts, the admins are told once why', async () => {
    const posted: PostedInfo[] = [];
    const { s, publisher, admins } = await rig({
      standin: { richMessages: false, channels: TWO_CHANNELS },
      deps: { rich, onPosted: (i) => void posted.push(i) },
    });
    const report = longReport({ sections: 4 });
    const html = partsOf(report);
    for (const channel of [CHANNEL, SECOND]) {
      expect(await publisher.post(report, html, channel)).toMatchObject({ status: 'posted', sent: html.length, total: html.length });
      expect(texts(s, channel)).toEqual(partTexts(html));
      expect(s.messages(channel).map((m) => m.raw.disable_notification)).toEqual([undefined, true, true, true]);
    }
    expect(admins).toHaveLength(1);
    expect(admins[0]).toMatch(/404.*older than Bot API 10\.1/);
    expect(admins[0]).toContain(report.id);
    // The table-of-contents hook and the record see what the channel really got.
    expect(posted.map((p) => p.parts)).toEqual([html, html]);
  });

  it('a 400 for the content after one rich message went out: that one is taken back, the report goes out whole as HTML', async () => {
    const { s, publisher, admins } = await rig({ deps: { rich } });
    const report = longReport({ sections: 14 });
    const html = partsOf(report);
    expect(richParts(report).length).toBeGreaterThan(1);
    // The first rich message goes through; the second is refused.
    let calls = 0;
    s.onCall((c) => {
      if (c.method === 'sendRichMessage' && ++calls === 1)
        s.failNext('sendRichMessage', { code: 400, description: 'Bad Request: RICH_MESSAGE_INVALID' });
    });
    expect(await publisher.post(report, html, CHANNEL)).toMatchObject({ status: 'posted', total: html.length });
    expect(texts(s)).toEqual(partTexts(html));
    expect(
      s
        .messages(CHANNEL, { includeDeleted: true })
        .filter((m) => m.rich_message)
        .map((m) => m.deleted),
    ).toEqual([true]);
    expect(admins).toHaveLength(1);
    expect(admins[0]).toMatch(/RICH_MESSAGE_INVALID/);
  });

  it('a crash after the fallback resumes the HTML parts without trying rich again', async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    const store = await openFileStore(dir);
    const r = await rig({
      store,
      standin: { richMessages: false },
      deps: {
        rich,
        onPartSent: (i) => {
          if (i.index === 1) controller.abort();
        },
      },
    });
    const report = longReport({ sections: 4 });
    const html = partsOf(report);
    expect((await r.publisher.post(report, html, CHANNEL, { signal: controller.signal })).status).toBe('aborted');
    const tries = r.s.callsOf('sendRichMessage').length;
    await store.close();
    const again = await openFileStore(dir);
    later(() => again.close());
    const restarted = createPublisher({ api: r.api, store: again, logger: silentLogger(), pacer: createPacer(FAST), rich });
    expect(await restarted.post(report, html, CHANNEL)).toMatchObject({ status: 'posted', sent: 2 });
    expect(r.s.callsOf('sendRichMessage')).toHaveLength(tries);
    expect(texts(r.s)).toEqual(partTexts(html));
    const run = await createProgressStore(again).getRun(CHANNEL, report.id, report.hash);
    expect(run).toMatchObject({ done: true, partsHash: partsFingerprint(html) });
  });

  it('a 403 is not a reason to fall back: the post stops and resumes later, as for HTML', async () => {
    const { s, publisher } = await rig({ deps: { rich } });
    const report = longReport({ sections: 4 });
    s.failNext('sendRichMessage', { code: 403, description: 'Forbidden: bot was kicked from the channel chat' });
    expect((await publisher.post(report, partsOf(report), CHANNEL)).status).toBe('failed');
    expect(s.messages(CHANNEL)).toHaveLength(0);
    expect((await publisher.post(report, partsOf(report), CHANNEL)).status).toBe('posted');
    expect(richOf(s.messages(CHANNEL))).toHaveLength(1);
  });
});

describe('readers in private chats', () => {
  it('get the rich form with a report, HTML without one; HTML when refused', async () => {
    const { s, publisher } = await rig({ deps: { rich } });
    const report = longReport({ sections: 4 });
    await publisher.sendParts(42, partsOf(report), { report });
    expect(richOf(s.messages(42))).toHaveLength(1);
    await publisher.sendParts(CHANNEL, partsOf(report), { report });
    expect(richOf(s.messages(CHANNEL))).toHaveLength(0);
    s.failNext('sendRichMessage', { code: 404, description: 'Not Found' });
    await publisher.sendParts(43, partsOf(report), { report });
    expect(texts(s, 43)).toEqual(partTexts(partsOf(report)));
  });

  it('get one topic alone as a rich message: its title as a heading, then its body', async () => {
    const { s, publisher } = await rig({ deps: { rich } });
    const report = longReport({ sections: 4 });
    const html = topicParts(report, 1, createRenderer());
    await publisher.sendParts(44, html, { report, topicIndex: 1 });
    const [blocks] = richOf(s.messages(44)) as Block[][];
    expect(blocks![0]).toEqual({ type: 'heading', size: 3, text: report.topics[1]!.title });
    expect(blocksText(blocks!)).toContain('Paragraph 2.8');
    expect(blocksText(blocks!)).not.toContain('Paragraph 3.1');
    // Without POST_FORMAT=rich (no `rich`), the same call sends the HTML parts.
    const plain = await rig();
    await plain.publisher.sendParts(44, html, { report, topicIndex: 1 });
    expect(texts(plain.s, 44)).toEqual(partTexts(html));
  });
});

let server: RedisServerHandle;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('two instances sharing Redis', () => {
  it('exactly one posts the rich message; the other gets "locked", then "already-posted"', async () => {
    const s = await standin(FAST_LIMITS);
    const prefix = `rich${Date.now()}:`;
    const [a, b] = Array.from({ length: 2 }, () => {
      const store = createRedisStore(new Redis(server.url), { prefix });
      later(() => store.close());
      return createPublisher({ api: apiFor(s).api, store, logger: silentLogger(), pacer: createPacer(FAST), rich });
    });
    const report = longReport({ sections: 14 });
    const results = await Promise.all([a!.post(report, partsOf(report), CHANNEL), b!.post(report, partsOf(report), CHANNEL)]);
    expect(results.map((r) => r.status).sort()).toEqual(['locked', 'posted']);
    expect(richOf(s.messages(CHANNEL))).toEqual(richParts(report).map((p) => p.payload.rich_message.blocks));
    expect((await b!.post(report, partsOf(report), CHANNEL)).status).toBe('already-posted');
  });
});
