/**
 * Report -> rendered documents: the header (title, date, summary) and the
 * body, each as text + entities + cut points. Pure and deterministic.
 */
import type { MarkdownIt } from 'markdown-it';
import { isChineseReport, isChineseText } from '../content/language.js';
import { createMarkdown } from '../content/markdown.js';
import { classifyPlainLines } from '../content/plain-text.js';
import type { Report } from '../content/report.js';
import { dateLine } from './date-line.js';
import { DocBuilder, Rank, type RenderedDoc } from './doc-builder.js';
import { type RenderState, renderTokens, writeHeading } from './rules.js';
import { summaryTokens } from './summary-tokens.js';

/** Which parts of a report to render into one document, in this order. */
export interface ReportSections {
  /** Title line and date line (with the category). */
  title?: boolean;
  /** The front matter summary. */
  summary?: boolean;
  body?: boolean;
}

export interface Renderer {
  /**
   * The chosen sections of a report as one document; the body starts at a
   * section boundary. `chinese` is the report's language when the caller has
   * judged it already (one judgement for all of a report's documents).
   */
  renderReport(report: Report, sections: ReportSections, chinese?: boolean): RenderedDoc;
  /** Render a Markdown fragment (a topic's body, say) on its own. */
  renderMarkdown(markdown: string): RenderedDoc;
  /** markdown-it's own HTML output, for the benchmark's baseline. */
  readonly md: MarkdownIt;
}

function newState(chinese: boolean, skipHeading?: string): RenderState {
  const state: RenderState = { b: new DocBuilder(), lists: [], chinese };
  if (skipHeading !== undefined) state.skipHeading = skipHeading;
  return state;
}

export function createRenderer(md: MarkdownIt = createMarkdown()): Renderer {
  const renderMarkdownInto = (markdown: string, s: RenderState): void => {
    renderTokens(md.parse(markdown, {}), s);
  };

  const writeTitle = (s: RenderState, report: Report): void => {
    writeHeading(s, 1, report.title, () => s.b.write(report.title));
    const line = dateLine(report, s.chinese);
    if (line.length === 0) return;
    s.b.startBlock(Rank.block, '\n');
    s.b.openEntity('italic');
    s.b.write(line);
    s.b.closeEntity('italic');
  };

  const writePlainBody = (report: Report, s: RenderState): void => {
    const lines = classifyPlainLines(report.body);
    // The first line is the report's title, already in the header.
    lines.slice(lines[0]?.text === report.title ? 1 : 0).forEach((line) => {
      if (line.kind === 'title') writeHeading(s, 3, line.text, () => s.b.write(line.text));
      else {
        s.b.startBlock(Rank.block);
        s.b.write(line.text);
      }
    });
  };

  return {
    md,
    renderReport(report, sections, chinese = isChineseReport(report)) {
      const s = newState(chinese, report.title);
      if (sections.title) writeTitle(s, report);
      if (sections.summary && report.summary) {
        s.b.startBlock(Rank.block);
        renderTokens(summaryTokens(md, report.summary), s);
      }
      if (sections.body) {
        s.b.startBlock(Rank.section);
        if (report.shape === 'plain-text') writePlainBody(report, s);
        else renderMarkdownInto(report.body, s);
      }
      return s.b.finish();
    },
    renderMarkdown(markdown) {
      const s = newState(isChineseText(markdown));
      renderMarkdownInto(markdown, s);
      return s.b.finish();
    },
  };
}
