/**
 * Cut a rendered document into messages that Telegram accepts: at most
 * `maxLength` UTF-16 units of parsed text and `maxEntities` entities each.
 * The cut is the most natural boundary that still fills the message well:
 * sections, then topics, then blocks, then lines, then sentences, then
 * characters. Pure and deterministic, so a resumed post sends the same parts.
 */
import type { Break, RenderedDoc } from './doc-builder.js';

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

const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';', '…']);

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

/** `firstLimits`, when given, apply to the first message only (room kept for what is added to it later). */
export function splitDoc(doc: RenderedDoc, limits: SplitLimits, firstLimits?: SplitLimits): Span[] {
  const { text } = doc;
  const entityStarts = doc.entities.map((e) => e.offset).sort((a, b) => a - b);
  // Sorted ends too: the entities open across a cut are counted by two binary
  // searches instead of a scan of every entity per message (quadratic on a
  // 1 MB report of emphasis).
  const entityEnds = doc.entities.map((e) => e.offset + e.length).sort((a, b) => a - b);
  const breaks = doc.breaks.filter((b) => Number.isFinite(b.rank));
  const breakPos = breaks.map((b) => b.pos);
  const glued = doc.glued;

  // Glued spans are recorded in text order and never overlap: binary search.
  const glueStarts = glued.map(([f]) => f);
  const insideGlue = (p: number): [number, number] | undefined => {
    const span = glued[lastAtOrBefore(glueStarts, p - 1)];
    return span && p > span[0] && p < span[1] ? span : undefined;
  };

  /** The farthest end the limits allow for a message starting at `s`. */
  const hardEndFrom = (s: number, limits: SplitLimits): number => {
    let end = Math.min(text.length, s + limits.maxLength);
    // Open at s: started before s and not ended by s (an entity is never empty).
    const carried = lastAtOrBefore(entityStarts, s - 1) + 1 - (lastAtOrBefore(entityEnds, s) + 1);
    const firstAfter = lastAtOrBefore(entityStarts, s - 1) + 1;
    const limiting = entityStarts[firstAfter + limits.maxEntities - carried];
    if (limiting !== undefined && limiting < end) end = Math.max(limiting, s + 1);
    return end;
  };

  const sentenceCut = (s: number, hardEnd: number, floor: number): number | undefined => {
    for (let p = hardEnd; p > floor && p > s; p--) {
      const c = text[p - 1]!;
      const next = text.charCodeAt(p);
      if ((SENTENCE_END.has(c) || (c === '.' && (p === text.length || isSpace(next)))) && !insideGlue(p)) return p;
    }
    return undefined;
  };

  const chooseCut = (s: number, hardEnd: number): Break => {
    const window = hardEnd - s;
    const last = lastAtOrBefore(breakPos, hardEnd);
    const candidates: Break[] = [];
    for (let i = last; i >= 0 && breakPos[i]! > s; i--) candidates.push(breaks[i]!);
    for (const tier of TIERS) {
      const best = candidates.find((c) => c.rank <= tier.maxRank);
      if (best && best.pos - s >= tier.minFill * window) return best;
    }
    const sentence = sentenceCut(s, hardEnd, s + Math.floor(window * 0.3));
    if (sentence !== undefined) return { pos: sentence, resume: sentence, rank: 4 };
    if (candidates[0]) return candidates[0];
    const anySentence = sentenceCut(s, hardEnd, s);
    if (anySentence !== undefined) return { pos: anySentence, resume: anySentence, rank: 4 };
    // Last resort: characters, never inside a surrogate pair or a heading.
    let p = hardEnd;
    const glue = insideGlue(p);
    if (glue && glue[0] > s) p = glue[0];
    if (isLowSurrogate(text.charCodeAt(p)) && p - 1 > s) p--;
    return { pos: p, resume: p, rank: 5 };
  };

  const spans: Span[] = [];
  let s = skipSpace(text, 0);
  while (s < text.length) {
    const hardEnd = hardEndFrom(s, spans.length === 0 && firstLimits ? firstLimits : limits);
    const restEnd = trimEndAt(text, s, text.length);
    if (restEnd <= hardEnd) {
      spans.push({ start: s, end: restEnd });
      break;
    }
    const cut = chooseCut(s, hardEnd);
    spans.push({ start: s, end: trimEndAt(text, s, cut.pos) });
    s = skipSpace(text, cut.resume);
  }
  return spans;
}
