import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePreviewHtml } from '../../src/cli/preview-html.js';
import { renderPreviewPage } from '../../src/preview/html-page.js';
import { telegramHtmlToPage } from '../../src/preview/telegram-page.js';
import { type MessagePart, reportToParts } from '../../src/render/messages.js';
import { tokenize } from '../../src/render/telegram-html.js';
import { UserError } from '../../src/util/user-error.js';
import { HOSTILE_INPUTS } from '../fixtures/hostile.js';
import { contentDir, renderer, reportFrom } from '../support/render.js';

const info = { title: 'Markets daily', file: 'content/2026-11-18-markets.md', date: '2026-11-18' };

function message(html: string, text: string, extra: Partial<MessagePart> = {}): MessagePart {
  return {
    payload: { method: 'sendMessage', text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    text,
    headings: [],
    limit: 4096,
    ...extra,
  };
}

function photo(url: string, caption: string, text: string): MessagePart {
  return { payload: { method: 'sendPhoto', photo: url, caption, parse_mode: 'HTML' }, text, headings: [], limit: 1024 };
}

function silenced(part: MessagePart): MessagePart {
  return { ...part, payload: { ...part.payload, disable_notification: true } };
}

/** The text a browser would show for page HTML this module wrote (its own tags only, text always escaped). */
function pageText(html: string): string {
  return html
    .replace(/(<pre\b[^>]*>)\n/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)));
}

const count = (html: string, re: RegExp): number => html.match(re)?.length ?? 0;
/** A live element or handler that could run or load something (escaped text is harmless). */
const ACTIVE = /<(script|img|iframe|object|embed|link|svg|math)\b|<[^>]*\son\w+\s*=|href="\s*(javascript|data|vbscript):/i;

