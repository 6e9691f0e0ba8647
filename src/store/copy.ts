/**
 * Copy every key of one store into another: how a deployment moves from the
 * embedded file store to Redis without forgetting which reports each channel
 * already received. TTLs are not carried over (only short-lived counters and
 * saved searches have them).
 */
import type { Store } from './store.js';
import { WrongTypeError } from './values.js';

export async function copyStore(from: Store, to: Store): Promise<{ values: number; sets: number }> {
  let values = 0;
  let sets = 0;
  for (const key of await from.keys('')) {
    try {
      const value = await from.get(key);
      if (value === undefined) continue;
      await to.set(key, value);
      values++;
    } catch (err) {
      if (!(err instanceof WrongTypeError)) throw err;
      for (const member of await from.setMembers(key)) await to.setAdd(key, member);
      sets++;
    }
  }
  return { values, sets };
}
