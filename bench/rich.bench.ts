/**
 * The rich renderer (markdown-it tokens -> rich blocks, limits counted,
 * packed into messages) against markdown-it's own `md.render` of the same
 * input, in the same run; and how many messages each report becomes in
 * both formats. Numbers, not a gate: `npm run bench:rich`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMarkdown } from '../src/content/markdown.js';
import { parseReport } from '../src/content/parse-report.js';
import type { Report } from '../src/content/report.js';
import { createRenderer } from '../src/render/document.js';
import { reportToParts } from '../src/render/messages.js';
import { reportToRichBlocks } from '../src/render/rich/parts.js';

const md = createMarkdown();
const renderer = createRenderer(md);

function load(file: string, text: string): Report {
  const r = parseReport(file, Buffer.from(text), new Date(), { timeZone: 'Asia/Shanghai', md, maxBytes: 16 * 1024 * 1024 });
  if (!r.ok) throw new Error(r.problem.reason);
  return r.report;
}

/** A ~200 KB report in the seeds' shape (the same generator as render.bench.ts). */
function generated(): string {
  const out = ['---', 'title: Generated load test', 'date: 2026-01-01', 'summary: "- a\\n- b"', '---', '# Generated load test', ''];
  let i = 0;
  while (out.join('\n').length < 200_000) {
    if (i % 5 === 0) out.push(`## Section ${i / 5}`, '');
    out.push(`### [Topic ${i} headline about markets](https://example.com/t/${i})`, '');
    out.push('全球市场今日表现分化，投资者关注央行政策动向与科技股财报。'.repeat(6) + ' Prices moved **sharply** after the *announcement*.', '');
    out.push('**深度解读 & 洞察：**  ', '- 第一点分析，涉及利率与通胀的关系。  ', '- Second point with `code` and a [link](https://example.com).  ', '  - nested detail', '');
    i++;
  }
  return out.join('\n');
}

/**
 * CPU time per call (user + system of this process), not wall-clock: on a
 * machine shared with other work, time spent waiting for a core is not ours.
 */
function timePerOp(fn: () => void, minMs: number): number {
  let n = 0;
  const start = process.cpuUsage();
  let elapsedUs = 0;
  while (elapsedUs < minMs * 1000) {
    fn();
    n++;
    const d = process.cpuUsage(start);
    elapsedUs = d.user + d.system;
  }
  return elapsedUs / n / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Baseline and ours in alternating short rounds, medians of each: on a
 * shared machine, load from other processes then hits both alike.
 */
function compare(base: () => void, ours: () => void, rounds = 15, roundMs = 40): { base: number; ours: number; ratio: number } {
  // Warm up the JIT on both before measuring either.
  timePerOp(base, 200);
  timePerOp(ours, 200);
  const b: number[] = [];
  const o: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const tb = timePerOp(base, roundMs);
    const to = timePerOp(ours, roundMs);
    b.push(tb);
    o.push(to);
    r.push(to / tb);
  }
  return { base: median(b), ours: median(o), ratio: median(r) };
}

const root = resolve(import.meta.dirname, '..');
const seedsDir = resolve(root, '../shared/seeds');
const inputs: Array<{ name: string; text: string }> = [];
if (existsSync(seedsDir)) {
  for (const f of readdirSync(seedsDir).filter((f) => f !== 'README.md').sort()) inputs.push({ name: f, text: readFileSync(join(seedsDir, f), 'utf8') });
} else {
  console.log(`(no seeds at ${seedsDir})`);
}
// Samples: examples/ once they move there, content/ before.
for (const dir of ['examples', 'content'].map((d) => join(root, d)).filter((d) => existsSync(d)).slice(0, 1)) {
  for (const f of readdirSync(dir).filter((f) => !f.startsWith('.') && /\.(md|txt)$/.test(f)).sort()) inputs.push({ name: f, text: readFileSync(join(dir, f), 'utf8') });
}
inputs.push({ name: 'generated-200KB.md', text: generated() });

console.log('| input | size | HTML messages | rich messages | md.render (CPU ms) | rich render (CPU ms) | ratio |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
let worst = 0;
for (const { name, text } of inputs) {
  const report = load(name, text);
  const html = reportToParts(report, renderer).length;
  const rich = reportToRichBlocks(md, report).length;
  const { base, ours, ratio } = compare(() => md.render(report.body), () => reportToRichBlocks(md, report));
  worst = Math.max(worst, ratio);
  console.log(`| ${name} | ${(text.length / 1024).toFixed(1)} K chars | ${html} | ${rich} | ${base.toFixed(3)} | ${ours.toFixed(3)} | ${ratio.toFixed(2)}× |`);
}
console.log(`\nworst ratio ${worst.toFixed(2)}× (target: at most 1.5×; each ratio is the median of 15 alternating rounds)`);
