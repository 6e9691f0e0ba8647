/**
 * Issue 8, "What was seen" 2 and 3: the schedule posts only fresh reports,
 * a first start adopts the archive, and starting afresh never reposts.
 * Real embedded store and progress records; a publisher stand-in that
 * answers from them exactly as the real one decides "already posted".
 */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduledTask } from 'node-cron';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../src/library/library.js';
import { createProgressStore } from '../../src/publish/progress.js';
import type { Publisher } from '../../src/publish/types.js';
import { createArchiveLedger } from '../../src/schedule/archive-ledger.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { openFileStore } from '../../src/store/file-store.js';
import type { Store } from '../../src/store/store.js';

const TZ = 'Asia/Shanghai';
const CHANNEL = '@fresh';
const logger = pino({ level: 'silent' });

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-fresh-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const report = (title: string): string => `# ${title}\n\n## Section\n\ntext of ${title}\n`;

/** Posts by recording, and refuses what the channel has (received or adopted), as the real publisher does. */
function recordingPublisher(store: Store) {
  const progress = createProgressStore(store);
  const posts: string[] = [];
  const publisher: Publisher = {
    async post(r, parts, channel, opts = {}) {
      const base = { channel, reportId: r.id, total: parts.length, messageIds: [], sent: 0 };
      if (!opts.force && (await progress.hasReceived(channel, r.id))) return { ...base, status: 'already-posted' };
      posts.push(r.id);
      await progress.markReceived(channel, r.id);
      await progress.setLastPosted(channel, { reportId: r.id, hash: r.hash, date: r.date, at: new Date().toISOString(), messageIds: [] });
      return { ...base, status: 'posted', sent: parts.length };
    },
    sendParts: async () => [],
  };
  return { publisher, posts };
}

function fakeTask(): ScheduledTask & { fire(): Promise<void>; set(run: () => Promise<void>): void } {
  let fn: () => Promise<void> = async () => undefined;
  return {
    getNextRun: () => null,
    getStatus: () => 'idle',
    stop: () => undefined,
    fire: () => fn(),
    set(run: () => Promise<void>) {
      fn = run;
    },
  } as unknown as ScheduledTask & { fire(): Promise<void>; set(run: () => Promise<void>): void };
}

async function bot(dir: string, dataDir: string, clock: { now: string }, opts: { catchUpHours?: number; adopt?: 'older' | 'all' } = {}) {
  const store = await openFileStore(dataDir);
  const { publisher, posts } = recordingPublisher(store);
  const task = fakeTask();
  const scheduler = createScheduler({
    cron: '0 8 * * *',
    timeZone: TZ,
    channels: [CHANNEL],
    library: createLibrary({ dir, timeZone: TZ }),
    publisher,
    logger,
    now: () => new Date(clock.now),
    ledger: createArchiveLedger(store),
    ...opts,
    scheduleTask: (_e, run) => {
      task.set(run);
      return task;
    },
  });
  const close = async (): Promise<void> => {
    await scheduler.stop();
    await store.close();
  };
  return { scheduler, posts, task, store, close };
}

