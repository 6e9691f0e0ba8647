import { describe, expect, it } from 'vitest';
import { advanceRun, createProgressStore, partsFingerprint, startRun } from '../../src/publish/progress.js';
import { fileStore, longReport, partsOf } from './helpers.js';

const NOW = new Date('2026-11-18T07:00:00Z');

describe('progress', () => {
  it('builds runs without I/O: a forced repost of a version is its next run', () => {
    const first = startRun(undefined, { hash: 'h1', partsHash: 'p', total: 3, now: NOW });
    expect(first).toMatchObject({ run: 1, next: 0, messageIds: [], done: false, startedAt: NOW.toISOString() });
    const later = new Date(NOW.getTime() + 1000);
    const one = advanceRun(first, 11, later);
    expect(one).toMatchObject({ next: 1, messageIds: [11], updatedAt: later.toISOString(), startedAt: NOW.toISOString() });
    expect(first.messageIds).toEqual([]); // not mutated
    expect(startRun({ ...one, done: true }, { hash: 'h1', partsHash: 'p', total: 3, now: later }).run).toBe(2);
  });

  it('keeps runs per channel, report and hash, and finds unfinished ones of any version', async () => {
    const store = await fileStore();
    const p = createProgressStore(store);
    const a = startRun(undefined, { hash: 'aaa', partsHash: 'p', total: 2, now: NOW });
    const b = { ...startRun(undefined, { hash: 'bbb', partsHash: 'p', total: 2, now: NOW }), done: true };
    await p.saveRun('@Chan', 'r:1', a);
    await p.saveRun('@chan', 'r:1', b);
    await p.saveRun('@chan', 'r', startRun(undefined, { hash: 'ccc', partsHash: 'p', total: 1, now: NOW }));
    expect(await p.getRun('@CHAN', 'r:1', 'aaa')).toEqual(a);
    // 'r' must not see 'r:1' runs: segments are escaped.
    expect((await p.unfinishedRuns('@chan', 'r:1')).map((r) => r.hash)).toEqual(['aaa']);
    expect((await p.unfinishedRuns('@chan', 'r')).map((r) => r.hash)).toEqual(['ccc']);
    expect(await store.keys('publish:progress:')).toContain('publish:progress:@chan:r%3A1:aaa');
    await p.deleteRun('@chan', 'r:1', 'aaa');
    expect(await p.unfinishedRuns('@chan', 'r:1')).toEqual([]);
  });

  it('remembers received reports and the last post per channel', async () => {
    const p = createProgressStore(await fileStore());
    expect(await p.hasReceived(-100, 'x')).toBe(false);
    await p.markReceived(-100, 'x');
    await p.markReceived(-100, 'x');
    expect([await p.hasReceived(-100, 'x'), await p.hasReceived('@other', 'x')]).toEqual([true, false]);
    expect(await p.receivedReports(-100)).toEqual(['x']);
    const last = { reportId: 'x', hash: 'h', date: '2026-11-18', at: NOW.toISOString(), messageIds: [1, 2] };
    await p.setLastPosted(-100, last);
    expect(await p.lastPosted(-100)).toEqual(last);
  });

  it('fingerprints rendered parts', () => {
    const a = partsOf(longReport({ sections: 2 }));
    expect(partsFingerprint(a)).toBe(partsFingerprint(partsOf(longReport({ sections: 2 }))));
    expect(partsFingerprint(a)).not.toBe(partsFingerprint(partsOf(longReport({ sections: 2, variant: 'v2' }))));
  });
});
