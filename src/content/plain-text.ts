/**
 * Plain-text reports: one paragraph per line, no Markdown. Editors write a
 * short title line followed by its body line; we tell them apart by length
 * because the titles carry no marker (some end in "?" or "!" like sentences).
 */
export interface PlainLine {
  kind: 'title' | 'body';
  text: string;
}

/** A title is short and followed by a longer line. */
const TITLE_MAX = 80;

export function classifyPlainLines(text: string): PlainLine[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const out: PlainLine[] = [];
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    const afterTitle = out[i - 1]?.kind === 'title';
    const isTitle = !afterTitle && line.length <= TITLE_MAX && next !== undefined && next.length > line.length;
    out.push({ kind: isTitle ? 'title' : 'body', text: line });
  });
  return out;
}
