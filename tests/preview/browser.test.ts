/**
 * The preview page in a real browser (headless Chromium through playwright-core):
 * one bubble per message, exactly Telegram's text in each, the formatting as
 * elements, nothing raw, nothing fetched. Screenshots land in tests/out/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partsForFile } from '../../src/cli/preview.js';
import { writePreviewHtml } from '../../src/cli/preview-html.js';
import { loadReportFile } from '../../src/content/load.js';
import { createMarkdown } from '../../src/content/markdown.js';
import { renderPreviewPage } from '../../src/preview/html-page.js';
import type { MessagePart } from '../../src/render/messages.js';
import { contentDir, repoRoot, seedFiles, seedsDir } from '../support/render.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `tests/preview/browser.test.ts: SKIPPED, ${CHROMIUM} is not installed (Debian: apt-get install chromium). The preview page was not checked in a browser.`,
  );
}

/** The DOM the page callbacks touch. They run in the browser; the project compiles without lib.dom. */
interface DomElement {
  textContent: string | null;
}
interface BrowserGlobals {
  document: {
    querySelectorAll(selector: string): ArrayLike<DomElement>;
    querySelector(selector: string): DomElement | null;
    body: { innerText: string };
    documentElement: { scrollWidth: number };
    scripts: ArrayLike<unknown>;
    images: ArrayLike<unknown>;
  };
  getComputedStyle(el: DomElement, pseudo?: string): { getPropertyValue(property: string): string };
  pwned?: number;
}

const outDir = join(repoRoot, 'tests/out');
const TIME_ZONE = 'Asia/Shanghai';
const PHONE = { width: 412, height: 915 };

const files = [
  join(contentDir, '2026-11-18-markets.md'),
  join(contentDir, '2026-11-21-podcast.md'),
  ...seedFiles().map((f) => join(seedsDir, f)),
];

let browser: Browser | undefined;
beforeAll(async () => {
  if (!hasChromium) return;
  mkdirSync(outDir, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

/** A page that records every request it makes besides loading `url`. */
async function open(url: string | { html: string }): Promise<{ page: Page; requests: string[] }> {
  const page = await browser!.newPage({ viewport: PHONE });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (typeof url !== 'string' || r.url() !== url) requests.push(r.url());
  });
  if (typeof url === 'string') await page.goto(url);
  else await page.setContent(url.html);
  return { page, requests };
}

const TAGS = {
  b: 'b',
  i: 'i',
  u: 'u',
  s: 's',
  a: 'a',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-spoiler': '.tg-spoiler',
} as const;

function payloadHtml(part: MessagePart): string {
  return part.payload.method === 'sendPhoto' ? part.payload.caption : part.payload.text;
}

/** How many of each Telegram tag the payloads hold (start tags only). */
function tagCounts(parts: MessagePart[]): Record<string, number> {
  const html = parts.map(payloadHtml).join('');
  return Object.fromEntries(Object.keys(TAGS).map((t) => [t, html.match(new RegExp(`<${t}[\\s>]`, 'g'))?.length ?? 0]));
}

/** The same counts, of the page's elements inside bubbles. */
async function elementCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate((tags) => {
    const { document } = globalThis as unknown as BrowserGlobals;
    return Object.fromEntries(Object.entries(tags).map(([t, sel]) => [t, document.querySelectorAll(`.bubble .text ${sel}`).length]));
  }, TAGS);
}

const RAW_MARKUP = ['**', '### ', '](http', '<b>', '</b>', '<blockquote>', '&lt;', '&gt;', '&amp;', '&quot;'];

const occurrences = (text: string, s: string): number => text.split(s).length - 1;

/** The file's text when it is a plain-text report (no Markdown, so `**` in it is meant literally), else ''. */
async function plainTextSource(file: string): Promise<string> {
  const loaded = await loadReportFile(dirname(file), basename(file), { timeZone: TIME_ZONE, md: createMarkdown() });
  return loaded.reports[0]?.shape === 'plain-text' ? readFileSync(file, 'utf8') : '';
}

async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.body.innerText);
}

/** Widest content at a viewport width: wider than the viewport means sideways scrolling. */
async function scrollWidthAt(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 800 });
  return page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.scrollWidth);
}

