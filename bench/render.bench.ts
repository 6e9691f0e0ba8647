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

/**
 * ~100 KB of long Chinese paragraphs with no line breaks: every cut is found by
 * the sentence, clause or word search (Intl.Segmenter), the splitter's
 * costliest path. Half the paragraphs are bold runs with no sentence end.
 */
function generatedRuns(): string {
  const out = ['---', 'title: 长段落测试', 'date: 2026-01-01', '---', ''];
  let i = 0;
  while (out.join('\n').length < 100_000) {
    out.push(i % 2 === 0 ? '他说：“这件事情在目前的条件下是否合适。”（注：这是补充说明。）'.repeat(200) : `**${'这是一段很长的加粗文本，没有句号'.repeat(300)}**`, '');
    i++;
  }
  return out.join('\n');
}

/** CPU milliseconds per call (this process's user + system time: time spent waiting for a busy core is not counted). */
function timePerOp(fn: () => void, minMs: number): number {
  let n = 0;
  const start = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < minMs * 1e3) {
    fn();
    n++;
    const used = process.cpuUsage(start);
    elapsed = used.user + used.system;
  }
  return elapsed / n / 1e3;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Baseline and ours measured in alternating rounds, medians reported: on a
 * shared machine the load changes between two long measurements, and the
 * ratio of two neighbouring short ones is what stays meaningful.
 */
function compare(base: () => void, ours: () => void, rounds = 9, minMs = 60): { base: number; ours: number; ratio: number } {
  for (let i = 0; i < 5; i++) {
    base();
    ours();
  } // warm up the JIT
  const b: number[] = [];
  const o: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const tb = timePerOp(base, minMs);
    const to = timePerOp(ours, minMs);
    b.push(tb);
    o.push(to);
    r.push(to / tb);
  }
  return { base: median(b), ours: median(o), ratio: median(r) };
}

const seedsDir = resolve(import.meta.dirname, '../../shared/seeds');
const inputs: Array<{ name: string; text: string }> = [];
if (existsSync(seedsDir)) {
  for (const f of readdirSync(seedsDir).filter((f) => f !== 'README.md').sort()) inputs.push({ name: f, text: readFileSync(join(seedsDir, f), 'utf8') });
} else {
  console.log(`(no seeds at ${seedsDir}: measuring the generated report only)`);
}
inputs.push({ name: 'generated-200KB.md', text: generated() });
inputs.push({ name: 'generated-long-runs.md', text: generatedRuns() });

console.log('CPU time per report, medians of 9 alternating rounds\n');
console.log('| input | size | parts | md.render (ms) | render+split (ms) | ratio |');
console.log('|---|---:|---:|---:|---:|---:|');
let worst = 0;
for (const { name, text } of inputs) {
  const report = load(name, text);
  const parts = reportToParts(report, renderer).length;
  const { base, ours, ratio } = compare(
    () => md.render(report.body),
    () => reportToParts(report, renderer),
  );
  worst = Math.max(worst, ratio);
  console.log(`| ${name} | ${(text.length / 1024).toFixed(1)} K chars | ${parts} | ${base.toFixed(3)} | ${ours.toFixed(3)} | ${ratio.toFixed(2)}× |`);
}
console.log(`\nworst ratio ${worst.toFixed(2)}× (target: at most 2×)`);
