/**
 * The one markdown-it configuration the project uses, for finding topics and
 * for rendering. HTML is enabled so raw tags arrive as `html_inline` /
 * `html_block` tokens that the renderer can keep, strip or drop on purpose;
 * nothing is ever passed through as HTML.
 */
import MarkdownItCtor, { type MarkdownIt, type Token } from 'markdown-it';
import { guardNesting } from './nesting-guard.js';

export function createMarkdown(): MarkdownIt {
  const md = new MarkdownItCtor('default', { html: true, linkify: false, typographer: false, breaks: false });
  // Link schemes are judged by the renderer (keep the text, drop the link);
  // markdown-it's own validator would instead leave the raw `[text](url)` source.
  md.validateLink = () => true;
  guardNesting(md);
  return md;
}

/** Plain text of an inline token's children, for heading titles and table headers. */
export function inlineText(t: Token | undefined): string {
  if (!t?.children) return t?.content ?? '';
  return t.children
    .map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.type === 'image' ? inlineText(c) : c.content))
    .join('')
    .trim();
}

/**
 * Block structure only (headings, paragraphs, lists), without inline
 * parsing: loading needs just titles and topic boundaries, and skipping the
 * inline pass makes scanning years of reports several times faster. Inline
 * tokens keep their raw Markdown in `content`; `inlineTextOf` reads them.
 */
export function createOutlineMarkdown(): MarkdownIt {
  const md = createMarkdown();
  md.core.ruler.disable(['inline', 'text_join']);
  return md;
}

/**
 * Characters where markdown-it's inline parse may do something other than
 * keep the text: its text rule's terminators (emphasis, links, code, HTML,
 * entities, escapes, line breaks) and what its normaliser rewrites.
 */
const INLINE_SYNTAX = /[\n\r\0!#$%&*+\-:<=>@[\\\]^_`{}~]/;

/** Plain text of an inline token, parsing its raw Markdown when the outline parser left it unparsed. */
export function inlineTextOf(md: MarkdownIt, t: Token | undefined): string {
  // The outline parser leaves inline tokens with their raw content and no children.
  if (!t || (t.children && t.children.length > 0) || t.content === '') return inlineText(t);
  // Text with no inline syntax parses to itself: one text token. A parser per
  // heading cost more than the block parse on 175k one-word headings.
  if (!INLINE_SYNTAX.test(t.content)) return t.content.trim();
  return inlineText(md.parseInline(t.content, {})[0]);
}
