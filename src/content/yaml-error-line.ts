/**
 * The line an editor must fix for a YAML error. js-yaml reports where it
 * noticed the problem: for an unclosed quote or bracket that is a later line
 * (the next key, "deficient indentation", or the end of the block), while the
 * mistake is on the line that opened it. Linear scan, no backtracking.
 */

/** True when `line` leaves a quote or a flow bracket open (a `#` comment outside quotes ends the scan). */
function leavesOpen(line: string): boolean {
  let quote: '"' | "'" | undefined;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
    } else if (quote === "'") {
      if (c === "'" && line[i + 1] === "'") i++;
      else if (c === "'") quote = undefined;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ')) {
      break;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(line[i - 1]!))) {
      quote = c;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return quote !== undefined || depth > 0;
}

const CONTINUATION_ERRORS =
  /deficient indentation|quoted scalar|flow collection|end of the stream|missed comma between flow collection entries/;

/**
 * 0-based line within `source` to report: the first line at or before
 * `errorLine` that leaves a quote or bracket open when the error is of the
 * kind such a line causes, otherwise `errorLine` itself.
 */
export function yamlErrorLine(source: string, errorLine: number, reason: string | undefined): number {
  if (!reason || !CONTINUATION_ERRORS.test(reason)) return errorLine;
  const lines = source.split('\n');
  for (let i = 0; i < Math.min(errorLine, lines.length); i++) if (leavesOpen(lines[i]!)) return i;
  return errorLine;
}
