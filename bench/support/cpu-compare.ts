/**
 * What the render benchmarks share: loading a report from text, a generated
 * report in the seeds' shape, and a CPU-time comparison of our code against
 * a baseline in alternating rounds. CPU time of this process, not the wall
 * clock: on a machine shared with other work, time spent waiting for a core
 * is not ours.
 */
import type { MarkdownIt } from 'markdown-it';
import { parseReport } from '../../src/content/parse-report.js';
import type { Report } from '../../src/content/report.js';

export function loadReport(md: MarkdownIt, file: string, text: string): Report {
  const r = parseReport(file, Buffer.from(text), new Date(), { timeZone: 'Asia/Shanghai', md, maxBytes: 16 * 1024 * 1024 });
  if (!r.ok) throw new Error(r.problem.reason);
  return r.report;
}

/** A ~200 KB report in the seeds' shape: sections, linked topics, labels and lists. */
export function generatedReport(): string {
  const out = ['---', 'title: Generated load test', 'date: 2026-01-01', 'summary: "- a\\n- b"', '---', '# Generated load test', ''];
  let i = 0;
  while (out.join('\n').length < 200_000) {
    if (i % 5 === 0) out.push(`## Section ${i / 5}`, '');
    out.push(`### [Topic ${i} headline about markets](https://example.com/t/${i})`, '');
    out.push(
      `${'全球市场今日表现分化，投资者关注央行政策动向与科技股财报。'.repeat(6)} Prices moved **sharply** after the *announcement*.`,
      '',
    );
    out.push(
      '**深度解读 & 洞察：**  ',
      '- 第一点分析，涉及利率与通胀的关系。  ',
      '- Second point with `code` and a [link](https://example.com).  ',
      '  - nested detail',
      '',
    );
    i++;
  }
  return out.join('\n');
}

/** CPU milliseconds per call, over at least `minMs` of CPU time. */
export function timePerOp(fn: () => void, minMs: number): number {
  let n = 0;
  const start = process.cpuUsage();
  let elapsedUs = 0;
  while (elapsedUs < minMs * 1000) {
    fn();
    n++;
    const used = process.cpuUsage(start);
    elapsedUs = used.user + used.system;
  }
  return elapsedUs / n / 1000;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface CompareOptions {
  /** Alternating rounds of baseline and ours. */
  rounds: number;
  /** CPU milliseconds per round and side. */
  roundMs: number;
}

/**
 * Baseline and ours measured in alternating short rounds, medians reported:
 * on a shared machine the load changes between two long measurements, and
 * the ratio of two neighbouring short ones is what stays meaningful.
 */
export function compare(base: () => void, ours: () => void, opts: CompareOptions): { base: number; ours: number; ratio: number } {
  // Warm up the JIT on both before measuring either.
  timePerOp(base, 200);
  timePerOp(ours, 200);
  const b: number[] = [];
  const o: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    const tb = timePerOp(base, opts.roundMs);
    const to = timePerOp(ours, opts.roundMs);
    b.push(tb);
    o.push(to);
    r.push(to / tb);
  }
  return { base: median(b), ours: median(o), ratio: median(r) };
}
