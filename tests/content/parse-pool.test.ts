/**
 * Parsing on a worker with a deadline (issue 9: "If a file can still take
 * long, load it off the main thread with a deadline").
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMarkdown, createOutlineMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import { createParsePool, type ParsePool } from '../../src/library/parse-pool.js';
import { aliasBomb, HOSTILE_CASES } from '../fixtures/hostile/cases.js';

const GOOD = Buffer.from('---\ntitle: T\ntags: [a]\n---\n# T\n\n## S\n\n### One\n\nbody\n');
const mtime = new Date('2026-11-29T00:00:00Z');
const opts = { timeZone: 'UTC', maxBytes: 1024 * 1024 };

let pool: ParsePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('parse pool', () => {
  it('gives the same result as parsing on the main thread', async () => {
    pool = createParsePool({ timeoutMs: 10_000, memoryMb: 128 });
    const here = parseReport('2026-11-29-a.md', GOOD, mtime, { ...opts, md: createMarkdown(), outline: createOutlineMarkdown() });
    expect(await pool.parse('2026-11-29-a.md', GOOD, mtime, opts)).toEqual(here);
    expect(await pool.parse('2026-11-29-bomb.md', Buffer.from(aliasBomb()), mtime, opts)).toMatchObject({
      ok: false,
      problem: { reason: expect.stringContaining('YAML alias') },
    });
  }, 60_000);

  it('stops a worker left idle and starts one again for the next file', async () => {
    pool = createParsePool({ timeoutMs: 10_000, memoryMb: 128, idleMs: 200 });
    expect(pool.workers()).toBe(0);
    expect(await pool.parse('2026-11-29-a.md', GOOD, mtime, opts)).toMatchObject({ ok: true });
    expect(pool.workers()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await pool.parse('2026-11-29-a.md', GOOD, mtime, opts)).toMatchObject({ ok: true }); // not stopped yet
    expect(pool.workers()).toBe(1);
    await expect.poll(() => pool!.workers(), { timeout: 5_000 }).toBe(0);
    expect(await pool.parse('2026-11-29-a.md', GOOD, mtime, opts)).toMatchObject({ ok: true });
    expect(pool.workers()).toBe(1);
  }, 60_000);

  it('reports a file past the deadline as broken, and the next file is parsed by a fresh worker', async () => {
    pool = createParsePool({ timeoutMs: 1, memoryMb: 128 });
    const slow = Buffer.from(HOSTILE_CASES.find((c) => c.name === 'deep quotes')!.text());
    expect(await pool.parse('2026-11-29-slow.md', slow, mtime, opts)).toEqual({
      ok: false,
      problem: {
        file: '2026-11-29-slow.md',
        reason: 'reading the file took longer than 1 ms; it was skipped (a hostile or broken file?)',
        code: 'parse-timeout',
      },
    });
    await pool.close();
    pool = createParsePool({ timeoutMs: 10_000, memoryMb: 128 });
    expect(await pool.parse('2026-11-29-a.md', GOOD, mtime, opts)).toMatchObject({ ok: true });
  }, 60_000);

  it('recovers within one pool after a timeout', async () => {
    // 'deep quotes' parses in ~270-370 ms; a tiny file in a few: 150 ms parts them with room both ways.
    pool = createParsePool({ timeoutMs: 150, memoryMb: 128 });
    const slow = Buffer.from(HOSTILE_CASES.find((c) => c.name === 'deep quotes')!.text());
    const [a, b] = await Promise.all([
      pool.parse('2026-11-29-slow.md', slow, mtime, opts),
      pool.parse('2026-11-29-a.md', GOOD, mtime, opts),
    ]);
    expect(a).toMatchObject({ ok: false, problem: { reason: expect.stringContaining('took longer than 150 ms') } });
    expect(b).toMatchObject({ ok: true, report: { title: 'T' } });
  }, 60_000);

  it('hands the worker the next files while it parses one, so it need not wait for this thread between files', async () => {
    pool = createParsePool({ timeoutMs: 10_000, memoryMb: 128 });
    expect(await pool.parse('2026-11-29-a.md', GOOD, mtime, opts)).toMatchObject({ ok: true }); // booted
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const results = [1, 2, 3, 4, 5].map((d) => pool!.parse(`2026-11-0${d}-a.md`, GOOD, mtime, opts));
      expect(posted).toHaveBeenCalledTimes(5); // all at once, before any reply
      expect((await Promise.all(results)).map((r) => r.ok)).toEqual([true, true, true, true, true]);
    } finally {
      posted.mockRestore();
    }
  });

  it('after a timeout, gives the files that waited behind it to a fresh worker, in order', async () => {
    pool = createParsePool({ timeoutMs: 150, memoryMb: 128 });
    const slow = Buffer.from(HOSTILE_CASES.find((c) => c.name === 'deep quotes')!.text());
    const [a, b, c] = await Promise.all([
      pool.parse('2026-11-29-slow.md', slow, mtime, opts),
      pool.parse('2026-11-29-b.md', GOOD, mtime, opts),
      pool.parse('2026-11-29-c.md', Buffer.from('# C\n\n### Third\n\nbody'), mtime, opts),
    ]);
    expect(a).toMatchObject({ ok: false, problem: { file: '2026-11-29-slow.md', code: 'parse-timeout' } });
    expect(b).toMatchObject({ ok: true, report: { file: '2026-11-29-b.md', title: 'T' } });
    expect(c).toMatchObject({ ok: true, report: { file: '2026-11-29-c.md', title: 'C' } });
  }, 60_000);

  it('closing resolves what is queued as a problem instead of hanging', async () => {
    pool = createParsePool({ timeoutMs: 10_000, memoryMb: 128 });
    const pending = pool.parse('2026-11-29-a.md', GOOD, mtime, opts);
    await pool.close();
    expect(await pending).toMatchObject({ ok: false, problem: { reason: 'the bot is shutting down', code: 'parse-stopped' } });
  });
});

describe('loading with a parser that can be cut short', () => {
  it('does not remember a parse cut short by the deadline: the next scan tries the file again', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadContent } = await import('../../src/content/load.js');
    const dir = mkdtempSync(join(tmpdir(), 'drb-cut-short-'));
    writeFileSync(join(dir, '2026-11-29-a.md'), GOOD);
    let calls = 0;
    const parser = async (file: string) => {
      calls++;
      return calls === 1
        ? { ok: false as const, problem: { file, reason: 'reading the file took longer than 1 ms', code: 'parse-timeout' as const } }
        : parseReport(file, GOOD, mtime, { ...opts, md: createMarkdown(), outline: createOutlineMarkdown() });
    };
    const cache = new Map();
    expect((await loadContent(dir, { timeZone: 'UTC', cache, parser })).problems).toHaveLength(1);
    expect((await loadContent(dir, { timeZone: 'UTC', cache, parser })).reports).toHaveLength(1);
    expect((await loadContent(dir, { timeZone: 'UTC', cache, parser })).reports).toHaveLength(1);
    expect(calls).toBe(2); // the good result is remembered
  });
});
