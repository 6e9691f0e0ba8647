import { describe, expect, it } from 'vitest';
import { html } from '../support/render.js';

describe('rendering Markdown to Telegram HTML', () => {
  it('keeps headings distinct: sections get a marker, topics are bold, deeper headings bold italic', () => {
    expect(html('## Markets')).toBe('<b>■ Markets</b>');
    expect(html('### Gold slips')).toBe('<b>Gold slips</b>');
    expect(html('#### Detail')).toBe('<b><i>Detail</i></b>');
    expect(html('# Other title')).toBe('<b><u>Other title</u></b>');
  });

  it('renders a heading that is a link as a bold link', () => {
    expect(html('### [Rates hold](https://example.com/r)')).toBe('<b><a href="https://example.com/r">Rates hold</a></b>');
  });

  it('renders bold, italic, strike and code spans', () => {
    expect(html('**b** *i* ~~s~~ `c`')).toBe('<b>b</b> <i>i</i> <s>s</s> <code>c</code>');
  });

  // Issue 8 changed mailto: it is written as the address in text (see polish.test.ts), not a link Telegram breaks.
  it('keeps http, https and tg links and drops other schemes but keeps the text', () => {
    expect(html('[a](https://x.org/a?b=1&c=2)')).toBe('<a href="https://x.org/a?b=1&amp;c=2">a</a>');
    expect(html('[a](tg://resolve?domain=x)')).toBe('<a href="tg://resolve?domain=x">a</a>');
    expect(html('[mail](mailto:a@b.org)')).toBe('mail (a@b.org)');
    expect(html('[click](javascript:alert(1))')).toBe('click');
    expect(html('[f](file:///etc/passwd) [d](data:text/html,x)')).toBe('f d');
    expect(html('[](https://x.org)')).toBe('<a href="https://x.org">https://x.org</a>');
  });

  it('escapes every special character in text and attributes', () => {
    expect(html('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(html('[x](https://x.org/"onmouseover=")')).toBe('<a href="https://x.org/%22onmouseover=%22">x</a>');
    expect(html('5 &lt; 6')).toBe('5 &lt; 6');
  });

  it('strips unsafe inline HTML and keeps the text, keeps Telegram-safe tags', () => {
    expect(html('x <script>alert(1)</script> y')).toBe('x alert(1) y');
    expect(html('<b>bold</b> <span class="tg-spoiler">hidden</span> <u>u</u> <ins>i</ins>')).toBe(
      '<b>bold</b> <tg-spoiler>hidden</tg-spoiler> <u>u</u> <u>i</u>',
    );
    expect(html('<a href="javascript:x">t</a> <a href="https://ok.org">ok</a>')).toBe('t <a href="https://ok.org">ok</a>');
    expect(html('a <img src=x onerror=alert(1)> b')).toBe('a  b');
    expect(html('line<br>next')).toBe('line\nnext');
  });

  it('drops raw HTML blocks (web-only promo cards)', () => {
    expect(html('Before\n\n<div class="card">\n  <a href="https://t.me/x">join</a>\n</div>\n\nAfter')).toBe('Before\n\nAfter');
  });

  it('renders bullet lists with nesting and indentation', () => {
    expect(html('- one\n- two\n  - nested\n    - deeper\n- three')).toBe('• one\n• two\n  ◦ nested\n    ▪ deeper\n• three');
  });

  it('keeps the start number of ordered lists', () => {
    expect(html('3. three\n4. four')).toBe('3. three\n4. four');
    expect(html('1. a\n   - b')).toBe('1. a\n   ◦ b');
  });

  it('keeps a label paragraph attached to its list, but separates other blocks', () => {
    expect(html('**Impact:**\n- up')).toBe('<b>Impact:</b>\n• up');
    expect(html('Para\n\n- item')).toBe('Para\n• item');
    expect(html('- item\n\nPara')).toBe('• item\n\nPara');
  });

  it('renders blockquotes as Telegram quotes, nested ones flattened', () => {
    expect(html('> quoted\n> more')).toBe('<blockquote>quoted\nmore</blockquote>');
    expect(html('> outer\n>\n> > inner')).toBe('<blockquote>outer\n\ninner</blockquote>');
  });

  it('renders fenced code with its language and indented code as pre', () => {
    expect(html('```python\nx = 1 < 2\n```')).toBe('<pre><code class="language-python">x = 1 &lt; 2</code></pre>');
    expect(html('    plain code')).toBe('<pre>plain code</pre>');
  });

  it('renders horizontal rules and hard breaks', () => {
    expect(html('a\n\n---\n\nb')).toBe('a\n\n──────────\n\nb');
    expect(html('line one  \nline two')).toBe('line one\nline two');
  });

  it('renders tables as one card per row', () => {
    expect(html('| Name | Price |\n| --- | --- |\n| Gold | 4300 |\n| Oil | 64 |')).toBe(
      '<b>Name: Gold</b>\nPrice: 4300\n\n<b>Name: Oil</b>\nPrice: 64',
    );
  });

  it('renders images as a link with the alt text', () => {
    expect(html('![chart of gold](https://x.org/g.png)')).toBe('<a href="https://x.org/g.png">🖼 chart of gold</a>');
    expect(html('![](javascript:x)')).toBe('🖼 image');
  });

  it('never nests entities Telegram refuses (code holds only text, links do not nest)', () => {
    expect(html('<code><b>x</b></code>')).toBe('<code>x</code>');
    expect(html('[a <a href="https://b.org">b</a>](https://a.org)')).toBe('<a href="https://a.org">a b</a>');
    // Bold inside a bold heading costs an entity and shows nothing more.
    expect(html('### Title with **bold** and <b>more</b>')).toBe('<b>Title with bold and more</b>');
  });
});
