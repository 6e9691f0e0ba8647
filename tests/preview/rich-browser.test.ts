/**
 * `preview --html --format rich` in a real browser (headless Chromium through
 * playwright-core): one bubble per rich message, drawn as Telegram draws a
 * rich message (headings, lists, tables, quotes, code, dividers, contents
 * with working anchor links), all the text in order, nothing raw, nothing
 * fetched. Screenshots land in tests/out/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportForFile, richPartsForFile } from '../../src/cli/preview.js';
import { writePreviewHtml } from '../../src/cli/preview-html.js';
import { renderRichPreviewPage } from '../../src/preview/html-page.js';
import { blocksText } from '../../src/render/rich/parts.js';
import type { Block } from '../../src/render/rich/types.js';
import { contentDir, repoRoot, seedFiles, seedsDir } from '../support/render.js';
import { firstMissing } from '../support/source-text.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `tests/preview/rich-browser.test.ts: SKIPPED, ${CHROMIUM} is not installed (Debian: apt-get install chromium). The rich preview was not checked in a browser.`,
  );
}

interface BrowserGlobals {
  document: {
    querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
    getElementById(id: string): unknown;
    body: { innerText: string };
    documentElement: { scrollWidth: number };
    scripts: ArrayLike<unknown>;
    images: ArrayLike<unknown>;
  };
  pwned?: number;
}

const outDir = join(repoRoot, 'tests/out');
const TIME_ZONE = 'Asia/Shanghai';
const files = [
  ...['2026-11-18-markets.md', '2026-11-19-newswire.md', '2026-11-20-briefing.txt'].map((f) => join(contentDir, f)),
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

/** How many blocks of each kind the messages hold, at any depth. */
function blockCounts(messages: Block[][]): Record<string, number> {
  const counts: Record<string, number> = { h1: 0, h2: 0, h3: 0, h4: 0, li: 0, table: 0, blockquote: 0, pre: 0, hr: 0, details: 0 };
  const visit = (b: Block): void => {
    if (b.type === 'heading' && b.size <= 4) counts[`h${b.size}`]! += 1;
    if (b.type === 'list')
      for (const it of b.items) {
        counts.li! += 1;
        it.blocks.forEach(visit);
      }
    if (b.type === 'table') counts.table! += 1;
    if (b.type === 'blockquote') {
      counts.blockquote! += 1;
      b.blocks.forEach(visit);
    }
    if (b.type === 'pre') counts.pre! += 1;
    if (b.type === 'divider') counts.hr! += 1;
    if (b.type === 'details') {
      counts.details! += 1;
      b.blocks.forEach(visit);
    }
  };
  for (const m of messages) m.forEach(visit);
  return counts;
}

function urls(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) urls(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'url' && typeof o.url === 'string') out.push(o.url);
    for (const v of Object.values(o)) urls(v, out);
  }
  return out;
}

const RAW_MARKUP = ['**', '### ', '](http', '<b>', '</b>', '&lt;', '&amp;'];

describe('rich preview page in Chromium', () => {
  for (const file of files) {
    const name = basename(file, extname(file));
    it.skipIf(!hasChromium)(`${name}: rich bubbles, every block drawn, all text in order, anchors work, nothing fetched`, async () => {
      const parts = await richPartsForFile(file, TIME_ZONE);
      const messages = parts.map((p) => p.payload.rich_message.blocks);
      const htmlFile = join(outDir, `preview-rich-${name}.html`);
      expect(await writePreviewHtml(file, htmlFile, TIME_ZONE, 'rich')).toEqual({ bubbles: parts.length });
      const page = await browser!.newPage({ viewport: { width: 412, height: 915 } });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (r.url() !== pathToFileURL(htmlFile).href) requests.push(r.url());
      });
      await page.goto(pathToFileURL(htmlFile).href);

      expect(await page.locator('.bubble').count()).toBe(parts.length);
      const shown = await page
        .locator('.bubble .rich')
        .evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText));
      for (const [i, blocks] of messages.entries()) expect(firstMissing(blocksText(blocks).split(/\n| \| /), shown[i]!)).toBeUndefined();

      const counts = await page.evaluate(() => {
        const { document } = globalThis as unknown as BrowserGlobals;
        const n = (sel: string) => document.querySelectorAll(`.bubble .rich ${sel}`).length;
        return {
          h1: n('h1'),
          h2: n('h2'),
          h3: n('h3'),
          h4: n('h4'),
          li: n('li'),
          table: n('table'),
          blockquote: n('blockquote'),
          pre: n('pre'),
          hr: n('hr'),
          details: n('details'),
        };
      });
      expect(counts).toEqual(blockCounts(messages));
      const hrefs = await page.locator('.bubble .rich a[href]').evaluateAll((els) => els.map((e) => e.getAttribute('href')!));
      expect(hrefs.filter((h) => !h.startsWith('#'))).toEqual(urls(messages));
      // Every contents entry jumps to an anchor in the same message.
      const dangling = await page.evaluate(() => {
        const { document } = globalThis as unknown as BrowserGlobals;
        return Array.from(document.querySelectorAll('a[href^="#"]'))
          .map((a) => a.getAttribute('href')!.slice(1))
          .filter((id) => !document.getElementById(id));
      });
      expect(dangling).toEqual([]);

      const { report } = await reportForFile(file, TIME_ZONE);
      if (report.shape !== 'plain-text') {
        const visible = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.body.innerText);
        for (const raw of RAW_MARKUP) expect(visible.includes(raw), `"${raw}" shows in ${name}`).toBe(false);
      }
      await page.screenshot({ path: join(outDir, `preview-rich-${name}.png`), fullPage: true });
      await page.setViewportSize({ width: 360, height: 800 });
      expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        360,
      );
      expect(requests, 'the page fetched something').toEqual([]);
      await page.close();
    });
  }

  it.skipIf(!hasChromium)('hostile text in blocks stays text', async () => {
    const evil: Block[] = [
      { type: 'heading', size: 1, text: '<script>window.pwned = 1</script>' },
      { type: 'paragraph', text: [{ type: 'url', text: 'bad', url: 'javascript:alert(1)' }, ' <img src=x onerror="window.pwned = 2">'] },
      { type: 'photo', photo: { type: 'photo', media: 'https://example.com/"><script>window.pwned=3</script>' } },
    ];
    const html = renderRichPreviewPage(
      [{ payload: { method: 'sendRichMessage', rich_message: { blocks: evil } }, text: '', headings: [], limit: 32768, fallback: [] }],
      { title: 'x', file: 'x.md', date: '2026-01-01' },
    );
    const page = await browser!.newPage();
    await page.setContent(html);
    const effects = await page.evaluate(() => {
      const { document, pwned } = globalThis as unknown as BrowserGlobals;
      return { pwned, scripts: document.scripts.length, images: document.images.length, text: document.body.innerText };
    });
    expect(effects).toMatchObject({ pwned: undefined, scripts: 0, images: 0 });
    expect(effects.text).toContain('<script>window.pwned = 1</script>');
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    await page.close();
  });
});
