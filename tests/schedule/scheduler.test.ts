import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduledTask } from 'node-cron';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/content/report.js';
import { createLibrary } from '../../src/library/library.js';
import type { ChatTarget, PostResult, Publisher } from '../../src/publish/types.js';
import type { MessagePart } from '../../src/render/messages.js';
import { cronMatcher, lastRunToday } from '../../src/schedule/cron-times.js';
import { createScheduler } from '../../src/schedule/scheduler.js';

const TZ = 'Asia/Shanghai';
const logger = pino({ level: 'silent' });

describe('lastRunToday', () => {
  const daily8 = cronMatcher('0 8 * * *', TZ);
  it('finds today 08:00 in the configured zone once it has passed', () => {
    // 2026-11-21 08:30 in Shanghai = 00:30 UTC.
    expect(lastRunToday(daily8, new Date('2026-11-21T00:30:00Z'), TZ)?.toISOString()).toBe('2026-11-21T00:00:00.000Z');
    expect(lastRunToday(daily8, new Date('2026-11-21T00:00:00Z'), TZ)?.toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });
  it('is undefined before today 08:00, whatever the machine zone', () => {
    for (const tz of ['America/Los_Angeles', 'UTC']) {
      process.env.TZ = tz;
      expect(lastRunToday(daily8, new Date('2026-11-20T23:59:59Z'), TZ)).toBeUndefined();
    }
  });
  it('handles a seconds field', () => {
    const every20s = cronMatcher('*/20 * * * * *', TZ);
    expect(lastRunToday(every20s, new Date('2026-11-21T03:00:47Z'), TZ)?.toISOString()).toBe('2026-11-21T03:00:40.000Z');
  });
});

function contentFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-sched-'));
  writeFileSync(join(dir, '2026-11-19-a.md'), '# Older\n\n## S\n\ntext');
  writeFileSync(join(dir, '2026-11-20-b.md'), '# Newest published\n\n## S\n\ntext');
  writeFileSync(join(dir, '2026-11-21-c.md'), '---\ndraft: true\n---\n# Draft\n\ntext');
  writeFileSync(join(dir, '2026-11-25-d.md'), '# Future\n\ntext');
  return dir;
}

function fakePublisher(received = new Set<string>()) {
  const posts: Array<{ report: string; channel: ChatTarget }> = [];
  const publisher: Publisher = {
    async post(report: Report, parts: MessagePart[], channel: ChatTarget): Promise<PostResult> {
      const key = `${channel}/${report.id}`;
      const base = { channel, reportId: report.id, total: parts.length, messageIds: [] };
      if (received.has(key)) return { ...base, status: 'already-posted', sent: 0 };
      await new Promise((r) => setTimeout(r, 20));
      received.add(key);
      posts.push({ report: report.id, channel });
      return { ...base, status: 'posted', sent: parts.length };
    },
    sendParts: async () => [],
  };
  return { publisher, posts, received };
}

function fakeTask(): ScheduledTask & { fire(): Promise<void> } {
  let fn: () => Promise<void> = async () => undefined;
  let status = 'idle';
  const t = {
    getNextRun: () => new Date('2026-11-22T00:00:00Z'),
    getStatus: () => status,
    stop: () => {
      status = 'stopped';
    },
    fire: () => fn(),
    set(run: () => Promise<void>) {
      fn = run;
    },
  };
  return t as unknown as ScheduledTask & { fire(): Promise<void>; set(run: () => Promise<void>): void };
}

function setup(clock: string | { now: string }, catchUpHours?: number) {
  const nowIso = (): string => (typeof clock === 'string' ? clock : clock.now);
  const library = createLibrary({ dir: contentFolder(), timeZone: TZ });
  const pub = fakePublisher();
  const task = fakeTask() as ReturnType<typeof fakeTask> & { set(run: () => Promise<void>): void };
  const scheduler = createScheduler({
    cron: '0 8 * * *',
    timeZone: TZ,
    channels: ['@one', '-1001234'],
    library,
    publisher: pub.publisher,
    logger,
    now: () => new Date(nowIso()),
    ...(catchUpHours !== undefined ? { catchUpHours } : {}),
    scheduleTask: (_expr, run) => {
      task.set(run);
      return task;
    },
  });
  return { scheduler, pub, task };
}

