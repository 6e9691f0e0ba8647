/** `report-bot preview --format rich`: the rich messages as an outline and as their sendRichMessage payloads. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { contentDir, seedFiles, seedsDir } from '../support/render.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => new Date('2026-11-20T12:00:00Z') });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('report-bot preview --format rich', () => {
  it('prints a readable outline with the counts against every limit, then the blocks as JSON', async () => {
    const r = await cli(['preview', join(contentDir, '2026-11-18-markets.md'), '--format', 'rich']);
    expect(r.code).toBe(0);
    const [outline, json] = r.out.split('── blocks (sendRichMessage payloads) ──\n');
    expect(outline).toMatch(
      /^── 1\/1 · rich message · notifies · [\d,]+\/32,768 characters · \d+\/500 blocks · depth \d+\/16 · 1\/50 media ──/,
    );
    expect(outline).toContain('[photo https://example.com/covers/2026-11-18.png]');
    expect(outline).toContain('\n# Chip exports tighten as central banks pause\n');
    expect(outline).toContain('\n## Policy and rates\n');
    expect(outline).toContain('### [Three central banks hold rates steady](https://example.com/rates-hold)');
    expect(outline).toMatch(/\n\| Company \| Exposure \| Guidance \|\n/);
    const payloads = JSON.parse(json!) as Array<{ method: string; rich_message: { blocks: unknown[] } }>;
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!.method).toBe('sendRichMessage');
    expect(payloads[0]!.rich_message.blocks.length).toBeGreaterThan(10);
  });

  it('--json prints only the payloads; POST_FORMAT=rich makes rich the default; a bad --format is refused', async () => {
    const file = join(contentDir, '2026-11-19-newswire.md');
    const json = await cli(['preview', file, '--format', 'rich', '--json']);
    expect(JSON.parse(json.out)[0].method).toBe('sendRichMessage');
    const byDefault = await cli(['preview', file, '--json'], { POST_FORMAT: 'rich' });
    expect(byDefault.out).toBe(json.out);
    expect(JSON.parse((await cli(['preview', file, '--json'])).out)[0].method).toBe('sendMessage');
    expect(await cli(['preview', file, '--format', 'fancy'])).toMatchObject({ code: 2 });
  });

  it('every seed is one rich message', async () => {
    for (const seed of seedFiles()) {
      const r = await cli(['preview', join(seedsDir, seed), '--format', 'rich', '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toHaveLength(1);
    }
  });
});

describe('report-bot post --dry-run with POST_FORMAT=rich', () => {
  it('prints the rich messages it would send, and the HTML fallback count', async () => {
    const r = await cli(['post', '--dry-run'], {
      CONTENT_DIR: contentDir,
      CHANNEL_ID: '@daily',
      POST_FORMAT: 'rich',
      TIMEZONE: 'Asia/Shanghai',
    });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^Would post 2026-11-\d\d-\w+ \(.*, 1 rich message, \d+ HTML messages? as the fallback\) to @daily unless already posted:/,
    );
    expect(r.out).toContain('── 1/1 · rich message · notifies · ');
    expect(r.out).toContain('"method": "sendRichMessage"');
  });
});
