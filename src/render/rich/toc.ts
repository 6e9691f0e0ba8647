/**
 * The rich message's table of contents: anchor links inside the message
 * itself, so it needs no edit after posting. Decided: the opening message
 * gets one when it holds at least three sections (`##`, else `###` topics)
 * and is longer than one screen; a shorter message is read at a glance and
 * gets none. Later messages of a long report carry none: their sections are
 * reached by scrolling, and anchors cannot point into another message.
 */
import { clipTocTitle } from '../toc.js';
import { measureBlocks, type RichMeasure } from './limits.js';
import type { RichHeading } from './rules.js';
import type { Block } from './types.js';

export const RICH_TOC_MIN_ENTRIES = 3;
/** About one phone screen of text: below it a table of contents is noise. */
export const ONE_SCREEN_CHARACTERS = 1_200;
/** The table lists at most this many entries (the rest are one tap of scrolling away). */
export const RICH_TOC_MAX_ENTRIES = 30;

/** What the table lists: the sections, else the topics. */
export function tocEntries(headings: RichHeading[]): RichHeading[] {
  const sections = headings.filter((h) => h.level === 2);
  return (sections.length > 0 ? sections : headings.filter((h) => h.level === 3)).slice(0, RICH_TOC_MAX_ENTRIES);
}

export function richTocBlock(entries: RichHeading[], label: string): Block {
  return {
    type: 'details',
    summary: { type: 'bold', text: label },
    is_open: true,
    blocks: [
      {
        type: 'list',
        items: entries.map((h) => ({
          blocks: [{ type: 'paragraph', text: { type: 'anchor_link', text: clipTocTitle(h.title), anchor_name: h.anchor } }],
        })),
      },
    ],
  };
}

/** Room to keep in the first message: the table for every entry of the report. */
export function tocReserve(headings: RichHeading[], label: string): RichMeasure | undefined {
  return tocPlan(headings, label)?.reserve;
}

/** A table of contents for every entry and the room it takes. */
export interface TocPlan {
  entries: RichHeading[];
  block: Block;
  reserve: RichMeasure;
}

/** The table for every entry and the room it takes, built once: the first message usually holds every entry and reuses it. */
export function tocPlan(headings: RichHeading[], label: string): TocPlan | undefined {
  const entries = tocEntries(headings);
  return entries.length < RICH_TOC_MIN_ENTRIES ? undefined : tocPlanOf(entries, label);
}

/** tocPlan for entries already chosen (tocEntries). */
export function tocPlanOf(entries: RichHeading[], label: string): TocPlan {
  const block = richTocBlock(entries, label);
  return { entries, block, reserve: measureBlocks([block]) };
}

/** The depth of a table of contents: the same for any number of entries (details > list > item > paragraph > link). */
const TOC_DEPTH = measureBlocks([richTocBlock([{ level: 2, title: 'x', anchor: 'x' }], 'x')]).depth;

/**
 * At least the room the table of `entries` takes (tocPlanOf's reserve), with
 * no table built: its blocks and depth exactly, its characters at most every
 * title in full (a clipped title is never longer, and a string never has more
 * characters than UTF-16 units).
 */
export function tocReserveBound(entries: RichHeading[], label: string): RichMeasure {
  let characters = label.length;
  for (const h of entries) characters += h.title.length;
  // The details block, its list, and an item with its paragraph per entry.
  return { characters, blocks: 2 + 2 * entries.length, depth: TOC_DEPTH, media: 0, columns: 0 };
}

/** Anchor names a message carries. */
export function anchorsIn(blocks: Block[]): Set<string> {
  return new Set(blocks.filter((b): b is Extract<Block, { type: 'anchor' }> => b.type === 'anchor').map((b) => b.name));
}
