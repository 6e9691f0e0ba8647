/**
 * The one behavioural contract both Store backends must meet. Each backend's
 * test file calls {@link describeStoreContract}; anything the bot relies on
 * belongs here, not in a backend-specific test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

/** Move the store's clock forward (real sleep for Redis, injected clock for the file store). */
export type AdvanceTime = (ms: number) => Promise<void>;

const sleep: AdvanceTime = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Register the contract suite. `makeStore` must return an empty store each
 * call; TTLs used are short (80 ms) so `advanceTime` may be a real sleep.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>, advanceTime: AdvanceTime = sleep): void {
  describe(`Store contract: ${name}`, () => {
    const open: Store[] = [];
    const fresh = async (): Promise<Store> => {
      const s = await makeStore();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    const TTL = 80;
    const PAST_TTL = 200;

    it('round-trips nested JSON and deletes', async () => {
      const s = await fresh();
      const value = { a: [1, 'two', { three: null, four: true }], b: 'ü ✓ "q"', n: -1.5 };
      await s.set('doc', value);
      expect(await s.get('doc')).toEqual(value);
      await s.set('doc', 'replaced');
      expect(await s.get<string>('doc')).toBe('replaced');
      await s.delete('doc');
      expect(await s.get('doc')).toBeUndefined();
      await s.delete('doc'); // absent: no error
      expect(await s.get('never')).toBeUndefined();
    });

    it('returns copies, not live references', async () => {
      const s = await fresh();
      const value = { list: [1] };
      await s.set('k', value);
      value.list.push(2);
      const read = await s.get<{ list: number[] }>('k');
      read!.list.push(3);
      expect(await s.get('k')).toEqual({ list: [1] });
    });

    it('expires values after their TTL; a plain set clears the TTL', async () => {
      const s = await fresh();
      await s.set('short', { x: 1 }, TTL);
      await s.set('kept', 1, TTL);
      await s.set('kept', 2);
      expect(await s.get('short')).toEqual({ x: 1 });
      await advanceTime(PAST_TTL);
      expect(await s.get('short')).toBeUndefined();
      expect(await s.keys('short')).toEqual([]);
      expect(await s.get('kept')).toBe(2);
    });

    it('rejects non-JSON values and bad TTLs', async () => {
      const s = await fresh();
      await expect(s.set('k', undefined)).rejects.toThrow(/JSON/);
      await expect(s.set('k', 1, 0)).rejects.toThrow(RangeError);
      await expect(s.increment('k', -5)).rejects.toThrow(RangeError);
      expect(await s.get('k')).toBeUndefined();
    });

    it('setIfAbsent writes once, and again after expiry', async () => {
      const s = await fresh();
      expect(await s.setIfAbsent('lock', 'owner-1', TTL)).toBe(true);
      expect(await s.setIfAbsent('lock', 'owner-2', TTL)).toBe(false);
      expect(await s.get('lock')).toBe('owner-1');
      await advanceTime(PAST_TTL);
      expect(await s.setIfAbsent('lock', 'owner-2')).toBe(true);
      expect(await s.get('lock')).toBe('owner-2');
    });

    it('deleteIfEquals only deletes for the owner value', async () => {
      const s = await fresh();
      await s.set('lock', { owner: 'a', n: 1 });
      expect(await s.deleteIfEquals('lock', { owner: 'b', n: 1 })).toBe(false);
      expect(await s.get('lock')).toEqual({ owner: 'a', n: 1 });
      expect(await s.deleteIfEquals('lock', { owner: 'a', n: 1 })).toBe(true);
      expect(await s.get('lock')).toBeUndefined();
      expect(await s.deleteIfEquals('lock', { owner: 'a', n: 1 })).toBe(false);
    });

    it('expireIfEquals only renews for the owner', async () => {
      const s = await fresh();
      await s.set('lock', 'a', TTL);
      expect(await s.expireIfEquals('lock', 'b', 60_000)).toBe(false);
      expect(await s.expireIfEquals('missing', 'a', 60_000)).toBe(false);
      expect(await s.expireIfEquals('lock', 'a', 60_000)).toBe(true);
      await advanceTime(PAST_TTL);
      expect(await s.get('lock')).toBe('a');

      await s.set('other', 'a', 60_000);
      expect(await s.expireIfEquals('other', 'a', TTL)).toBe(true); // can shorten, too
      await advanceTime(PAST_TTL);
      expect(await s.get('other')).toBeUndefined();
    });

    it('increment counts within a window and restarts after it', async () => {
      const s = await fresh();
      expect(await s.increment('rate', TTL)).toBe(1);
      expect(await s.increment('rate', TTL)).toBe(2);
      expect(await s.increment('rate', 60_000)).toBe(3); // window set by the first increment
      expect(await s.get('rate')).toBe(3);
      await advanceTime(PAST_TTL);
      expect(await s.get('rate')).toBeUndefined();
      expect(await s.increment('rate', TTL)).toBe(1);
    });

    it('increment gives a TTL-less numeric value a window', async () => {
      const s = await fresh();
      await s.set('n', 41);
      expect(await s.increment('n', TTL)).toBe(42);
      await advanceTime(PAST_TTL);
      expect(await s.get('n')).toBeUndefined();
      await s.set('text', 'abc');
      await expect(s.increment('text', TTL)).rejects.toThrow();
    });

    it('keeps sets: add, remove, sorted members', async () => {
      const s = await fresh();
      expect(await s.setMembers('subs')).toEqual([]);
      expect(await s.setAdd('subs', 'b')).toBe(true);
      expect(await s.setAdd('subs', 'a')).toBe(true);
      expect(await s.setAdd('subs', 'c')).toBe(true);
      expect(await s.setAdd('subs', 'a')).toBe(false);
      expect(await s.setMembers('subs')).toEqual(['a', 'b', 'c']);
      expect(await s.setRemove('subs', 'b')).toBe(true);
      expect(await s.setRemove('subs', 'b')).toBe(false);
      expect(await s.setRemove('nothing', 'b')).toBe(false);
      expect(await s.setMembers('subs')).toEqual(['a', 'c']);
      await s.setRemove('subs', 'a');
      await s.setRemove('subs', 'c');
      expect(await s.keys('subs')).toEqual([]); // an emptied set is gone
    });

    it('rejects using a set as a value and the reverse', async () => {
      const s = await fresh();
      await s.setAdd('set', 'x');
      await s.set('val', 1);
      await expect(s.get('set')).rejects.toThrow(/does not hold a value/);
      await expect(s.deleteIfEquals('set', 'x')).rejects.toThrow(/does not hold a value/);
      await expect(s.setAdd('val', 'x')).rejects.toThrow(/does not hold a set/);
      await expect(s.setMembers('val')).rejects.toThrow(/does not hold a set/);
      await s.set('set', 'now a value'); // set() overwrites any kind, like Redis SET
      expect(await s.get('set')).toBe('now a value');
    });

    it('lists keys by prefix, sorted, including sets', async () => {
      const s = await fresh();
      await s.set('post:b', 1);
      await s.set('post:a', 1);
      await s.setAdd('post:set', 'm');
      await s.set('other', 1);
      await s.set('post*glob', 1);
      expect(await s.keys('post:')).toEqual(['post:a', 'post:b', 'post:set']);
      expect(await s.keys('post*')).toEqual(['post*glob']);
      expect(await s.keys('')).toEqual(['other', 'post*glob', 'post:a', 'post:b', 'post:set']);
    });

    it('answers ping', async () => {
      const s = await fresh();
      expect(await s.ping()).toBe(true);
    });

    it('serialises concurrent mutations', async () => {
      const s = await fresh();
      const counts = await Promise.all(Array.from({ length: 50 }, () => s.increment('hits', 60_000)));
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => s.setIfAbsent('once', i)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });
  });
}
