/**
 * The hostile corpus (tests/fixtures/hostile): time to load, and to render
 * and split, each file, against markdown-it's own `md.render` of the same
 * text measured in the same run. The goal is under 2 s per file and a small
 * constant ratio; numbers, not a gate: run with `npm run bench:hostile`.
 */
import { createMarkdown, createOutlineMarkdown } from '../src/content/markdown.js';
import { parseReport } from '../src/content/parse-report.js';
import { createRenderer } from '../src/render/document.js';
import { reportToParts } from '../src/render/messages.js';
import { HOSTILE_CASES } from '../tests/fixtures/hostile/cases.js';

const md = createMarkdown();
const outline = createOutlineMarkdown();
const renderer = createRenderer(md);

/** Median of `runs` timings in ms (one warm-up first). */
function median(fn: () => void, runs = 3): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const rows: string[][] = [['case', 'KB', 'load ms', 'render+split ms', 'total ms', 'messages', 'md.render ms', 'ratio']];
let worst = 0;
for (const c of HOSTILE_CASES) {
  const text = c.text();
  const bytes = Buffer.from(text);
  const load = () => parseReport(c.file, bytes, new Date(), { timeZone: 'UTC', md, outline, maxBytes: 1024 * 1024 });
  const loaded = load();
  const loadMs = median(load);
  const baseMs = median(() => md.render(text));
  if (!loaded.ok) {
    rows.push([
      c.name,
      (bytes.length / 1024).toFixed(0),
      loadMs.toFixed(1),
      `refused: ${loaded.problem.reason.slice(0, 40)}…`,
      loadMs.toFixed(1),
      '-',
      baseMs.toFixed(1),
      '-',
    ]);
    worst = Math.max(worst, loadMs);
    continue;
  }
  let messages = 0;
  const renderMs = median(() => {
    messages = reportToParts(loaded.report, renderer).length;
  });
  const total = loadMs + renderMs;
  worst = Math.max(worst, total);
  rows.push([
    c.name,
    (bytes.length / 1024).toFixed(0),
    loadMs.toFixed(1),
    renderMs.toFixed(1),
    total.toFixed(1),
    String(messages),
    baseMs.toFixed(1),
    (total / baseMs).toFixed(2),
  ]);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows)
  console.log(r.map((cell, i) => (i === 0 || i === 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
console.log(`\nslowest case: ${worst.toFixed(0)} ms (goal: under 2000 ms per file); ratio = (load + render + split) / md.render`);
