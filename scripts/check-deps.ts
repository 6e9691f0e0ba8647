// `npm run lint:deps`: fails when any file under src/ is part of an import cycle, or when
// two folders of src/ import each other (shared pieces must sit in a folder below their users).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyse, formatReport } from './import-graph.js';

function listSources(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listSources(root, rel));
    else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The check over one folder: exit code and the lines to print (problems go to stderr). */
export function checkDeps(rootArg: string): { code: number; lines: string[] } {
  const root = path.resolve(rootArg);
  const shown = path.relative(process.cwd(), root) || '.';
  const sources = new Map(listSources(root).map((f) => [f, readFileSync(path.join(root, f), 'utf8')] as const));
  const problems = formatReport(analyse(sources));
  if (problems.length === 0) {
    return { code: 0, lines: [`lint:deps: ${sources.size} files under ${shown}: no import cycle, no folders importing each other`] };
  }
  return { code: 1, lines: [...problems, `lint:deps: ${problems.length} problem(s) in ${shown}`] };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { code, lines } = checkDeps(process.argv[2] ?? 'src');
  for (const line of lines) (code === 0 ? console.log : console.error)(line);
  process.exitCode = code;
}
