import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportParser } from '../../src/content/load.js';
import { createMarkdown, createOutlineMarkdown } from '../../src/content/markdown.js';
import { parseReport } from '../../src/content/parse-report.js';
import { createIndexBuilder } from '../../src/library/index-builder.js';
import { createLibrary } from '../../src/library/library.js';
import { GramIndex, type GramState } from '../../src/search/gram-index.js';

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

describe('library parsing on a worker (a first load indexed after its reply)', () => {
  // The pool's signature, on this thread: what matters is that the library is given a parser.
  const parser: ReportParser = async (file, bytes, mtime, o) => {
    await new Promise((r) => setTimeout(r, 1));
    return parseReport(file, bytes, mtime, { ...o, md: createMarkdown(), outline: createOutlineMarkdown() });
  };
  const QUERIES = ['辉达', '黃仁勳', 'rates', 'text', '重复', '标题'];
  const answers = (lib: ReturnType<typeof createLibrary>) =>
    QUERIES.map((q) => {
      const page = lib.search(q, { now: NOW });
      return [page.total, page.hits.map((h) => [h.report.id, h.report.file, h.index, h.field])];
    });

  it('answers exactly as a library that indexes after loading, with duplicate ids and a file that cannot be rendered', async () => {
    const dir = folder();
    // Two files with one id: only the first (by name) is loaded, though both were indexed as they arrived.
    writeFileSync(join(dir, '2026-01-04-dup.md'), '# D\n\n### 重复一\n\nfirst');
    writeFileSync(join(dir, '2026-01-04-dup.txt'), '重复标题二\n\nsecond text');
    const plain = createLibrary({ dir, timeZone: 'UTC' });
    const early = createLibrary({ dir, timeZone: 'UTC', parser });
    const [a, b] = [await plain.reload(), await early.reload()];
    expect(b.problems.map((p) => p.code)).toEqual(a.problems.map((p) => p.code));
    expect(b.problems.map((p) => p.code)).toContain('duplicate-id');
    expect(answers(early)).toEqual(answers(plain));
    expect(early.search('second', { now: NOW }).total).toBe(0); // the file that lost its id is not searchable

    // A large file that cannot be rendered leaves the content after it was indexed: it leaves the index too.
    writeFileSync(join(dir, '2026-01-05-big.md'), `# Big\n\n### 无法渲染\n\n${'长文'.repeat(20_000)}`);
    // What the workers built is what answers (here an empty index: nothing is found).
    const taken = createLibrary({ dir, timeZone: 'UTC', parser, buildIndex: async () => new GramIndex().state(), buildIndexFromTopics: 0 });
    await taken.reload();
    await taken.indexed();
    expect(taken.search('辉达', { now: NOW }).total).toBe(0);

    const failing = createLibrary({ dir, timeZone: 'UTC', parser, render: async () => ({ ok: false, reason: 'no' }) });
    const loaded = await failing.reload();
    expect(loaded.reports.map((r) => r.id)).not.toContain('2026-01-05-big');
    expect(failing.search('无法渲染', { now: NOW }).total).toBe(0);
    expect(answers(failing)).toEqual(answers(plain));
  });

  it('replies before its index is complete, indexes between other work, and answers as the scan whenever asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drb-library-slices-'));
    // ~200 reports of ~3,000 characters: indexing them takes many 10 ms slices.
    const words = ['英伟达', '美联储', '数据中心', '芯片', '黄仁勋', '利率', '市场', '重复', '标题', 'text', 'rates'];
    for (let i = 0; i < 200; i++) {
      const day = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
      const topics = Array.from({ length: 10 }, (_, t) => {
        const body = Array.from({ length: 60 }, (_, k) => words[(i * 7 + t * 3 + k) % words.length]).join('，');
        return `### ${words[(i + t) % words.length]}${i}-${t}\n\n${body}`;
      });
      writeFileSync(join(dir, `${day}-r.md`), `# R${i}\n\n${topics.join('\n\n')}`);
    }
    const plain = createLibrary({ dir, timeZone: 'UTC' });
    await plain.reload();
    const lib = createLibrary({ dir, timeZone: 'UTC', parser });
    await lib.reload();
    let complete = false;
    void lib.indexed().then(() => {
      complete = true;
    });
    // A timer (another update) runs between two slices, long before the index is complete.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(complete).toBe(false);
    // Asked now, the library finishes the index first: the answers are of every report.
    expect(answers(lib)).toEqual(answers(plain));
    await lib.indexed();
    expect(complete).toBe(true);
    expect(answers(lib)).toEqual(answers(plain));

    // Files change while a cold index is still being built: the rescan waits for it, then updates it.
    // The newest reports change (the slices reach them last): a rescan that did not wait would
    // update the index, and then the slices would put back their old versions.
    const again = createLibrary({ dir, timeZone: 'UTC', parser });
    await again.reload();
    writeFileSync(join(dir, '2025-07-19-r.md'), '# Changed\n\n### 量子纠缠\n\ntext');
    rmSync(join(dir, '2025-07-18-r.md'));
    await Promise.all([again.reload(), plain.reload()]);
    expect(again.search('量子纠缠', { now: NOW }).total).toBe(1);
    expect(answers(again)).toEqual(answers(plain));
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes over an index built on worker threads, or indexes here when the build fails or comes late', async () => {
    const dir = folder();
    const plain = createLibrary({ dir, timeZone: 'UTC' });
    await plain.reload();

    const onWorkers = createLibrary({
      dir,
      timeZone: 'UTC',
      parser,
      buildIndex: createIndexBuilder({ memoryMb: 128 }),
      buildIndexFromTopics: 0,
    });
    await onWorkers.reload();
    await onWorkers.indexed();
    expect(answers(onWorkers)).toEqual(answers(plain));

    const failing = createLibrary({
      dir,
      timeZone: 'UTC',
      parser,
      buildIndex: () => Promise.reject(new Error('out of memory')),
      buildIndexFromTopics: 0,
    });
    await failing.reload();
    await failing.indexed();
    expect(answers(failing)).toEqual(answers(plain));

    // Asked before the workers are done, the library indexes here; their index, come later, is not taken.
    let finish!: (grams: GramState) => void;
    const late = createLibrary({
      dir,
      timeZone: 'UTC',
      parser,
      buildIndex: () => new Promise<GramState>((resolve) => (finish = resolve)),
      buildIndexFromTopics: 0,
    });
    await late.reload();
    expect(answers(late)).toEqual(answers(plain));
    finish(new GramIndex().state()); // an empty index: taken over, every answer would be empty
    await late.indexed();
    expect(answers(late)).toEqual(answers(plain));

    // Too few topics to be worth threads: indexed here.
    let asked = false;
    const small = createLibrary({
      dir,
      timeZone: 'UTC',
      parser,
      buildIndex: () => {
        asked = true;
        return Promise.reject(new Error('not wanted'));
      },
    });
    await small.reload();
    await small.indexed();
    expect(asked).toBe(false);
    expect(answers(small)).toEqual(answers(plain));
  });

  it('settles once the after-work of a reload that began meanwhile is done too', async () => {
    const events: string[] = [];
    const cache = Object.assign(new Map(), {
      loading: () => undefined,
      loaded: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push('committed');
      },
    });
    const lib = createLibrary({ dir: folder(), timeZone: 'UTC', parser, cache });
    await lib.reload();
    const settled = lib.settled().then(() => events.push('settled'));
    await lib.reload(); // before the first load's rows were committed
    await settled;
    expect(events).toEqual(['committed', 'committed', 'settled']);
  });
});
