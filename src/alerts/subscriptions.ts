/**
 * Readers' keyword subscriptions in the {@link Store}, laid out for the
 * fan-out rather than for the reader:
 *
 *   alerts:sub:<userId>     set of the reader's keywords, as typed
 *   alerts:kw:<keyword>     set of user ids holding that exact keyword
 *   alerts:keywords         set of every keyword anyone holds
 *   alerts:lang:en          set of user ids who read English (the rest read Chinese)
 *
 * A fan-out reads `alerts:keywords` once, matches each distinct keyword,
 * and reads `alerts:kw:*` only for the keywords that matched: a handful of
 * round trips however many readers there are.
 *
 * There are no transactions, so writes are ordered to heal: the reader's own
 * set is written first (so the limit is checked on it), the index after; a
 * duplicate subscribe rewrites the index entries. A keyword leaves
 * `alerts:keywords` only when its set is empty, re-checked after the
 * removal so a concurrent subscriber is never dropped from the index.
 */
import type { Store } from '../store/store.js';
import type { Lang } from '../telegram/lang.js';
import { keywordNorm, MAX_KEYWORDS } from './keywords.js';

export type { Lang };

const userKey = (user: number): string => `alerts:sub:${user}`;
const keywordKey = (keyword: string): string => `alerts:kw:${keyword}`;
const KEYWORDS = 'alerts:keywords';
const ENGLISH = 'alerts:lang:en';

export type SubscribeResult =
  | { status: 'added'; keyword: string; count: number }
  | { status: 'duplicate'; existing: string; count: number }
  | { status: 'limit'; count: number };

export type UnsubscribeResult = { status: 'removed'; keyword: string; count: number } | { status: 'unknown'; count: number };

export interface Subscriptions {
  /** Add `keyword` (already cleaned, see `cleanKeyword`) for `user`, at most MAX_KEYWORDS each. */
  subscribe(user: number, keyword: string, lang: Lang): Promise<SubscribeResult>;
  /** The reader's keywords as typed, sorted. */
  list(user: number): Promise<string[]>;
  /** Remove the reader's keyword that normalises like `keyword`. */
  unsubscribe(user: number, keyword: string): Promise<UnsubscribeResult>;
  /** Remove every keyword of `user` (also when the reader blocked the bot); returns how many. */
  unsubscribeAll(user: number): Promise<number>;
  /** Remember the language alerts to `user` are written in. */
  setLang(user: number, lang: Lang): Promise<void>;
  /** Every keyword someone holds, as typed. */
  allKeywords(): Promise<string[]>;
  /** Readers holding exactly this keyword (as typed). */
  subscribersOf(keyword: string): Promise<number[]>;
  /** Readers whose alerts are in English. */
  englishReaders(): Promise<Set<number>>;
}

export function createSubscriptions(store: Store): Subscriptions {
  const index = async (user: number, keyword: string): Promise<void> => {
    await store.setAdd(keywordKey(keyword), String(user));
    await store.setAdd(KEYWORDS, keyword);
  };

  const unindex = async (user: number, keyword: string): Promise<void> => {
    await store.setRemove(keywordKey(keyword), String(user));
    if ((await store.setMembers(keywordKey(keyword))).length > 0) return;
    await store.setRemove(KEYWORDS, keyword);
    // Someone may have subscribed between the check and the removal: put it back for them.
    if ((await store.setMembers(keywordKey(keyword))).length > 0) await store.setAdd(KEYWORDS, keyword);
  };

  const setLang = async (user: number, lang: Lang): Promise<void> => {
    if (lang === 'en') await store.setAdd(ENGLISH, String(user));
    else await store.setRemove(ENGLISH, String(user));
  };

  return {
    setLang,

    async subscribe(user, keyword, lang) {
      const norm = keywordNorm(keyword);
      const current = await store.setMembers(userKey(user));
      const existing = current.find((k) => keywordNorm(k) === norm);
      if (existing !== undefined) {
        await index(user, existing); // heals an index a crash left half-written
        await setLang(user, lang);
        return { status: 'duplicate', existing, count: current.length };
      }
      if (current.length >= MAX_KEYWORDS) return { status: 'limit', count: current.length };
      await store.setAdd(userKey(user), keyword);
      const after = await store.setMembers(userKey(user));
      if (after.length > MAX_KEYWORDS) {
        // A concurrent subscribe of the same reader got there first.
        await store.setRemove(userKey(user), keyword);
        return { status: 'limit', count: after.length - 1 };
      }
      await index(user, keyword);
      await setLang(user, lang);
      return { status: 'added', keyword, count: after.length };
    },

    list: (user) => store.setMembers(userKey(user)),

    async unsubscribe(user, keyword) {
      const norm = keywordNorm(keyword);
      const current = await store.setMembers(userKey(user));
      const found = current.find((k) => keywordNorm(k) === norm);
      if (found === undefined) return { status: 'unknown', count: current.length };
      await store.setRemove(userKey(user), found);
      await unindex(user, found);
      return { status: 'removed', keyword: found, count: current.length - 1 };
    },

    async unsubscribeAll(user) {
      const current = await store.setMembers(userKey(user));
      for (const keyword of current) {
        await store.setRemove(userKey(user), keyword);
        await unindex(user, keyword);
      }
      await store.setRemove(ENGLISH, String(user));
      return current.length;
    },

    allKeywords: () => store.setMembers(KEYWORDS),

    async subscribersOf(keyword) {
      return (await store.setMembers(keywordKey(keyword))).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    },

    async englishReaders() {
      return new Set((await store.setMembers(ENGLISH)).map(Number));
    },
  };
}