describe('renderPreviewPage', () => {
  const parts = [
    photo('https://example.com/covers/c.png', '<b>Title</b>', 'Title'),
    message('<b>one</b>\n\nline two', 'one\n\nline two'),
    silenced(message('three', 'x'.repeat(3586))),
  ].map((p, i) => (i === 0 ? p : silenced(p)));
  const page = renderPreviewPage(parts, info);

  it('draws one bubble per part and a split marker between each pair', () => {
    expect(count(page, /<article class="bubble/g)).toBe(3);
    expect(page).toContain('— split 1/2 —');
    expect(page).toContain('— split 2/2 —');
    expect(count(page, /class="split"/g)).toBe(2);
  });

  it('shows the photo as a placeholder with its URL, never an image to load', () => {
    expect(page).toMatch(/class="tg-photo"[\s\S]*https:\/\/example\.com\/covers\/c\.png/);
    expect(page).not.toMatch(/<img|<iframe|<link|<script|url\(/i);
    expect(page).toContain("default-src 'none'");
  });

  it('shows each length against its limit, with thousands separators', () => {
    expect(page).toContain('5 / 1,024');
    expect(page).toContain('13 / 4,096');
    expect(page).toContain('3,586 / 4,096');
  });

  it('flags a part over its limit', () => {
    const over = renderPreviewPage([message('x', 'x'.repeat(4100))], info);
    expect(over).toContain('4,100 / 4,096 (over by 4)');
    expect(over).toMatch(/<article class="bubble over"/);
  });

  it('marks only the notifying message with a bell', () => {
    expect(count(page, /🔔/g)).toBe(1);
    expect(count(page, /🔕/g)).toBe(2);
    expect(page.indexOf('🔔')).toBeLessThan(page.indexOf('🔕'));
  });

  it('escapes the header fields', () => {
    const hostile = renderPreviewPage([], { title: '<script>alert(1)</script>', file: '"><img src=x onerror=alert(1)>.md', date: '2026' });
    expect(hostile).not.toMatch(ACTIVE);
    expect(hostile).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(hostile).toContain('This report becomes no messages.');
  });
});

describe('telegramHtmlToPage', () => {
  it('renders every tag of the subset', () => {
    const out = telegramHtmlToPage(
      '<b>b</b><i>i</i><u>u</u><s>s</s><tg-spoiler>sp</tg-spoiler><code>c</code><blockquote>q</blockquote><blockquote expandable>e</blockquote><pre>p</pre>',
    );
    expect(out).toBe(
      '<b>b</b><i>i</i><u>u</u><s>s</s><span class="tg-spoiler" tabindex="0" title="spoiler">sp</span><code class="tg-code">c</code>' +
        '<blockquote class="tg-quote">q</blockquote><blockquote class="tg-quote tg-expandable">e</blockquote><pre class="tg-pre">\np</pre>',
    );
  });

  it('labels a fenced block with its language and keeps its line breaks', () => {
    const out = telegramHtmlToPage('<pre><code class="language-python">def f():\n    return 1 &lt; 2</code></pre>');
    expect(out).toBe(
      '<pre class="tg-pre" data-language="python">\n<code class="language-python">def f():\n    return 1 &#60; 2</code></pre>',
    );
  });

  it('ignores a language that is not a plain name', () => {
    const out = telegramHtmlToPage('<pre><code class="language-x&quot; onload=&quot;y">z</code></pre>');
    expect(out).toBe('<pre class="tg-pre">\n<code>z</code></pre>');
  });

  it('escapes hostile text inside a message', () => {
    // What our renderer emits for `<script>` in a report, and what a careless one might.
    for (const html of [
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<b onclick="x()">t</b>',
    ]) {
      const out = telegramHtmlToPage(html);
      expect(out).not.toMatch(ACTIVE);
    }
    expect(telegramHtmlToPage('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(telegramHtmlToPage('<script>x</script>')).toBe('&#60;script&#62;x&#60;/script&#62;');
    expect(telegramHtmlToPage('<b onclick="x()">t</b>')).toBe('<b>t</b>');
  });

  it('keeps http, https, tg and mailto links and drops every other scheme', () => {
    expect(telegramHtmlToPage('<a href="https://example.com/a?b=1&amp;c=2">x</a>')).toBe(
      '<a href="https://example.com/a?b=1&#38;c=2" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
    for (const href of ['http://e.org/', 'tg://resolve?domain=x', 'mailto:a@b.org'])
      expect(telegramHtmlToPage(`<a href="${href}">x</a>`)).toContain('<a href=');
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:x', 'data:text/html,x', 'vbscript:x', '/relative', '']) {
      const out = telegramHtmlToPage(`<a href="${href}">x</a>`);
      expect(out, href).not.toContain('<a');
      expect(out).toContain('class="tg-link-dropped"');
    }
  });

  it('cannot be broken out of an attribute', () => {
    const out = telegramHtmlToPage('<a href="https://a.org/?q=&quot;&gt;&lt;b&gt;">y</a>');
    expect(out).toBe('<a href="https://a.org/?q=&#34;&#62;&#60;b&#62;" rel="noopener noreferrer nofollow" target="_blank">y</a>');
  });

  it('is well formed whatever the nesting', () => {
    expect(telegramHtmlToPage('a</b>c')).toBe('a&#60;/b&#62;c');
    expect(telegramHtmlToPage('<b>open <i>both')).toBe('<b>open <i>both</i></b>');
    expect(telegramHtmlToPage('<b><i>x</b>y</i>')).toBe('<b><i>x</i></b>y&#60;/i&#62;');
  });

  it('decodes the character references Telegram knows and leaves other ampersands as text', () => {
    expect(tokenize('&amp; &lt; &gt; &quot; &#65; &#x42; &nbsp; & &#xD800;')).toEqual([
      { kind: 'text', text: '& < > " A B &nbsp; & &#xD800;' },
    ]);
  });

  it('shows exactly the text Telegram shows for the hostile fixtures', () => {
    for (const { name, text } of HOSTILE_INPUTS) {
      const parts = reportToParts(reportFrom(`2026-03-01-${name}.md`, text), renderer);
      const page = renderPreviewPage(parts, info);
      expect(page, name).not.toMatch(ACTIVE);
      for (const part of parts) {
        const html = part.payload.method === 'sendPhoto' ? part.payload.caption : part.payload.text;
        expect(pageText(telegramHtmlToPage(html)), name).toBe(part.text);
      }
    }
  });
});

describe('writePreviewHtml', () => {
  it('writes the page for a content file and counts its bubbles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preview-'));
    try {
      const out = join(dir, 'nested', 'markets.html');
      const file = join(contentDir, '2026-11-18-markets.md');
      expect(await writePreviewHtml(file, out, 'Asia/Shanghai')).toEqual({ bubbles: 2 });
      const page = await readFile(out, 'utf8');
      expect(page).toContain('<title>Preview: Chip exports tighten as central banks pause</title>');
      expect(page).toContain('2026-11-18 · ');
      expect(count(page, /<article class="bubble/g)).toBe(2);
      expect(page).toContain('<a href="https://example.com/rates-hold"');
      expect(page).toContain('https://example.com/covers/2026-11-18.png');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says which file is missing', async () => {
    await expect(writePreviewHtml('content/nope.md', join(tmpdir(), 'never.html'), 'UTC')).rejects.toThrow(UserError);
  });
});
