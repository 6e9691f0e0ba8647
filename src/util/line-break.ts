/**
 * Where text may be cut between two messages, by Chinese line-breaking rules
 * (禁则): a message never starts with closing punctuation nor ends with
 * opening punctuation, and a cut prefers a sentence end, then a clause mark,
 * then a word boundary, then a character (grapheme) boundary.
 *
 * ICU's segmenters (`Intl.Segmenter`, built into Node) find sentences, words
 * and graphemes; only the punctuation classes and clause marks are ours. A
 * segmenter only ever sees a bounded window of text, so a search costs at most
 * the window's length and the splitter stays linear in the document.
 */

/** Closing punctuation: never the first character of a message. ASCII quotes count as closers. */
const CLOSERS = new Set([...'，。、；：！？）」』”’》〉】〕…', ...'﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞｝］〗〙〛〞〟', ...',.;:!?)]}\'"']);
/** Opening punctuation: never the last character of a message. */
const OPENERS = new Set([...'（「『“‘《〈【〔', ...'﹙﹛﹝｛［〖〘〚〝', ...'([{']);
/** Clause marks: a cut after one of them is the best cut in a run with no sentence end. */
const CLAUSE_MARKS = new Set([...'，、；：', ...'﹐﹑﹔﹕']);
/** ASCII clause marks count only before a space (not inside `1,000` or `10:30`). */
const ASCII_CLAUSE_MARKS = new Set([',', ';', ':']);

export function isCloser(c: string | undefined): boolean {
  return c !== undefined && CLOSERS.has(c);
}

export function isOpener(c: string | undefined): boolean {
  return c !== undefined && OPENERS.has(c);
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09;
}

/** Last character before `pos` that is not whitespace (a message's last visible character). */
function lastVisible(text: string, pos: number, floor: number): string | undefined {
  let i = pos;
  while (i > floor && isSpaceCode(text.charCodeAt(i - 1))) i--;
  return i > floor ? text[i - 1] : undefined;
}

/** First character at or after `pos` that is not whitespace (the next message's first). */
function firstVisible(text: string, pos: number): string | undefined {
  let i = pos;
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  return i < text.length ? text[i] : undefined;
}

/** Marks written doubled that must not be cut in half: `——` (`……` is already a closer). */
const DOUBLED = new Set(['—', '⸺']);

/**
 * Whether a message may end at `pos` (its text starting after `start`) and
 * the next one begin at `resume`, by the punctuation rules.
 */
export function allowsCut(text: string, start: number, pos: number, resume = pos): boolean {
  const last = lastVisible(text, pos, start);
  const next = firstVisible(text, resume);
  return !isOpener(last) && !isCloser(next) && !(last === next && last !== undefined && DOUBLED.has(last));
}

/** How far past a candidate the segmenter looks, so closers just after it are seen. */
const LOOKAHEAD = 16;

const sentences = new Intl.Segmenter('zh', { granularity: 'sentence' });
const words = new Intl.Segmenter('zh', { granularity: 'word' });
const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** Segment boundaries in (lo, hi], latest first, from a window that sees a little past `hi`. */
function boundaries(segmenter: Intl.Segmenter, text: string, lo: number, hi: number): number[] {
  const slice = text.slice(lo, Math.min(text.length, hi + LOOKAHEAD));
  const out: number[] = [];
  for (const { index } of segmenter.segment(slice)) {
    const p = lo + index;
    if (p > lo && p <= hi) out.push(p);
  }
  if (hi === text.length) out.push(hi);
  return out.reverse();
}

/** Accepts a cut at `p` (whole-message rules: glue, punctuation). */
export type CutFilter = (p: number) => boolean;

/**
 * The latest boundary found by `segmenter` in (floor, hi] that `accept` takes,
 * searching windows of growing size backwards from `hi` (a cut this fine is
 * wanted near the limit, so the windows stay small).
 */
function latestBoundary(
  segmenter: Intl.Segmenter,
  text: string,
  floor: number,
  hi: number,
  accept: CutFilter,
  windows: number[],
): number | undefined {
  let top = hi;
  for (const size of windows) {
    if (top <= floor) return undefined;
    const lo = Math.max(floor, top - size);
    for (const p of boundaries(segmenter, text, lo, top)) {
      // A boundary right after an opener (a word boundary after `“`): cut before the opener instead.
      let q = p;
      while (q > lo && isOpener(text[q - 1])) q--;
      if (q > floor && accept(q)) return q;
    }
    top = lo;
  }
  return undefined;
}

/** Characters after which ICU may end a sentence: Unicode's sentence terminals, full stops, line ends. */
const TERMINAL = /[\p{Sentence_Terminal}.\u2024\uFE52\uFF0E\n\r\u0085\u2028\u2029]/u;

