/**
 * The container image without a Docker engine: perform the Dockerfile's
 * runtime stage in a temporary folder (lock files, the production `npm ci`
 * line whose node_modules it copies, the compiled dist/, the content) and run
 * the CLI from there, so a runtime dependency that only dev installs provide
 * fails CI. And read the Dockerfile, .dockerignore and docker-compose.yml
 * for what the runtime guarantees rest on: an init as PID 1, an LTS Node,
 * no content baked in, no port published that long polling does not need.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLibrary } from '../../src/library/library.js';
import { startStandin } from '../../src/standin/server.js';
import { spawnBot } from '../support/bot-process.js';
import { longReport, todayUtc } from '../support/long-report.js';
import { freePort } from '../support/net.js';
import { repoRoot } from '../support/render.js';
import { parseTelegramHtml } from '../support/tdlib.js';

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
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        CONTENT_DIR: join(app, 'content'),
        DATA_DIR: join(app, 'data'),
        TIMEZONE: 'UTC',
        ...env,
      },
    });

  beforeAll(() => {
    // Build stage: compile into the image folder.
    execFileSync(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'tsconfig.build.json'), '--outDir', join(app, 'dist')],
      { stdio: 'pipe' },
    );
    // Runtime stage: lock files, production dependencies only, content.
    copyFileSync(join(repoRoot, 'package.json'), join(app, 'package.json'));
    copyFileSync(join(repoRoot, 'package-lock.json'), join(app, 'package-lock.json'));
    const [npm, ...args] = runtimeInstallCommand();
    execFileSync(npm!, args, { cwd: app, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
    // The build's second step (`npm run build`), here from the production dependencies alone: what the
    // bundle holds must be what the image installs, and what it leaves outside must be installed.
    execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/bundle.ts'), join(app, 'dist')], { stdio: 'pipe' });
    // Not part of the image: the content folder is mounted (docker run -v, compose volumes).
    cpSync(join(repoRoot, 'examples'), join(app, 'content'), { recursive: true });
  }, 600_000); // npm ci compiles better-sqlite3 from source: about 3 minutes on a busy machine

  it('has no dev dependency installed', () => {
    expect(() => readFileSync(join(app, 'node_modules/vitest/package.json'))).toThrow();
    expect(() => readFileSync(join(app, 'node_modules/tdl/package.json'))).toThrow();
    expect(readFileSync(join(app, 'node_modules/grammy/package.json'), 'utf8')).toContain('"name": "grammy"');
  });

  it("has the embedded store's native module built and loadable", () => {
    const r = spawnSync(
      process.execPath,
      ['-e', 'const D = require("better-sqlite3"); const db = new D(":memory:"); console.log(db.prepare("select 1 as x").get().x)'],
      {
        cwd: app,
        encoding: 'utf8',
      },
    );
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

  it('runs the bundled bot: posts the newest report to the channel once and answers a reader', async () => {
    const channel = '@daily_bundle';
    const standin = await startStandin({
      validateHtml: parseTelegramHtml,
      channels: { [channel]: { id: -1001000000009, username: channel.slice(1), title: 'Daily' } },
    });
    writeFileSync(join(app, 'content', `${todayUtc()}-bundle.md`), longReport(todayUtc(), 2));
    const library = createLibrary({ dir: join(app, 'content'), timeZone: 'UTC' });
    await library.reload();
    const expected = library.parts(library.published(new Date())[0]!).map((p) => p.text);
    const bot = spawnBot(
      ['run'],
      {
        NODE_ENV: 'production',
        TELEGRAM_API_ROOT: standin.apiRoot,
        CHANNEL_ID: channel,
        CONTENT_DIR: join(app, 'content'),
        DATA_DIR: join(app, 'data-run'),
        POST_CRON: '0 0 * * *',
        PORT: String(await freePort()),
      },
      join(app, 'dist/cli.js'),
    );
    try {
      const posted = await standin.waitForMessages(channel, expected.length, 30_000);
      // The opening message is edited into a table of contents; the sections are as rendered.
      expect(posted.slice(1).map((m) => m.text ?? m.caption)).toEqual(expected.slice(1));
      const reader = { id: 5002, first_name: 'Reader', language_code: 'en' };
      standin.sendText(reader, reader.id, '/latest');
      const replies = await standin.waitForMessages(reader.id, expected.length, 20_000);
      expect(replies.map((m) => m.text ?? m.caption)).toEqual(expected);
      bot.kill('SIGTERM');
      expect((await bot.exited).code, bot.output()).toBe(0);
      expect(standin.messages(channel)).toHaveLength(expected.length);
      expect(bot.output()).not.toContain('AAtesttoken');
    } finally {
      bot.kill('SIGKILL');
      await bot.exited;
      await standin.close();
    }
  }, 60_000);

  it("runs the bundled index worker (a cold start's topic index, from 2,000 topics): texts in, gram lists out", () => {
    // The bot starts it only for a large archive, which the test above does not have: the protocol by hand.
    const script = `
      const { Worker } = require('node:worker_threads');
      const worker = new Worker(${JSON.stringify(join(app, 'dist/index-worker.js'))});
      worker.on('message', (reply) => {
        console.log(JSON.stringify({ kind: reply.kind, bigrams: reply.state?.bigrams.count, postings: reply.state?.pool.total }));
        void worker.terminate();
      });
      worker.postMessage({ kind: 'texts', base: 0, texts: ['英偉達', '伟达'] });
      worker.postMessage({ kind: 'done' });`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: app, encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stderr).toBe(0);
    // Folded first (偉 -> 伟): the bigrams 英伟 and 伟达; postings: 3 + 2 unigrams, 2 + 1 bigrams.
    expect(JSON.parse(r.stdout.trim())).toEqual({ kind: 'state', bigrams: 2, postings: 8 });
  });

  it('runs report-bot post --dry-run', () => {
    const r = run(['post', '--dry-run'], { CHANNEL_ID: '@daily_news' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/would post/i);
    expect(r.stdout).toContain('@daily_news');
  });
});

describe('the image and compose files', () => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.split(/^FROM /m).at(-1)!;
  const compose = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');

  it('runs node under tini, installed in the runtime stage, never as PID 1', () => {
    expect(runtime).toMatch(/^RUN apt-get update[\s\S]*?apt-get install -y --no-install-recommends tini/m);
    const entrypoint = /^ENTRYPOINT (.*)$/m.exec(runtime)?.[1];
    expect(JSON.parse(entrypoint!)).toEqual(['/usr/bin/tini', '--', 'node', 'dist/cli.js']);
  });

  it('builds on an LTS line of Node newer than 20 (end of life in April 2026), in every stage', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)-/m.exec(dockerfile);
    expect(image, 'ARG NODE_IMAGE=node:<major>-…').not.toBeNull();
    const major = Number(image![1]);
    expect(major % 2, 'LTS lines are the even majors').toBe(0);
    expect(major).toBeGreaterThanOrEqual(24);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile build arguments, not a template
    expect(dockerfile.match(/^FROM .*/gm)).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM build AS deps', 'FROM ${NODE_IMAGE} AS runtime']);
  });

  it('bakes no content into the image, and the build context leaves it out', () => {
    expect(dockerfile).not.toMatch(/^(COPY|ADD)\b.*\bcontent\b/m);
    expect(dockerfile).not.toMatch(/^(COPY|ADD) \.\s/m);
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored.some((l) => l === 'content' || l === 'content/*')).toBe(true);
  });

  it('publishes no port for long polling: any port mapping is commented out or bound to 127.0.0.1', () => {
    const live = compose.split('\n').filter((l) => !l.trimStart().startsWith('#'));
    const published = live.filter((l) => /^\s*-\s*"?[\d.:]*\d+:\d+"?\s*$/.test(l));
    expect(published.filter((l) => !/"?127\.0\.0\.1:/.test(l))).toEqual([]);
    expect(live.some((l) => /^\s*ports:/.test(l))).toBe(false);
    // The opt-in for webhook mode is there, on loopback.
    expect(compose).toMatch(/#\s+- "127\.0\.0\.1:8080:8080"/);
  });
});
