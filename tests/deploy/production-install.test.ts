/**
 * The container image without a Docker engine: perform the Dockerfile's
 * runtime stage in a temporary folder (lock files, the production `npm ci`
 * line whose node_modules it copies, the compiled dist/, the content) and run
 * the CLI from there, so a runtime dependency that only dev installs provide
 * fails CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/render.js';

/**
 * The production `RUN npm ci --omit=dev …` of the Dockerfile (the stage that
 * compiles the native module; the runtime stage copies its node_modules), so
 * test and image cannot drift apart.
 */
function runtimeInstallCommand(): string[] {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const run = /^RUN (npm ci [^&\n]*--omit=dev[^&\n]*)/m.exec(dockerfile);
  if (!run) throw new Error('the Dockerfile has no production "RUN npm ci --omit=dev" line');
  return run[1]!.trim().split(/\s+/);
}

describe('production install (the Dockerfile runtime stage)', () => {
  const app = mkdtempSync(join(tmpdir(), 'drb-image-'));
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(app, 'dist/cli.js'), ...args], {
      cwd: app,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', CONTENT_DIR: join(app, 'content'), DATA_DIR: join(app, 'data'), TIMEZONE: 'UTC', ...env },
    });

  beforeAll(() => {
    // Build stage: compile into the image folder.
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'tsconfig.build.json'), '--outDir', join(app, 'dist')], { stdio: 'pipe' });
    // Runtime stage: lock files, production dependencies only, content.
    copyFileSync(join(repoRoot, 'package.json'), join(app, 'package.json'));
    copyFileSync(join(repoRoot, 'package-lock.json'), join(app, 'package-lock.json'));
    const [npm, ...args] = runtimeInstallCommand();
    execFileSync(npm!, args, { cwd: app, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
    cpSync(join(repoRoot, 'examples'), join(app, 'content'), { recursive: true });
  }, 600_000); // npm ci compiles better-sqlite3 from source: about 3 minutes on a busy machine

  it('has no dev dependency installed', () => {
    expect(() => readFileSync(join(app, 'node_modules/vitest/package.json'))).toThrow();
    expect(() => readFileSync(join(app, 'node_modules/tdl/package.json'))).toThrow();
    expect(readFileSync(join(app, 'node_modules/grammy/package.json'), 'utf8')).toContain('"name": "grammy"');
  });

  it('has the embedded store\'s native module built and loadable', () => {
    const r = spawnSync(process.execPath, ['-e', 'const D = require("better-sqlite3"); const db = new D(":memory:"); console.log(db.prepare("select 1 as x").get().x)'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('1');
  });

  it('runs report-bot --version', () => {
    const r = run(['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('runs report-bot check on the sample content', () => {
    const r = run(['check', join(app, 'content')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d+ reports? ok, 0 broken/);
  });

  it('runs report-bot post --dry-run', () => {
    const r = run(['post', '--dry-run'], { CHANNEL_ID: '@daily_news' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/would post/i);
    expect(r.stdout).toContain('@daily_news');
  });
});
