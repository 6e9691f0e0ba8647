/**
 * The fairest linear baseline: `searchTopics`'s scan, but over titles,
 * bodies and tags normalised once up front, so a query costs only the
 * `includes` calls (what any index has to beat), not the normalisation.
 */
import type { Report } from '../../src/content/report.js';
import { normalizeQuery, normalizeText } from '../../src/search/normalize.js';
import type { MatchField, TopicHit } from '../../src/search/topics.js';

const FIELD_RANK: Record<MatchField, number> = { title: 0, tag: 1, body: 2 };

/** `reports` newest first, already filtered to the visible ones. */
export function prenormalizedScan(reports: Report[]): (query: string) => TopicHit[] {
  const prepared = reports.map((report) => ({
    report,
    tags: report.tags.map(normalizeText),
    titles: report.topics.map((t) => normalizeText(t.title)),
    bodies: report.topics.map((t) => normalizeText(t.body)),
  }));
  return (query) => {
    const q = normalizeQuery(query);
    if (q.length === 0) return [];
    const hits: Array<TopicHit & { order: number }> = [];
    prepared.forEach(({ report, tags, titles, bodies }, order) => {
      const tagHit = tags.some((t) => t.includes(q));
      for (let index = 0; index < titles.length; index++) {
        const field: MatchField | undefined = titles[index]!.includes(q)
          ? 'title'
          : tagHit
            ? 'tag'
            : bodies[index]!.includes(q)
              ? 'body'
              : undefined;
        if (field) hits.push({ report, topic: report.topics[index]!, index, field, order });
      }
    });
    hits.sort((a, b) => FIELD_RANK[a.field] - FIELD_RANK[b.field] || a.order - b.order || a.index - b.index);
    return hits.map(({ order: _order, ...hit }) => hit);
  };
}
