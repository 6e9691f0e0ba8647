/**
 * Render + split cost per report, as a ratio to markdown-it's own
 * `md.render` of the same input, measured in the same run. Numbers, not a
 * gate: run with `npm run bench`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMarkdown } from '../src/content/markdown.js';
import { createRenderer } from '../src/render/document.js';
import { reportToParts } from '../src/render/messages.js';
import { compare, generatedReport, loadReport } from './support/cpu-compare.js';

const md = createMarkdown();
const renderer = createRenderer(md);

/**
 * ~100 KB of long Chinese paragraphs with no line breaks: every cut is found by
 * the sentence, clause or word search (Intl.Segmenter), the splitter's
 * costliest path. Half the paragraphs are bold runs with no sentence end.
 */
function generatedRuns(): string {
  const out = ['---', 'title: 长段落测试', 'date: 2026-01-01', '---', ''];
  let i = 0;
  while (out.join('\n').length < 100_000) {
    out.push(
      i % 2 === 0
        ? '他说：“这件事情在目前的条件下是否合适。”（注：这是补充说明。）'.repeat(200)
        : `**${'这是一段很长的加粗文本，没有句号'.repeat(300)}**`,
      '',
    );
    i++;
  }
  return out.join('\n');
}

const seedsDir = resolve(import.meta.dirname, '../../shared/seeds');
const inputs: Array<{ name: string; text: string }> = [];
if (existsSync(seedsDir)) {
  for (const f of readdirSync(seedsDir)
    .filter((f) => f !== 'README.md')
    .sort())
    inputs.push({ name: f, text: readFileSync(join(seedsDir, f), 'utf8') });
} else {
  console.log(`(no seeds at ${seedsDir}: measuring the generated report only)`);
}
inputs.push({ name: 'generated-200KB.md', text: generatedReport() });
inputs.push({ name: 'generated-long-runs.md', text: generatedRuns() });

console.log('CPU time per report, medians of 9 alternating rounds\n');
console.log('| input | size | parts | md.render (ms) | render+split (ms) | ratio |');
console.log('|---|---:|---:|---:|---:|---:|');
let worst = 0;
for (const { name, text } of inputs) {
  const report = loadReport(md, name, text);
  const parts = reportToParts(report, renderer).length;
  const { base, ours, ratio } = compare(
    () => md.render(report.body),
    () => reportToParts(report, renderer),
    { rounds: 9, roundMs: 60 },
  );
  worst = Math.max(worst, ratio);
  console.log(
    `| ${name} | ${(text.length / 1024).toFixed(1)} K chars | ${parts} | ${base.toFixed(3)} | ${ours.toFixed(3)} | ${ratio.toFixed(2)}× |`,
  );
}
console.log(`\nworst ratio ${worst.toFixed(2)}× (target: at most 2×)`);
