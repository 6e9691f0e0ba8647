/** The sandbox with POST_FORMAT=rich: the channel gets one rich message, shown in the terminal as an outline. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../src/cli/commands/sandbox.js';
import { writeSampleContent } from './sample-content.js';

let content: string;
beforeAll(() => {
  content = writeSampleContent();
});

async function sandbox(args: string[], lines: string[]): Promise<{ code: number; out: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'sandbox-rich-')), 'commands.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const out: string[] = [];
  const code = await sandboxCommand(
    ['--content-dir', content, '--script', file, ...args],
    { TIMEZONE: 'UTC', NO_COLOR: '1', POST_FORMAT: 'rich' },
    {
      out: (s) => out.push(s),
      err: (s) => out.push(s),
      now: () => new Date(),
    },
  );
  return { code, out: out.join('\n') };
}

describe('report-bot sandbox with POST_FORMAT=rich', () => {
  it('posts the report as one rich message shown as an outline; /today in private gets it rich too', async () => {
    const { code, out } = await sandbox(['--date', '2026-03-03'], ['/today']);
    expect(code).toBe(0);
    const [start, today] = out.split(/^you › /m);
    const sends = (start!.match(/^── channel .*$/gm) ?? []).filter((l) => !l.includes('· edited'));
    expect(sends).toHaveLength(1);
    expect(start).toMatch(/posting 2026-03-03-freight now \(1 rich message\)/);
    expect(sends[0]).toMatch(/rich message · [\d,]+\/32,768 characters · \d+\/500 blocks · depth \d+\/16/);
    expect(start).toMatch(/^# .+$/m);
    expect(start).toMatch(/^### .*Grain wagons/m);
    expect(start).not.toContain('✗ Telegram refused');
    expect(today).toMatch(/^── bot .*rich message · /m);
  }, 90_000);
});
