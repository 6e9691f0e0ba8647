/**
 * Every payload the pipeline produces must be accepted by Telegram's own
 * parser (TDLib's parseTextEntities, offline), fit its limit, and together
 * carry all of the source's text in order with its links still links.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportToParts } from '../../src/render/messages.js';
import { HOSTILE_INPUTS } from '../fixtures/hostile.js';
import { contentDir, contentFiles, payloadHtml, renderer, reportFrom, seedFiles, seedsDir } from '../support/render.js';
import { firstMissing, sourceText } from '../support/source-text.js';
import { parseTelegramHtml } from '../support/tdlib.js';

function checkReport(file: string, raw: string) {
  const report = reportFrom(file, raw);
  const parts = reportToParts(report, renderer);
  let shown = '';
  const urls: string[] = [];
  parts.forEach((part, i) => {
    const parsed = parseTelegramHtml(payloadHtml(part.payload));
    if (!parsed.ok) throw new Error(`${file} part ${i + 1}: Telegram refuses it: ${parsed.error}`);
    expect(parsed.text).toBe(part.text);
    expect(parsed.text.length, `${file} part ${i + 1} length`).toBeLessThanOrEqual(part.payload.method === 'sendPhoto' ? 1024 : 4096);
    expect(parsed.entities.length, `${file} part ${i + 1} entities`).toBeLessThanOrEqual(100);
    for (const e of parsed.entities) if (e.url) urls.push(e.url);
    shown += `${parsed.text}\n`;
  });
  return { report, parts, shown, urls };
}

describe.each([
  ...seedFiles().map((f) => ({ where: 'seed', dir: seedsDir, file: f })),
  ...contentFiles().map((f) => ({ where: 'content', dir: contentDir, file: f })),
])('$where $file', ({ dir, file }) => {
  const raw = readFileSync(join(dir, file), 'utf8');

  it('becomes payloads Telegram accepts, each within its limits, carrying all text in order and every link', () => {
    const { shown, urls, parts } = checkReport(file, raw);
    const source = sourceText(file, raw);
    expect(firstMissing(source.chunks, shown)).toBeUndefined();
    for (const link of source.links) expect(urls.some((u) => u.replace(/\/$/, '') === link.replace(/\/$/, ''))).toBe(true);
    // Greedy packing: about ceil(chars / 4096) messages, at most one more (plus the cover photo).
    const textParts = parts.filter((p) => p.payload.method === 'sendMessage');
    const chars = textParts.reduce((n, p) => n + p.text.length, 0);
    expect(textParts.length).toBeLessThanOrEqual(Math.ceil(chars / 4096) + 1);
  });
});

describe('hostile inputs', () => {
  it.each(HOSTILE_INPUTS.map((h) => [h.name, h.text] as const))('%s parses in Telegram and fits', (name, text) => {
    const { shown } = checkReport(`${name}.md`, text);
    expect(shown).not.toContain('<script');
  });
});

it('finds the seeds beside the repository when they are there', () => {
  if (process.env.CI) expect(seedFiles().length).toBeGreaterThanOrEqual(5);
});
