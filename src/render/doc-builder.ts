/**
 * Accumulates rendered text, entities and the places where a message may be
 * cut. Block rules announce a new block with `startBlock`; the separator is
 * only written when the block's first content arrives, so empty blocks (a
 * dropped HTML block, say) leave no stray blank lines.
 */
import type { Entity, EntityType, RichText } from './rich-text.js';

/** Where a message may end. Lower rank = more natural boundary. */
export interface Break {
  /** End of the text before the cut (the separator starts here). */
  pos: number;
  /** Where the next message starts (after the separator). */
  resume: number;
  rank: number;
}

/** Boundary ranks, coarsest first. Sentences, clauses and characters are found by the splitter. */
export const Rank = {
  section: 0,
  topic: 1,
  block: 2,
  line: 3,
  sentence: 4,
  clause: 5,
  /** A word or grapheme boundary: the last resort. */
  character: 6,
} as const;

/** A heading and where its text starts in the rendered document. */
export interface HeadingMark {
  level: number;
  title: string;
  offset: number;
}

export interface RenderedDoc extends RichText {
  breaks: Break[];
  headings: HeadingMark[];
  /** [from, to) spans a message may not end inside: a heading and the separator after it. */
  glued: Array<[number, number]>;
}

interface OpenEntity {
  type: EntityType;
  offset: number;
  url?: string;
  language?: string;
}

const NO_BREAK = Number.POSITIVE_INFINITY;

export class DocBuilder {
  private text = '';
  private readonly entities: Entity[] = [];
  private readonly breaks: Break[] = [];
  private readonly headings: HeadingMark[] = [];
  private readonly glued: Array<[number, number]> = [];
  private glueStart = 0;
  private readonly open: OpenEntity[] = [];
  /** Opens that created no entity (already open, or inside code), so their closes must be ignored. */
  private readonly suppressed = new Map<EntityType, number>();
  private pending: { rank: number; sep: string } | null = null;
  /** True right after a container began (bullet written, quote opened): no separator needed yet. */
  private fresh = true;
  /** The next block boundary may not be a cut (keeps headings with what follows). */
  private glueNext = false;
  /** Indentation written after each line break inside the current block. */
  indent = '';
  /** The last separator line written, to drop it if nothing follows (see `writeDecoration`). */
  private decoration: { from: number; end: number; breaks: number; glued: number } | null = null;
  /** Text written next must not run into what is before it (see `separateNext`). */
  private separateFrom: ((c: string) => boolean) | null = null;

  get length(): number {
    return this.text.length;
  }

  /** Announce a new block; `sep` is written before it unless it is the first thing in its container. */
  startBlock(rank: number, sep = '\n\n'): void {
    if (this.fresh) return;
    if (this.pending) {
      this.pending.rank = Math.min(this.pending.rank, rank);
      return;
    }
    this.pending = { rank, sep };
  }

  /** The next block boundary must not become a cut (call after a heading, or from `from`). */
  glue(from?: number): void {
    this.glueNext = true;
    this.glueStart = from ?? this.headings[this.headings.length - 1]?.offset ?? this.text.length;
  }

  /**
   * A separator line (`---`) as its own block. It is decoration, not content:
   * it stays with the block after it, and is dropped when nothing follows it
   * (the rule before the editors' web-only promo card), so no message ends
   * with a separator.
   */
  writeDecoration(line: string, rank: number): void {
    const breaks = this.breaks.length;
    const glued = this.glued.length;
    const before = this.text.length;
    this.startBlock(rank);
    this.flushPending();
    const start = this.text.length;
    this.write(line);
    // The separator written before it goes too (it starts where the text was).
    this.decoration = { from: this.breaks.length > breaks ? this.breaks[breaks]!.pos : before, end: this.text.length, breaks, glued };
    this.glue(start);
  }

  /** Text of the document from `start` on (to judge a link's text when it closes). */
  textSince(start: number): string {
    return this.text.slice(start);
  }

  /** The character the next text will follow (a newline when a new block is pending), or undefined at the start. */
  lastChar(): string | undefined {
    if (this.pending) return '\n';
    return this.text.length > 0 ? this.text[this.text.length - 1] : undefined;
  }

  /** If the next text written starts with a character `joins` accepts, a space is written before it. */
  separateNext(joins: (c: string) => boolean): void {
    this.separateFrom = joins;
  }

  private flushPending(): void {
    if (!this.pending) return;
    const { rank, sep } = this.pending;
    this.pending = null;
    // A block separator already keeps the next text apart.
    this.separateFrom = null;
    if (this.text.length === 0) return;
    const pos = this.text.length;
    this.text += sep;
    this.breaks.push({ pos, resume: this.text.length, rank: this.glueNext ? NO_BREAK : rank });
    if (this.glueNext) this.glued.push([this.glueStart, this.text.length]);
    this.glueNext = false;
  }

  write(s: string): void {
    if (s.length === 0) return;
    this.flushPending();
    if (this.separateFrom?.(s[0]!)) this.text += ' ';
    this.separateFrom = null;
    this.text += s;
    this.fresh = false;
  }

  /** A line break inside a block: a weak cut point, continuation indented. */
  lineBreak(): void {
    this.separateFrom = null;
    this.flushPending();
    const pos = this.text.length;
    this.text += `\n${this.indent}`;
    this.breaks.push({ pos, resume: pos + 1, rank: this.glueNext ? NO_BREAK : Rank.line });
  }

