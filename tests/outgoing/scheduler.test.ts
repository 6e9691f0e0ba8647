/**
 * The outgoing scheduler on a manual clock: priorities, per-chat and group
 * limits, the bot-wide window, the bounded queue, 429 pauses and aborts.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryWindow } from '../../src/outgoing/bot-window.js';
import {
  type CallRequest,
  createScheduler,
  OutgoingQueueFullError,
  type Priority,
  type SchedulerHooks,
  type Ticket,
} from '../../src/outgoing/scheduler.js';
import { fakeTime } from './fake-time.js';

function rig(opts: { limit?: number; maxDepth?: number; hooks?: SchedulerHooks } = {}) {
  const time = fakeTime(1_000_000);
  const window = createMemoryWindow({ limit: opts.limit ?? 30 }, time.now);
  const scheduler = createScheduler({
    window,
    now: time.now,
    setTimer: time.setTimer,
    ...(opts.maxDepth ? { maxDepth: opts.maxDepth } : {}),
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
  });
  /** Granted calls in order: label and the (relative) time of the grant. */
  const granted: Array<{ label: string; at: number; ticket: Ticket }> = [];
  const failed: Array<{ label: string; err: unknown }> = [];
  const call = (label: string, req: Partial<CallRequest> & { priority?: Priority } = {}): void => {
    void scheduler.acquire({ priority: 'reply', group: false, ...req }).then(
      (ticket) => void granted.push({ label, at: time.now() - 1_000_000, ticket }),
      (err: unknown) => void failed.push({ label, err }),
    );
  };
  /** Answer every granted call still open (the call came back now). */
  const answerAll = (): void => {
    for (const g of granted) g.ticket.done();
  };
  return { time, scheduler, granted, failed, call, answerAll, labels: () => granted.map((g) => g.label) };
}

