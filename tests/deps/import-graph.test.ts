import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDeps } from '../../scripts/check-deps.js';
import { analyse, formatReport, importSpecifiers, resolveSpecifier } from '../../scripts/import-graph.js';

const tree = (files: Record<string, string>) => new Map(Object.entries(files));

describe('import graph check (npm run lint:deps)', () => {
  it('passes a layered tree: folders import downwards only', () => {
    const report = analyse(
      tree({
        'cli.ts': "import { main } from './cli/main.js';",
        'cli/main.ts': "import { lib } from '../library/library.js';\nimport type { E } from '../util/error.js';",
        'library/library.ts': "import { render } from '../render/document.js';\nimport { index } from '../search/index.js';",
        'render/document.ts': "import type { Report } from '../content/report.js';",
        'search/index.ts': "import type { Report } from '../content/report.js';",
        'content/report.ts': "export interface Report {}\nimport { x } from 'zod';",
        'util/error.ts': 'export class E {}',
      }),
    );
    expect(formatReport(report)).toEqual([]);
  });

  it('reports a file cycle, including one made of type-only imports and re-exports', () => {
    const report = analyse(
      tree({
        'a/one.ts': "import type { T } from './two.js';",
        'a/two.ts': "export { U } from './three.js';",
        'a/three.ts': "const m = await import('./one.js');",
      }),
    );
    expect(report.fileCycles).toEqual([['a/one.ts', 'a/two.ts', 'a/three.ts', 'a/one.ts']]);
  });

  it('reports two folders importing each other even without a file cycle, naming one import each way', () => {
    const report = analyse(
      tree({
        'content/library.ts': "import { render } from '../render/document.js';",
        'content/report.ts': 'export interface Report {}',
        'render/document.ts': "import type { Report } from '../content/report.js';",
      }),
    );
    expect(report.fileCycles).toEqual([]);
    expect(formatReport(report)).toEqual([
      'folders import each other: content <-> render (content/library.ts -> render/document.ts; render/document.ts -> content/report.ts)',
    ]);
  });

  it('counts subfolders as their top folder, and a ring of three folders', () => {
    const report = analyse(
      tree({
        'a/deep/x.ts': "import '../../b/y.js';",
        'b/y.ts': "import '../c/z.js';",
        'c/z.ts': "import '../a/w.js';",
        'a/w.ts': '',
      }),
    );
    expect(report.folderPairs).toEqual([]);
    expect(report.folderCycles).toEqual([['a', 'b', 'c']]);
  });

  it('reads NodeNext specifiers and ignores packages', () => {
    expect(importSpecifiers("import x from 'grammy';\nimport y from './y.js';\nexport * from '../z/index.js';")).toEqual([
      './y.js',
      '../z/index.js',
    ]);
    const files = new Set(['a/y.ts', 'z/index.ts']);
    expect(resolveSpecifier('a/x.ts', './y.js', files)).toBe('a/y.ts');
    expect(resolveSpecifier('a/x.ts', '../z/index.js', files)).toBe('z/index.ts');
    expect(resolveSpecifier('a/x.ts', '../z', files)).toBe('z/index.ts');
    expect(resolveSpecifier('a/x.ts', './missing.js', files)).toBeUndefined();
  });

  describe('the command', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const run = (root: string): { code: number; out: string } => {
      const { code, lines } = checkDeps(root);
      return { code, out: lines.join('\n') };
    };

    it('exits 1 and prints the pair when two folders import each other, 0 once they do not', () => {
      dir = mkdtempSync(path.join(tmpdir(), 'lint-deps-'));
      mkdirSync(path.join(dir, 'app'));
      mkdirSync(path.join(dir, 'cli'));
      writeFileSync(path.join(dir, 'app/app.ts'), "import { UserError } from '../cli/errors.js';\n");
      writeFileSync(path.join(dir, 'cli/errors.ts'), 'export class UserError extends Error {}\n');
      writeFileSync(path.join(dir, 'cli/main.ts'), "import '../app/app.js';\n");
      const bad = run(dir);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('folders import each other: app <-> cli (app/app.ts -> cli/errors.ts; cli/main.ts -> app/app.ts)');

      writeFileSync(path.join(dir, 'app/app.ts'), 'export const app = 1;\n');
      const good = run(dir);
      expect(good.code).toBe(0);
      expect(good.out).toContain('no import cycle, no folders importing each other');
    });
  });
});