describe('scheduler', () => {
  it("catches up at start-up when today's time has passed, posting today's report", async () => {
    // Issue 8 changed this case: it used to post 2026-11-20-b on 2026-11-21, a day late; now only fresh reports go out.
    const { scheduler, pub } = setup('2026-11-20T02:00:00Z'); // 10:00 in Shanghai, 2026-11-20
    const results = await scheduler.start();
    expect(results.map((r) => r.status)).toEqual(['posted', 'posted']);
    expect(pub.posts).toEqual([
      { report: '2026-11-20-b', channel: '@one' },
      { report: '2026-11-20-b', channel: '-1001234' },
    ]);
    await scheduler.stop();
  });

  it("does not post at start-up before today's scheduled time; the tick posts", async () => {
    const clock = { now: '2026-11-19T23:00:00Z' }; // 07:00 in Shanghai on 2026-11-20
    const { scheduler, pub, task } = setup(clock, 12); // 2026-11-19-a was due 23 h ago: outside a 12 h window
    expect(await scheduler.start()).toEqual([]);
    expect(pub.posts).toEqual([]);
    clock.now = '2026-11-20T00:00:00Z'; // 08:00
    await task.fire();
    expect(pub.posts.map((p) => p.report)).toEqual(['2026-11-20-b', '2026-11-20-b']);
    expect(scheduler.isAlive()).toBe(true);
    expect(scheduler.nextRun()?.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    await scheduler.stop();
    expect(scheduler.isAlive()).toBe(false);
  });

  it('never overlaps runs and never posts a report twice', async () => {
    const { scheduler, pub } = setup('2026-11-20T02:00:00Z');
    const [a, b] = await Promise.all([scheduler.runOnce('one'), scheduler.runOnce('two')]);
    expect(a).toBe(b);
    const again = await scheduler.runOnce('three');
    expect(again.map((r) => r.status)).toEqual(['already-posted', 'already-posted']);
    expect(pub.posts).toHaveLength(2);
  });
});

describe('retries', () => {
  it('retries a run that could not finish until the report is out', async () => {
    const library = createLibrary({ dir: contentFolder(), timeZone: TZ });
    let attempts = 0;
    const publisher: Publisher = {
      async post(report, parts, channel) {
        attempts++;
        const base = { channel, reportId: report.id, total: parts.length, messageIds: [], sent: 0 };
        return attempts < 3
          ? { ...base, status: attempts === 1 ? 'locked' : 'failed', error: 'boom' }
          : { ...base, status: 'posted', sent: parts.length };
      },
      sendParts: async () => [],
    };
    const task = fakeTask() as ReturnType<typeof fakeTask> & { set(run: () => Promise<void>): void };
    const scheduler = createScheduler({
      cron: '0 8 * * *',
      timeZone: TZ,
      channels: ['@one'],
      library,
      publisher,
      logger,
      now: () => new Date('2026-11-20T02:00:00Z'),
      retryDelayMs: 30,
      scheduleTask: (_e, run) => {
        task.set(run);
        return task;
      },
    });
    await scheduler.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(attempts).toBe(3);
    await scheduler.stop();
  });
});

describe('scheduler and a report the renderer refuses', () => {
  it('records a failed post naming the file and why, posts nothing of it, and keeps running', async () => {
    // Restarted from the content cache: the large report renders on the worker on first use, past its deadline.
    const render = async () => ({
      ok: false as const,
      reason: 'rendering the file took longer than 10.0 s',
      code: 'render-timeout' as const,
    });
    const library = createLibrary({ dir: contentFolder(), timeZone: TZ, render });
    await library.reload();
    const newest = library.byId('2026-11-20-b')!;
    // Large enough to be rendered off the main thread.
    const large = { ...newest, body: `${newest.body}\n\n${'x'.repeat(40 * 1024)}` };
    const pub = fakePublisher();
    const scheduler = createScheduler({
      cron: '0 8 * * *',
      timeZone: TZ,
      channels: ['@one'],
      library: { ...library, reload: async () => library.current(), published: () => [large] },
      publisher: pub.publisher,
      logger,
      now: () => new Date('2026-11-20T02:00:00Z'),
      scheduleTask: () => fakeTask(),
    });
    const results = await scheduler.runOnce('test');
    expect(results).toEqual([
      {
        status: 'failed',
        channel: '@one',
        reportId: '2026-11-20-b',
        sent: 0,
        total: 0,
        messageIds: [],
        error: '2026-11-20-b.md: rendering the file took longer than 10.0 s',
      },
    ]);
    expect(pub.posts).toEqual([]);
    await scheduler.stop();
  });
});
