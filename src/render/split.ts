/**
 * Cut a rendered document into messages that Telegram accepts: at most
 * `maxLength` UTF-16 units of parsed text and `maxEntities` entities each.
 * The cut is the most natural boundary that still fills the message well:
 * sections, then topics, then blocks, then lines, then sentences, then
 * clauses, then words, then characters, never against Chinese line-breaking
 * rules (see line-break.ts). Pure and deterministic, so a resumed post sends
 * the same parts.
 */

import { allowsCut, type CutFilter, clauseCut, graphemeCut, sentenceCut, wordCut } from '../util/line-break.js';
import { type Break, Rank, type RenderedDoc } from './doc-builder.js';

export interface SplitLimits {
  maxLength: number;
  maxEntities: number;
}

export const MESSAGE_LIMITS: SplitLimits = { maxLength: 4096, maxEntities: 100 };
export const CAPTION_LIMITS: SplitLimits = { maxLength: 1024, maxEntities: 100 };

/** [start, end) of each message in the document's text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * How full a message must be before a coarser boundary is preferred to a
 * finer one that is farther on. Tuned on the editors' reports: most need
 * ceil(length / 4096) messages, a few one more.
 */
const TIERS: Array<{ maxRank: number; minFill: number }> = [
  { maxRank: 0, minFill: 0.75 },
  { maxRank: 1, minFill: 0.6 },
  { maxRank: 2, minFill: 0.5 },
  { maxRank: 3, minFill: 0.5 },
];

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function trimEndAt(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Largest index i in sorted `values` with values[i] <= x, or -1. */
function lastAtOrBefore(values: number[], x: number): number {
  let lo = 0;
  let hi = values.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * A document prepared for cutting: what every cut decision looks up. Built
 * once per split; the steps below are plain functions of it (closures made per
 * split, each named, cost more than the lookups they wrapped on small reports).
 */
interface Cutting {
  text: string;
  /** Entity starts and ends, sorted: the entities open across a cut are counted by two binary searches. */
  entityStarts: number[];
  entityEnds: number[];
  /** The document's usable breaks and their positions. */
  breaks: Break[];
  breakPos: number[];
  /** Glued spans (a heading and what follows) in document order, and their starts, for a binary search. */
  glued: Array<[number, number]>;
  glueStarts: number[];
}

function prepare(doc: RenderedDoc): Cutting {
  const breaks = doc.breaks.filter((b) => Number.isFinite(b.rank));
  const glued = [...doc.glued].sort((a, b) => a[0] - b[0]);
  return {
    text: doc.text,
    entityStarts: doc.entities.map((e) => e.offset).sort((a, b) => a - b),
    // Sorted ends too: the entities open across a cut are counted by two binary
    // searches instead of a scan of every entity per message (quadratic on a
    // 1 MB report of emphasis).
    entityEnds: doc.entities.map((e) => e.offset + e.length).sort((a, b) => a - b),
    breaks,
    breakPos: breaks.map((b) => b.pos),
    glued,
    glueStarts: glued.map(([f]) => f),
  };
}

/** The glued span `p` falls strictly inside, if any. */
function insideGlue(c: Cutting, p: number): [number, number] | undefined {
  const g = c.glued[lastAtOrBefore(c.glueStarts, p - 1)];
  return g && p > g[0] && p < g[1] ? g : undefined;
}

/**
 * Whether some message starting at `s` may end in (s, hi] outside a glued
 * span: its last visible character at x with `insideGlue(x)` false. A
 * report of nothing but headings glues every position, and then each text
 * search (sentence, clause, and ICU's word and grapheme windows) would only
 * find cuts to reject, per message: seconds on 1 MB of `### h`. One walk
 * over the glued spans in the window answers first. Glue x is governed by
 * the span starting last before x (insideGlue's own rule).
 */
function anyUnglued(c: Cutting, s: number, hi: number): boolean {
  const { text, glued, glueStarts } = c;
  let x = s + 1;
  let k = lastAtOrBefore(glueStarts, x - 1);
  while (x <= hi) {
    while (k + 1 < glued.length && glueStarts[k + 1]! <= x - 1) k++;
    const until = k + 1 < glued.length ? Math.min(hi, glueStarts[k + 1]!) : hi;
    for (let y = k >= 0 ? Math.max(x, glued[k]![1]) : x; y <= until; y++) if (!isSpace(text.charCodeAt(y - 1))) return true;
    x = until + 1;
  }
  return false;
}

/** The farthest end the limits allow for a message starting at `s`. */
function hardEndFrom(c: Cutting, s: number, limits: SplitLimits): number {
  const { entityStarts, entityEnds } = c;
  let end = Math.min(c.text.length, s + limits.maxLength);
  // Open at s: started before s and not ended by s (an entity is never empty).
  const carried = lastAtOrBefore(entityStarts, s - 1) + 1 - (lastAtOrBefore(entityEnds, s) + 1);
  const firstAfter = lastAtOrBefore(entityStarts, s - 1) + 1;
  const limiting = entityStarts[firstAfter + limits.maxEntities - carried];
  if (limiting !== undefined && limiting < end) end = Math.max(limiting, s + 1);
  return end;
}

/**
 * Nothing obeys every rule (a window of nothing but punctuation, say): the limits
 * and losslessness come first, so cut between characters, outside a heading.
 */
function forcedCut(c: Cutting, s: number, hardEnd: number): Break {
  let p = hardEnd;
  const glue = insideGlue(c, p);
  if (glue && glue[0] > s) p = glue[0];
  if (isLowSurrogate(c.text.charCodeAt(p)) && p - 1 > s) p--;
  return { pos: p, resume: p, rank: Rank.character };
}

/** A cut in text ends the message at its last visible character, which must not be a heading's. */
function textCutFilter(c: Cutting, s: number): CutFilter {
  return (p) => !insideGlue(c, trimEndAt(c.text, s, p)) && allowsCut(c.text, s, p);
}

function textBreak(pos: number, rank: number): Break {
  return { pos, resume: pos, rank };
}

function chooseCut(c: Cutting, s: number, hardEnd: number): Break {
  const { text, breaks, breakPos } = c;
  const window = hardEnd - s;
  const fair = s + Math.floor(window * 0.3);
  const last = lastAtOrBefore(breakPos, hardEnd);
  const candidates: Break[] = [];
  for (let i = last; i >= 0 && breakPos[i]! > s; i--) {
    const b = breaks[i]!;
    if (allowsCut(text, s, b.pos, b.resume)) candidates.push(b);
  }
  for (const tier of TIERS) {
    const best = candidates.find((b) => b.rank <= tier.maxRank);
    if (best && best.pos - s >= tier.minFill * window) return best;
  }
  // Every text cut would end inside a heading's glue: the searches below could only fail.
  if (!anyUnglued(c, s, hardEnd)) return candidates[0] ?? forcedCut(c, s, hardEnd);
  const textCut = textCutFilter(c, s);
  const sentence = sentenceCut(text, fair, hardEnd, textCut);
  if (sentence !== undefined) return textBreak(sentence, Rank.sentence);
  const clause = clauseCut(text, fair, hardEnd, textCut);
  if (clause !== undefined) return textBreak(clause, Rank.clause);
  if (candidates[0]) return candidates[0];
  const anySentence = sentenceCut(text, s, fair, textCut) ?? clauseCut(text, s, fair, textCut);
  if (anySentence !== undefined) return textBreak(anySentence, Rank.clause);
  const word = wordCut(text, s, hardEnd, textCut) ?? graphemeCut(text, s, hardEnd, textCut);
  if (word !== undefined) return textBreak(word, Rank.character);
  return forcedCut(c, s, hardEnd);
}

/**
 * `firstLimits`, when given, apply to the first message only (room kept for
 * what is added to it later). `earlier`, when given, is this document's split
 * under the same `limits` with other first limits: once a message starts
 * where one of those did, the rest is the same (a cut depends only on where
 * its message starts), so it is reused rather than searched again.
 */
export function splitDoc(doc: RenderedDoc, limits: SplitLimits, firstLimits?: SplitLimits, earlier?: Span[]): Span[] {
  const c = prepare(doc);
  const { text } = c;
  const earlierStarts = earlier?.map((span) => span.start) ?? [];
  const spans: Span[] = [];
  let s = skipSpace(text, 0);
  while (s < text.length) {
    if (spans.length > 0 && earlier) {
      const k = lastAtOrBefore(earlierStarts, s);
      if (k > 0 && earlierStarts[k] === s) {
        spans.push(...earlier.slice(k));
        break;
      }
    }
    const hardEnd = hardEndFrom(c, s, spans.length === 0 && firstLimits ? firstLimits : limits);
    const restEnd = trimEndAt(text, s, text.length);
    if (restEnd <= hardEnd) {
      spans.push({ start: s, end: restEnd });
      break;
    }
    const cut = chooseCut(c, s, hardEnd);
    spans.push({ start: s, end: trimEndAt(text, s, cut.pos) });
    s = skipSpace(text, cut.resume);
  }
  return spans;
}
