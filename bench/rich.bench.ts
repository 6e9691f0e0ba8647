/**
 * The rich renderer (markdown-it tokens -> rich blocks, limits counted,
 * packed into messages) against markdown-it's own `md.render` of the same
 * input, in the same run; and how many messages each report becomes in
 * both formats. Numbers, not a gate: `npm run bench:rich`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMarkdown } from '../src/content/markdown.js';
import { createRenderer } from '../src/render/document.js';
import { reportToParts } from '../src/render/messages.js';
import { reportToRichBlocks } from '../src/render/rich/parts.js';
import { compare, generatedReport, loadReport } from './support/cpu-compare.js';

const md = createMarkdown();
const renderer = createRenderer(md);

const root = resolve(import.meta.dirname, '..');
const seedsDir = resolve(root, '../shared/seeds');
const inputs: Array<{ name: string; text: string }> = [];
if (existsSync(seedsDir)) {
  for (const f of readdirSync(seedsDir)
    .filter((f) => f !== 'README.md')
    .sort())
    inputs.push({ name: f, text: readFileSync(join(seedsDir, f), 'utf8') });
} else {
  console.log(`(no seeds at ${seedsDir})`);
}
// Samples: examples/ once they move there, content/ before.
for (const dir of ['examples', 'content']
  .map((d) => join(root, d))
  .filter((d) => existsSync(d))
  .slice(0, 1)) {
  for (const f of readdirSync(dir)
    .filter((f) => !f.startsWith('.') && /\.(md|txt)$/.test(f))
    .sort())
    inputs.push({ name: f, text: readFileSync(join(dir, f), 'utf8') });
}
inputs.push({ name: 'generated-200KB.md', text: generatedReport() });

console.log('| input | size | HTML messages | rich messages | md.render (CPU ms) | rich render (CPU ms) | ratio |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
let worst = 0;
for (const { name, text } of inputs) {
  const report = loadReport(md, name, text);
  const html = reportToParts(report, renderer).length;
  const rich = reportToRichBlocks(md, report).length;
  const { base, ours, ratio } = compare(
    () => md.render(report.body),
    () => reportToRichBlocks(md, report),
    { rounds: 15, roundMs: 40 },
  );
  worst = Math.max(worst, ratio);
  console.log(
    `| ${name} | ${(text.length / 1024).toFixed(1)} K chars | ${html} | ${rich} | ${base.toFixed(3)} | ${ours.toFixed(3)} | ${ratio.toFixed(2)}× |`,
  );
}
console.log(`\nworst ratio ${worst.toFixed(2)}× (target: at most 1.5×; each ratio is the median of 15 alternating rounds)`);
