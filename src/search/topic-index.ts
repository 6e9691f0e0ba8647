/**
 * The /topic index: the same answers as `searchTopics` (the linear scan),
 * without reading every topic on every query. Pure and in memory; whoever
 * loads the content feeds it `upsert` and `remove` as files change.
 *
 * Every topic has two units of text, its normalised title and body (unit =
 * topic slot * 2, + 1 for the body), posted in a `GramIndex`; candidates
 * that the gram index does not prove are confirmed with `includes` on the
 * normalised text, so there are no false positives. Tags are per report and few: scanned.
 *
 * Replacing or removing a report marks its topic slots dead (queries skip
 * them); once dead topics are a third of all, one pass renumbers the live
 * ones and rewrites the posting lists without the dead.
 */
import { publishedFrom, type Report } from '../content/report.js';
import { GramIndex, type GramState } from './gram-index.js';
import { normalizeQuery, normalizeText } from './normalize.js';
import { FIELDS, hitKey, MAX_RANK, MAX_TOPIC_INDEX, newestFirst, selectPage, unpackHitKey } from './ranking.js';
import type { TopicHit } from './topics.js';

/**
 * A built index as data (see topic-index-snapshot.ts for bytes): the gram
 * lists and, per doc slot, the id of the report there (null: a free slot)
 * and its first topic slot. Dead topics are reclaimed before one is taken.
 */
export interface TopicIndexState {
  grams: GramState;
  docIds: Array<string | null>;
  firsts: number[];
  /** Per doc slot, how many topics its report has (so restoring need not read the reports' texts). */
  counts: number[];
  topics: number;
}

export interface TopicIndexOptions {
  /**
   * Start from a saved index of exactly these `reports` instead of indexing
   * them (a warm restart). The caller checks that the saved index is of these
   * reports (same ids and hashes); every id of the state must be among them.
   */
  restore?: { state: TopicIndexState; reports: readonly Report[] };
  /**
   * Start from gram lists built elsewhere (a worker: library/index-builder.ts) over
   * `topicUnitTexts(reports)`, as units 0, 1, ...: the index that upserting `reports` in
   * order would give. Throws where upserting them would (too many topics or reports).
   */
  built?: { grams: GramState; reports: readonly Report[] };
  /** Reclaim dead topics' postings once at least this many are dead and they are a third of all topics (default 4096). */
  compactAfter?: number;
}

export interface SearchOptions {
  /** Only reports for which this is true are searched (hide drafts and unpublished reports). Default: all. */
  visible?: (report: Report) => boolean;
  /**
   * Only reports published by this instant: what `visible: (r) =>
   * isPublished(r, publishedBy)` does, from publish times the index keeps
   * instead of a call per report (thousands for a broad query; a cached
   * report's properties are slow to read). With `visible`, both must hold.
   */
  publishedBy?: Date;
  /** At most this many hits (default: all). */
  limit?: number;
  /** Hits to skip before the first one returned (default 0). */
  offset?: number;
}

export interface SearchPage {
  hits: TopicHit[];
  /** Every hit, not only this page's. */
  total: number;
}

export interface TopicIndexStats {
  reports: number;
  /** Topics of the current reports. */
  topics: number;
  /** Topics of replaced or removed reports, not reclaimed yet. */
  deadTopics: number;
  /** Distinct unigrams and bigrams seen. */
  grams: number;
  postings: number;
  /** Posting pool bytes. */
  postingBytes: number;
  /** UTF-16 code units of normalised text kept for verification. */
  textUnits: number;
  compactions: number;
}

export interface TopicIndex {
  /** Add a report, or replace the indexed report with the same id. */
  upsert(report: Report): void;
  /** Forget a report; false when none has this id. */
  remove(reportId: string): boolean;
  search(query: string, options?: SearchOptions): SearchPage;
  stats(): TopicIndexStats;
  /**
   * Take these objects for the reports indexed under their ids (the same versions: equal hashes;
   * others are left as they are) and forget the normalised texts kept for verification, which are
   * folded again when a query needs them, as after a restore. Answers do not change.
   */
  adopt(reports: readonly Report[]): void;
  /** The index as data, to restore it next start (reclaims dead topics first). Shares buffers: persist it before the next change. */
  state(): TopicIndexState;
}

