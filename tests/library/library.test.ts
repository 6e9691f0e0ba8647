import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../src/library/library.js';

const NOW = new Date('2026-03-01T00:00:00Z');

function folder() {
  const dir = mkdtempSync(join(tmpdir(), 'drb-library-'));
  writeFileSync(join(dir, '2026-01-01-a.md'), '# A\n\n### 輝達財報\n\ntext one\n\n### Rates\n\ntext two');
  writeFileSync(join(dir, '2026-01-02-b.md'), '# B\n\n### 黄仁勋访华\n\nbody');
  writeFileSync(join(dir, '2026-12-31-future.md'), '# Future\n\n### 辉达未来\n\nlater');
  return dir;
}

describe('library', () => {
  it('searches published topics through the index, Simplified and Traditional alike', async () => {
    const lib = createLibrary({ dir: folder(), timeZone: 'UTC' });
    await lib.reload();
    expect(lib.search('辉达', { now: NOW }).hits.map((h) => h.topic.title)).toEqual(['輝達財報']);
    expect(lib.search('黃仁勳', { now: NOW }).hits.map((h) => h.topic.title)).toEqual(['黄仁勋访华']);
    expect(lib.search('rates', { now: NOW }).total).toBe(1);
  });

  it('rescans incrementally: unchanged files are reused, changed ones reindexed, deleted ones dropped', async () => {
    const dir = folder();
    const lib = createLibrary({ dir, timeZone: 'UTC' });
    await lib.reload();
    const a = lib.byId('2026-01-01-a')!;
    const b = lib.byId('2026-01-02-b')!;

    writeFileSync(join(dir, '2026-01-02-b.md'), '# B\n\n### 新标题\n\nbody');
    utimesSync(join(dir, '2026-01-02-b.md'), new Date('2026-02-01'), new Date('2026-02-01'));
    rmSync(join(dir, '2026-01-01-a.md'));
    writeFileSync(join(dir, '2026-01-03-c.md'), '# C\n\n### Rates again\n\nx');
    await lib.reload();

    expect(lib.byId('2026-01-01-a')).toBeUndefined();
    expect(lib.byId('2026-01-02-b')).not.toBe(b);
    expect(lib.search('黄仁勋', { now: NOW }).total).toBe(0);
    expect(lib.search('新标题', { now: NOW }).total).toBe(1);
    expect(lib.search('輝達', { now: NOW }).total).toBe(0);
    expect(lib.search('rates', { now: NOW }).hits.map((h) => h.report.id)).toEqual(['2026-01-03-c']);

    // A file untouched since the last scan is not parsed again: the same object comes back.
    const c = lib.byId('2026-01-03-c')!;
    await lib.reload();
    expect(lib.byId('2026-01-03-c')).toBe(c);
    expect(a.id).toBe('2026-01-01-a');
  });

  it('caches the messages of each report version', async () => {
    const lib = createLibrary({ dir: folder(), timeZone: 'UTC' });
    await lib.reload();
    const r = lib.byId('2026-01-01-a')!;
    expect(lib.parts(r)).toBe(lib.parts(r));
    expect(lib.published(NOW).map((x) => x.id)).toEqual(['2026-01-02-b', '2026-01-01-a']);
    expect(lib.onDay('2026-01-01', NOW).map((x) => x.id)).toEqual(['2026-01-01-a']);
  });
});
