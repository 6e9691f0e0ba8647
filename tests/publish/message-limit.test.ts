/**
 * The posting limit (issue 9): a report that would need more than
 * MAX_MESSAGES messages is held back and the admins are told; only an
 * explicit `ignoreMessageLimit` (report-bot post --ignore-limit) posts it.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL, longReport, partsOf, rig, texts } from './helpers.js';

describe('posting limit', () => {
  it('holds back a report over the limit: nothing sent, the admins told, status held', async () => {
    const r = await rig({ deps: { maxMessages: 3 } });
    const report = longReport({ sections: 5 });
    const parts = partsOf(report);
    expect(parts.length).toBe(5);
    const result = await r.publisher.post(report, parts, CHANNEL);
    expect(result).toMatchObject({ status: 'held', sent: 0, total: 5 });
    expect(result.error).toContain('would take 5 messages, over the limit of 3 (MAX_MESSAGES)');
    expect(texts(r.s)).toEqual([]);
    expect(r.admins).toHaveLength(1);
    expect(r.admins[0]).toContain('--ignore-limit');
  });

  it('holds it back for an admin repost (force) too', async () => {
    const r = await rig({ deps: { maxMessages: 3 } });
    const report = longReport({ sections: 4 });
    expect(await r.publisher.post(report, partsOf(report), CHANNEL, { force: true })).toMatchObject({ status: 'held' });
    expect(texts(r.s)).toEqual([]);
  });

  it('posts a report at the limit, and one over it only when told to ignore the limit', async () => {
    const r = await rig({ deps: { maxMessages: 4 } });
    const atLimit = longReport({ id: 'at-limit', sections: 4 });
    expect(await r.publisher.post(atLimit, partsOf(atLimit), CHANNEL)).toMatchObject({ status: 'posted', sent: 4 });
    const over = longReport({ id: 'over', sections: 5 });
    expect(await r.publisher.post(over, partsOf(over), CHANNEL, { ignoreMessageLimit: true })).toMatchObject({ status: 'posted', sent: 5 });
    expect(texts(r.s)).toHaveLength(9);
  });

  it('tells the admins once per version and channel, not at every run, restart or repost', async () => {
    const r = await rig({ deps: { maxMessages: 3 } });
    const report = longReport({ sections: 5 });
    for (let run = 0; run < 3; run++) expect(await r.publisher.post(report, partsOf(report), CHANNEL)).toMatchObject({ status: 'held' });
    expect(await r.publisher.post(report, partsOf(report), CHANNEL, { force: true })).toMatchObject({ status: 'held' });
    expect(r.admins).toHaveLength(1);

    // A restart (a new publisher on the same store) remembers it.
    const restarted = await rig({ deps: { maxMessages: 3 }, store: r.store });
    expect(await restarted.publisher.post(report, partsOf(report), CHANNEL)).toMatchObject({ status: 'held' });
    expect(restarted.admins).toHaveLength(0);

    // Another channel, or an edited version still over the limit, is news.
    expect(await r.publisher.post(report, partsOf(report), '@other_channel')).toMatchObject({ status: 'held' });
    const edited = longReport({ sections: 6, variant: 'edited' });
    expect(await r.publisher.post(edited, partsOf(edited), CHANNEL)).toMatchObject({ status: 'held' });
    expect(r.admins).toHaveLength(3);
    expect(r.admins[1]).toContain('@other_channel');
    expect(r.admins[2]).toContain('would take 6 messages');
  });
});
