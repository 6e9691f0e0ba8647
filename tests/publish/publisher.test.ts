/**
 * The publisher end to end: real reports rendered into parts, grammY with the
 * production retries, the stand-in as Telegram, a FileStore in a temp dir.
 */
import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/publish/pacer.js';
import { createProgressStore } from '../../src/publish/progress.js';
import type { PostedInfo } from '../../src/publish/publisher.js';
import { createPublisher } from '../../src/publish/publisher.js';
import type { MessagePart } from '../../src/render/messages.js';
import { openFileStore } from '../../src/store/file-store.js';
import {
  CHANNEL,
  capturingLogger,
  contentReport,
  FAST,
  later,
  longReport,
  overriding,
  partsOf,
  partTexts,
  rig,
  silentLogger,
  tempDir,
  texts,
} from './helpers.js';

describe('post', () => {
  it('posts a multi-part report complete, in order, once; only the first part notifies', async () => {
    const posted: PostedInfo[] = [];
    const { s, publisher, store } = await rig({
      deps: {
        onPosted: (i) => {
          posted.push(i);
        },
      },
    });
    const report = longReport({ sections: 4 });
    const parts = partsOf(report);
    expect(parts.length).toBe(4);

    const r = await publisher.post(report, parts, CHANNEL);
    const msgs = s.messages(CHANNEL);
    expect(r).toEqual({
      status: 'posted',
      channel: CHANNEL,
      reportId: report.id,
      sent: 4,
      total: 4,
      messageIds: msgs.map((m) => m.message_id),
    });
    expect(texts(s)).toEqual(partTexts(parts));
    expect(msgs.map((m) => m.raw.disable_notification)).toEqual([undefined, true, true, true]);
    expect(msgs.every((m) => (m.raw.link_preview_options as { is_disabled?: boolean }).is_disabled)).toBe(true);
    expect(msgs[1]!.entities?.length).toBeGreaterThan(0); // HTML, not a fallback
    // The hook also learns the parts the channel got (rich ones, or their HTML fallback): here the HTML parts given.
    expect(posted).toEqual([{ report, channel: CHANNEL, messageIds: r.messageIds, parts }]);

    const progress = createProgressStore(store);
    expect(await progress.receivedReports(CHANNEL)).toEqual([report.id]);
    expect(await progress.lastPosted(CHANNEL)).toMatchObject({
      reportId: report.id,
      hash: report.hash,
      date: '2026-11-18',
      messageIds: r.messageIds,
    });

    const again = await publisher.post(report, parts, CHANNEL);
    expect(again).toMatchObject({ status: 'already-posted', sent: 0, messageIds: r.messageIds });
    expect(s.callsOf('sendMessage')).toHaveLength(4);
    expect(posted).toHaveLength(1);
  });

  it('posts a cover photo first and pins the opening message silently', async () => {
    const { s, publisher } = await rig({ deps: { pinPosts: true } });
    const report = await contentReport('2026-11-18-markets.md');
    const parts = partsOf(report);
    expect(parts.map((p) => p.payload.method)).toEqual(['sendPhoto', 'sendMessage']);
    const r = await publisher.post(report, parts, CHANNEL);
    expect(r.status).toBe('posted');
    const [cover, body] = s.messages(CHANNEL);
    expect([cover!.photo?.length, cover!.caption?.trim(), cover!.pinned]).toEqual([2, parts[0]!.text.trim(), true]);
    expect([body!.text?.trim(), body!.pinned]).toEqual([parts[1]!.text.trim(), undefined]);
    expect(s.callsOf('pinChatMessage').map((c) => c.payload)).toEqual([
      expect.objectContaining({ message_id: cover!.message_id, disable_notification: true }),
    ]);
  });

  it('does not repost a report whose file changed after it was posted', async () => {
    const { s, publisher } = await rig();
    const v1 = longReport({ sections: 2 });
    await publisher.post(v1, partsOf(v1), CHANNEL);
    const v2 = longReport({ sections: 2, variant: 'corrected' });
    expect(v2.hash).not.toBe(v1.hash);
    expect((await publisher.post(v2, partsOf(v2), CHANNEL)).status).toBe('already-posted');
    expect(s.callsOf('sendMessage')).toHaveLength(2);
  });

  it('reposts when forced; a later unforced post does nothing', async () => {
    const { s, publisher } = await rig();
    const report = longReport({ sections: 2 });
    const parts = partsOf(report);
    await publisher.post(report, parts, CHANNEL);
    const forced = await publisher.post(report, parts, CHANNEL, { force: true });
    expect(forced).toMatchObject({ status: 'posted', sent: 2 });
    expect(texts(s)).toEqual([...partTexts(parts), ...partTexts(parts)]);
    expect(s.messages(CHANNEL).map((m) => m.raw.disable_notification)).toEqual([undefined, true, undefined, true]);
    expect(forced.messageIds).toEqual(
      s
        .messages(CHANNEL)
        .slice(2)
        .map((m) => m.message_id),
    );
    expect((await publisher.post(report, parts, CHANNEL)).status).toBe('already-posted');
  });

  it('resumes an interrupted forced repost rather than starting over, then rests', async () => {
    const ctl = { abortAfter: -1, controller: new AbortController() };
    const { s, publisher } = await rig({
      deps: {
        onPartSent: (i) => {
          if (i.index === ctl.abortAfter) ctl.controller.abort();
        },
      },
    });
    const report = longReport({ sections: 3 });
    const parts = partsOf(report);
    await publisher.post(report, parts, CHANNEL);
    ctl.abortAfter = 0;
    expect(await publisher.post(report, parts, CHANNEL, { force: true, signal: ctl.controller.signal })).toMatchObject({
      status: 'aborted',
      sent: 1,
    });
    const resumed = await publisher.post(report, parts, CHANNEL);
    expect(resumed).toMatchObject({ status: 'posted', sent: 2 });
    expect(resumed.messageIds).toEqual(
      s
        .messages(CHANNEL)
        .slice(3)
        .map((m) => m.message_id),
    );
    expect(texts(s)).toEqual([...partTexts(parts), ...partTexts(parts)]);
    expect((await publisher.post(report, parts, CHANNEL)).status).toBe('already-posted');
  });

  it('sends a part Telegram refuses to parse as plain text, in its place', async () => {
    const { s, publisher } = await rig();
    const report = longReport({ sections: 3 });
    const parts = partsOf(report);
    const broken: MessagePart[] = parts.map((p, i) =>
      i === 1 && p.payload.method === 'sendMessage' ? { ...p, payload: { ...p.payload, text: `<b>${p.payload.text}` } } : p,
    );
    expect((await publisher.post(report, broken, CHANNEL)).status).toBe('posted');
    const msgs = s.messages(CHANNEL);
    expect(texts(s)).toEqual(partTexts(parts));
    expect([msgs[1]!.entities, msgs[1]!.raw.parse_mode, msgs[1]!.raw.disable_notification]).toEqual([undefined, undefined, true]);
    expect(msgs[2]!.raw.parse_mode).toBe('HTML');
  });

  it('sends the caption as text when the cover photo cannot be fetched', async () => {
    const { s, publisher } = await rig();
    const report = longReport({ sections: 2, cover: 'https://example.com/unreachable-cover.png' });
    const parts = partsOf(report);
    expect(parts[0]!.payload.method).toBe('sendPhoto');
    expect((await publisher.post(report, parts, CHANNEL)).status).toBe('posted');
    const msgs = s.messages(CHANNEL);
    expect(msgs.map((m) => m.photo)).toEqual([undefined, undefined, undefined]);
    expect(texts(s)).toEqual(partTexts(parts));
    expect(msgs[0]!.entities?.some((e) => e.type === 'bold')).toBe(true);
    expect(msgs.map((m) => m.raw.disable_notification)).toEqual([undefined, true, true]);
  });

  it('stops on 403, tells the admins, and resumes once the bot is back', async () => {
    const { s, publisher, admins } = await rig();
    const report = longReport({ sections: 3 });
    const parts = partsOf(report);
    s.kickBotFrom(CHANNEL);
    const r = await publisher.post(report, parts, CHANNEL);
    expect(r).toMatchObject({ status: 'failed', sent: 0, messageIds: [] });
    expect(r.error).toMatch(
      /cannot post to @daily_reports: Telegram refused sendMessage \(403: Forbidden: bot is not a member of the channel chat\)/,
    );
    expect(admins).toEqual([r.error]);
    expect(admins[0]).toMatch(/administrator/);
    expect(s.callsOf('sendMessage')).toHaveLength(1); // no retries of a 403

    s.unkickBot(CHANNEL);
    expect(await publisher.post(report, parts, CHANNEL)).toMatchObject({ status: 'posted', sent: 3 });
    expect(texts(s)).toEqual(partTexts(parts));
  });

  it('saves progress when kicked mid-post and resumes at the next part', async () => {
    const box: { s?: { kickBotFrom(c: string): void } } = {};
    const { s, publisher, admins } = await rig({
      deps: {
        onPartSent: (i) => {
          if (i.index === 0) box.s?.kickBotFrom(CHANNEL);
        },
      },
    });
    box.s = s;
    const report = longReport({ sections: 3 });
    const parts = partsOf(report);
    const r = await publisher.post(report, parts, CHANNEL);
    expect(r).toMatchObject({ status: 'failed', sent: 1, messageIds: [s.messages(CHANNEL)[0]!.message_id] });
    expect(r.error).toMatch(/resumes at part 2 of 3/);
    expect(admins).toHaveLength(1);
    delete box.s;
    s.unkickBot(CHANNEL);
    const resumed = await publisher.post(report, parts, CHANNEL);
    expect(resumed).toMatchObject({ status: 'posted', sent: 2 });
    expect(resumed.messageIds).toEqual(s.messages(CHANNEL).map((m) => m.message_id));
    expect(texts(s)).toEqual(partTexts(parts));
  });

  it('logs one line per part and per post, naming report and channel', async () => {
    const { logger, lines } = capturingLogger();
    const { publisher } = await rig({ deps: { logger } });
    const report = longReport({ sections: 2 });
    await publisher.post(report, partsOf(report), CHANNEL);
    const mine = lines.filter((l) => l.reportId === report.id && l.channel === CHANNEL);
    expect(mine.filter((l) => l.msg === 'part sent').map((l) => l.part)).toEqual([1, 2]);
    expect(mine.filter((l) => l.msg === 'post finished').map((l) => l.status)).toEqual(['posted']);
  });
});

