/**
 * The hostile corpus (tests/fixtures/hostile): time to load, and to render
 * and split, each file, against markdown-it's own `md.render` of the same
 * text measured in the same run. The goal is under 2 s per file and a small
 * constant ratio; numbers, not a gate: run with `npm run bench:hostile`.
 * Wall and CPU time are both printed: on a shared machine the wall clock
 * counts the time spent waiting for a core, so the ratio uses CPU time.
 */
import { createMarkdown, createOutlineMarkdown } from '../src/content/markdown.js';
import { parseReport } from '../src/content/parse-report.js';
import { createRenderer } from '../src/render/document.js';
import { reportToParts } from '../src/render/messages.js';
import { HOSTILE_CASES } from '../tests/fixtures/hostile/cases.js';

const md = createMarkdown();
const outline = createOutlineMarkdown();
const renderer = createRenderer(md);

interface Timing {
  /** Wall-clock ms. */
  wall: number;
  /** CPU ms of this process (user + system): on a shared machine, waiting for a core is not ours. */
  cpu: number;
}

/** Median wall and CPU time of `runs` calls (one warm-up first); the CPU median is taken on its own. */
function median(fn: () => void, runs = 3): Timing {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    fn();
    const d = process.cpuUsage(used);
    wall.push(performance.now() - start);
    cpu.push((d.user + d.system) / 1000);
  }
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return { wall: mid(wall), cpu: mid(cpu) };
}

const rows: string[][] = [
  ['case', 'KB', 'load ms', 'render+split ms', 'total ms', 'total CPU ms', 'messages', 'md.render ms', 'md.render CPU ms', 'ratio'],
];
let worst = 0;
let worstCpu = 0;
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
      loadMs.wall.toFixed(1),
      `refused: ${loaded.problem.reason.slice(0, 40)}…`,
      loadMs.wall.toFixed(1),
      loadMs.cpu.toFixed(1),
      '-',
      baseMs.wall.toFixed(1),
      baseMs.cpu.toFixed(1),
      '-',
    ]);
    worst = Math.max(worst, loadMs.wall);
    worstCpu = Math.max(worstCpu, loadMs.cpu);
    continue;
  }
  let messages = 0;
  const renderMs = median(() => {
    messages = reportToParts(loaded.report, renderer).length;
  });
  const total = loadMs.wall + renderMs.wall;
  const totalCpu = loadMs.cpu + renderMs.cpu;
  worst = Math.max(worst, total);
  worstCpu = Math.max(worstCpu, totalCpu);
  rows.push([
    c.name,
    (bytes.length / 1024).toFixed(0),
    loadMs.wall.toFixed(1),
    renderMs.wall.toFixed(1),
    total.toFixed(1),
    totalCpu.toFixed(1),
    String(messages),
    baseMs.wall.toFixed(1),
    baseMs.cpu.toFixed(1),
    (totalCpu / baseMs.cpu).toFixed(2),
  ]);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows)
  console.log(r.map((cell, i) => (i === 0 || i === 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
console.log(
  `\nslowest case: ${worst.toFixed(0)} ms wall, ${worstCpu.toFixed(0)} ms CPU (goal: under 2000 ms per file); ratio = CPU (load + render + split) / CPU md.render`,
);
