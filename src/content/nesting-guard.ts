/**
 * Two bounds on markdown-it's block parse, noted in the parse's `env` so
 * loading can refuse the file with a line instead of losing text or time.
 *
 * Nesting: markdown-it stops parsing where blocks nest deeper than its
 * `maxNesting` (100 levels: 100 `>`, or about 50 nested list items) and
 * silently drops the rest of that container, or of the file. A report must
 * never lose text without a word, so the parser notes the first line it gave
 * up on.
 *
 * Blocks: the cost of a parse, and of rendering it, grows with the number of
 * blocks (each paragraph, heading, list item and level of a quote), not with
 * the depth: 1 MB of 99 nested `>` is a million blocks and took longer than
 * markdown-it's own render to load and again to render. When `env.maxBlocks`
 * is set, the parse stops at the first block past it and notes its line.
 * Real reports have a few hundred blocks (the editors' largest: 238), so the
 * limit loading sets (MAX_BLOCKS) is only met by a hostile or generated file.
 */
import type { MarkdownIt, StateBlock } from 'markdown-it';

/** Blocks a report may have (see above); a 1 MB report of real paragraphs has about 40,000. */
export const MAX_BLOCKS = 250_000;

export interface NestingEnv {
  [key: string | symbol]: unknown;
  /** 0-based line of the parsed source where markdown-it stopped for nesting. */
  nestingOverflowLine?: number;
  /** Stop the parse at the block after this many (unset: no limit, as for rendering a loaded report). */
  maxBlocks?: number;
  /** Blocks begun so far (counted only when `maxBlocks` is set). */
  blocks?: number;
  /** 0-based line of the first block past `maxBlocks`; the parse stopped there. */
  blockOverflowLine?: number;
}

/**
 * markdown-it's nesting limit (its `maxNesting` option, 100 by default): the
 * option exists in every release, but the 14.x type declarations leave it out.
 */
export function maxNestingOf(md: MarkdownIt): number {
  return (md.options as { maxNesting?: number }).maxNesting ?? 100;
}

export function guardNesting(md: MarkdownIt): void {
  const tokenize = md.block.tokenize.bind(md.block);
  md.block.tokenize = (state, startLine, endLine) => {
    // Same test markdown-it makes before it gives up on the lines that follow.
    if (state.level >= maxNestingOf(md)) {
      const line = state.skipEmptyLines(startLine);
      const env = state.env as NestingEnv;
      if (line < endLine && state.sCount[line]! >= state.blkIndent && env.nestingOverflowLine === undefined) env.nestingOverflowLine = line;
    }
    tokenize(state, startLine, endLine);
  };
  // First of the block rules, so it sees every block start at every level; it
  // never takes a block itself, except to end a parse that ran past the limit.
  md.block.ruler.before('table', 'block_budget', budget);
}

function budget(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const env = state.env as NestingEnv | undefined;
  if (silent || env?.maxBlocks === undefined) return false;
  if (env.blockOverflowLine !== undefined) {
    // Past the limit: consume the rest of this level's lines, so each level ends at once.
    state.line = endLine;
    return true;
  }
  env.blocks = (env.blocks ?? 0) + 1;
  if (env.blocks <= env.maxBlocks) return false;
  env.blockOverflowLine = startLine;
  state.line = endLine;
  return true;
}
