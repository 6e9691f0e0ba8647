/**
 * Report -> rendered documents: the header (title, date, summary) and the
 * body, each as text + entities + cut points. Pure and deterministic.
 */
import type { MarkdownIt } from 'markdown-it';
import type { Report } from '../content/report.js';
import { classifyPlainLines } from '../content/plain-text.js';
import { DocBuilder, Rank, type RenderedDoc } from './doc-builder.js';
import { createMarkdown } from '../content/markdown.js';
import { renderTokens, writeHeading, type RenderState } from './rules.js';

export interface RenderedReport {
  /** Title line and date line (with the category): the opening of every report. */
  titleBlock: RenderedDoc;
  /** The front matter summary (empty when there is none). */
  summary: RenderedDoc;
  body: RenderedDoc;
}

export interface Renderer {
  renderReport(report: Report): RenderedReport;
  /** Render a Markdown fragment (a topic's body, say) on its own. */
  renderMarkdown(markdown: string): RenderedDoc;
  /** markdown-it's own HTML output, for the benchmark's baseline. */
  readonly md: MarkdownIt;
}

function newState(skipHeading?: string): RenderState {
  const state: RenderState = { b: new DocBuilder(), lists: [] };
  if (skipHeading !== undefined) state.skipHeading = skipHeading;
  return state;
}

function dateLine(report: Report): string {
  return report.category ? `${report.date} · ${report.category}` : report.date;
}

export function createRenderer(md: MarkdownIt = createMarkdown()): Renderer {
  const renderMarkdownInto = (markdown: string, s: RenderState): void => {
    renderTokens(md.parse(markdown, {}), s);
  };

  const writeTitle = (s: RenderState, report: Report): void => {
    writeHeading(s, 1, report.title, () => s.b.write(report.title));
    s.b.startBlock(Rank.block, '\n');
    const italic = s.b.openEntity('italic');
    s.b.write(dateLine(report));
    if (italic) s.b.closeEntity('italic');
  };

  const renderTitleBlock = (report: Report): RenderedDoc => {
    const s = newState();
    writeTitle(s, report);
    return s.b.finish();
  };

  const renderSummary = (report: Report): RenderedDoc => {
    const s = newState();
    if (report.summary) renderMarkdownInto(report.summary, s);
    return s.b.finish();
  };

  const renderPlainBody = (report: Report): RenderedDoc => {
    const s = newState();
    const lines = classifyPlainLines(report.body);
    // The first line is the report's title, already in the header.
    lines.slice(lines[0]?.text === report.title ? 1 : 0).forEach((line) => {
      if (line.kind === 'title') writeHeading(s, 3, line.text, () => s.b.write(line.text));
      else {
        s.b.startBlock(Rank.block);
        s.b.write(line.text);
      }
    });
    return s.b.finish();
  };

  return {
    md,
    renderReport(report) {
      let body: RenderedDoc;
      if (report.shape === 'plain-text') body = renderPlainBody(report);
      else {
        const s = newState(report.title);
        renderMarkdownInto(report.body, s);
        body = s.b.finish();
      }
      return { titleBlock: renderTitleBlock(report), summary: renderSummary(report), body };
    },
    renderMarkdown(markdown) {
      const s = newState();
      renderMarkdownInto(markdown, s);
      return s.b.finish();
    },
  };
}
