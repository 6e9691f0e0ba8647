/**
 * Topic search as a plain linear scan: every title, tag and body normalised
 * and searched for the query, on every call. The index (`topic-index.ts`)
 * answers the same question fast; this stays as its reference, in tests and
 * in the benchmark. Title hits rank before tag hits before body hits, then
 * newer reports before older ones, then topic order. Pure.
 */
import type { Report, Topic } from '../content/report.js';
import { normalizeQuery, normalizeText } from './normalize.js';
import type { MatchField } from './ranking.js';

export type { MatchField } from './ranking.js';

export interface TopicHit {
  report: Report;
  topic: Topic;
  /** The topic's position in `report.topics`. */
  index: number;
  field: MatchField;
}

const FIELD_RANK: Record<MatchField, number> = { title: 0, tag: 1, body: 2 };

/** `reports` newest first (see `newestFirst`); a report's tag matching makes every topic of it a hit. */
export function searchTopics(reports: Report[], query: string): TopicHit[] {
  const q = normalizeQuery(query);
  if (q.length === 0) return [];
  const hits: Array<TopicHit & { order: number }> = [];
  reports.forEach((report, order) => {
    const tagHit = report.tags.some((t) => normalizeText(t).includes(q));
    report.topics.forEach((topic, index) => {
      const field: MatchField | undefined = normalizeText(topic.title).includes(q)
        ? 'title'
        : tagHit
          ? 'tag'
          : normalizeText(topic.body).includes(q)
            ? 'body'
            : undefined;
      if (field) hits.push({ report, topic, index, field, order });
    });
  });
  hits.sort((a, b) => FIELD_RANK[a.field] - FIELD_RANK[b.field] || a.order - b.order || a.index - b.index);
  return hits.map(({ order: _order, ...hit }) => hit);
}
