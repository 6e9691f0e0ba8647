/**
 * The recovery rules behind the end-to-end fault cases, in-process and fast:
 * a store outage pauses a post instead of sending parts it cannot record; an
 * outage longer than the lock's lease stops the post, and the scheduler
 * retries a post stopped that way (only a shutdown ends retries).
 */

import type { ScheduledTask } from 'node-cron';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.js';
import type { PostResult, Publisher } from '../../src/publish/types.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import type { Store } from '../../src/store/store.js';
import { CHANNEL, fileStore, longReport, partsOf, rig, sleep } from '../publish/helpers.js';
import { expectReportOnce } from './expect-report.js';

/** `store` failing every call while `outage.down`, as a dead Redis or a full disk would. */
function flaky(store: Store): { store: Store; outage: { down: boolean } } {
  const outage = { down: false };
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) =>
        outage.down ? Promise.reject(new Error('store unreachable')) : (v as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store: wrapped, outage };
}

describe('a store outage mid-post', () => {
  it('pauses posting while it lasts and resumes in the same run, nothing repeated', async () => {
    const { store, outage } = flaky(await fileStore());
    const r = await rig({ store });
    const report = longReport({ sections: 5 });
    const parts = partsOf(report);
    let sends = 0;
    let sentWhileDown = 0;
    r.s.onCall((c) => {
      if (c.method !== 'sendMessage') return;
      if (outage.down) sentWhileDown++;
      if (++sends === 2) outage.down = true; // right after part 2 went out, before its progress is saved
    });
    const posting = r.publisher.post(report, parts, CHANNEL);
    await sleep(1500);
    expect(r.s.messages(CHANNEL)).toHaveLength(2);
    outage.down = false;
    expect(await posting).toMatchObject({ status: 'posted', sent: parts.length });
    expect(sentWhileDown).toBe(0);
    expectReportOnce(
      r.s.messages(CHANNEL),
      parts.map((p) => p.text),
      { maxRepeats: 0 },
    );
  });

  it('stops when it outlasts the lease; the next run resumes', async () => {
    for (const when of ['after a saved part', 'before a sent part is saved'] as const) {
      const { store, outage } = flaky(await fileStore());
      let sends = 0;
      const r = await rig({
        store,
        deps: {
          lockTtlMs: 600,
          onPartSent: () => {
            if (when === 'after a saved part' && sends === 2) outage.down = true;
          },
        },
      });
      r.s.onCall((c) => {
        if (c.method === 'sendMessage' && ++sends === 2 && when === 'before a sent part is saved') outage.down = true;
      });
      const report = longReport({ sections: 4 });
      const parts = partsOf(report);
      const first = await r.publisher.post(report, parts, CHANNEL);
      // Between parts the lost lock stops the post; a sent part that could not be saved fails it. Both resume.
      expect(first.status).toBe(when === 'after a saved part' ? 'aborted' : 'failed');
      expect(r.s.messages(CHANNEL)).toHaveLength(2);
      outage.down = false;
      await sleep(700); // the lapsed lock expires in the store too
      expect(await r.publisher.post(report, parts, CHANNEL)).toMatchObject({ status: 'posted' });
      const repeated = expectReportOnce(
        r.s.messages(CHANNEL),
        parts.map((p) => p.text),
        { maxRepeats: 1 },
      );
      expect(repeated).toEqual(when === 'after a saved part' ? [] : [2]);
    }
  });
});

describe('scheduler', () => {
  const task = (): ScheduledTask =>
    ({ getNextRun: () => null, getStatus: () => 'idle', stop: () => undefined }) as unknown as ScheduledTask;
  const library = {
    reload: async () => undefined,
    published: () => [longReport()],
    parts: () => partsOf(longReport()),
    render: async () => partsOf(longReport()),
  } as unknown as Library;

  it('retries a post aborted by a lost lock, and stops retrying at shutdown', async () => {
    const statuses: PostResult['status'][] = ['aborted', 'aborted', 'posted'];
    let calls = 0;
    const publisher: Publisher = {
      async post(report, parts, channel) {
        const status = statuses[calls++] ?? 'already-posted';
        return { status, channel, reportId: report.id, sent: 0, total: parts.length, messageIds: [] };
      },
      sendParts: async () => [],
    };
    const scheduler = createScheduler({
      cron: '0 0 * * *',
      timeZone: 'UTC',
      channels: [CHANNEL],
      library,
      publisher,
      logger: pino({ level: 'silent' }),
      now: () => new Date('2026-11-18T02:00:00Z'),
      retryDelayMs: 20,
      scheduleTask: () => task(), // the report's day: only fresh reports are posted
    });
    await scheduler.start();
    await sleep(300);
    expect(calls).toBe(3);

    // An abort by shutdown is not retried.
    let stoppedCalls = 0;
    const stopping = createScheduler({
      cron: '0 0 * * *',
      timeZone: 'UTC',
      channels: [CHANNEL],
      library,
      logger: pino({ level: 'silent' }),
      now: () => new Date('2026-11-18T02:00:00Z'),
      retryDelayMs: 20,
      scheduleTask: () => task(), // the report's day: only fresh reports are posted
      publisher: {
        async post(report, parts, channel, opts) {
          stoppedCalls++;
          while (!opts?.signal?.aborted) await sleep(5);
          return { status: 'aborted', channel, reportId: report.id, sent: 0, total: parts.length, messageIds: [] };
        },
        sendParts: async () => [],
      },
    });
    const run = stopping.start();
    await sleep(50);
    await stopping.stop();
    expect((await run).map((x) => x.status)).toEqual(['aborted']);
    await sleep(100);
    expect(stoppedCalls).toBe(1);
    await scheduler.stop();
  });
});
