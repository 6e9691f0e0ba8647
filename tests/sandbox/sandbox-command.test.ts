/**
 * `report-bot sandbox` end to end, with a script of commands: the real app
 * against the stand-in, the channel's messages and the replies as the
 * terminal shows them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../src/cli/commands/sandbox.js';
import { createLibrary } from '../../src/library/library.js';
import { writeSampleContent } from './sample-content.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../..');
const ENV = { TIMEZONE: 'UTC', NO_COLOR: '1' };

let content: string;
/** The plain text of each message a report becomes, as the channel should show it. */
let partsOf: (id: string) => string[];

beforeAll(async () => {
  content = writeSampleContent();
  const library = createLibrary({ dir: content, timeZone: 'UTC' });
  await library.reload();
  partsOf = (id) => library.parts(library.byId(id)!).map((p) => p.text);
});

function scriptFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sandbox-script-')), 'commands.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function sandbox(args: string[], lines: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await sandboxCommand(['--content-dir', content, '--script', scriptFile(lines), ...args], ENV, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    now: () => new Date(),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The transcript cut at each `you ›` line: [before any command, after command 1, …]. */
function byCommand(out: string): string[] {
  return out.split(/^you › /m);
}

/** Header lines of messages sent to the channel (edits of them left out). */
function channelSends(out: string): string[] {
  return (out.match(/^── channel .*$/gm) ?? []).filter((line) => !line.includes('· edited '));
}

/** Every text appears in `haystack`, each after the previous one. */
function expectInOrder(haystack: string, texts: string[]): void {
  let at = 0;
  for (const text of texts) {
    const found = haystack.indexOf(text, at);
    expect(found, `"${text.slice(0, 60)}…" after offset ${at}`).toBeGreaterThanOrEqual(0);
    at = found + text.length;
  }
}

describe('report-bot sandbox', () => {
  it('posts every part of the newest report to the channel in order, then answers /today, /latest, /topics and /help', async () => {
    const { code, out } = await sandbox(['--date', '2026-03-03'], ['/today', '/latest', '/topics', '/help']);
    expect(code).toBe(0);
    const parts = partsOf('2026-03-03-freight');
    expect(parts).toHaveLength(3);
    const [start, today, latest, topics, help] = byCommand(out);

    expect(start).toContain('checked by TDLib');
    expect(start).toMatch(/clock {4}\w{3} 2026-03-03 \d\d:\d\d UTC/);
    expect(channelSends(start!)).toHaveLength(3);
    // An edit of the opening message (a table of contents) may follow the three sends; nothing else may.
    for (const edit of start!.match(/^── channel .*· edited .*$/gm) ?? [])
      expect(edit).toMatch(/^── channel · 2026-03-03-freight · message 1\/3 · /);
    expectInOrder(
      start!,
      parts.flatMap((text, i) => [
        `── channel · ${i === 0 ? '2026-03-03-freight · ' : ''}message ${i + 1}/3 · ${text.length.toLocaleString('en-US')}/4,096${i > 0 ? ' · silent' : ''} `,
        text,
      ]),
    );
    expect(start).toContain('(2026-03-03-freight: 3 of 3 messages posted to the channel)');
    expect(out).not.toContain('Nobody should see');

    for (const reply of [today!, latest!]) {
      expect(reply.match(/^── bot /gm)).toHaveLength(3);
      expectInOrder(
        reply,
        parts.flatMap((text, i) => [`── bot · ${i === 0 ? '2026-03-03-freight · ' : ''}message ${i + 1}/3`, text]),
      );
    }
    expect(topics).toMatch(/^\/topics\n── bot /);
    expectInOrder(topics!, ['Topics of 2026-03-03', ':1 [Grain wagons]', ':2 [Timber trains]']);
    expect(help).toContain('/today');
    expect(help).toContain('/topic');
    expect(out).toMatch(/Sandbox stopped\. Logs: .*bot\.log$/);
    expect(out).not.toContain('\x1b[');
  }, 90_000);

  it('--date picks the report of that day; --admin gets /status; a button is pressed with :N', async () => {
    const { code, out } = await sandbox(['--date', '2026-03-02', '--admin'], ['/status', '/topics', ':2']);
    expect(code).toBe(0);
    const parts = partsOf('2026-03-02-harbour');
    const [start, status, topics, press] = byCommand(out);

    expect(channelSends(start!)).toHaveLength(2);
    expectInOrder(start!, [
      '── channel · 2026-03-02-harbour · message 1/2 ·',
      '[photo https://example.com/covers/harbour-cranes.png]',
      parts[0]!,
      '── channel · message 2/2 ·',
      parts[1]!,
    ]);
    expect(start).toMatch(/message 1\/2 · \d+\/1,024 ─/);
    expect(out).not.toContain('Freight week in review');
    expect(start).toContain('admin (ADMIN_IDS=');

    expectInOrder(status!, ['Status', '@sandbox_channel: 2026-03-02-harbour']);
    expectInOrder(topics!, [':1 [Cranes back after the storm]', ':2 [Queues shorter by Friday]']);
    expectInOrder(press!, [
      '(you pressed [Queues shorter by Friday])',
      '── bot',
      'Hauliers expect the waiting line to clear within three days',
    ]);
  }, 90_000);

  it('--no-post leaves the channel empty; a reader gets "not allowed" for /status', async () => {
    const { code, out } = await sandbox(['--date', '2026-03-03', '--no-post'], ['/status', 'quit', '/latest']);
    expect(code).toBe(0);
    expect(out).toContain('not posting at start (--no-post)');
    expect(out).not.toMatch(/^── channel/m);
    const [, status, rest] = byCommand(out);
    expect(status).toMatch(/^\/status\n── bot ─+\n\S/);
    expect(rest).toMatch(/^quit\nSandbox stopped/); // nothing after quit is sent
  }, 60_000);

  it('refuses a --date that is not a date', async () => {
    await expect(sandbox(['--date', '2026-02-30'], [])).rejects.toThrow(/--date 2026-02-30 is not a date/);
  });

  it('reads commands from stdin when it is not a terminal, and prints no ANSI codes', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'sandbox-main.ts'), '--content-dir', content, '--date', '2026-03-02'],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', TIMEZONE: 'UTC' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end('/latest\nhelp\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, out).toBe(0);
    expectInOrder(out, [
      '── channel · 2026-03-02-harbour',
      'you › /latest',
      '── bot · 2026-03-02-harbour',
      'you › help',
      ':N',
      'Sandbox stopped',
    ]);
    expect(out).not.toMatch(/\x1b/);
  }, 60_000);
});
