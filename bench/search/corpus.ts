/**
 * A synthetic ten-year archive in the shapes the editors produce: front
 * matter dailies with `##` sections and `###` topics, newswire logs of
 * `**[HH:MM]** 【headline】` items, Traditional Chinese plain text, and draft
 * podcast notes. Deterministic (seeded), about 6,000 characters per file.
 */
import * as OpenCC from 'opencc-js';
import { seeded as rng } from '../../tests/support/seeded.js';
import { CONNECTORS, EMOJI, ENTITIES, FILLERS, LABELS, PODCAST_TAGS, SECTIONS, TAG_SETS, TERMS, VERBS } from './vocabulary.js';

interface Focus {
  entity: string;
  term: string;
}

export interface ArchiveFile {
  name: string;
  text: string;
}

export interface Archive {
  files: ArchiveFile[];
  /** The long-tail names, most frequent first (for queries that hit rarely). */
  names: string[];
}

const TARGET_CHARS = 6000;

/**
 * Proper names beyond the word lists: 2-3 characters from a spread of 2,500
 * CJK code points, so the archive has a realistic long tail of rare
 * characters and bigrams (a few thousand distinct characters, hundreds of
 * thousands of distinct bigrams) instead of a few hundred words only.
 */
function longTailNames(random: () => number, count: number): string[] {
  const chars = Array.from({ length: 2500 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20902)));
  return Array.from({ length: count }, () => {
    const n = random() < 0.7 ? 2 : 3;
    return Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]!).join('');
  });
}

class Writer {
  readonly names: string[];

  constructor(private readonly random: () => number) {
    this.names = longTailNames(random, 20_000);
  }