function isTerminal(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  // Fast answers for the bulk of a report (ASCII, Han, CJK and full-width punctuation); the regex for the rest.
  if (c < 0x80) return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a || c === 0x0d;
  if (c >= 0x3400 && c <= 0x9fff) return false;
  if (c >= 0x3000 && c <= 0x303f) return c === 0x3002;
  if (c >= 0xff00 && c <= 0xffef) return c === 0xff01 || c === 0xff0e || c === 0xff1f || c === 0xff61;
  return TERMINAL.test(text[i]!);
}

/** Text ICU needs before a terminal to judge it (`U.S.`, `3.5`). */
const TERMINAL_CONTEXT = 16;
/** How far after a terminal its sentence may still end (closing quotes, brackets, spaces). */
const TERMINAL_TAIL = 32;

/**
 * The latest sentence end in (floor, hi] that `accept` takes. ICU decides;
 * it is only asked about the few characters around each terminal, found by
 * a scan backwards, so a long run with no sentence end costs one scan.
 */
export function sentenceCut(text: string, floor: number, hi: number, accept: CutFilter): number | undefined {
  let top = hi;
  for (let t = hi - 1; t >= floor; t--) {
    if (!isTerminal(text, t)) continue;
    // A line break ends its sentence right after it (UAX #29, SB4), and nothing
    // between it and `top` can end one: answer without ICU. Text dense with line
    // breaks (1 MB of one-line headings) spent seconds creating segmenters here.
    if (text.charCodeAt(t) === 0x0a && top < text.length) {
      if (t + 1 <= top && accept(t + 1)) return t + 1;
      top = t + 1;
      continue;
    }
    const lo = Math.max(floor, t - TERMINAL_CONTEXT);
    for (const p of boundaries(sentences, text, lo, Math.min(top, t + 1 + TERMINAL_TAIL))) {
      if (p <= t) break;
      // ICU counts openers after a sentence end as part of it ("。（"): cut before them instead.
      let q = p;
      while (q > t + 1 && isOpener(text[q - 1])) q--;
      if (accept(q)) return q;
    }
    top = t + 1;
  }
  return undefined;
}

/** The latest cut just after a clause mark (`，、；：`, or `,;:` before a space) in (floor, hi]. */
export function clauseCut(text: string, floor: number, hi: number, accept: CutFilter): number | undefined {
  for (let p = hi; p > floor; p--) {
    const c = text[p - 1]!;
    const clause = CLAUSE_MARKS.has(c) || (ASCII_CLAUSE_MARKS.has(c) && (p === text.length || isSpaceCode(text.charCodeAt(p))));
    if (!clause) continue;
    // Closers right after the mark (`，”`) stay with it.
    let q = p;
    while (q < hi && isCloser(text[q])) q++;
    if (accept(q)) return q;
  }
  return undefined;
}

/** The latest word boundary (ICU's dictionary for Chinese) in (floor, hi]; a small window only. */
export function wordCut(text: string, floor: number, hi: number, accept: CutFilter): number | undefined {
  return latestBoundary(words, text, floor, hi, accept, [64, 256]);
}

/** The latest grapheme boundary in (floor, hi]: never inside a surrogate pair or an emoji sequence. */
export function graphemeCut(text: string, floor: number, hi: number, accept: CutFilter): number | undefined {
  return latestBoundary(graphemes, text, floor, hi, accept, [64, 256]);
}

/** The first sentence of `text` by ICU's rules, looking at a bounded prefix only. */
export function firstSentence(text: string, within = 512): string {
  const first = sentences.segment(text.slice(0, within))[Symbol.iterator]().next();
  return first.done ? '' : first.value.segment.trim();
}

const ELLIPSIS = '…';
const TRAILING_CLAUSE = /[\s，、；：,;:]+$/;

/**
 * `text` shortened to at most `max` graphemes (ellipsis included), cut at the
 * latest clause mark or word boundary so no word is cut in half: for button
 * labels and titles made from running text.
 */
export function clipAtBoundary(text: string, max: number): string {
  // No more UTF-16 units than `max` means no more graphemes: nothing to cut, and no
  // segmenter to start (175k headings each ask for their table-of-contents entry).
  if (text.length <= max) return text;
  // Only the first max + 1 graphemes are looked at, however long the text.
  const clusters: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    clusters.push(segment);
    if (clusters.length > max) break;
  }
  if (clusters.length <= max) return text;
  const room = clusters.slice(0, max - 1).join('');
  const noOpenerLast = (p: number): boolean => !isOpener(room[p - 1]);
  // Clause marks first (but not so early that the label says nothing), then words.
  const floor = Math.floor(room.length / 2);
  const cut = clauseCut(room, floor, room.length, noOpenerLast) ?? wordCut(text, floor, room.length, noOpenerLast) ?? room.length;
  return `${text.slice(0, cut).replace(TRAILING_CLAUSE, '')}${ELLIPSIS}`;
}
