/**
 * markdown-it stops parsing where blocks nest deeper than its `maxNesting`
 * (100 levels: 100 `>`, or about 50 nested list items) and silently drops
 * the rest of that container, or of the file. A report must never lose text
 * without a word, so the parser notes the first line it gave up on in the
 * parse's `env`, and loading refuses the file with that line.
 */
import type { MarkdownIt } from 'markdown-it';

export interface NestingEnv {
  [key: string | symbol]: unknown;
  /** 0-based line of the parsed source where markdown-it stopped for nesting. */
  nestingOverflowLine?: number;
}

export function guardNesting(md: MarkdownIt): void {
  const tokenize = md.block.tokenize.bind(md.block);
  md.block.tokenize = (state, startLine, endLine) => {
    // Same test markdown-it makes before it gives up on the lines that follow.
    if (state.level >= md.options.maxNesting) {
      const line = state.skipEmptyLines(startLine);
      const env = state.env as NestingEnv;
      if (line < endLine && state.sCount[line]! >= state.blkIndent && env.nestingOverflowLine === undefined) env.nestingOverflowLine = line;
    }
    tokenize(state, startLine, endLine);
  };
}
