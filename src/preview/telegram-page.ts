/**
 * Telegram HTML (the subset our renderer emits) -> page HTML for the preview.
 * The input is split by render/telegram-html.ts's tokenizer; anything outside
 * the subset, a stray `<` included, is shown as escaped text. Nothing from
 * the input reaches the page without being re-escaped.
 */
import { type TagName, type Token, tokenize } from '../render/telegram-html.js';
import { safeUrl } from '../util/links.js';

/** Escape for page HTML, in text and in double-quoted attributes alike. */
export function escapePage(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const LANGUAGE = /^language-([\w+#.-]{1,40})$/;

type OpenToken = Extract<Token, { kind: 'open' }>;

/** The language of a `<pre><code class="language-x">` block, when `next` is that code tag. */
function preLanguage(next: Token | undefined): string | undefined {
  return next?.kind === 'open' && next.name === 'code' ? LANGUAGE.exec(next.attrs.class ?? '')?.[1] : undefined;
}

/** The page element a Telegram tag opens: its start tag and the end tag that closes it. */
function element(token: OpenToken, parent: TagName | undefined, next: Token | undefined): { open: string; close: string } {
  switch (token.name) {
    case 'b':
    case 'i':
    case 'u':
    case 's':
      return { open: `<${token.name}>`, close: `</${token.name}>` };
    case 'a': {
      const url = safeUrl(token.attrs.href);
      if (!url)
        return { open: '<span class="tg-link-dropped" title="link dropped: not an http, https, tg or mailto URL">', close: '</span>' };
      return { open: `<a href="${escapePage(url)}" rel="noopener noreferrer nofollow" target="_blank">`, close: '</a>' };
    }
    case 'code': {
      if (parent !== 'pre') return { open: '<code class="tg-code">', close: '</code>' };
      const lang = LANGUAGE.exec(token.attrs.class ?? '')?.[1];
      return { open: lang ? `<code class="language-${lang}">` : '<code>', close: '</code>' };
    }
    case 'pre': {
      // The language label is CSS-generated from data-language, so it is not part of the text.
      const lang = preLanguage(next);
      // The HTML parser drops one newline right after <pre>: give it one, so the message's own survives.
      return { open: `<pre class="tg-pre"${lang ? ` data-language="${lang}"` : ''}>\n`, close: '</pre>' };
    }
    case 'blockquote':
      return { open: `<blockquote class="tg-quote${'expandable' in token.attrs ? ' tg-expandable' : ''}">`, close: '</blockquote>' };
    case 'tg-spoiler':
      // Focusable, so a reader can reveal it without a script.
      return { open: '<span class="tg-spoiler" tabindex="0" title="spoiler">', close: '</span>' };
  }
}

/**
 * Page HTML for one message. The text content of the result equals the text
 * Telegram shows (pre's language label is CSS-generated content), and the
 * result is always well formed: unmatched close tags become text, unclosed
 * elements are closed at the end.
 */
export function telegramHtmlToPage(html: string): string {
  const tokens = tokenize(html);
  const stack: Array<{ name: TagName; close: string }> = [];
  let out = '';
  tokens.forEach((token, i) => {
    if (token.kind === 'text') {
      out += escapePage(token.text);
    } else if (token.kind === 'open') {
      const el = element(token, stack[stack.length - 1]?.name, tokens[i + 1]);
      out += el.open;
      stack.push({ name: token.name, close: el.close });
    } else {
      const at = stack.map((e) => e.name).lastIndexOf(token.name);
      if (at < 0) {
        out += escapePage(`</${token.name}>`);
        return;
      }
      while (stack.length > at) out += stack.pop()!.close;
    }
  });
  while (stack.length > 0) out += stack.pop()!.close;
  return out;
}
