/**
 * From a posted report to its batch of alerts: match every distinct keyword
 * once, read the subscribers of the keywords that matched, and make one job
 * per reader with the union of their matched topics. Timed, so the caller
 * can log (and the benchmark can show) where the milliseconds go.
 */
import type { Report } from '../content/report.js';
import { messageLink } from '../publish/channel-links.js';
import type { ChatTarget } from '../publish/types.js';
import { mapLimited } from '../util/map-limited.js';
import type { NormCache } from './keywords.js';
import { ReportMatcher } from './matcher.js';
import type { AlertTopic, Job, PendingBatch } from './queue.js';
import type { Subscriptions } from './subscriptions.js';

export interface FanOutTimings {
  /** Reading keywords and subscribers from the store. */
  readMs: number;
  /** Normalising and matching (pure CPU). */
  matchMs: number;
  /** Distinct keywords tested, and how many of them matched. */
  keywords: number;
  matchedKeywords: number;
}

/** Subscriber sets read at once: ioredis pipelines concurrent commands on its one connection. */
const READ_CONCURRENCY = 256;

/** Keyword (as typed) -> indexes of the report's topics that contain it. */
export function matchKeywords(report: Pick<Report, 'topics'>, keywords: readonly string[], norms: NormCache): Map<string, number[]> {
  const matcher = new ReportMatcher(report.topics);
  const byNorm = new Map<string, number[]>();
  const matched = new Map<string, number[]>();
  for (const keyword of keywords) {
    const norm = norms.get(keyword);
    let topics = byNorm.get(norm);
    if (topics === undefined) {
      topics = matcher.topicsWith(norm);
      byNorm.set(norm, topics);
    }
    if (topics.length > 0) matched.set(keyword, topics);
  }
  return matched;
}

/**
 * A link to the channel post: public channels by username, others through
 * `t.me/c/` (which opens for members only). Undefined when it cannot be made.
 */
export function postLink(channel: ChatTarget, messageId: number | undefined): string | undefined {
  if (messageId === undefined) return undefined;
  const s = String(channel).trim();
  if (/^@[A-Za-z0-9_]{4,}$/.test(s)) return messageLink({ id: 0, username: s.slice(1) }, messageId);
  return /^-100\d+$/.test(s) ? messageLink({ id: Number(s) }, messageId) : undefined;
}

export interface FanOutInput {
  report: Report;
  link: string | undefined;
  createdAt: number;
}

export async function buildBatch(
  subs: Subscriptions,
  norms: NormCache,
  input: FanOutInput,
): Promise<{ batch: PendingBatch; timings: FanOutTimings }> {
  const { report } = input;
  let t = performance.now();
  const [keywords, english] = await Promise.all([subs.allKeywords(), subs.englishReaders()]);
  let readMs = performance.now() - t;

  t = performance.now();
  const matched = matchKeywords(report, keywords, norms);
  let matchMs = performance.now() - t;

  t = performance.now();
  const entries = [...matched];
  const holders = await mapLimited(entries, READ_CONCURRENCY, ([keyword]) => subs.subscribersOf(keyword));
  readMs += performance.now() - t;

  t = performance.now();
  const readers = new Map<number, { topics: Set<number>; keywords: string[] }>();
  entries.forEach(([keyword, topics], i) => {
    for (const user of holders[i]!) {
      let r = readers.get(user);
      if (!r) {
        r = { topics: new Set(), keywords: [] };
        readers.set(user, r);
      }
      for (const topic of topics) r.topics.add(topic);
      r.keywords.push(keyword);
    }
  });
  const used = new Set<number>();
  const jobs: Job[] = [...readers.keys()]
    .sort((a, b) => a - b)
    .map((user) => {
      const r = readers.get(user)!;
      const topics = [...r.topics].sort((a, b) => a - b);
      for (const topic of topics) used.add(topic);
      return [user, english.has(user) ? 'en' : 'zh', topics, r.keywords.sort()];
    });
  const topics: AlertTopic[] = [...used]
    .sort((a, b) => a - b)
    .map((index) => {
      const topic = report.topics[index]!;
      return { index, title: topic.title, ...(topic.time ? { time: topic.time } : {}) };
    });
  matchMs += performance.now() - t;

  const batch: PendingBatch = {
    v: 1,
    reportId: report.id,
    hash: report.hash,
    day: report.date,
    title: report.title,
    ...(input.link ? { link: input.link } : {}),
    createdAt: input.createdAt,
    topics,
    jobs,
  };
  return { batch, timings: { readMs, matchMs, keywords: keywords.length, matchedKeywords: matched.size } };
}
