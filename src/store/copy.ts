/**
 * Copy every key of one store into another (`migrate-store`): how a
 * deployment moves between SQLite, the file store and Redis without
 * forgetting which reports each channel already received. A key's remaining
 * TTL goes with it, so copied dedupe ids, counters and caches still expire.
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
      const ttl = await from.ttl(key);
      await to.set(key, value, ttl);
      values++;
    } catch (err) {
      if (!(err instanceof WrongTypeError)) throw err;
      await to.delete(key); // a value of the same name on the target would reject every setAdd
      for (const member of await from.setMembers(key)) await to.setAdd(key, member);
      sets++;
    }
  }
  return { values, sets };
}
