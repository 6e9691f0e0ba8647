/** Shortcuts the render tests share. */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import type { Report } from '../../src/content/report.js';
import { createRenderer } from '../../src/render/document.js';
import { toHtml } from '../../src/render/rich-text.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The sample reports (`content/` ships empty; the samples live in `examples/`). */
export const contentDir = join(repoRoot, 'examples');
/** The editors' real samples, beside the repository when present (CI has them). */
export const seedsDir = resolve(repoRoot, '../shared/seeds');

export function seedFiles(): string[] {
  if (!existsSync(seedsDir)) return [];
  return readdirSync(seedsDir)
    .filter((f) => f !== 'README.md')
    .sort();
}

export function contentFiles(): string[] {
  return readdirSync(contentDir)
    .filter((f) => !f.startsWith('.') && !/^readme/i.test(f))
    .sort();
}

const md = createMarkdown();
export const renderer = createRenderer(md);

/** Markdown fragment -> Telegram HTML, the renderer's whole job for a body. */
export function html(markdown: string): string {
  return toHtml(renderer.renderMarkdown(markdown));
}

export function reportFrom(file: string, text: string, timeZone = 'Asia/Shanghai', mtime = new Date('2026-03-01T12:00:00Z')): Report {
  const r = parseReport(file, Buffer.from(text), mtime, { timeZone, md, maxBytes: 1024 * 1024 });
  if (!r.ok) throw new Error(`${r.problem.file}: ${r.problem.reason}`);
  return r.report;
}

export function payloadHtml(p: { method: string; text?: string; caption?: string }): string {
  return (p.method === 'sendPhoto' ? p.caption : p.text) ?? '';
}