  /** Mark that a container began (its first block needs no separator). */
  beginContainer(): void {
    this.fresh = true;
  }

  isOpen(type: EntityType): boolean {
    for (const e of this.open) if (e.type === type) return true;
    return false;
  }

  /** Code and pre may not contain other entities, links may not nest, quotes may not nest. */
  canOpen(type: EntityType): boolean {
    // One pass over the open entities (this runs for every emphasis of a report).
    const once = type === 'text_link' || type === 'blockquote';
    for (const e of this.open) if (e.type === 'code' || e.type === 'pre' || (once && e.type === type)) return false;
    return true;
  }

  /**
   * Open an entity; every call must be paired with `closeEntity(type)`.
   * Returns false when no entity was created: the same type is already open
   * (bold inside bold only costs Telegram's entity budget) or it may not nest here.
   */
  openEntity(type: EntityType, attrs?: { url?: string; language?: string }): boolean {
    // Not inside code or pre, and not already open (what canOpen and isOpen check), in one pass.
    if (this.open.some((e) => e.type === 'code' || e.type === 'pre' || e.type === type)) {
      this.suppressed.set(type, (this.suppressed.get(type) ?? 0) + 1);
      return false;
    }
    this.flushPending();
    // Assigned rather than spread in: a spread per entity is the engine's slow path.
    const e: OpenEntity = { type, offset: this.text.length };
    if (attrs?.url !== undefined) e.url = attrs.url;
    if (attrs?.language !== undefined) e.language = attrs.language;
    this.open.push(e);
    return true;
  }

  /** Close the innermost open entity of `type` (and anything opened inside it, to keep nesting). */
  closeEntity(type: EntityType): void {
    const suppressed = this.suppressed.size === 0 ? 0 : (this.suppressed.get(type) ?? 0);
    if (suppressed > 0) {
      this.suppressed.set(type, suppressed - 1);
      return;
    }
    let at = this.open.length - 1;
    while (at >= 0 && this.open[at]!.type !== type) at--;
    if (at < 0) return;
    while (this.open.length > at) {
      const e = this.open.pop()!;
      const length = this.text.length - e.offset;
      if (length > 0) {
        const entity: Entity = { type: e.type, offset: e.offset, length };
        if (e.url !== undefined) entity.url = e.url;
        if (e.language !== undefined) entity.language = e.language;
        this.entities.push(entity);
      }
    }
  }

  private dropTrailingDecoration(): void {
    const d = this.decoration;
    if (!d || this.text.length !== d.end) return;
    this.text = this.text.slice(0, d.from);
    this.breaks.length = d.breaks;
    this.glued.length = d.glued;
    this.glueNext = false;
    // An entity closed around the separator (a quote ending with `---`) ends where the text now does.
    for (let i = this.entities.length - 1; i >= 0; i--) {
      const e = this.entities[i]!;
      if (e.offset + e.length <= d.from) continue;
      e.length = d.from - e.offset;
      if (e.length <= 0) this.entities.splice(i, 1);
    }
  }

  markHeading(level: number, title: string): void {
    this.flushPending();
    this.headings.push({ level, title, offset: this.text.length });
  }

  finish(): RenderedDoc {
    this.dropTrailingDecoration();
    this.suppressed.clear();
    while (this.open.length > 0) this.closeEntity(this.open[this.open.length - 1]!.type);
    return { text: this.text, entities: this.entities, breaks: this.breaks, headings: this.headings, glued: this.glued };
  }
}

/** `a` then `b`, joined by `sep`, which becomes a cut point of `rank`. */
export function joinDocs(a: RenderedDoc, b: RenderedDoc, sep: string, rank: number): RenderedDoc {
  if (a.text.length === 0) return b;
  if (b.text.length === 0) return a;
  const shift = a.text.length + sep.length;
  return {
    text: a.text + sep + b.text,
    entities: [...a.entities, ...b.entities.map((e) => ({ ...e, offset: e.offset + shift }))],
    breaks: [
      ...a.breaks,
      { pos: a.text.length, resume: shift, rank },
      ...b.breaks.map((k) => ({ ...k, pos: k.pos + shift, resume: k.resume + shift })),
    ],
    headings: [...a.headings, ...b.headings.map((h) => ({ ...h, offset: h.offset + shift }))],
    glued: [...a.glued, ...b.glued.map(([f, t]): [number, number] => [f + shift, t + shift])],
  };
}

/** The document from `from` on, offsets shifted to start at 0. */
export function sliceDoc(doc: RenderedDoc, from: number): RenderedDoc {
  if (from <= 0) return doc;
  const shift = (x: number): number => x - from;
  return {
    text: doc.text.slice(from),
    entities: doc.entities
      .filter((e) => e.offset + e.length > from)
      .map((e) => {
        const start = Math.max(e.offset, from);
        return { ...e, offset: shift(start), length: e.offset + e.length - start };
      }),
    breaks: doc.breaks.filter((b) => b.pos > from).map((b) => ({ ...b, pos: shift(b.pos), resume: shift(b.resume) })),
    headings: doc.headings.filter((h) => h.offset >= from).map((h) => ({ ...h, offset: shift(h.offset) })),
    glued: doc.glued.filter(([, t]) => t > from).map(([f, t]): [number, number] => [Math.max(0, shift(f)), shift(t)]),
  };
}