describe('the schedule posts only fresh reports', () => {
  it('a fresh clone with only old samples posts nothing, on start or at later ticks', async () => {
    const dir = folder({ '2026-11-18-markets.md': report('Markets'), '2026-11-19-newswire.md': report('Newswire') });
    const clock = { now: '2026-11-29T02:00:00Z' }; // 10:00 in Shanghai, ten days later
    const b = await bot(dir, mkdtempSync(join(tmpdir(), 'drb-data-')), clock);
    await b.scheduler.start();
    clock.now = '2026-11-30T00:00:00Z';
    await b.task.fire();
    expect(b.posts).toEqual([]);
    await b.close();
  });

  it("a first start adopts the archive and posts today's report only; adopted reports are never posted by the schedule", async () => {
    const dir = folder({
      '2026-11-20-old.md': report('Old'),
      '2026-11-28-yesterday-ish.md': report('Two days'),
      '2026-11-29-today.md': report('Today'),
    });
    const clock = { now: '2026-11-29T02:00:00Z' };
    const b = await bot(dir, mkdtempSync(join(tmpdir(), 'drb-data-')), clock);
    const results = await b.scheduler.start();
    expect(results.map((r) => [r.reportId, r.status])).toEqual([['2026-11-29-today', 'posted']]);
    const progress = createProgressStore(b.store);
    expect((await progress.receivedReports(CHANNEL)).sort()).toEqual(['2026-11-20-old', '2026-11-28-yesterday-ish', '2026-11-29-today']);
    // An admin's /post takes the newest, which the channel has.
    expect((await b.scheduler.runOnce('admin')).map((r) => r.status)).toEqual(['already-posted']);
    await b.close();
  });

  it('a report with no written date is never posted automatically, even when its modification time is today', async () => {
    const dir = folder({ 'notes.md': report('Undated notes') });
    const now = new Date('2026-11-29T02:00:00Z');
    utimesSync(join(dir, 'notes.md'), now, now);
    const clock = { now: now.toISOString() };
    const b = await bot(dir, mkdtempSync(join(tmpdir(), 'drb-data-')), clock);
    await b.scheduler.start();
    clock.now = '2026-11-30T00:00:00Z';
    await b.task.fire();
    expect(b.posts).toEqual([]);
    await b.close();
  });

  it("after downtime over the posting time (less than a day), the missed report goes out, then today's at its time", async () => {
    const dir = folder({ '2026-11-28-missed.md': report('Missed') });
    const data = mkdtempSync(join(tmpdir(), 'drb-data-'));
    const clock = { now: '2026-11-27T02:00:00Z' }; // the bot ran on the 27th
    let b = await bot(dir, data, clock);
    await b.scheduler.start();
    await b.close();
    // Down from the 28th 07:00 to the 29th 07:30 (Shanghai): the 28th's 08:00 post was missed.
    clock.now = '2026-11-28T23:30:00Z';
    writeFileSync(join(dir, '2026-11-29-today.md'), report('Today'));
    b = await bot(dir, data, clock);
    const results = await b.scheduler.start();
    expect(results.map((r) => [r.reportId, r.status])).toEqual([['2026-11-28-missed', 'posted']]);
    clock.now = '2026-11-29T00:00:00Z';
    await b.task.fire();
    expect(b.posts).toEqual(['2026-11-28-missed', '2026-11-29-today']);
    await b.close();
  });

  it('a report missed by more than the catch-up window stays unposted', async () => {
    const dir = folder({ '2026-11-27-missed.md': report('Missed') });
    const data = mkdtempSync(join(tmpdir(), 'drb-data-'));
    const clock = { now: '2026-11-26T02:00:00Z' };
    let b = await bot(dir, data, clock);
    await b.scheduler.start();
    await b.close();
    clock.now = '2026-11-29T02:00:00Z';
    b = await bot(dir, data, clock, { catchUpHours: 24 });
    expect(await b.scheduler.start()).toEqual([]);
    await b.close();
  });

  it('several reports on one day are each posted once, by time then name', async () => {
    const dir = folder({
      '2026-11-29-morning.md': report('Morning'),
      '2026-11-29-evening.md': '---\ndate: 2026-11-29T18:00\n---\n## Evening\n\ntext',
      '2026-11-29-brief.md': report('Brief'),
    });
    const clock = { now: '2026-11-29T02:00:00Z' };
    const b = await bot(dir, mkdtempSync(join(tmpdir(), 'drb-data-')), clock);
    await b.scheduler.start();
    expect(b.posts).toEqual(['2026-11-29-brief', '2026-11-29-morning']);
    clock.now = '2026-11-29T10:00:00Z'; // 18:00: the evening report is published, but no posting time has come since
    await b.scheduler.runOnce('retry');
    expect(b.posts).toEqual(['2026-11-29-brief', '2026-11-29-morning']);
    clock.now = '2026-11-30T00:00:00Z'; // the next morning's tick posts it, once
    await b.task.fire();
    await b.task.fire();
    expect(b.posts).toEqual(['2026-11-29-brief', '2026-11-29-morning', '2026-11-29-evening']);
    await b.close();
  });
});