describe('resuming', () => {
  /** A publisher on a FileStore reopened from `dir`, as after a restart. */
  async function restarted(r: Awaited<ReturnType<typeof rig>>, dir: string) {
    const store = await openFileStore(dir);
    later(() => store.close());
    return createPublisher({ api: r.api, store, logger: silentLogger(), pacer: createPacer(FAST) });
  }

  it('resumes at part 3 after a stop between parts, with no repeats', async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    const store = await openFileStore(dir);
    const r = await rig({
      store,
      deps: {
        onPartSent: (i) => {
          if (i.index === 1) controller.abort();
        },
      },
    });
    const report = longReport({ sections: 5 });
    const parts = partsOf(report);
    const first = await r.publisher.post(report, parts, CHANNEL, { signal: controller.signal });
    expect(first).toMatchObject({ status: 'aborted', sent: 2, total: 5 });
    expect(first.messageIds).toHaveLength(2);
    await store.close();

    const second = await (await restarted(r, dir)).post(report, parts, CHANNEL);
    expect(second).toMatchObject({ status: 'posted', sent: 3 });
    expect(second.messageIds).toEqual(r.s.messages(CHANNEL).map((m) => m.message_id));
    expect(texts(r.s)).toEqual(partTexts(parts));
    expect(r.s.callsOf('sendMessage')).toHaveLength(5);
  });

  it('resumes after a part fails for good, with no repeats', async () => {
    const box: { fail?: () => void } = {};
    const r = await rig({
      deps: {
        onPartSent: (i) => {
          if (i.index === 1) box.fail?.();
        },
      },
    });
    box.fail = () => r.s.failNext('sendMessage', { code: 400, description: 'Bad Request: message is too long' });
    const report = longReport({ sections: 4 });
    const parts = partsOf(report);
    const first = await r.publisher.post(report, parts, CHANNEL);
    expect(first).toMatchObject({ status: 'failed', sent: 2 });
    expect(first.error).toMatch(
      /stopped at part 3 of 4: Telegram refused sendMessage \(400: Bad Request: message is too long\); the next run resumes there/,
    );
    delete box.fail;
    expect(await r.publisher.post(report, parts, CHANNEL)).toMatchObject({ status: 'posted', sent: 2 });
    expect(texts(r.s)).toEqual(partTexts(parts));
  });

  it('repeats at most the part in flight when the process dies before saving it', async () => {
    const dir = await tempDir();
    const real = await openFileStore(dir);
    // Die (here: the store refuses every write) right after part 3 went out, before its progress is saved.
    let writes = 0;
    const dying = overriding(real, {
      set: async (key, value, ttl) => {
        if (key.startsWith('publish:progress:') && ++writes === 4) throw new Error('killed');
        return real.set(key, value, ttl);
      },
    });
    const r = await rig({ store: dying });
    const report = longReport({ sections: 5 });
    const parts = partsOf(report);
    const first = await r.publisher.post(report, parts, CHANNEL);
    expect(first).toMatchObject({ status: 'failed', messageIds: [expect.any(Number), expect.any(Number)] });
    await real.close();

    expect(await (await restarted(r, dir)).post(report, parts, CHANNEL)).toMatchObject({ status: 'posted', sent: 3 });
    const t = partTexts(parts);
    expect(texts(r.s)).toEqual([t[0], t[1], t[2], t[2], t[3], t[4]]);
  });

  it('replaces a version interrupted mid-post with the new one, in full', async () => {
    const controller = new AbortController();
    const { s, publisher, store, admins } = await rig({
      deps: {
        onPartSent: (i) => {
          if (i.index === 1) controller.abort();
        },
      },
    });
    const v1 = longReport({ sections: 4 });
    expect((await publisher.post(v1, partsOf(v1), CHANNEL, { signal: controller.signal })).status).toBe('aborted');
    const v2 = longReport({ sections: 4, variant: 'edited' });
    const r = await publisher.post(v2, partsOf(v2), CHANNEL);
    expect(r).toMatchObject({ status: 'posted', sent: 4 });
    expect(texts(s)).toEqual(partTexts(partsOf(v2)));
    expect(s.callsOf('deleteMessage').map((c) => c.status)).toEqual([200, 200]);
    expect(admins).toEqual([]);
    expect(await createProgressStore(store).getRun(CHANNEL, v1.id, v1.hash)).toBeUndefined();
    expect((await publisher.post(v1, partsOf(v1), CHANNEL)).status).toBe('already-posted');
  });
  it('tells the admins about old-version messages it could not delete', async () => {
    const controller = new AbortController();
    const { s, publisher, admins } = await rig({
      deps: {
        onPartSent: (i) => {
          if (i.index === 1) controller.abort();
        },
      },
    });
    const v1 = longReport({ sections: 3 });
    await publisher.post(v1, partsOf(v1), CHANNEL, { signal: controller.signal });
    const old = s.messages(CHANNEL).map((m) => m.message_id);
    s.failNext('deleteMessage', { code: 400, description: "Bad Request: message can't be deleted for everyone", times: 2 });
    const v2 = longReport({ sections: 3, variant: 'edited' });
    expect((await publisher.post(v2, partsOf(v2), CHANNEL)).status).toBe('posted');
    expect(texts(s)).toEqual([...partTexts(partsOf(v1)).slice(0, 2), ...partTexts(partsOf(v2))]);
    expect(admins).toHaveLength(1);
    expect(admins[0]).toContain(`could not be deleted (ids ${old.join(', ')})`);
  });

  it('finishes an interrupted forced repost with the new version when the file changed meanwhile', async () => {
    const ctl = { abortAfter: -1, controller: new AbortController() };
    const { s, publisher } = await rig({
      deps: {
        onPartSent: (i) => {
          if (i.index === ctl.abortAfter) ctl.controller.abort();
        },
      },
    });
    const v1 = longReport({ sections: 3 });
    await publisher.post(v1, partsOf(v1), CHANNEL);
    ctl.abortAfter = 0;
    expect((await publisher.post(v1, partsOf(v1), CHANNEL, { force: true, signal: ctl.controller.signal })).status).toBe('aborted');
    const v2 = longReport({ sections: 3, variant: 'fixed' });
    expect(await publisher.post(v2, partsOf(v2), CHANNEL)).toMatchObject({ status: 'posted', sent: 3 });
    expect(texts(s)).toEqual([...partTexts(partsOf(v1)), ...partTexts(partsOf(v2))]);
    expect((await publisher.post(v2, partsOf(v2), CHANNEL)).status).toBe('already-posted');
  });
});

