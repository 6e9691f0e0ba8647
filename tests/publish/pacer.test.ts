import { describe, expect, it } from 'vitest';
import { chatKey, createPacer, isGroupOrChannel } from '../../src/publish/pacer.js';

/** A pacer on a fake clock; `sleep` moves the clock, so `sends` are the times messages would go. */
function fakePacer(opts: Parameters<typeof createPacer>[0] = {}) {
  let t = 1_000_000;
  const sends: number[] = [];
  const pacer = createPacer({
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    ...opts,
  });
  const send = async (chat: string | number): Promise<void> => {
    await pacer.wait(chat);
    sends.push(t - 1_000_000);
  };
  return { send, sends, pacer };
}

describe('pacer', () => {
  it('spaces sends to one chat by minIntervalMs (default 1 s)', async () => {
    const { send, sends } = fakePacer();
    for (let i = 0; i < 4; i++) await send(42);
    expect(sends).toEqual([0, 1000, 2000, 3000]);
  });

  it('keeps a channel to 20 sends per minute (plus slack)', async () => {
    const { send, sends } = fakePacer();
    for (let i = 0; i < 23; i++) await send('@daily');
    expect(sends.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i * 1000));
    expect(sends.slice(20)).toEqual([60_500, 61_500, 62_500]);
    // Any 60.5 s window holds at most 20 sends.
    for (const start of sends) expect(sends.filter((x) => x >= start && x < start + 60_500).length).toBeLessThanOrEqual(20);
  });

  it('does not apply the per-minute limit to private chats', async () => {
    const { send, sends } = fakePacer({ minIntervalMs: 100 });
    for (let i = 0; i < 30; i++) await send(42);
    expect(sends.at(-1)).toBe(2900);
  });

  it('paces chats independently', async () => {
    const { send, sends } = fakePacer();
    await send('@a');
    await send('@b');
    await send(-100123);
    expect(sends).toEqual([0, 0, 0]);
    await send('@A'); // same channel as @a
    expect(sends.at(-1)).toBe(1000);
  });

  it('queues concurrent waiters for one chat instead of letting them race', async () => {
    const t = 0;
    const slept: number[] = [];
    const pacer = createPacer({
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await Promise.all([pacer.wait('@c'), pacer.wait('@c'), pacer.wait('@c')]);
    expect(slept).toEqual([1000, 2000]);
  });

  it('recognises groups and channels', () => {
    expect([
      isGroupOrChannel(-100123),
      isGroupOrChannel('@name'),
      isGroupOrChannel('-100123'),
      isGroupOrChannel(42),
      isGroupOrChannel('42'),
    ]).toEqual([true, true, true, false, false]);
    expect(chatKey(' @Daily ')).toBe('@daily');
  });
});
