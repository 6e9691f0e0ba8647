/**
 * Rich blocks -> page HTML, drawn the way Telegram draws a rich message: real
 * headings, lists, tables, quotes, code, dividers, a collapsible contents
 * block, anchors one can jump to, the cover as a placeholder (never fetched).
 * Every text is escaped; links keep only the schemes the bot sends.
 */

import type { Block, RichText } from '../render/rich/types.js';
import { safeUrl } from '../util/links.js';
import { escapePage } from './telegram-page.js';

const WRAPS: Record<string, [string, string]> = {
  bold: ['<b>', '</b>'],
  italic: ['<i>', '</i>'],
  underline: ['<u>', '</u>'],
  strikethrough: ['<s>', '</s>'],
  spoiler: ['<span class="tg-spoiler" tabindex="0">', '</span>'],
  code: ['<code class="tg-code">', '</code>'],
  marked: ['<mark>', '</mark>'],
  subscript: ['<sub>', '</sub>'],
  superscript: ['<sup>', '</sup>'],
};

/** Anchor ids are per message: two messages may both have an `s1`. */
type Ids = (name: string) => string;

export function richTextToPage(t: RichText | undefined, id: Ids): string {
  if (t === undefined) return '';
  if (typeof t === 'string') return escapePage(t).replace(/\n/g, '<br>');
  if (Array.isArray(t)) return t.map((x) => richTextToPage(x, id)).join('');
  const wrap = WRAPS[t.type];
  if (wrap && 'text' in t) return wrap[0] + richTextToPage(t.text as RichText, id) + wrap[1];
  switch (t.type) {
    case 'url': {
      const url = safeUrl(t.url);
      const inner = richTextToPage(t.text, id);
      return url ? `<a href="${escapePage(url)}" rel="noopener noreferrer">${inner}</a>` : `<span class="tg-link-dropped">${inner}</span>`;
    }
    case 'email_address':
      return `<a href="mailto:${escapePage(t.email_address)}">${richTextToPage(t.text, id)}</a>`;
    case 'anchor_link':
      return `<a href="#${escapePage(id(t.anchor_name))}">${richTextToPage(t.text, id)}</a>`;
    case 'anchor':
      return `<a id="${escapePage(id(t.name))}"></a>`;
    case 'custom_emoji':
      return escapePage(t.alternative_text);
    case 'mathematical_expression':
      return `<code class="tg-code">${escapePage(t.expression)}</code>`;
    default:
      return 'text' in t ? richTextToPage(t.text as RichText, id) : '';
  }
}

export function richBlockToPage(b: Block, id: Ids): string {
  const text = (t: RichText | undefined): string => richTextToPage(t, id);
  switch (b.type) {
    case 'paragraph':
      return `<p class="rich-p">${text(b.text)}</p>`;
    case 'heading':
      return `<h${b.size} class="rich-h">${text(b.text)}</h${b.size}>`;
    case 'pre':
      return `<pre class="tg-pre"${b.language ? ` data-language="${escapePage(b.language)}"` : ''}><code>${text(b.text)}</code></pre>`;
    case 'footer':
      return `<footer class="rich-footer">${text(b.text)}</footer>`;
    case 'divider':
      return '<hr class="rich-hr">';
    case 'anchor':
      return `<a class="rich-anchor" id="${escapePage(id(b.name))}"></a>`;
    case 'list': {
      const ordered = b.items.some((it) => it.value !== undefined);
      const items = b.items
        .map(
          (it) =>
            `<li${it.value !== undefined ? ` value="${it.value}"` : ''}>${it.blocks.map((x) => richBlockToPage(x, id)).join('')}</li>`,
        )
        .join('');
      return ordered ? `<ol class="rich-list">${items}</ol>` : `<ul class="rich-list">${items}</ul>`;
    }
    case 'blockquote':
      return `<blockquote class="tg-quote rich-quote">${b.blocks.map((x) => richBlockToPage(x, id)).join('')}</blockquote>`;
    case 'details':
      return `<details class="rich-details"${b.is_open ? ' open' : ''}><summary>${text(b.summary)}</summary>${b.blocks.map((x) => richBlockToPage(x, id)).join('')}</details>`;
    case 'table': {
      const rows = b.cells
        .map(
          (row) =>
            `<tr>${row
              .map((c) => {
                const tag = c.is_header ? 'th' : 'td';
                return `<${tag} style="text-align:${c.align};vertical-align:${c.valign}"${c.colspan ? ` colspan="${c.colspan}"` : ''}>${text(c.text)}</${tag}>`;
              })
              .join('')}</tr>`,
        )
        .join('');
      return `<div class="rich-table-wrap"><table class="rich-table">${rows}</table></div>`;
    }
    case 'photo': {
      const url = typeof b.photo.media === 'string' ? b.photo.media : 'upload';
      return `<div class="tg-photo rich-photo" role="img" aria-label="Photo placeholder"><span class="tg-photo-icon" aria-hidden="true">🖼</span><span class="tg-photo-label">Photo (not loaded)</span><span class="tg-photo-url">${escapePage(url)}</span></div>`;
    }
    default:
      return 'text' in b ? `<p class="rich-p">${text(b.text as RichText)}</p>` : `<p class="rich-p">[${escapePage(b.type)}]</p>`;
  }
}

/** One rich message's body; `prefix` keeps its anchors apart from other messages'. */
export function richMessageToPage(blocks: Block[], prefix: string): string {
  const id: Ids = (name) => `${prefix}-${name}`;
  return blocks.map((b) => richBlockToPage(b, id)).join('');
}

export const RICH_CSS = `
.rich { padding: 4px 12px 2px; overflow-wrap: anywhere; }
.rich > .rich-photo { margin: -4px -12px 6px; }
.rich-p { margin: 0 0 8px; }
.rich-h { margin: 10px 0 6px; line-height: 1.25; }
h1.rich-h { font-size: 1.35em; } h2.rich-h { font-size: 1.2em; } h3.rich-h { font-size: 1.08em; } h4.rich-h { font-size: 1em; font-style: italic; }
.rich-list { margin: 0 0 8px; padding-left: 1.4em; }
.rich-list .rich-p { margin: 0 0 2px; }
.rich-quote { display: block; margin: 0 0 8px; }
.rich .tg-pre { display: block; margin: 0 0 8px; }
.rich-hr { border: 0; border-top: 1px solid var(--muted); margin: 10px 0; opacity: 0.5; }
.rich-details { margin: 0 0 8px; padding: 4px 10px; border-radius: 6px; background: var(--quote-bg); }
.rich-details summary { cursor: pointer; }
.rich-table-wrap { overflow-x: auto; margin: 0 0 8px; }
.rich-table { border-collapse: collapse; font-size: 0.92em; }
.rich-table th, .rich-table td { border: 1px solid var(--split); padding: 3px 6px; }
.rich-table tr:nth-child(even) td { background: var(--quote-bg); }
.rich-footer { color: var(--muted); font-size: 0.9em; }
`;