describe('sendParts', () => {
  it('paces and falls back like posts, keeps no progress, keyboard on the last part', async () => {
    const { s, publisher, store } = await rig();
    const parts = partsOf(longReport({ sections: 3 }));
    const keyboard = { inline_keyboard: [[{ text: 'Next', callback_data: 'next' }]] };
    const ids = await publisher.sendParts(42, parts, { replyMarkup: keyboard });
    const msgs = s.messages(42);
    expect(ids).toEqual(msgs.map((m) => m.message_id));
    expect(texts(s, 42)).toEqual(partTexts(parts));
    expect(msgs.map((m) => m.raw.disable_notification)).toEqual([undefined, true, true]);
    expect(msgs.map((m) => m.reply_markup)).toEqual([undefined, undefined, keyboard]);
    expect(await store.keys('publish:')).toEqual([]);

    await publisher.sendParts(42, parts.slice(0, 1), { notifyFirst: false });
    expect(s.messages(42).at(-1)!.raw.disable_notification).toBe(true);
  });
});

describe('after-post hooks', () => {
  it('run again when a crash came between completing the post and its hooks, and only then', async () => {
    const calls: string[] = [];
    let crash = true;
    const onPosted = async (info: PostedInfo) => {
      calls.push(String(info.channel));
      if (crash) throw new Error('died before the hooks finished');
    };
    const { s, publisher } = await rig({ deps: { onPosted } });
    const report = longReport({ sections: 3 });
    const parts = partsOf(report);
    expect((await publisher.post(report, parts, CHANNEL)).status).toBe('posted');
    crash = false;
    expect((await publisher.post(report, parts, CHANNEL)).status).toBe('already-posted');
    expect((await publisher.post(report, parts, CHANNEL)).status).toBe('already-posted');
    expect(calls).toEqual([CHANNEL, CHANNEL]);
    expect(s.messages(CHANNEL)).toHaveLength(parts.length);
  });
});
