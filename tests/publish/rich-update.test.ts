/** /update on a rich post: editMessageText with rich_message, in place; a fallback post is edited as HTML. */
import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/publish/pacer.js';
import { createRichPublishing } from '../../src/publish/rich-send.js';
import { createTocEditor, getPostedRecord } from '../../src/publish/toc.js';
import { updatePosted } from '../../src/publish/update.js';
import type { StandinOptions } from '../../src/standin/server.js';
import { CHANNEL, FAST, longReport, partsOf, partTexts, rig, silentLogger, texts } from './helpers.js';

const rich = createRichPublishing();

async function posted(opts: { standin?: StandinOptions } = {}) {
  const box: { toc?: ReturnType<typeof createTocEditor> } = {};
  const r = await rig({ ...(opts.standin ? { standin: opts.standin } : {}), deps: { rich, onPosted: (i) => box.toc!.onPosted(i) } });
  box.toc = createTocEditor({
    api: r.api,
    store: r.store,
    logger: silentLogger(),
    pacer: createPacer(FAST),
    parts: partsOf,
    channelInfo: async () => ({ id: -1001234567890, username: 'daily_reports' }),
  });
  const v1 = longReport({ sections: 4 });
  expect((await r.publisher.post(v1, partsOf(v1), CHANNEL)).status).toBe('posted');
  const deps = {
    api: r.api,
    store: r.store,
    logger: silentLogger(),
    pacer: createPacer(FAST),
    rich,
    channelInfo: async () => ({ id: -1001234567890, username: 'daily_reports' }),
  };
  return { ...r, v1, deps };
}

describe('/update of a rich post', () => {
  it('edits the rich message in place with the corrected blocks; again it changes nothing', async () => {
    const { s, store, v1, deps } = await posted();
    expect((await getPostedRecord(store, CHANNEL, v1.id))?.shapes).toEqual(['rich']);
    const v2 = longReport({ sections: 4, variant: 'corrected' });
    const summary = await updatePosted(deps, v2, partsOf(v2), CHANNEL);
    expect(summary).toMatchObject({ status: 'updated', total: 1, posted: 1, changed: [1], unchanged: 0, failed: [] });
    const [m] = s.messages(CHANNEL);
    expect(m!.edits).toHaveLength(1);
    expect(m!.edits[0]!.method).toBe('editMessageText');
    expect(m!.raw.rich).toEqual(rich.parts(v2, partsOf(v2))[0]!.payload.rich_message.blocks);
    expect(JSON.stringify(m!.raw.rich)).toContain('(corrected)');
    expect(await updatePosted(deps, v2, partsOf(v2), CHANNEL)).toMatchObject({ status: 'updated', changed: [], unchanged: 1 });
    expect(s.messages(CHANNEL)[0]!.edits).toHaveLength(1);
  });

  it('a report that now needs a different number of rich messages asks for a repost', async () => {
    const { v1, deps } = await posted();
    const bigger = longReport({ sections: 14 });
    expect(bigger.id).toBe(v1.id);
    expect(await updatePosted(deps, bigger, partsOf(bigger), CHANNEL)).toMatchObject({ status: 'split-changed', posted: 1 });
  });

  it('a report that fell back to HTML is edited as HTML messages', async () => {
    const { s, store, v1, deps } = await posted({ standin: { richMessages: false } });
    expect((await getPostedRecord(store, CHANNEL, v1.id))?.shapes).toEqual(['text', 'text', 'text', 'text']);
    const v2 = longReport({ sections: 4, variant: 'corrected' });
    const summary = await updatePosted(deps, v2, partsOf(v2), CHANNEL);
    expect(summary).toMatchObject({ status: 'updated', total: 4, failed: [] });
    expect(summary.changed.length).toBeGreaterThan(0);
    // The opening keeps the table of contents the HTML path adds to a report of 3+ messages.
    expect(texts(s).slice(1)).toEqual(partTexts(partsOf(v2)).slice(1));
    expect(texts(s)[0]!.startsWith(partTexts(partsOf(v2))[0]!)).toBe(true);
  });
});