  /** Skewed towards the start of the list. */
  pick<T>(list: readonly T[], skew = 2): T {
    return list[Math.floor(list.length * this.random() ** skew)]!;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** A named subject: now and then a well-known one, mostly one of the long tail. */
  entity(): string {
    return this.chance(0.2) ? this.pick(ENTITIES, 1.2) : this.pick(this.names, 1.2);
  }

  /** What a topic is about: its title names them and its sentences come back to them. */
  focus(): Focus {
    return { entity: this.chance(0.6) ? this.pick(ENTITIES, 1.5) : this.pick(this.names, 1.2), term: this.pick(TERMS, 1.5) };
  }

  title(f: Focus = this.focus()): string {
    const head = `${f.entity}${this.pick(VERBS)}${f.term}`;
    return this.chance(0.4) ? `${head}，${this.pick(TERMS, 1)}${this.pick(VERBS)}` : head;
  }

  sentence(f: Focus): string {
    const parts: string[] = [];
    if (this.chance(0.3)) parts.push(`${this.pick(CONNECTORS, 1)}，`);
    parts.push(this.chance(0.35) ? f.entity : this.entity(), this.pick(VERBS), this.pick(FILLERS, 1));
    parts.push(this.chance(0.35) ? f.term : this.pick(FILLERS, 1), this.pick(FILLERS, 1));
    if (this.chance(0.4)) parts.push(`，${this.pick(TERMS, 1)}${this.pick(VERBS)}${this.int(1, 99)}.${this.int(0, 9)}%`);
    if (this.chance(0.2)) parts.push(`，${this.entity()}${this.pick(FILLERS, 1)}${this.pick(FILLERS, 1)}${this.int(10, 9000)}亿美元`);
    if (this.chance(0.05)) parts.push(this.pick(EMOJI, 1));
    parts.push('。');
    return parts.join('');
  }

  paragraph(chars: number, f: Focus): string {
    let p = '';
    while (p.length < chars) p += this.sentence(f);
    return p;
  }
}

function frontMatterDaily(w: Writer, date: string): string {
  const title = w.title();
  const tags = w.pick(TAG_SETS, 1);
  const summary = Array.from({ length: 5 }, () => `- ${w.title()}`).join('\\n');
  const out = [
    '---',
    `title: ${title}`,
    `date: ${date}`,
    `category: ${tags[0]}`,
    `tags: [${tags.map((t) => JSON.stringify(t)).join(',')}]`,
    `coverImage: "https://example.com/cover/${date}.png"`,
    `summary: "${summary}"`,
    '---',
    `# ${title}`,
    '',
  ];
  let size = out.join('\n').length;
  let n = 0;
  while (size < TARGET_CHARS) {
    if (n % 3 === 0) out.push(`## ${w.pick(SECTIONS, 1)}：${w.title()}`, '');
    const f = w.focus();
    const heading = w.chance(0.5) ? `[${w.title(f)}](https://example.com/n/${date}/${n})` : w.title(f);
    const block = [`### ${heading}`, '', w.paragraph(w.int(150, 300), f), '', `${w.pick(LABELS, 1)}  `];
    for (let i = w.int(2, 4); i > 0; i--) block.push(`- ${w.sentence(f)}  `);
    block.push('');
    out.push(...block);
    size += block.join('\n').length;
    n++;
  }
  return out.join('\n');
}

function newswire(w: Writer, date: string): string {
  const out = [`# 财经电报 - ${date}`, `> 统计周期：${date} 05:30 至次日 05:30`, '', '---', ''];
  let size = 0;
  let minutes = 5 * 60 + 30;
  while (size < TARGET_CHARS) {
    minutes += w.int(0, 20); // repeated time stamps happen
    const hhmm = `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const f = w.focus();
    const text = w.paragraph(w.chance(0.05) ? 1200 : w.int(60, 200), f);
    const item = w.chance(0.8) ? `**[${hhmm}]** 【${w.title(f)}】财经电报${date}电，${text}` : `**[${hhmm}]** 财经电报${date}电，${text}`;
    out.push(item, '');
    size += item.length;
  }
  return out.join('\n');
}

function plainTraditional(w: Writer, toTraditional: (s: string) => string): string {
  const out: string[] = [];
  let size = 0;
  while (size < TARGET_CHARS) {
    const f = w.focus();
    const title = w.title(f);
    const body = w.paragraph(w.chance(0.1) ? 3000 : w.int(300, 900), f);
    out.push(title, body);
    size += title.length + body.length;
  }
  return toTraditional(out.join('\n'));
}

function podcastDraft(w: Writer, date: string): string {
  const out = [
    '---',
    `title: ${w.title()}：${w.title()}`,
    `date: '${date}'`,
    'draft: true',
    'layout: post.njk',
    'tags:',
    ...PODCAST_TAGS.filter(() => w.chance(0.5)).map((t) => `  - ${t}`),
    'people:',
    `  - ${w.entity()}`,
    "guest: ''",
    '---',
  ];
  let size = 0;
  while (size < TARGET_CHARS) {
    const f = w.focus();
    const block = [`### ${w.title(f)}`, '', `**${f.term}**（${w.pick(TERMS, 1)}）${w.paragraph(w.int(300, 700), f)}`, ''];
    out.push(...block);
    size += block.join('\n').length;
  }
  return out.join('\n');
}

function isoDay(start: Date, offset: number): string {
  return new Date(start.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** `days` files, one per day from 2016-01-01: half dailies, a quarter newswire, the rest Traditional and drafts. */
export function generateArchive(days = 3650, seed = 20260107): Archive {
  const w = new Writer(rng(seed));
  // Taiwan usage, words included (英伟达 -> 輝達, 芯片 -> 晶片), as Taiwanese editors write.
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'twp' });
  const start = new Date('2016-01-01T00:00:00Z');
  const files: ArchiveFile[] = [];
  for (let i = 0; i < days; i++) {
    const date = isoDay(start, i);
    const kind = i % 20;
    if (kind < 10) files.push({ name: `${date}-daily.txt`, text: frontMatterDaily(w, date) });
    else if (kind < 15) files.push({ name: `${date}-wire.txt`, text: newswire(w, date) });
    else if (kind < 18) files.push({ name: `${date}-tw.txt`, text: plainTraditional(w, toTraditional) });
    else files.push({ name: `${date}-podcast.txt`, text: podcastDraft(w, date) });
  }
  return { files, names: w.names };
}
