/**
 * Report -> rich units: the header (cover photo, title heading, byline,
 * summary) and the body, from the same markdown-it token stream the HTML
 * renderer walks. Pure and deterministic.
 */
import type { MarkdownIt } from 'markdown-it';
import { isChineseReport } from '../../content/language.js';
import { classifyPlainLines } from '../../content/plain-text.js';
import type { Report } from '../../content/report.js';
import { dateLine } from '../date-line.js';
import { summaryTokens } from '../summary-tokens.js';
import { Cut, emit, newRichState, type RichHeading, type RichUnit, renderRichTokens, writeRichHeading } from './rules.js';
import type { Block } from './types.js';

export interface RichDocument {
  /** Cover, title, byline and summary: always opens the first message. */
  header: Block[];
  /** The body, unit by unit, each marked with how good a place it is to start a message. */
  units: RichUnit[];
  /** The body's `##`/`###` headings with their anchors, in order. */
  headings: RichHeading[];
  /** Whether the report is in Chinese (the words the bot adds follow it: the byline, the table's label). */
  chinese: boolean;
}

/** Media blocks take only http(s) URLs (rich.d.ts); other cover schemes are left out as in the HTML path. */
function mediaUrl(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? href.trim() : undefined;
  } catch {
    return undefined;
  }
}

export function renderRichReport(md: MarkdownIt, report: Report): RichDocument {
  // The same judgement and byline as the HTML path (render/document.ts, render/date-line.ts).
  const chinese = isChineseReport(report);
  const header: Block[] = [];
  const cover = mediaUrl(report.coverImage);
  if (cover) header.push({ type: 'photo', photo: { type: 'photo', media: cover } });
  header.push({ type: 'heading', text: report.title, size: 1 });
  const byline = dateLine(report, chinese);
  if (byline !== '') header.push({ type: 'paragraph', text: { type: 'italic', text: byline } });
  if (report.summary) {
    const s = newRichState();
    renderRichTokens(summaryTokens(md, report.summary), s);
    for (const u of s.units) header.push(...u.blocks);
  }

  const s = newRichState(report.title, chinese);
  if (report.shape === 'plain-text') {
    const lines = classifyPlainLines(report.body);
    // The first line is the report's title, already in the header.
    for (const line of lines.slice(lines[0]?.text === report.title ? 1 : 0)) {
      if (line.kind === 'title') writeRichHeading(s, 3, line.text, line.text);
      else emit(s, { type: 'paragraph', text: line.text }, Cut.block);
    }
  } else {
    renderRichTokens(md.parse(report.body, {}), s);
  }
  return { header, units: s.units, headings: s.headings, chinese };
}
