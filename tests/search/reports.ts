/** Hand-built reports for search tests: only what search reads is meaningful. */
import type { Report, Topic } from '../../src/content/report.js';
import { newestFirst } from '../../src/search/ranking.js';
import { searchTopics, type TopicHit } from '../../src/search/topics.js';

export interface ReportSpec {
  id: string;
  /** Calendar day; the report counts from midnight UTC. */
  date?: string;
  publishAt?: Date;
  draft?: boolean;
  tags?: string[];
  /** [title, body] pairs. */
  topics: Array<[string, string]>;
}

export function report(spec: ReportSpec): Report {
  const date = spec.date ?? '2026-01-07';
  const topics: Topic[] = spec.topics.map(([title, body]) => ({ title, body }));
  return {
    id: spec.id,
    file: `${spec.id}.md`,
    shape: 'markdown',
    title: spec.id,
    date,
    publishAt: spec.publishAt ?? new Date(`${date}T00:00:00Z`),
    dateSource: 'front-matter',
    draft: spec.draft ?? false,
    tags: spec.tags ?? [],
    meta: {},
    body: topics.map((t) => `### ${t.title}\n\n${t.body}`).join('\n\n'),
    topics,
    hash: `${spec.id}:${JSON.stringify(spec.topics)}:${JSON.stringify(spec.tags ?? [])}`,
  };
}

/** A hit as a comparable tuple. */
export const brief = (h: TopicHit): [string, number, string] => [h.report.id, h.index, h.field];

/** The reference answer: the linear scan over the visible reports, newest first. */
export function oracle(reports: Report[], query: string, visible: (r: Report) => boolean = () => true): TopicHit[] {
  return searchTopics(reports.filter(visible).sort(newestFirst), query);
}
