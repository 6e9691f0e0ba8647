/**
 * A reproducible alert workload: a vocabulary of Chinese and English words,
 * reports whose topics are drawn from it, and readers holding keywords drawn
 * from it, popular words more often (a power law), some typed in upper case
 * or full width so normalisation is exercised. Seeded: every run is the same.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../../src/content/report.js';
import { seeded as prng } from '../../tests/support/seeded.js';

export { prng };

const HANZI =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质信';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';
/** How strongly popularity is skewed: readers and editors favour the same few words. */
const SKEW = Number(process.env.ALERTS_BENCH_SKEW ?? 1.6);

export interface Vocabulary {
  words: string[];
  /** A word, popular ones more often (index ~ n * r^SKEW). */
  pick(random: () => number): string;
}

export function vocabulary(random: () => number, chinese = 32_000, english = 8_000): Vocabulary {
  const seen = new Set<string>();
  const words: string[] = [];
  const add = (make: () => string): void => {
    for (;;) {
      const w = make();
      if (!seen.has(w)) {
        seen.add(w);
        words.push(w);
        return;
      }
    }
  };
  const hanzi = (): string =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => HANZI[Math.floor(random() * HANZI.length)]).join('');
  const latin = (): string =>
    Array.from({ length: 4 + Math.floor(random() * 5) }, () => LATIN[Math.floor(random() * LATIN.length)]).join('');
  for (let i = 0; i < chinese; i++) add(hanzi);
  for (let i = 0; i < english; i++) add(latin);
  // Shuffle so popularity is independent of language.
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [words[i], words[j]] = [words[j]!, words[i]!];
  }
  return { words, pick: (r) => words[Math.floor(words.length * r() ** SKEW)]! };
}

const isLatin = (w: string): boolean => /^[a-z]+$/.test(w);

function sentence(v: Vocabulary, random: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const w = v.pick(random);
    out += isLatin(w) ? ` ${random() < 0.2 ? w.toUpperCase() : w} ` : w;
    if (random() < 0.1) out += '，';
  }
  return `${out.trim()}。`;
}

export function reports(v: Vocabulary, random: () => number, count: number, topics = 30): Report[] {
  return Array.from({ length: count }, (_, r) => {
    const day = `2026-02-${String(r + 1).padStart(2, '0')}`;
    const ts = Array.from({ length: topics }, () => ({
      title: sentence(v, random, 3).slice(0, -1),
      body: `${sentence(v, random, 25)}${sentence(v, random, 25)}`,
    }));
    const id = `${day}-bench`;
    return {
      id,
      file: `${id}.md`,
      shape: 'markdown',
      title: `基准日报 ${day}`,
      date: day,
      publishAt: new Date(`${day}T00:00:00Z`),
      dateSource: 'front-matter',
      draft: false,
      tags: [],
      meta: {},
      body: '',
      topics: ts,
      hash: createHash('sha256').update(JSON.stringify(ts)).digest('hex'),
    } satisfies Report;
  });
}

const FULL_WIDTH_OFFSET = 0xff21 - 0x41;
const fullWidth = (w: string): string =>
  Array.from(w.toUpperCase(), (c) => String.fromCharCode(c.charCodeAt(0) + FULL_WIDTH_OFFSET)).join('');

/** `users` readers, each with `perUser` distinct keywords as a person might type them. */
export function subscribers(
  v: Vocabulary,
  random: () => number,
  users: number,
  perUser: number,
  firstId = 100_000,
): Array<{ user: number; keywords: string[] }> {
  return Array.from({ length: users }, (_, i) => {
    const keywords = new Set<string>();
    while (keywords.size < perUser) {
      const w = v.pick(random);
      const r = random();
      keywords.add(isLatin(w) && r < 0.1 ? w.toUpperCase() : isLatin(w) && r < 0.15 ? fullWidth(w) : w);
    }
    return { user: firstId + i, keywords: [...keywords] };
  });
}