interface Doc {
  report: Report;
  /** Slot of its first topic; its topics' slots are consecutive. */
  first: number;
  /** `report.topics.length`, kept: a cached report reads its topics only when they are shown. */
  count: number;
  tags: string[];
}

function sameText(a: Report, b: Report): boolean {
  const at = a.topics;
  const bt = b.topics; // once each: a cached report reads its topics on access
  if (at.length !== bt.length || a.tags.length !== b.tags.length) return false;
  if (a.tags.some((t, i) => t !== b.tags[i])) return false;
  return at.every((t, i) => t.title === bt[i]!.title && t.body === bt[i]!.body);
}

/**
 * The texts that a fresh index posts as its units, in order: each topic's title
 * and body, report after report (normalised when posted).
 */
export function topicUnitTexts(reports: readonly Report[]): string[] {
  const texts: string[] = [];
  for (const report of reports) for (const topic of report.topics) texts.push(topic.title, topic.body);
  return texts;
}

/** The saved-index form of `reports` indexed in order into fresh slots, their lists being `grams`. */
function builtState(grams: GramState, reports: readonly Report[]): TopicIndexState {
  if (reports.length > MAX_RANK) throw new Error(`the index holds at most ${MAX_RANK} reports`);
  if (new Set(reports.map((r) => r.id)).size !== reports.length) throw new RangeError('built index: report ids repeat');
  const firsts: number[] = [];
  const counts: number[] = [];
  let topics = 0;
  for (const report of reports) {
    const n = report.topics.length;
    if (n > MAX_TOPIC_INDEX) throw new Error(`report ${report.id} has ${n} topics, more than the index's ${MAX_TOPIC_INDEX}`);
    firsts.push(topics);
    counts.push(n);
    topics += n;
  }
  return { grams, docIds: reports.map((r) => r.id), firsts, counts, topics };
}

type NumberArray = Int32Array | Uint32Array | Float64Array;

/** `a`, or a copy at least `need` long (doubling), the new places holding `fill`. */
function grown<T extends NumberArray>(a: T, need: number, fill = 0): T {
  if (a.length >= need) return a;
  const next = new (a.constructor as new (length: number) => T)(Math.max(need, a.length * 2));
  next.fill(fill);
  next.set(a as ArrayLike<number>);
  return next;
}