describe('outgoing scheduler', () => {
  it('sends the channel post first, then replies, then background work', async () => {
    const r = rig({ limit: 1 });
    r.call('first', { priority: 'background' });
    await r.time.settle();
    for (let i = 0; i < 3; i++) r.call(`alert${i}`, { priority: 'background' });
    for (let i = 0; i < 2; i++) r.call(`reply${i}`, { priority: 'reply' });
    r.call('post', { priority: 'post', chat: '-100', group: true });
    await r.time.settle();
    for (let i = 0; i < 6; i++) {
      r.granted.at(-1)!.ticket.done();
      await r.time.advance(1000);
    }
    expect(r.labels()).toEqual(['first', 'post', 'reply0', 'reply1', 'alert0', 'alert1', 'alert2']);
  });

  it('never queues the morning post or a reader behind 10,000 alerts', async () => {
    const r = rig({ limit: 30, maxDepth: 20_000 });
    for (let i = 0; i < 10_000; i++) r.call(`alert${i}`, { priority: 'background', chat: String(10_000 + i) });
    await r.time.settle();
    expect(r.granted).toHaveLength(30); // the window is full
    r.call('post', { priority: 'post', chat: '@daily', group: true });
    r.call('today', { priority: 'reply', chat: '42' });
    r.answerAll();
    await r.time.advance(1000);
    expect(r.labels().slice(30, 32)).toEqual(['post', 'today']);
  });

  it('keeps one chat to one call at a time, a second after the last answer, without holding up other chats', async () => {
    const r = rig();
    r.call('a1', { chat: '7' });
    r.call('a2', { chat: '7' });
    r.call('b1', { chat: '8' });
    await r.time.settle();
    expect(r.labels()).toEqual(['a1', 'b1']);
    await r.time.advance(300);
    r.granted[0]!.ticket.done(); // a1 answered at 300 ms
    await r.time.advance(999);
    expect(r.labels()).toEqual(['a1', 'b1']);
    await r.time.advance(1);
    expect(r.granted.map((g) => [g.label, g.at])).toEqual([
      ['a1', 0],
      ['b1', 0],
      ['a2', 1300],
    ]);
  });

  it('keeps a group or channel to 20 calls a minute, counted until a minute after each answer', async () => {
    const r = rig();
    for (let i = 0; i < 22; i++) r.call(`p${i}`, { chat: '-100', group: true });
    for (let s = 0; s < 120; s++) {
      await r.time.advance(1000);
      r.answerAll();
    }
    const at = r.granted.map((g) => g.at);
    expect(at).toHaveLength(22);
    for (const start of at) expect(at.filter((x) => x >= start && x < start + 60_000).length).toBeLessThanOrEqual(20);
    expect(at[20]! - at[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it('holds each bot-wide slot until a second after its answer', async () => {
    const r = rig({ limit: 2 });
    for (let i = 0; i < 4; i++) r.call(`c${i}`, { chat: String(i) });
    await r.time.settle();
    expect(r.labels()).toEqual(['c0', 'c1']);
    await r.time.advance(2000); // unanswered: still in flight, nothing frees
    expect(r.granted).toHaveLength(2);
    r.granted[0]!.ticket.done();
    await r.time.advance(999);
    expect(r.granted).toHaveLength(2);
    await r.time.advance(1);
    expect(r.labels()).toEqual(['c0', 'c1', 'c2']);
  });

  it('refuses the oldest background call past maxDepth, never a reply or a post', async () => {
    const dropped: Priority[] = [];
    const r = rig({ limit: 1, maxDepth: 3, hooks: { dropped: (p) => void dropped.push(p) } });
    r.call('busy', { priority: 'reply' });
    await r.time.settle();
    r.call('bg0', { priority: 'background' });
    r.call('bg1', { priority: 'background' });
    r.call('r0');
    r.call('r1'); // 4 queued: bg0 goes
    r.call('r2'); // bg1 goes
    r.call('r3'); // nothing left to refuse: the reply waits anyway
    r.call('p0', { priority: 'post' });
    await r.time.settle();
    expect(r.failed.map((f) => f.label)).toEqual(['bg0', 'bg1']);
    expect(r.failed[0]!.err).toBeInstanceOf(OutgoingQueueFullError);
    expect((r.failed[0]!.err as Error).name).toBe('OutgoingQueueFullError');
    expect(dropped).toEqual(['background', 'background']);
    expect(r.scheduler.depth()).toEqual({ post: 1, reply: 4, background: 0 });
    for (let i = 0; i < 6; i++) {
      r.granted.at(-1)!.ticket.done();
      await r.time.advance(1000);
    }
    expect(r.labels()).toEqual(['busy', 'p0', 'r0', 'r1', 'r2', 'r3']);
  });

  it('pauses a chat for retry_after after a 429, one 429 per pause', async () => {
    const limited: Array<[string, number]> = [];
    const r = rig({ hooks: { rateLimited: (scope, ms) => void limited.push([scope, ms]) } });
    r.call('x1', { chat: '9' });
    await r.time.settle();
    r.call('x2', { chat: '9' });
    r.call('x3', { chat: '9' });
    r.call('y1', { chat: '10' });
    await r.time.settle();
    r.granted[0]!.ticket.done({ retryAfterS: 5 });
    await r.time.advance(4999);
    expect(r.labels()).toEqual(['x1', 'y1']);
    await r.time.advance(1);
    expect(r.labels()).toEqual(['x1', 'y1', 'x2']);
    expect(limited).toEqual([['chat', 5000]]);
  });

  it('pauses the whole bot after a 429 on a call without a chat', async () => {
    const r = rig();
    r.call('answer');
    await r.time.settle();
    r.granted[0]!.ticket.done({ retryAfterS: 3 });
    r.call('a', { chat: '1' });
    r.call('b', { chat: '2' });
    await r.time.advance(2999);
    expect(r.labels()).toEqual(['answer']);
    await r.time.advance(1);
    expect(r.labels()).toEqual(['answer', 'a', 'b']);
  });

  it('forgets an aborted call and reports the depth', async () => {
    const depths: number[] = [];
    const r = rig({ limit: 1, hooks: { depth: (d) => void depths.push(d.post + d.reply + d.background) } });
    r.call('busy');
    await r.time.settle();
    const ac = new AbortController();
    r.call('gone', { signal: ac.signal });
    r.call('kept');
    await r.time.settle();
    ac.abort(new Error('timeout'));
    await r.time.settle();
    expect(r.failed.map((f) => f.label)).toEqual(['gone']);
    r.granted[0]!.ticket.done();
    await r.time.advance(1000);
    expect(r.labels()).toEqual(['busy', 'kept']);
    expect(depths.at(-1)).toBe(0);
    expect(Math.max(...depths)).toBe(2);
  });
});

describe('chatReady (the publisher pacer view)', () => {
  it('waits for the call in flight in the chat, then a second after its answer', async () => {
    const r = rig();
    r.call('p1', { chat: '-100', group: true });
    await r.time.settle();
    let ready = false;
    void r.scheduler.chatReady('-100', true).then(() => {
      ready = true;
    });
    await r.time.advance(5000);
    expect(ready).toBe(false); // still in flight
    r.granted[0]!.ticket.done();
    await r.time.advance(999);
    expect(ready).toBe(false);
    await r.time.advance(1);
    expect(ready).toBe(true);
    // The send that follows goes at once.
    r.call('p2', { chat: '-100', group: true });
    await r.time.settle();
    expect(r.labels()).toEqual(['p1', 'p2']);
  });
});
