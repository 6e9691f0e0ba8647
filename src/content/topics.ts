/**
 * A report's topics, the units /topic finds and sends alone: `###` headings
 * when the report has them, otherwise `##`; each `**[HH:MM]**` item of a
 * newswire log; each title line of plain text.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import { clipAtBoundary, firstSentence } from '../util/line-break.js';
import { inlineTextOf } from './markdown.js';
import { classifyPlainLines } from './plain-text.js';
import type { Topic } from './report.js';

const NEWSWIRE_ITEM = /^\*\*\[(\d{1,2}:\d{2})\]\*\*\s*([\s\S]*)$/;

interface HeadingAt {
  level: number;
  title: string;
  line: number;
  endLine: number;
}

/** `【headline】rest` -> [headline, rest], matching nested brackets. */
function splitHeadline(text: string): [string, string] | undefined {
  if (!text.startsWith('【')) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '【') depth++;
    else if (text[i] === '】' && --depth === 0) return [text.slice(1, i), text.slice(i + 1).trim()];
  }
  return undefined;
}

/** Longest label made from an item's text: it shares a 40-character button with the item's time. */
const LABEL_MAX = 30;

/** A wire service's dateline (`财联社1月6日电，`, `新华社北京1月6日电 `): the same on every item, so no help in a label. */
const DATELINE = /^[^，,。\s]{1,16}?\d{1,2}月\d{1,2}日电[，,\s]\s*/u;

/** A short, clean label for an item with no `【headline】`: its first sentence, cut at a clause or word. */
function shortTitle(text: string): string {
  const plain = text.replace(DATELINE, '');
  const sentence = firstSentence(plain).replace(/[。！？!?.]+$/u, '');
  return clipAtBoundary(sentence || plain, LABEL_MAX);
}

function headingTopics(md: MarkdownIt, tokens: Token[], lines: string[]): Topic[] {
  const headings: HeadingAt[] = [];
  tokens.forEach((t, i) => {
    if (t.type === 'heading_open' && t.map) {
      headings.push({ level: Number(t.tag.slice(1)), title: inlineTextOf(md, tokens[i + 1]), line: t.map[0], endLine: t.map[1] });
    }
  });
  const level = headings.some((h) => h.level === 3) ? 3 : headings.some((h) => h.level === 2) ? 2 : 0;
  if (level === 0) return [];
  const topics: Topic[] = [];
  let section: string | undefined;
  // Where each topic ends: the next heading at or above its level, found in
  // one backward pass (a per-heading forward search is quadratic in headings).
  const endLine: number[] = new Array<number>(headings.length);
  let nextAtOrAbove = lines.length;
  for (let i = headings.length - 1; i >= 0; i--) {
    endLine[i] = nextAtOrAbove;
    if (headings[i]!.level <= level) nextAtOrAbove = headings[i]!.line;
  }
  headings.forEach((h, i) => {
    if (h.level < level && h.level > 1) section = h.title;
    if (h.level !== level) return;
    const body = lines.slice(h.endLine, endLine[i]).join('\n').trim();
    topics.push(section !== undefined ? { title: h.title, body, section } : { title: h.title, body });
  });
  return topics;
}

function newswireTopics(tokens: Token[]): Topic[] {
  const topics: Topic[] = [];
  tokens.forEach((t) => {
    if (t.type !== 'inline') return;
    const m = NEWSWIRE_ITEM.exec(t.content);
    if (!m) return;
    const rest = m[2]!.trim();
    const headline = splitHeadline(rest);
    topics.push({ title: headline ? headline[0] : shortTitle(rest), body: headline ? headline[1] : rest, time: m[1]! });
  });
  return topics;
}

/**
 * Topics from a parsed body: `tokens` may come from the outline parser
 * (block structure only); `md` reads the few heading titles' inline Markdown.
 */
export function markdownTopics(md: MarkdownIt, tokens: Token[], body: string): Topic[] {
  const byHeading = headingTopics(md, tokens, body.split('\n'));
  return byHeading.length > 0 ? byHeading : newswireTopics(tokens);
}

export function plainTextTopics(body: string): Topic[] {
  const lines = classifyPlainLines(body);
  const topics: Topic[] = [];
  lines.forEach((line, i) => {
    if (line.kind !== 'title') return;
    const bodyLines: string[] = [];
    for (let j = i + 1; j < lines.length && lines[j]!.kind === 'body'; j++) bodyLines.push(lines[j]!.text);
    topics.push({ title: line.text, body: bodyLines.join('\n') });
  });
  return topics;
}