describe('preview page in Chromium', () => {
  for (const file of files) {
    const name = basename(file, extname(file));
    it.skipIf(!hasChromium)(`${name}: bubbles, text, formatting, no raw markup, no requests`, async () => {
      const parts = await partsForFile(file, TIME_ZONE);
      const htmlFile = join(outDir, `preview-${name}.html`);
      expect(await writePreviewHtml(file, htmlFile, TIME_ZONE)).toEqual({ bubbles: parts.length });
      const url = pathToFileURL(htmlFile).href;
      const { page, requests } = await open(url);

      expect(await page.locator('.bubble').count()).toBe(parts.length);
      expect(await page.locator('.split').count()).toBe(parts.length - 1);
      // Each bubble shows exactly the text Telegram shows for that message.
      const texts = await page.locator('.bubble .text').evaluateAll((els) => els.map((e) => e.textContent));
      expect(texts).toEqual(parts.map((p) => p.text));

      // Markup must never show, except in a plain-text report, where it is the author's own text.
      const allowed = await plainTextSource(file);
      const visible = await visibleText(page);
      for (const raw of RAW_MARKUP) expect(occurrences(visible, raw), `"${raw}" shows in ${name}`).toBe(occurrences(allowed, raw));
      if (!allowed) expect(visible).not.toMatch(/<\/?(b|i|u|s|a|code|pre|blockquote|tg-spoiler)\b[^>]*>/);

      expect(await elementCounts(page)).toEqual(tagCounts(parts));
      const hrefs = await page.locator('.bubble .text a').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
      const expected = parts.flatMap((p) =>
        [...payloadHtml(p).matchAll(/<a href="([^"]*)">/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"')),
      );
      expect(hrefs).toEqual(expected);
      for (const href of hrefs) expect(href).toMatch(/^(https?|tg|mailto):/i);

      const notify = await page.locator('.bubble .notify').allInnerTexts();
      expect(notify.map((t) => t.slice(0, 2))).toEqual(parts.map((_, i) => (i === 0 ? '🔔' : '🔕')));
      expect(await page.locator('.bubble .length').allInnerTexts()).toEqual(
        parts.map((p) => `${p.text.length.toLocaleString('en-US')} / ${p.limit.toLocaleString('en-US')}`),
      );
      expect(await page.locator('.tg-photo-url').allInnerTexts()).toEqual(
        parts.flatMap((p) => (p.payload.method === 'sendPhoto' ? [p.payload.photo] : [])),
      );

      await page.screenshot({ path: join(outDir, `preview-${name}.png`), fullPage: true });
      expect(await scrollWidthAt(page, 360)).toBeLessThanOrEqual(360);
      expect(await scrollWidthAt(page, 1280)).toBeLessThanOrEqual(1280);
      expect(
        await page
          .locator('.bubble')
          .first()
          .evaluate((e) => e.getBoundingClientRect().width),
      ).toBeLessThanOrEqual(560);
      expect(requests, 'the page fetched something').toEqual([]);
      await page.close();
    });
  }

  it.skipIf(!hasChromium)('the markets sample has bold, links and a quote', async () => {
    const parts = await partsForFile(join(contentDir, '2026-11-18-markets.md'), TIME_ZONE);
    const { page } = await open({ html: renderPreviewPage(parts, { title: 'Markets', file: 'markets.md', date: '2026-11-18' }) });
    const counts = await elementCounts(page);
    expect(counts.b).toBeGreaterThan(0);
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.blockquote).toBeGreaterThan(0);
    await page.close();
  });

  it.skipIf(!hasChromium)('every format renders as Telegram draws it, and hostile text stays text', async () => {
    const html =
      '<b>bold</b> <i>italic</i> <u>under</u> <s>strike</s> <tg-spoiler>secret</tg-spoiler> <a href="https://example.com/x">link</a> <a href="javascript:alert(1)">bad</a>\n' +
      '<code>inline</code>\n<blockquote>quoted</blockquote>\n<pre><code class="language-python">\nx = 1 &lt; 2</code></pre>\n' +
      '&lt;script&gt;window.pwned = 1&lt;/script&gt; <script>window.pwned = 2</script><img src=x onerror="window.pwned = 3">';
    const part: MessagePart = {
      payload: { method: 'sendMessage', text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
      text: '',
      headings: [],
      limit: 4096,
    };
    const { page, requests } = await open({
      html: renderPreviewPage([part], { title: '<script>window.pwned = 4</script>', file: 'x.md', date: '2026-01-01' }),
    });

    const effects = await page.evaluate(() => {
      const { document, pwned } = globalThis as unknown as BrowserGlobals;
      return { pwned, scripts: document.scripts.length, images: document.images.length };
    });
    expect(effects).toEqual({ pwned: undefined, scripts: 0, images: 0 });
    expect(await visibleText(page)).toContain('<script>window.pwned = 1</script>');
    const style = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as BrowserGlobals;
      const css = (sel: string, prop: string, pseudo?: string) =>
        getComputedStyle(document.querySelector(sel)!, pseudo).getPropertyValue(prop);
      return {
        bold: css('.text b', 'font-weight'),
        italic: css('.text i', 'font-style'),
        underline: css('.text u', 'text-decoration-line'),
        strike: css('.text s', 'text-decoration-line'),
        spoilerColor: css('.tg-spoiler', 'color'),
        quoteBar: css('.tg-quote', 'border-left-width'),
        codeFont: css('.tg-code', 'font-family'),
        preFont: css('.tg-pre', 'font-family'),
        preLabel: css('.tg-pre', 'content', '::before'),
        preText: document.querySelector('.tg-pre')!.textContent,
        dropped: document.querySelector('.tg-link-dropped')?.textContent,
        lines: document.querySelector('.text')!.textContent!.split('\n').length,
      };
    });
    expect(style).toMatchObject({
      bold: '700',
      italic: 'italic',
      underline: 'underline',
      strike: 'line-through',
      spoilerColor: 'rgba(0, 0, 0, 0)',
      quoteBar: '3px',
      preLabel: '"python"',
      preText: '\nx = 1 < 2',
      dropped: 'bad',
      lines: 6,
    });
    expect(style.codeFont).toMatch(/mono/i);
    expect(style.preFont).toMatch(/mono/i);
    expect(await page.locator('.text a').evaluateAll((els) => els.map((e) => e.getAttribute('href')))).toEqual(['https://example.com/x']);
    await page.screenshot({ path: join(outDir, 'preview-formats.png'), fullPage: true });
    expect(requests).toEqual([]);
    await page.close();
  });
});
