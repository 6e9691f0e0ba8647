// Pure core of the layering check: builds the import graph of a source tree and finds
// import cycles between files and pairs (or rings) of folders that import each other.
// No I/O here so a test can feed a tiny fixture tree and watch the check fail.
import path from 'node:path/posix';
import ts from 'typescript';

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

export interface FolderPair {
  readonly a: string;
  readonly b: string;
  /** One import per direction, so the report says where to start cutting. */
  readonly aToB: ImportEdge;
  readonly bToA: ImportEdge;
}

export interface GraphReport {
  /** Each entry is one strongly connected group of files, printed as a closed path. */
  readonly fileCycles: readonly (readonly string[])[];
  readonly folderPairs: readonly FolderPair[];
  /** Groups of three or more folders that reach each other (members sorted). */
  readonly folderCycles: readonly (readonly string[])[];
}

/** Relative import specifiers of one file, including `import type`, re-exports and `import()`. */
export function importSpecifiers(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.'));
}

/** Resolves a NodeNext specifier ('./x.js') to a file of the tree ('dir/x.ts'), or undefined. */
export function resolveSpecifier(from: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const base = path.normalize(path.join(path.dirname(from), spec));
  const stem = base.replace(/\.(js|ts|mjs|mts)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.mts`, `${stem}/index.ts`, base]) {
    if (files.has(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The folder a file belongs to for layering: its first path segment below the root
 * ('bot/features/x.ts' -> 'bot'); a file directly in the root is a unit of its own.
 */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash);
}

export function buildEdges(sources: ReadonlyMap<string, string>): ImportEdge[] {
  const files = new Set(sources.keys());
  const edges: ImportEdge[] = [];
  for (const [from, text] of sources) {
    for (const spec of importSpecifiers(text)) {
      const to = resolveSpecifier(from, spec, files);
      if (to !== undefined && to !== from) edges.push({ from, to });
    }
  }
  return edges;
}

/** Tarjan's strongly connected components (iterative, so deep graphs cannot overflow the stack). */
export function stronglyConnected(nodes: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const outs = next.get(frame.node) ?? [];
      if (frame.i < outs.length) {
        const to = outs[frame.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        groups.push(group);
      }
    }
  }
  return groups;
}

/** A shortest closed path through one group, starting at its first member in sort order. */
function closedPath(group: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(group);
  const start = [...group].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]!;
    for (const to of next.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const trail = [node];
        while (trail[0] !== start) trail.unshift(cameFrom.get(trail[0]!)!);
        return [...trail, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [...group, group[0]!];
}

function adjacency(edges: readonly ImportEdge[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    const outs = next.get(from) ?? [];
    if (!outs.includes(to)) outs.push(to);
    next.set(from, outs);
  }
  for (const outs of next.values()) outs.sort();
  return next;
}

export function analyse(sources: ReadonlyMap<string, string>): GraphReport {
  const edges = buildEdges(sources);
  const files = [...sources.keys()].sort();
  const fileNext = adjacency(edges);
  const fileCycles = stronglyConnected(files, fileNext)
    .filter((g) => g.length > 1)
    .map((g) => closedPath(g, fileNext));

  const folderEdges = edges.map((e) => ({ from: folderOf(e.from), to: folderOf(e.to), edge: e })).filter((e) => e.from !== e.to);
  const example = new Map<string, ImportEdge>();
  for (const e of folderEdges) {
    const key = `${e.from}\u0000${e.to}`;
    if (!example.has(key)) example.set(key, e.edge);
  }
  const folderPairs: FolderPair[] = [];
  for (const [key, aToB] of example) {
    const [a, b] = key.split('\u0000') as [string, string];
    const bToA = example.get(`${b}\u0000${a}`);
    if (bToA !== undefined && a < b) folderPairs.push({ a, b, aToB, bToA });
  }
  folderPairs.sort((x, y) => (x.a + x.b < y.a + y.b ? -1 : 1));

  const folderNext = adjacency(folderEdges.map((e) => ({ from: e.from, to: e.to })));
  const folders = [...new Set(files.map(folderOf))].sort();
  // A pair already shows up above; a ring of three or more folders would not, so list its members.
  const folderCycles = stronglyConnected(folders, folderNext)
    .filter((g) => g.length > 2)
    .map((g) => [...g].sort());
  return { fileCycles, folderPairs, folderCycles };
}

export function formatReport(report: GraphReport): string[] {
  const lines: string[] = [];
  for (const cycle of report.fileCycles) lines.push(`import cycle: ${cycle.join(' -> ')}`);
  for (const p of report.folderPairs) {
    lines.push(`folders import each other: ${p.a} <-> ${p.b}` + ` (${p.aToB.from} -> ${p.aToB.to}; ${p.bToA.from} -> ${p.bToA.to})`);
  }
  for (const ring of report.folderCycles) lines.push(`folders in an import ring: ${ring.join(', ')}`);
  return lines;
}
