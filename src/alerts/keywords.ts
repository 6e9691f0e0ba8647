/**
 * Alert keywords: what a reader may subscribe to, and the form matching
 * compares. A keyword is kept as typed (whitespace runs collapsed) so lists
 * show it the way the reader wrote it; matching and duplicate checks use
 * `normalizeText`, the same fold as /topic search. Pure.
 */
import { normalizeText } from '../search/normalize.js';

/** Most keywords one reader may hold. */
export const MAX_KEYWORDS = 20;
/** Longest keyword, in characters (code points) after trimming. */
export const MAX_KEYWORD_LENGTH = 64;

export type CleanKeyword = { ok: true; keyword: string } | { ok: false; reason: 'empty' | 'too-long' | 'invalid' };

// Control characters (newlines are collapsed first) have no place in a keyword, and
// NUL is what the matcher puts between texts, so it must never occur in one.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The keyword as it will be stored and shown, or why the input cannot be one. */
export function cleanKeyword(raw: string): CleanKeyword {
  const keyword = raw.replace(/\s+/g, ' ').trim();
  if (keyword === '') return { ok: false, reason: 'empty' };
  if (Array.from(keyword).length > MAX_KEYWORD_LENGTH) return { ok: false, reason: 'too-long' };
  if (CONTROL.test(keyword) || keywordNorm(keyword) === '') return { ok: false, reason: 'invalid' };
  return { ok: true, keyword };
}

/** The form a keyword is matched in. */
export function keywordNorm(keyword: string): string {
  return normalizeText(keyword).trim();
}

/** Keyword -> norm, remembered: a fan-out normalises the same few thousand keywords every time. */
export class NormCache {
  private readonly cache = new Map<string, string>();

  constructor(private readonly maxSize = 200_000) {}

  get(keyword: string): string {
    let norm = this.cache.get(keyword);
    if (norm === undefined) {
      if (this.cache.size >= this.maxSize) this.cache.clear();
      norm = keywordNorm(keyword);
      this.cache.set(keyword, norm);
    }
    return norm;
  }
}