export function createTopicIndex(options: TopicIndexOptions = {}): TopicIndex {
  const compactAfter = options.compactAfter ?? 4096;
  let grams = new GramIndex();

  const byId = new Map<string, number>();
  const docs: Array<Doc | undefined> = [];
  const freeDocs: number[] = [];
  const tags = new Map<string, Set<number>>();
  let ordered: number[] = [];
  let ranks: Int32Array = new Int32Array(64);
  let orderStale = false;

  // Per topic slot: its report's doc slot (-1: dead) and its index in that report.
  let topicDoc: Int32Array = new Int32Array(1024).fill(-1);
  let topicAt: Int32Array = new Int32Array(1024);
  // Per doc slot: the instant its report is published from (`isPublished`'s rule; NaN: never, as a draft).
  let shownFrom = new Float64Array(64);
  const units: Array<string | undefined> = [];
  let nextTopic = 0;
  let liveTopics = 0;
  let deadTopics = 0;
  let textUnits = 0;
  let compactions = 0;

  /** Files report `d` under each of its tags (normalised, each once) and returns them. */
  function indexTags(report: Report, d: number): string[] {
    const normalTags = [...new Set(report.tags.map(normalizeText))];
    for (const tag of normalTags) {
      let holders = tags.get(tag);
      if (!holders) {
        holders = new Set();
        tags.set(tag, holders);
      }
      holders.add(d);
    }
    return normalTags;
  }

  // Per-query marks, valid when equal to `epoch`: no clearing between queries.
  let epoch = 0;
  let titleHit: Uint32Array = new Uint32Array(1024);
  let docSeen: Uint32Array = new Uint32Array(64);
  let docVisible = new Uint8Array(64);
  let docTagged: Uint32Array = new Uint32Array(64);
  let keys = new Float64Array(1024);

  if (options.restore) restore(options.restore.state, options.restore.reports);
  else if (options.built) restore(builtState(options.built.grams, options.built.reports), options.built.reports);

  /** Keep what `publishedBy` needs of the report in doc slot `d`. */
  function notePublished(d: number, report: Report): void {
    shownFrom = grown(shownFrom, d + 1);
    shownFrom[d] = publishedFrom(report); // isPublished(report, at) is publishedFrom(report) <= at
  }

  function add(report: Report): void {
    const n = report.topics.length;
    if (n > MAX_TOPIC_INDEX) throw new Error(`report ${report.id} has ${n} topics, more than the index's ${MAX_TOPIC_INDEX}`);
    if (byId.size >= MAX_RANK) throw new Error(`the index holds at most ${MAX_RANK} reports`);
    const d = freeDocs.pop() ?? docs.length;
    const first = nextTopic;
    topicDoc = grown(topicDoc, first + n, -1);
    topicAt = grown(topicAt, first + n);
    report.topics.forEach((topic, i) => {
      const t = first + i;
      const title = normalizeText(topic.title);
      const body = normalizeText(topic.body);
      topicDoc[t] = d;
      topicAt[t] = i;
      // Not kept: most candidates are proved without their text, and `unitText` folds the rest when
      // first needed, as after a restore (ten years of folded texts were ~45 MB of a cold start).
      units.push(undefined, undefined);
      grams.add(2 * t, title);
      grams.add(2 * t + 1, body);
    });
    nextTopic += n;
    liveTopics += n;
    docs[d] = { report, first, count: n, tags: indexTags(report, d) };
    notePublished(d, report);
    byId.set(report.id, d);
    orderStale = true;
  }

  function drop(d: number): void {
    const doc = docs[d]!;
    const n = doc.count;
    for (let t = doc.first; t < doc.first + n; t++) {
      topicDoc[t] = -1;
      textUnits -= (units[2 * t]?.length ?? 0) + (units[2 * t + 1]?.length ?? 0);
      units[2 * t] = units[2 * t + 1] = undefined;
    }
    liveTopics -= n;
    deadTopics += n;
    for (const tag of doc.tags) {
      const holders = tags.get(tag)!;
      holders.delete(d);
      if (holders.size === 0) tags.delete(tag);
    }
    docs[d] = undefined;
    freeDocs.push(d);
    byId.delete(doc.report.id);
    orderStale = true;
  }

  /** Renumber live topics densely (order kept) and rewrite the postings without the dead. */
  function compact(): void {
    const slot = new Int32Array(nextTopic);
    let live = 0;
    for (let t = 0; t < nextTopic; t++) {
      if (topicDoc[t]! < 0) {
        slot[t] = -1;
        continue;
      }
      slot[t] = live;
      // Slots only move down, so moving in ascending order never overwrites a live one.
      topicDoc[live] = topicDoc[t]!;
      topicAt[live] = topicAt[t]!;
      units[2 * live] = units[2 * t];
      units[2 * live + 1] = units[2 * t + 1];
      live++;
    }
    topicDoc.fill(-1, live);
    units.length = 2 * live;
    grams.compact((unit) => {
      const s = slot[unit >> 1]!;
      return s < 0 ? -1 : 2 * s + (unit & 1);
    });
    for (const doc of docs) if (doc) doc.first = slot[doc.first]!;
    nextTopic = live;
    deadTopics = 0;
    compactions++;
  }

  /**
   * Take over a saved index. The texts kept for verification are not
   * normalised here but when a query first needs one (`unitText`): restoring
   * then costs a pass over the reports' ids, not a fold of every text, and
   * texts no query reaches are never kept.
   */
  function restore(saved: TopicIndexState, reports: readonly Report[]): void {
    const byReportId = new Map(reports.map((r) => [r.id, r]));
    if (saved.docIds.length !== saved.firsts.length || saved.docIds.length !== saved.counts.length)
      throw new RangeError('saved index: doc ids, firsts and counts differ in length');
    const restoredGrams = GramIndex.fromState(saved.grams);
    topicDoc = grown(topicDoc, saved.topics, -1);
    topicAt = grown(topicAt, saved.topics);
    units.length = 2 * saved.topics;
    let covered = 0;
    saved.docIds.forEach((id, d) => {
      if (id === null) {
        docs[d] = undefined;
        freeDocs.push(d);
        return;
      }
      const report = byReportId.get(id);
      if (!report) throw new RangeError(`saved index: report ${id} is not loaded`);
      const first = saved.firsts[d]!;
      const n = saved.counts[d]!;
      if (!(first >= 0 && first + n <= saved.topics)) throw new RangeError(`saved index: report ${id}'s topics are out of range`);
      for (let i = 0; i < n; i++) {
        topicDoc[first + i] = d;
        topicAt[first + i] = i;
      }
      covered += n;
      docs[d] = { report, first, count: n, tags: indexTags(report, d) };
      notePublished(d, report);
      byId.set(id, d);
    });
    if (covered !== saved.topics) throw new RangeError(`saved index: ${saved.topics} topic slots, the reports have ${covered}`);
    grams = restoredGrams;
    nextTopic = liveTopics = saved.topics;
    orderStale = true;
  }

  /** The normalised text of `unit` (of a live topic of doc `d`), folded now if restoring left it out. */
  function unitText(unit: number, d: number): string {
    const kept = units[unit];
    if (kept !== undefined) return kept;
    const topic = docs[d]!.report.topics[topicAt[unit >> 1]!]!;
    const text = normalizeText((unit & 1) === 1 ? topic.body : topic.title);
    units[unit] = text;
    textUnits += text.length;
    return text;
  }

  function refreshOrder(): void {
    if (!orderStale) return;
    ordered = [...byId.values()].sort((a, b) => newestFirst(docs[a]!.report, docs[b]!.report));
    ranks = grown(ranks, docs.length);
    for (let rank = 0; rank < ordered.length; rank++) ranks[ordered[rank]!] = rank;
    orderStale = false;
  }

  function nextEpoch(): void {
    titleHit = grown(titleHit, nextTopic);
    docSeen = grown(docSeen, docs.length);
    docTagged = grown(docTagged, docs.length);
    if (docVisible.length < docs.length) docVisible = new Uint8Array(docSeen.length);
    epoch = (epoch + 1) >>> 0;
    if (epoch === 0) {
      titleHit.fill(0);
      docSeen.fill(0);
      docTagged.fill(0);
      epoch = 1;
    }
  }

  function search(query: string, opts: SearchOptions = {}): SearchPage {
    const q = normalizeQuery(query);
    const offset = Math.max(0, Math.floor(opts.offset ?? 0));
    const limit = opts.limit === undefined ? Infinity : Math.max(0, Math.floor(opts.limit));
    if (q.length === 0) return { hits: [], total: 0 };
    refreshOrder();
    nextEpoch();
    const mark = epoch;
    const visible = opts.visible;
    const by = opts.publishedBy?.getTime();
    const isVisible = (d: number): boolean => {
      if (by !== undefined && !(shownFrom[d]! <= by)) return false;
      if (!visible) return true;
      if (docSeen[d] !== mark) {
        docSeen[d] = mark;
        docVisible[d] = visible(docs[d]!.report) ? 1 : 0;
      }
      return docVisible[d] === 1;
    };

    const tagged: number[] = [];
    for (const [tag, holders] of tags) {
      if (!tag.includes(q)) continue;
      for (const d of holders) {
        if (docTagged[d] === mark) continue;
        docTagged[d] = mark;
        tagged.push(d);
      }
    }

    const { units: found, exact, sure } = grams.find(q);
    // Every hit fits: a unit at most once, a tagged report's topics at most once.
    let need = found.length;
    for (const d of tagged) need += docs[d]!.count;
    if (keys.length < need) keys = new Float64Array(need);
    let n = 0;
    for (let i = 0; i < found.length; i++) {
      const unit = found[i]!;
      const t = unit >> 1;
      const d = topicDoc[t]!;
      if (d < 0) continue;
      const isBody = (unit & 1) === 1;
      // A topic is one hit, under its best field; a tagged report's topics are tag hits unless their title matches.
      if (isBody && (titleHit[t] === mark || docTagged[d] === mark)) continue;
      if (!isVisible(d)) continue;
      if (!exact && (sure === null || sure[i] === 0) && !unitText(unit, d).includes(q)) continue;
      if (!isBody) titleHit[t] = mark;
      keys[n++] = hitKey(isBody ? 2 : 0, ranks[d]!, topicAt[t]!);
    }
    for (const d of tagged) {
      if (!isVisible(d)) continue;
      const doc = docs[d]!;
      for (let i = 0; i < doc.count; i++) if (titleHit[doc.first + i] !== mark) keys[n++] = hitKey(1, ranks[d]!, i);
    }

    const page = selectPage(keys, n, offset, limit);
    const hits = Array.from(page, (key): TopicHit => {
      const { field, rank, topicIndex } = unpackHitKey(key);
      const report = docs[ordered[rank]!]!.report;
      return { report, topic: report.topics[topicIndex]!, index: topicIndex, field: FIELDS[field]! };
    });
    return { hits, total: n };
  }

  return {
    upsert(report) {
      const existing = byId.get(report.id);
      if (existing !== undefined) {
        const doc = docs[existing]!;
        if (sameText(doc.report, report)) {
          // Same words (a touched file, a new publish time): nothing to re-index.
          doc.report = report;
          notePublished(existing, report);
          orderStale = true;
          return;
        }
        drop(existing);
      }
      add(report);
      if (deadTopics >= compactAfter && deadTopics * 2 >= liveTopics) compact();
    },
    remove(reportId) {
      const d = byId.get(reportId);
      if (d === undefined) return false;
      drop(d);
      if (deadTopics >= compactAfter && deadTopics * 2 >= liveTopics) compact();
      return true;
    },
    search,
    adopt(reports) {
      for (const report of reports) {
        const d = byId.get(report.id);
        const doc = d === undefined ? undefined : docs[d];
        if (doc && doc.report.hash === report.hash) {
          doc.report = report;
          notePublished(d!, report);
        }
      }
      // Tags anew from the adopted reports: a tag taken from a file's text may keep that whole text alive.
      tags.clear();
      docs.forEach((doc, d) => {
        if (doc) doc.tags = indexTags(doc.report, d);
      });
      units.fill(undefined);
      textUnits = 0;
    },
    state() {
      if (deadTopics > 0) compact();
      return {
        grams: grams.state(),
        docIds: docs.map((doc) => doc?.report.id ?? null),
        firsts: docs.map((doc) => doc?.first ?? -1),
        counts: docs.map((doc) => doc?.count ?? 0),
        topics: nextTopic,
      };
    },
    stats() {
      const g = grams.stats();
      return {
        reports: byId.size,
        topics: liveTopics,
        deadTopics,
        grams: g.grams,
        postings: g.postings,
        postingBytes: g.bytes,
        textUnits,
        compactions,
      };
    },
  };
}
