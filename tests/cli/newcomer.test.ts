/**
 * The command line as a newcomer meets it from a fresh clone: `npm run cli`,
 * `--help` on every subcommand, one folder flag, only the settings a command
 * uses, plain plurals, drafts marked, and a sandbox that speaks the content's
 * language.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../src/cli/commands/sandbox.js';
import { runCli } from '../../src/cli/main.js';
import { FrontMatterError } from '../../src/content/front-matter.js';
import { contentLanguage, languageOfText, majorityLanguage } from '../../src/sandbox/content-language.js';
import { UserError } from '../../src/util/user-error.js';
import { contentDir, repoRoot, seedFiles, seedsDir } from '../support/render.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const SUBCOMMANDS = ['sandbox', 'run', 'post', 'preview', 'list', 'check', 'migrate-store'];
const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A content folder with exactly one short report: one message, one topic. */
function oneReportFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drb-cli-one-'));
  writeFileSync(join(dir, '2026-11-19-short.md'), '---\ntitle: Short day\ndate: 2026-11-19\n---\n## Only topic\n\nOne line of news.\n');
  return dir;
}

describe('running from a clone', () => {
  it('npm run cli -- <command> works without a build or an installed report-bot', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const r = spawnSync('npm', ['run', '--silent', 'cli', '--', '--version'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  }, 60_000);

  it('the README shows every subcommand as npm run cli -- <command> and says when report-bot applies', () => {
    for (const command of SUBCOMMANDS.filter((c) => c !== 'sandbox')) expect(README).toContain(`npm run cli -- ${command}`);
    expect(README).toMatch(/`report-bot` .*installed.*Docker|Docker.*installed.*`report-bot`/s);
  });

  it('the README never tells a reader of the clone to type report-bot <command> --flag', () => {
    // `report-bot …` is only for an installed package or the image; what to type in a clone is `npm run cli -- …`.
    const typed = README.match(new RegExp(`\`report-bot (${SUBCOMMANDS.join('|')}) [^\`]*--[^\`]*\``, 'g')) ?? [];
    expect(typed).toEqual([]);
  });
});

describe('--help on every subcommand', () => {
  it.each(
    SUBCOMMANDS.flatMap((c) => [
      [c, '--help'],
      [c, '-h'],
    ]),
  )('%s %s prints its own usage and exits 0', async (command, flag) => {
    const r = await cli([command, flag]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(new RegExp(`^Usage: report-bot ${command}\\b`));
  });

  it('answers a bad flag with one sentence and the usage, exit 2', async () => {
    const unknown = await cli(['preview', 'x.md', '--nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err.split('\n')[0]).toBe('preview has no option --nope.');
    expect(unknown.err).toContain('Usage: report-bot preview');
    expect(unknown.err).not.toMatch(/positional argument|ERR_PARSE_ARGS/);

    expect((await cli(['preview', 'x.md', '--html'])).err.split('\n')[0]).toBe('--html needs a value.');
    expect((await cli(['list', '--json=yes'])).err.split('\n')[0]).toBe('--json takes no value.');
    expect((await cli(['list', 'content'])).err.split('\n')[0]).toBe('list takes no argument "content".');
    expect((await cli(['check', '--frobnicate'])).code).toBe(2);
  });

  it('the sandbox --help and the README list every sandbox flag', async () => {
    const help = (await cli(['sandbox', '--help'])).out;
    for (const flag of ['--admin', '--content-dir', '--data-dir', '--date', '--no-post', '--script', '--lang']) {
      expect(help).toContain(flag);
      expect(README).toContain(flag);
    }
  });
});

describe('one way to name the content folder', () => {
  it('check takes --content-dir like list, and keeps the folder argument as an alias', async () => {
    const dir = oneReportFolder();
    const flag = await cli(['check', '--content-dir', dir]);
    expect(flag.code).toBe(0);
    expect(flag.out).toContain('2026-11-19-short.md: ok');
    expect((await cli(['check', dir])).out).toBe(flag.out);
    expect((await cli(['check', dir, '--content-dir', contentDir])).code).toBe(2);
  });

  it('post --dry-run takes --content-dir too', async () => {
    const r = await cli(['post', '--dry-run', '--content-dir', oneReportFolder()]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Would post 2026-11-19-short');
  });
});

describe('only the settings a command uses are validated', () => {
  it('post --dry-run needs neither CHANNEL_ID nor BOT_TOKEN', async () => {
    const r = await cli(['post', '--dry-run'], { CONTENT_DIR: contentDir, TIMEZONE: 'UTC' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Would post 2026-11-20-briefing .* to CHANNEL_ID \(not set yet\)/);
    // A channel that is set is still checked and named.
    expect((await cli(['post', '--dry-run'], { CONTENT_DIR: contentDir, CHANNEL_ID: '@daily_news' })).out).toContain('to @daily_news');
    expect((await cli(['post', '--dry-run'], { CONTENT_DIR: contentDir, CHANNEL_ID: 'news' })).code).toBe(78);
  });

  it('preview, check, list and post --dry-run run with a malformed BOT_TOKEN or LOG_LEVEL they never read', async () => {
    const env = { BOT_TOKEN: 'not-a-token', LOG_LEVEL: 'loud', WEBHOOK_URL: 'http://x', CONTENT_DIR: contentDir };
    expect((await cli(['preview', join(contentDir, '2026-11-18-markets.md')], env)).code).toBe(0);
    expect((await cli(['check'], env)).code).toBe(0);
    expect((await cli(['list', '--json'], env)).code).toBe(0);
    expect((await cli(['post', '--dry-run'], env)).code).toBe(0);
  });

  it('a command checks exactly the settings its --help names', async () => {
    // A bad value for each setting that can have one (any folder name is a valid CONTENT_DIR).
    const BAD: Record<string, string> = {
      TIMEZONE: 'Mars/Olympus',
      POST_FORMAT: 'pdf',
      MAX_MESSAGES: 'many',
      PIN_POSTS: 'yes',
      LOG_LEVEL: 'loud',
    };
    const script = join(mkdtempSync(join(tmpdir(), 'drb-settings-')), 'commands.txt');
    writeFileSync(script, '');
    const runs: Record<string, string[]> = {
      preview: ['preview', join(contentDir, '2026-11-18-markets.md')],
      list: ['list'],
      check: ['check'],
      sandbox: ['sandbox', '--no-post', '--script', script],
    };
    for (const [command, args] of Object.entries(runs)) {
      const named = /^Settings used: (.*)\.$/m.exec((await cli([command, '--help'])).out)?.[1]?.split(', ') ?? [];
      expect(named, command).toContain('TIMEZONE');
      for (const [setting, bad] of Object.entries(BAD)) {
        const r = await cli(args, { CONTENT_DIR: contentDir, [setting]: bad });
        const refused = r.code === 78 && r.err.startsWith(`Setting ${setting} `);
        expect({ command, setting, refused }).toEqual({ command, setting, refused: named.includes(setting) });
      }
    }
  }, 60_000);

  it('the settings a command does use are still checked, in one sentence', async () => {
    expect(await cli(['preview', join(contentDir, '2026-11-18-markets.md')], { TIMEZONE: 'Mars/Olympus' })).toMatchObject({
      code: 78,
      err: 'Setting TIMEZONE must be an IANA time zone such as Asia/Shanghai.',
    });
    expect((await cli(['post'], { CONTENT_DIR: contentDir, BOT_TOKEN: 'not-a-token' })).code).toBe(78);
  });
});

describe('output reads as English', () => {
  it('says "1 message", "1 topic", "1 report", "0 warnings"', async () => {
    const dir = oneReportFolder();
    const checked = await cli(['check', '--content-dir', dir]);
    expect(checked.out).toContain('2026-11-19-short.md: ok (2026-11-19, 1 message, 1 topic)');
    expect(checked.out).toContain('1 report ok, 0 broken, 0 warnings, 0 ignored.');
    const dry = await cli(['post', '--dry-run', '--content-dir', dir]);
    expect(dry.out).toContain('"Short day", 1 message)');
    const listed = await cli(['list', '--content-dir', dir]);
    expect(listed.out).toMatch(/ 1 msg +1 topic +2026-11-19-short/);
    expect(`${checked.out}\n${dry.out}\n${listed.out}`).not.toMatch(/\b1 (messages|topics|reports|warnings)\b|\(s\)/);
  });

  it('preview marks a draft, and only a draft', async () => {
    const draft = await cli(['preview', join(contentDir, '2026-11-21-podcast.md')]);
    expect(draft.code).toBe(0);
    expect(draft.out.split('\n')[0]).toMatch(/^DRAFT: 2026-11-21-podcast\.md has draft: true/);
    expect((await cli(['preview', join(contentDir, '2026-11-18-markets.md')])).out).not.toContain('DRAFT');
    // --json stays a pure array of payloads.
    const json = await cli(['preview', join(contentDir, '2026-11-21-podcast.md'), '--json']);
    expect(() => JSON.parse(json.out)).not.toThrow();
  });
});

describe('the sandbox speaks the language of the content', () => {
  it('judges text by its share of Han characters, links left out', () => {
    expect(
      languageOfText(
        '今日要闻：芯片出口收紧，三家央行按兵不动。Nvidia 与 AI 算力 https://example.com/a-very-long-english-looking-link-path',
      ),
    ).toBe('zh');
    expect(languageOfText('Chip exports tighten as central banks pause; 芯片 means chip.')).toBe('en');
    expect(languageOfText('')).toBe('en');
  });

  it.skipIf(seedFiles().length === 0)('finds Chinese in every editor sample', async () => {
    for (const seed of seedFiles()) expect(languageOfText(readFileSync(join(seedsDir, seed), 'utf8')), seed).toBe('zh');
    expect(await contentLanguage(seedsDir, 'Asia/Shanghai')).toBe('zh');
  });

  // Not behind the editor samples: examples/ is in the repository, so this holds in every clone.
  it('finds Chinese in examples/, where 2 of 3 published reports are Chinese', async () => {
    expect(languageOfText(readFileSync(join(contentDir, '2026-11-18-markets.md'), 'utf8'))).toBe('en');
    expect(await contentLanguage(contentDir, 'Asia/Shanghai')).toBe('zh');
    expect(await contentLanguage(oneReportFolder(), 'Asia/Shanghai')).toBe('en');
  });

  it('lets the majority of reports decide, the newest breaking a tie', () => {
    expect(majorityLanguage(['English only', '中文日报内容', '中文快讯内容'])).toBe('zh');
    expect(majorityLanguage(['English only', '中文日报内容'])).toBe('en');
    expect(majorityLanguage(['中文日报内容', 'English only'])).toBe('zh');
    expect(majorityLanguage([])).toBe('en');
  });

  async function helpReply(dir: string, extra: string[] = []): Promise<string> {
    const script = join(mkdtempSync(join(tmpdir(), 'drb-lang-')), 'commands.txt');
    writeFileSync(script, '/help\n');
    const out: string[] = [];
    const code = await sandboxCommand(
      ['--content-dir', dir, '--no-post', '--script', script, ...extra],
      { TIMEZONE: 'UTC', NO_COLOR: '1' },
      {
        out: (s) => out.push(s),
        err: (s) => out.push(s),
        now: () => NOW,
      },
    );
    expect(code).toBe(0);
    return out.join('\n').split(/^you › /m)[1] ?? '';
  }

  it('answers in Chinese for Chinese reports unless --lang says otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drb-zh-'));
    writeFileSync(
      join(dir, '2026-11-19-daily.md'),
      '---\ntitle: 市场日报\ndate: 2026-11-19\n---\n## 芯片出口收紧\n\n三家央行按兵不动，黄金在创纪录的一周后回落。\n',
    );
    const han = /\p{Script=Han}/u;
    expect(await helpReply(dir)).toMatch(han);
    expect(await helpReply(dir, ['--lang', 'en'])).not.toMatch(han);
    expect(await helpReply(oneReportFolder())).not.toMatch(han);
  }, 90_000);
});

describe('errors and the tree', () => {
  it('every error class names itself', () => {
    expect(new UserError('x').name).toBe('UserError');
    expect(new FrontMatterError('x').name).toBe('FrontMatterError');
  });

  it('every error class in src/ sets its name (so logs and --debug show which error it was)', () => {
    const srcDir = join(repoRoot, 'src');
    const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const classes: string[] = [];
    const unnamed: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(srcDir, file), 'utf8');
      for (const m of text.matchAll(/class (\w+) extends \w*Error\b/g)) {
        classes.push(m[1]!);
        // The class body runs to the next top-level closing brace.
        const body = text.slice(m.index, text.indexOf('\n}', m.index));
        if (!body.includes(`name = '${m[1]}'`)) unnamed.push(`${file}: ${m[1]}`);
      }
    }
    expect(classes.length).toBeGreaterThan(10);
    expect(unnamed).toEqual([]);
  });

  it('has no scratch script and an .editorconfig for the code style', () => {
    expect(existsSync(join(repoRoot, 'try2.ts'))).toBe(false);
    const editorconfig = readFileSync(join(repoRoot, '.editorconfig'), 'utf8');
    for (const line of ['indent_style = space', 'indent_size = 2', 'end_of_line = lf', 'charset = utf-8', 'insert_final_newline = true'])
      expect(editorconfig).toContain(line);
  });
});
