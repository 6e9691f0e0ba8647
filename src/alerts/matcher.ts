/**
 * Which topics of one report contain which keywords: plain substring tests
 * on normalised text (never a pattern a reader supplied), built for a
 * fan-out where thousands of distinct keywords meet one report.
 *
 * The report's normalised titles and bodies are joined (NUL between them,
 * which no keyword contains, so no match spans two texts) and indexed once
 * by character pair: pair -> positions. A keyword is then looked up by the
 * rarest of its pairs; an absent pair (the usual case) rejects it in a few
 * map lookups, otherwise only that pair's positions are verified with
 * `startsWith`. One-character keywords scan with `indexOf`. Pure.
 */
import { normalizeText } from '../search/normalize.js';

export interface MatchableTopic {
  title: string;
  body: string;
}

const SEP = '\u0000';

/** A character pair's key in the index. */
const pairKey = (a: number, b: number): number => a * 0x10000 + b;

export class ReportMatcher {
  private readonly text: string;
  /** Start offset of each topic's title in `text`, ascending. */
  private readonly starts: number[] = [];
  private readonly pairs = new Map<number, number[]>();

  constructor(topics: readonly MatchableTopic[]) {
    const pieces: string[] = [];
    let at = 0;
    for (const topic of topics) {
      this.starts.push(at);
      // Normalised apart: a fold never joins the end of a title to the start of a body.
      const piece = `${normalizeText(topic.title)}${SEP}${normalizeText(topic.body)}${SEP}`;
      pieces.push(piece);
      at += piece.length;
    }
    this.text = pieces.join('');
    const t = this.text;
    for (let i = 0; i + 1 < t.length; i++) {
      const key = pairKey(t.charCodeAt(i), t.charCodeAt(i + 1));
      const list = this.pairs.get(key);
      if (list) list.push(i);
      else this.pairs.set(key, [i]);
    }
  }

  /** Indexes of the topics whose title or body contains `norm` (already normalised), ascending. */
  topicsWith(norm: string): number[] {
    if (norm.length === 0 || norm.includes(SEP)) return [];
    if (norm.length === 1) return this.scan(norm);
    let best: number[] | undefined;
    let offset = 0;
    for (let i = 0; i + 1 < norm.length; i++) {
      const list = this.pairs.get(pairKey(norm.charCodeAt(i), norm.charCodeAt(i + 1)));
      if (!list) return [];
      if (!best || list.length < best.length) {
        best = list;
        offset = i;
      }
    }
    const found: number[] = [];
    let topicEnd = -1;
    for (const p of best!) {
      const start = p - offset;
      if (start < topicEnd || start < 0 || !this.text.startsWith(norm, start)) continue;
      const topic = this.topicAt(start);
      found.push(topic);
      // Any further hit in this topic adds nothing.
      topicEnd = this.starts[topic + 1] ?? this.text.length;
    }
    return found;
  }

  private scan(norm: string): number[] {
    const found: number[] = [];
    let from = 0;
    for (;;) {
      const at = this.text.indexOf(norm, from);
      if (at < 0) return found;
      const topic = this.topicAt(at);
      found.push(topic);
      from = this.starts[topic + 1] ?? this.text.length;
    }
  }

  private topicAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