describe('starting afresh never reposts', () => {
  it("following the advice for a broken state file (move it away, ADOPT_ON_FIRST_START=all) does not post today's report again", async () => {
    const dir = folder({ '2026-11-29-today.md': report('Today') });
    const data = mkdtempSync(join(tmpdir(), 'drb-data-'));
    const clock = { now: '2026-11-29T02:00:00Z' };
    let b = await bot(dir, data, clock);
    await b.scheduler.start();
    expect(b.posts).toEqual(['2026-11-29-today']);
    await b.close();
    // state.json is moved away; the bot starts on an empty store, as the error message advises.
    b = await bot(dir, mkdtempSync(join(tmpdir(), 'drb-data-')), clock, { adopt: 'all' });
    expect((await b.scheduler.start()).map((r) => r.status)).toEqual(['already-posted']);
    clock.now = '2026-11-30T00:00:00Z';
    await b.task.fire();
    expect(b.posts).toEqual([]);
    await b.close();
  });

  it('the state file error tells how to start afresh without reposting', async () => {
    const data = mkdtempSync(join(tmpdir(), 'drb-data-'));
    writeFileSync(join(data, 'state.json'), '{ not json');
    await expect(openFileStore(data)).rejects.toThrow(/ADOPT_ON_FIRST_START=all/);
  });
});

describe('posting time of a report', () => {
  it('is the first scheduled moment at or after its publish instant, and stays fresh for the catch-up window', async () => {
    const { cronMatcher } = await import('../../src/schedule/cron-times.js');
    const { dueAt, freshness } = await import('../../src/schedule/freshness.js');
    const dir = folder({ '2026-11-27-noon.md': '---\ndate: 2026-11-27T09:00\n---\n## A\n\ntext', '2026-11-28-sat.md': report('Saturday') });
    const library = createLibrary({ dir, timeZone: TZ });
    await library.reload();
    const rules = { matcher: cronMatcher('0 8 * * 1-5', TZ), timeZone: TZ, catchUpMs: 24 * 3_600_000 };
    const noon = library.byId('2026-11-27-noon')!; // a Friday, published 09:00, after the 08:00 run
    const sat = library.byId('2026-11-28-sat')!;
    // Both wait for Monday 08:00 (a weekday schedule).
    expect(dueAt(noon, rules)?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(dueAt(sat, rules)?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(freshness(sat, new Date('2026-11-29T12:00:00Z'), rules)).toBe('not-due');
    expect(freshness(sat, new Date('2026-11-30T00:00:05Z'), rules)).toBe('fresh');
    expect(freshness(sat, new Date('2026-12-01T00:00:30Z'), rules)).toBe('fresh'); // the tick a moment late
    expect(freshness(sat, new Date('2026-12-01T00:02:00Z'), rules)).toBe('stale');
  });
});

describe('a store that cannot answer', () => {
  it('posts nothing to a channel whose adoption cannot be checked, and reports the run as failed (so it is retried)', async () => {
    const dir = folder({ '2026-11-29-today.md': report('Today') });
    const store = await openFileStore(mkdtempSync(join(tmpdir(), 'drb-data-')));
    const { publisher, posts } = recordingPublisher(store);
    const task = fakeTask();
    const scheduler = createScheduler({
      cron: '0 8 * * *',
      timeZone: TZ,
      channels: [CHANNEL],
      library: createLibrary({ dir, timeZone: TZ }),
      publisher,
      logger,
      now: () => new Date('2026-11-29T02:00:00Z'),
      retryDelayMs: 60_000,
      ledger: {
        isNew: async () => {
          throw new Error('store down');
        },
        adopt: async () => undefined,
      },
      scheduleTask: (_e, run) => {
        task.set(run);
        return task;
      },
    });
    const results = await scheduler.start();
    expect(results.map((r) => r.status)).toEqual(['failed']);
    expect(posts).toEqual([]);
    await scheduler.stop();
    await store.close();
  });
});
