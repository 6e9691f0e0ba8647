/**
 * Text as search compares it; reports and queries go through the same fold.
 *
 * 1. NFKC over the whole string: full-width Latin and digits (ＡＩ -> AI),
 *    compatibility forms (ﬁ -> fi, ① -> 1) and canonical composition
 *    (e + U+0301 -> é), so canonically equal texts compare equal.
 * 2. Per code point: lower case, then Traditional -> Simplified with
 *    opencc-js's Taiwan and Hong Kong character tables, repeated until
 *    nothing changes (輝達 -> 辉达, 黃仁勳 -> 黄仁勋, 著 -> 着, 衞 -> 卫).
 *
 * Step 2 looks at one code point at a time, never at its neighbours (phrase
 * conversion would turn 乾 into 干 in 乾淨 but not in 乾隆, so a query could
 * fold differently from the same characters inside a longer text). Hence
 * fold(a + b) = fold(a) + fold(b) wherever NFKC does not join a and b (only
 * combining marks and conjoining jamo join), and a query that occurs in a
 * text occurs in the folded text. A code point may fold to several (İ -> i̇,
 * ㍿ -> 株式会社): matches are verified on folded text only and no offset is
 * mapped back, so lengths need not be kept. Lone surrogates (never produced by
 * UTF-8 decoding) fold to U+FFFD.
 */
import * as OpenCC from 'opencc-js/t2cn';

type Convert = (text: string) => string;

let toSimplified: Convert | undefined;

function traditionalToSimplified(text: string): string {
  if (!toSimplified) {
    // Built on first use, not on import: the dictionaries take ~30 ms.
    const tw = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
    toSimplified = (s) => hk(tw(s));
  }
  return toSimplified(text);
}

function foldOnce(codePoint: string): string {
  return Array.from(codePoint.toLowerCase(), (c) => traditionalToSimplified(c)).join('');
}

/** The fold of one code point, to a fixed point (么 -> 幺 but also 麼 -> 么 -> 幺). */
function foldCodePoint(codePoint: string): string {
  let current = codePoint;
  for (let round = 0; round < 8; round++) {
    const next = Array.from(current, foldOnce).join('');
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** Code unit -> its fold + 1 when that is one BMP code unit; 0 = not computed; -1 = see `wide`. */
const narrow = new Int32Array(0x10000);
/** Folds that are not one BMP code unit, by code point. */
const wide = new Map<number, string>();
const REPLACEMENT = 0xfffd;

function learn(codePoint: number): void {
  const folded = foldCodePoint(String.fromCodePoint(codePoint));
  if (codePoint < 0x10000 && folded.length === 1) narrow[codePoint] = folded.charCodeAt(0) + 1;
  else {
    wide.set(codePoint, folded);
    if (codePoint < 0x10000) narrow[codePoint] = -1;
  }
}

let buffer = new Uint16Array(1 << 14);
// Little-endian Uint16Array on every platform Node supports for this bot (x64, arm64).
const utf16 = new TextDecoder('utf-16le');

function ensure(capacity: number): void {
  if (buffer.length >= capacity) return;
  const bigger = new Uint16Array(Math.max(capacity, buffer.length * 2));
  bigger.set(buffer);
  buffer = bigger;
}

function put(at: number, text: string): number {
  ensure(at + text.length + 2);
  for (let i = 0; i < text.length; i++) buffer[at + i] = text.charCodeAt(i);
  return at + text.length;
}

export function normalizeText(text: string): string {
  const s = text.normalize('NFKC');
  const n = s.length;
  ensure(n + 2);
  let buf = buffer; // a local: the hot loop must not reload the module binding
  let out = 0;
  let changed = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let m = narrow[c]!;
    if (m > 0) {
      buf[out++] = m - 1;
      if (m !== c + 1) changed = true;
      continue;
    }
    changed = true;
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        if (!wide.has(cp)) learn(cp);
        out = put(out, wide.get(cp)!);
        i++;
      } else {
        buf[out++] = REPLACEMENT;
      }
    } else {
      if (m === 0) learn(c);
      m = narrow[c]!;
      if (m > 0) buf[out++] = m - 1;
      else out = put(out, wide.get(c)!);
    }
    ensure(out + (n - i) + 2);
    buf = buffer;
  }
  if (!changed) return s;
  const folded = utf16.decode(buf.subarray(0, out));
  // A surrogate pair that folds to itself is no change either.
  return folded === s ? s : folded;
}

/** A /topic query as search compares it; empty when there is nothing to look for. */
export function normalizeQuery(query: string): string {
  return normalizeText(query.trim()).trim();
}
