/**
 * The loaded content, kept current: reloaded on demand (each scheduler tick,
 * /reload) and when files change. Lookups are by id and calendar day; the
 * messages of a report are rendered once per version and cached, so a reply
 * to /today costs nothing and is exactly what the channel got.
 */
import { type FSWatcher, watch } from 'node:fs';
import { type CachedFile, type ContentCache, type LoadedContent, loadContent } from '../content/load.js';
import { createMarkdown, createOutlineMarkdown } from '../content/markdown.js';
import { isPublished, type LoadProblem, type ProblemCode, type Report } from '../content/report.js';
import { createRenderer, type Renderer } from '../render/document.js';
import { type MessagePart, reportToParts } from '../render/messages.js';
import { createTopicIndex, type SearchPage, type TopicIndex, topicUnitTexts } from '../search/topic-index.js';
import { decodeIndex, encodeIndexParts, indexFingerprint } from '../search/topic-index-snapshot.js';
import type { IndexBuilder } from './index-builder.js';
import type { ReportParser, ReportRenderer } from './parse-pool.js';

/** Keeps the built topic index between runs (the SQLite content cache does), keyed by `indexFingerprint`. */
export interface IndexStore {
  /**
   * The saved bytes, as one buffer or in consecutive parts (ideally of `INDEX_PART_BYTES`: the
   * restored index then adopts each chunk's part); buffers of their own each call, which the
   * index restored from them keeps (see `decodeIndex`'s `adopt`).
   */
  loadIndex(fingerprint: string): Uint8Array | readonly Uint8Array[] | undefined;
  /**
   * Copy `bytes` (one buffer, or consecutive parts to be joined: see `encodeIndexParts`) before
   * returning: the parts may be the live index's own chunks.
   */
  saveIndex(fingerprint: string, bytes: Uint8Array | readonly Uint8Array[]): void;
  /** Whether any index is saved (of whatever reports): a first load may then take it over. */
  hasIndex?(): boolean;
}

export interface LibraryOptions {
  dir: string;
  timeZone: string;
  /** Parses files off the main thread (parse-pool.ts); default: on it. */
  parser?: ReportParser;
  /**
   * With `parser`: renders the large files it parses into messages off the main thread,
   * under the parser's deadline (parse-pool.ts), before a reload serves them; one that
   * cannot be rendered becomes a broken file. Other reports render on first use.
   */
  render?: ReportRenderer;
  /**
   * Remembers parsed files across reloads (default: in memory; `store/content-cache.ts` persists it).
   * `loading` and `loaded` bracket a load (the SQLite cache holds its rows until `loaded`, then
   * commits them and stops mapping its file); `settle` and `textsHeld`: see `settle` below.
   */
  cache?: ContentCache & Partial<IndexStore> & { loading?(): void; loaded?(): Promise<void>; settle?(): number; textsHeld?(): number };
  /**
   * Save the built topic index (through a cache that can keep it) only from
   * this many topics (default 2,000): below that, indexing takes less than
   * reading the saved one, whose fixed-size tables take a few MB.
   */
  saveIndexFromTopics?: number;
  /**
   * Builds a cold load's topic index on worker threads (index-builder.ts) instead of in slices
   * on this one; if it fails, this thread indexes after all. Used from `buildIndexFromTopics`
   * topics (default 2,000: below that, starting threads takes longer than indexing here).
   */
  buildIndex?: IndexBuilder;
  buildIndexFromTopics?: number;
  /** Called after each reload with what changed (for logs and metrics). */
  onReload?: (content: LoadedContent, error?: Error) => void;
}

