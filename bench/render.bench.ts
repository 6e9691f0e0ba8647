/**
 * Render + split cost per report, as a ratio to markdown-it's own
 * `md.render` of the same input, measured in the same run. Numbers, not a
 * gate: run with `npm run bench`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMarkdown } from '../src/content/markdown.js';
import { parseReport } from '../src/content/parse-report.js';
import type { Report } from '../src/content/report.js';
import { createRenderer } from '../src/render/document.js';
import { reportToParts } from '../src/render/messages.js';

const md = createMarkdown();
const renderer = createRenderer(md);

function load(file: string, text: string): Report {
  const r = parseReport(file, Buffer.from(text), new Date(), { timeZone: 'Asia/Shanghai', md, maxBytes: 16 * 1024 * 1024 });
  if (!r.ok) throw new Error(r.problem.reason);
  return r.report;
}

/** A ~200 KB report in the seeds' shape: sections, linked topics, labels and lists. */
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

function timePerOp(fn: () => void, minMs = 400): number {
  for (let i = 0; i < 5; i++) fn(); // warm up the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs * 1e6) {
    fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return elapsed / n / 1e6;
}

const seedsDir = resolve(import.meta.dirname, '../../shared/seeds');
const inputs: Array<{ name: string; text: string }> = [];
if (existsSync(seedsDir)) {
  for (const f of readdirSync(seedsDir).filter((f) => f !== 'README.md').sort()) inputs.push({ name: f, text: readFileSync(join(seedsDir, f), 'utf8') });
} else {
  console.log(`(no seeds at ${seedsDir}: measuring the generated report only)`);
}
inputs.push({ name: 'generated-200KB.md', text: generated() });

console.log('| input | size | parts | md.render (ms) | render+split (ms) | ratio |');
console.log('|---|---:|---:|---:|---:|---:|');
let worst = 0;
for (const { name, text } of inputs) {
  const report = load(name, text);
  const parts = reportToParts(report, renderer).length;
  const base = timePerOp(() => md.render(report.body));
  const ours = timePerOp(() => reportToParts(report, renderer));
  const ratio = ours / base;
  worst = Math.max(worst, ratio);
  console.log(`| ${name} | ${(text.length / 1024).toFixed(1)} K chars | ${parts} | ${base.toFixed(3)} | ${ours.toFixed(3)} | ${ratio.toFixed(2)}× |`);
}
console.log(`\nworst ratio ${worst.toFixed(2)}× (target: at most 2×)`);
