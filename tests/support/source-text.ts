/**
 * What a reader must find in the messages: the visible text of a source file
 * in order (raw HTML blocks excluded: they are web-only and dropped on
 * purpose), and the links it carries.
 */
import type { Token } from 'markdown-it';
import { parseFrontMatter } from '../../src/content/front-matter.js';
import { createMarkdown } from '../../src/content/markdown.js';
import { looksLikeMarkdown } from '../../src/content/shape.js';

const md = createMarkdown();

function collect(tokens: Token[], out: string[], links: string[]): void {
  let inTableHead = false;
  for (const t of tokens) {
    // Table headers are repeated as labels on every row card, so they are checked through the rows.
    if (t.type === 'thead_open' || t.type === 'thead_close') inTableHead = t.type === 'thead_open';
    if (inTableHead || t.type === 'html_block' || t.type === 'html_inline') continue;
    if (t.type === 'link_open') {
      const href = String(t.attrGet('href') ?? '');
      // mailto: reaches Telegram as the address in text, which Telegram links itself (render/links.ts).
      if (/^(https?|tg):/i.test(href)) links.push(href);
    }
    if (t.children) collect(t.children, out, links);
    else if (['text', 'code_inline', 'code_block', 'fence', 'text_special'].includes(t.type) && t.content.trim()) out.push(t.content);
  }
}

export function sourceText(file: string, raw: string): { chunks: string[]; links: string[] } {
  const text = raw.replace(/\r\n?/g, '\n');
  const fm = parseFrontMatter(text);
  const chunks: string[] = [];
  const links: string[] = [];
  if (typeof fm.data.title === 'string') chunks.push(fm.data.title);
  if (typeof fm.data.summary === 'string') collect(md.parse(fm.data.summary, {}), chunks, links);
  if (fm.hasFrontMatter || looksLikeMarkdown(fm.body, file)) {
    // The first heading may repeat the title already shown in the header.
    const tokens = md.parse(fm.body, {});
    const chunksBody: string[] = [];
    collect(tokens, chunksBody, links);
    if (chunksBody[0] === chunks[0]) chunksBody.shift();
    chunks.push(...chunksBody);
  } else {
    chunks.push(...fm.body.split('\n').filter((l) => l.trim()));
  }
  return { chunks, links };
}

const squash = (s: string): string => s.replace(/\s+/g, '');

/** The first chunk not found in order in `shown`, or undefined when all are there. */
export function firstMissing(chunks: string[], shown: string): string | undefined {
  const hay = squash(shown);
  let at = 0;
  for (const c of chunks) {
    const needle = squash(c);
    const found = hay.indexOf(needle, at);
    if (found < 0) return c;
    at = found + needle.length;
  }
  return undefined;
}