export interface Library {
  readonly dir: string;
  readonly timeZone: string;
  /** The last successfully loaded content. */
  current(): LoadedContent;
  /** Rescan the folder now. A missing folder keeps the previous content and rethrows. */
  reload(): Promise<LoadedContent>;
  /**
   * Resolves once the last reload's after-work is done (and that of any reload that began while
   * waiting): its rows committed to the content cache, the topic index complete and saved, the
   * texts of a cold start dropped for those rows (see `settle`). A reload replies before that
   * work, so that a cold start serves readers sooner.
   */
  settled(): Promise<void>;
  /**
   * Resolves once the topic index holds every loaded report. A cold first load replies before
   * (it indexes in slices between other work, see `indexInSlices`); `search` called earlier
   * finishes the index on the spot, so await this first where blocking would matter.
   */
  indexed(): Promise<void>;
  byId(id: string): Report | undefined;
  /** Published reports of a calendar day, newest first. */
  onDay(day: string, now: Date): Report[];
  /** Published reports, newest first. */
  published(now: Date): Report[];
  /** The messages a report becomes (cached per id and content hash), rendered here and now. */
  parts(report: Report): MessagePart[];
  /**
   * The same messages, for the running bot: a large report not rendered yet (after a restart
   * from the content cache) is rendered off the main thread, under the renderer's deadline, so
   * a reader's /today never stalls the bot. Rejects with `UnrenderableReportError` for a
   * version the renderer refused; the next reload then lists it as a broken file.
   */
  render(report: Report): Promise<MessagePart[]>;
  /**
   * Topics of published reports matching `query` (a substring of two or more
   * characters, Simplified or Traditional, any case or width): title hits,
   * then tag hits, then body hits, newer reports first. Always from the whole
   * content: an index still being built is finished first (see `indexed`).
   */
  search(query: string, opts: { now: Date; limit?: number; offset?: number }): SearchPage;
  /**
   * `search` once the index is complete (`indexed`): what the bot's readers get, so that a
   * query right after a cold start waits for the slices instead of finishing them on its update's time.
   */
  searchWhenIndexed(query: string, opts: { now: Date; limit?: number; offset?: number }): Promise<SearchPage>;
  /** Rescan when files change (debounced). Returns a function that stops watching. */
  watch(debounceMs?: number): () => void;
}

/**
 * Files from this many bytes render off the main thread when a renderer is given: the
 * worst input seen renders at about 3.3 µs a byte (issue 9, 1 MB of `**a*`), so a smaller
 * one blocks for about 100 ms at most, and nearly every real report stays lazy.
 */
const RENDER_OFF_MAIN_BYTES = 32 * 1024;

/**
 * A cold load's indexing runs in slices of about this long, between the load's own work and the
 * bot's updates: a reader's /today waits at most this much for it.
 */
const INDEX_SLICE_MS = 10;

/** A load that parsed this many files keeps their texts only until it is committed (see `settle`). */
const SETTLE_FROM_FILES = 512;

/** A report version the renderer gave up on (past its deadline or memory cap). */
export class UnrenderableReportError extends Error {
  override name = 'UnrenderableReportError';
  constructor(readonly problem: LoadProblem) {
    super(`${problem.file}: ${problem.reason}`);
  }
}

/** A render failure as a broken file's problem (without the version it is of). */
const renderProblem = (file: string, failed: { reason: string; code?: ProblemCode | undefined }): LoadProblem => ({
  file,
  reason: failed.reason,
  ...(failed.code ? { code: failed.code } : {}),
});

/** What the worker needs to render a report: topic titles only (for the table of contents), not the bodies, often the whole text again. */
const forRendering = (r: Report): Report => ({ ...r, topics: r.topics.map((t) => ({ ...t, body: '' })) });

export function createLibrary(opts: LibraryOptions): Library {
  const md = createMarkdown();
  const outline = createOutlineMarkdown();
  const renderer: Renderer = createRenderer(md);
  // Unchanged files are neither reread nor reparsed, and the index is updated
  // per report, so a rescan of years of reports stays cheap.
  const files: ContentCache = opts.cache ?? new Map<string, CachedFile>();
  let index: TopicIndex = createTopicIndex();
  const indexStore = opts.cache?.loadIndex && opts.cache.saveIndex ? (opts.cache as IndexStore) : undefined;
  /** The fingerprint of the reports the saved index is of (undefined: not known to be saved). */
  let savedFingerprint: string | undefined;

  /** First load: take over the saved index when it is of exactly these reports. */
  const restoreIndex = (reports: readonly Report[]): boolean => {
    if (!indexStore) return false;
    const fingerprint = indexFingerprint(reports);
    const bytes = indexStore.loadIndex(fingerprint);
    if (!bytes) return false;
    try {
      index = createTopicIndex({ restore: { state: decodeIndex(bytes, true), reports } });
      savedFingerprint = fingerprint;
      return true;
    } catch {
      index = createTopicIndex(); // a damaged or foreign row: index from scratch
      return false;
    }
  };
  const saveIndex = (reports: readonly Report[]): void => {
    if (!indexStore) return;
    const fingerprint = indexFingerprint(reports);
    if (fingerprint === savedFingerprint || index.stats().topics < (opts.saveIndexFromTopics ?? 2000)) return;
    indexStore.saveIndex(fingerprint, encodeIndexParts(index.state()));
    savedFingerprint = fingerprint;
  };
  let content: LoadedContent = { reports: [], problems: [], warnings: [], ignored: [] };
  let byIdMap = new Map<string, Report>();
  const partsCache = new Map<string, { hash: string; parts: MessagePart[] }>();
  /** Versions that could not be rendered (by id): not tried again until the file changes. */
  const unrenderable = new Map<string, LoadProblem & { hash: string }>();
  /** Hashes of the large versions parsed by this scan (known by their bytes: a cached report's text is not read). */
  const large = new Set<string>();
  const parser: ReportParser | undefined =
    opts.parser && opts.render
      ? async (file, bytes, mtime, o) => {
          const result = await opts.parser!(file, bytes, mtime, o);
          if (result.ok && bytes.length >= RENDER_OFF_MAIN_BYTES) large.add(result.report.hash);
          return result;
        }
      : opts.parser;

  /**
   * Render the large reports of `loaded` not rendered yet off the main thread; the ones that
   * cannot be rendered leave the content as problems. Small reports render fast on first use.
   */
  /** Render `report` on the worker and keep what it gave: its messages, or why it has none (until the file changes). */
  const renderOnWorker = async (
    report: Report,
    render: ReportRenderer,
  ): Promise<{ ok: true; parts: MessagePart[] } | { ok: false; problem: LoadProblem }> => {
    const rendered = await render(forRendering(report));
    if (rendered.ok) {
      partsCache.set(report.id, { hash: report.hash, parts: rendered.parts });
      return rendered;
    }
    const problem = renderProblem(report.file, rendered);
    unrenderable.set(report.id, { ...problem, hash: report.hash });
    return { ok: false, problem };
  };

  const renderLarge = async (loaded: LoadedContent): Promise<LoadedContent> => {
    if (!opts.render) return loaded;
    const problems: LoadProblem[] = [];
    const ids = new Set(loaded.reports.map((r) => r.id));
    for (const id of unrenderable.keys()) if (!ids.has(id)) unrenderable.delete(id);
    for (const r of loaded.reports) {
      const failed = unrenderable.get(r.id);
      if (failed?.hash === r.hash) problems.push(failed);
      if (failed?.hash === r.hash || !large.has(r.hash) || partsCache.get(r.id)?.hash === r.hash) continue;
      const rendered = await renderOnWorker(r, opts.render);
      if (!rendered.ok) problems.push(rendered.problem);
    }
    large.clear();
    if (problems.length === 0) return loaded;
    const broken = new Set(problems.map((p) => p.file));
    return { ...loaded, reports: loaded.reports.filter((r) => !broken.has(r.file)), problems: [...loaded.problems, ...problems] };
  };
  let loading: Promise<LoadedContent> | null = null;
  let afterLoad: Promise<void> = Promise.resolve();

  /**
   * Reports a cold load has still to index, in order from `backlogAt`. Indexing ten years of
   * reports takes this thread 2-4 s, as long as reading and parsing them: a cold load replies once
   * its files are parsed and indexes them after (see `indexed`), on worker threads (`buildIndex`)
   * or, without them, in slices between the bot's updates. Indexing while the files came in made
   * the load wait for it: this thread also feeds the parser.
   */
  let backlog: readonly Report[] = [];
  let backlogAt = 0;
  /** Settles when the slices have emptied the backlog (or stopped at a report the index cannot hold). */
  let indexing: Promise<void> = Promise.resolve();
  let slicing = false;

  /** Index the backlog's next reports for about `ms` (Infinity: all); whether it is empty now. */
  const indexBacklog = (ms: number): boolean => {
    const until = performance.now() + ms;
    while (backlogAt < backlog.length) {
      index.upsert(backlog[backlogAt]!); // one the index cannot hold stays next: `search` meets it again and throws
      backlogAt++;
      if (backlogAt < backlog.length && performance.now() >= until) return false;
    }
    backlog = []; // not kept: a settled load's reports are others, these hold their texts
    backlogAt = 0;
    return true;
  };
  /**
   * Take over the index of `reports` built on workers, unless this thread indexed them meanwhile
   * (a `search` finishes the backlog on the spot). A build that fails leaves them to the slices.
   */
  const indexOffMain = async (reports: readonly Report[], build: IndexBuilder): Promise<void> => {
    const texts = topicUnitTexts(reports); // a title and a body per topic
    if (texts.length / 2 < (opts.buildIndexFromTopics ?? 2000)) return;
    try {
      const grams = await build(texts);
      if (backlog !== reports || backlogAt !== 0) return;
      index = createTopicIndex({ built: { grams, reports } });
      backlog = [];
    } catch {
      // Indexed in slices here instead: the same index, later.
    }
  };
  const indexInSlices = (reports: readonly Report[]): void => {
    backlog = reports;
    backlogAt = 0;
    if (slicing) return;
    slicing = true;
    indexing = (async () => {
      try {
        if (opts.buildIndex) await indexOffMain(reports, opts.buildIndex);
        while (!indexBacklog(INDEX_SLICE_MS)) await new Promise<void>((resolve) => setImmediate(resolve));
      } catch {
        // Left at that report (see indexBacklog); the after-work neither saves nor settles a partial index.
      } finally {
        slicing = false;
      }
    })();
  };

  /**
   * After a load that parsed many files (a cold start), serve what a warm restart would: the
   * cache's reports, whose texts are read on demand once their rows are committed, and an index
   * that folds texts when a query needs them. Otherwise ten years of texts stay in memory twice
   * (the reports', the index's), ~470 MB resident, until the next restart. Same reports, same answers.
   */
  const settle = (): void => {
    const cache = opts.cache;
    if (!cache?.settle || (cache.textsHeld?.() ?? 0) < SETTLE_FROM_FILES) return;
    if (cache.settle() === 0) return;
    const lazy = new Map<string, Report>();
    for (const file of new Set(content.reports.map((r) => r.file)))
      for (const r of files.get(file)?.result.reports ?? []) lazy.set(r.id, r);
    const reports = content.reports.map((r) => (lazy.get(r.id)?.hash === r.hash ? lazy.get(r.id)! : r));
    index.adopt(reports);
    content = { ...content, reports };
    byIdMap = new Map(reports.map((r) => [r.id, r]));
  };

  /**
   * What a load leaves for after its reply (a cold start is ready ~1 s sooner): finish the index,
   * commit its rows, save the index, and settle. The index first: readers' /topic waits for it,
   * while the rows only spare the next start a parse. A newer load that began meanwhile does the
   * last two itself.
   */
  const finishLoad = async (): Promise<void> => {
    await indexing;
    await opts.cache?.loaded?.();
    if (loading || backlogAt < backlog.length) return;
    try {
      saveIndex(content.reports);
      settle();
    } catch {
      // Unsaved: indexed again next start. Unsettled: the texts stay in memory.
    }
  };

  const reload = async (): Promise<LoadedContent> => {
    // Concurrent callers share one scan.
    loading ??= (async () => {
      await indexing; // the reconciliation below compares with what the index holds
      opts.cache?.loading?.();
      /**
       * A first load that parses on a worker (the bot's) replies before it has indexed (see
       * `backlog`). Without one (the command line, tests) it indexes before replying, and with a
       * saved index (files touched but not changed, parsed again) the load may take that over.
       */
      const indexAfter = byIdMap.size === 0 && parser !== undefined && !indexStore?.hasIndex?.();
      try {
        const next = await renderLarge(
          await loadContent(opts.dir, {
            timeZone: opts.timeZone,
            md,
            outline,
            cache: files,
            ...(parser ? { parser } : {}),
          }),
        );
        content = next;
        const previous = byIdMap;
        byIdMap = new Map(next.reports.map((r) => [r.id, r]));
        if (indexAfter) indexInSlices(next.reports);
        else if (previous.size > 0 || !restoreIndex(next.reports)) {
          for (const id of previous.keys()) if (!byIdMap.has(id)) index.remove(id);
          for (const r of next.reports) if (previous.get(r.id) !== r) index.upsert(r);
        }
        for (const id of partsCache.keys()) if (!byIdMap.has(id)) partsCache.delete(id);
        afterLoad = finishLoad();
        opts.onReload?.(next);
        return next;
      } catch (err) {
        afterLoad = opts.cache?.loaded?.() ?? Promise.resolve(); // what was parsed before it failed
        opts.onReload?.(content, err as Error);
        throw err;
      } finally {
        loading = null;
      }
    })();
    return loading;
  };

  const partsHere = (report: Report): MessagePart[] => {
    const cached = partsCache.get(report.id);
    if (cached && cached.hash === report.hash) return cached.parts;
    const parts = reportToParts(report, renderer);
    partsCache.set(report.id, { hash: report.hash, parts });
    return parts;
  };
  /** Renders in flight on the worker, by id and hash: two readers asking at once share one. */
  const inFlight = new Map<string, Promise<MessagePart[]>>();
  const renderOffMain = (report: Report, render: ReportRenderer): Promise<MessagePart[]> => {
    const key = `${report.id}\0${report.hash}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        try {
          const rendered = await renderOnWorker(report, render);
          if (rendered.ok) return rendered.parts;
          // The next reload drops it from the content and lists it as broken (renderLarge).
          void reload().catch(() => undefined);
          throw new UnrenderableReportError(rendered.problem);
        } finally {
          inFlight.delete(key);
        }
      })();
      inFlight.set(key, pending);
    }
    return pending;
  };

  const search: Library['search'] = (query, { now, limit, offset }) => {
    indexBacklog(Infinity); // a cold load's index not finished yet: finish it now, answers are of every report
    return index.search(query, {
      publishedBy: now, // isPublished, from times the index keeps: no call per report
      ...(limit !== undefined ? { limit } : {}),
      ...(offset !== undefined ? { offset } : {}),
    });
  };

  const published = (now: Date): Report[] => content.reports.filter((r) => isPublished(r, now)).reverse();

  return {
    dir: opts.dir,
    timeZone: opts.timeZone,
    current: () => content,
    reload,
    async settled() {
      // The after-work of the last load, including one that began meanwhile (it does the earlier's part).
      for (;;) {
        const seen = afterLoad;
        await seen;
        await loading?.catch(() => undefined);
        if (seen === afterLoad && !loading) return;
      }
    },
    indexed: () => indexing,
    byId: (id) => byIdMap.get(id),
    onDay: (day, now) => published(now).filter((r) => r.date === day),
    published,
    parts: partsHere,
    async render(report) {
      const cached = partsCache.get(report.id);
      if (cached && cached.hash === report.hash) return cached.parts;
      const failed = unrenderable.get(report.id);
      if (failed?.hash === report.hash) throw new UnrenderableReportError(renderProblem(failed.file, failed));
      if (!opts.render || Buffer.byteLength(report.body) < RENDER_OFF_MAIN_BYTES) return partsHere(report);
      return renderOffMain(report, opts.render);
    },
    search,
    async searchWhenIndexed(query, o) {
      await indexing;
      return search(query, o);
    },
    watch(debounceMs = 300) {
      let timer: NodeJS.Timeout | undefined;
      let watcher: FSWatcher | undefined;
      try {
        watcher = watch(opts.dir, () => {
          clearTimeout(timer);
          timer = setTimeout(() => void reload().catch(() => undefined), debounceMs);
        });
        watcher.on('error', () => undefined);
      } catch {
        // No watching (folder missing, or platform limits): ticks and /reload still rescan.
      }
      return () => {
        clearTimeout(timer);
        watcher?.close();
      };
    },
  };
}
