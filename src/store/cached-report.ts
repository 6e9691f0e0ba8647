/**
 * A cached report without its text in memory. A warm start of a ten-year
 * archive needs every report's id, date, title, tags and topic titles (to
 * list days, post, order, fingerprint and show search hits), but the texts
 * (~90% of the bytes) only for the few reports a reader opens. So the
 * content cache keeps a small head per file and gives out reports whose
 * `body` and topic bodies are read from the full cached row on first use,
 * through a small LRU: the rest of the bot sees an ordinary `Report`.
 *
 * Pure apart from the `load` it is given.
 */
import type { LoadedContent } from '../content/load.js';
import type { Report, Topic } from '../content/report.js';

/** A report as the head row keeps it: everything but the texts; dates as ISO strings. */
export type ReportHead = Omit<Report, 'body' | 'topics' | 'publishAt'> & { publishAt: string; topics: Array<Omit<Topic, 'body'>> };

/** What the head row of a file holds: its load, with reports as heads. */
export interface FileHead {
  v: string;
  /** The file's stamp when it was loaded (see FileStamp in content/read-confined.ts): a warm start needs no other row. */
  size: number;
  mtimeMs: number;
  ino: number;
  /** The file's change time when it was loaded (see FileStamp in content/read-confined.ts). */
  ctimeMs?: number | undefined;
  reports: ReportHead[];
  problems: LoadedContent['problems'];
  warnings: LoadedContent['warnings'];
  ignored: LoadedContent['ignored'];
}

/** What a head row keeps of `report`: everything but its texts. */
export function reportHead({ body: _body, topics, publishAt, ...rest }: Report): ReportHead {
  return { ...rest, publishAt: publishAt.toISOString(), topics: topics.map(({ body: _text, ...topic }) => topic) };
}

export function toHead(
  result: LoadedContent,
  v: string,
  { size, mtimeMs, ino, ctimeMs }: { size: number; mtimeMs: number; ino: number; ctimeMs?: number | undefined },
): FileHead {
  const reports = result.reports.map(reportHead);
  return {
    v,
    size,
    mtimeMs,
    ino,
    ...(ctimeMs !== undefined ? { ctimeMs } : {}),
    reports,
    problems: result.problems,
    warnings: result.warnings,
    ignored: result.ignored,
  };
}

/** The text of a report: read when first needed. */
export interface ReportText {
  body: string;
  topics: Array<Pick<Topic, 'body'>>;
}

/** `target[key]` read through `get` until assigned (then a plain value). */
function lazyField(target: object, key: string, get: () => unknown): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get,
    set: (value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true }),
  });
}

/**
 * A `Report` of `head` whose `body` and topic bodies come from `text()`
 * (which caches or throws). Assigning one replaces it with a plain value.
 * The topics themselves are made from the head on first use (a search hit
 * shows titles only) and then kept: most reports of a long archive are
 * never asked for theirs.
 */
export function lazyReport(head: ReportHead, text: () => ReportText): Report {
  const { publishAt, topics, ...rest } = head;
  const report = { ...rest, publishAt: new Date(publishAt) } as Report;
  lazyField(report, 'body', () => text().body);
  lazyField(report, 'topics', () => {
    const made = topics.map((t, i) => {
      // Copied key by key into a literal, not spread: a spread copy gets a map of its own, and the
      // properties defined below then gave each of the ~64k topics of ten years its own hidden class
      // (~290 bytes a topic; built this way they share one, ~25 bytes).
      const topic = {} as Record<string, unknown>;
      for (const key in t) topic[key] = t[key as keyof typeof t];
      Object.defineProperty(topic, TEXT, { value: text });
      Object.defineProperty(topic, AT, { value: i });
      Object.defineProperty(topic, 'body', TOPIC_BODY);
      return topic as unknown as Topic;
    });
    report.topics = made;
    return made;
  });
  return report;
}

// A topic's lazy body: one getter and setter shared by every topic (reading
// its report's text and position from two hidden fields), so topics keep one
// shape instead of a closure and a slow dictionary object each.
const TEXT = Symbol('report text');
const AT = Symbol('topic index');
type LazyTopic = Topic & { [TEXT]: () => ReportText; [AT]: number };
const TOPIC_BODY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: LazyTopic) {
    return this[TEXT]().topics[this[AT]]!.body;
  },
  set(this: LazyTopic, value: unknown) {
    Object.defineProperty(this, 'body', { value, enumerable: true, configurable: true, writable: true });
  },
};

/** Read a lazy report's texts now and keep them in the report (a plain report is left as it is). */
export function pinText(report: Report): void {
  const pin = (o: { body: string }): void => {
    if (Object.getOwnPropertyDescriptor(o, 'body')?.get) {
      const text = o.body;
      o.body = text; // the setter replaces the getter with this value
    }
  };
  pin(report);
  report.topics.forEach(pin);
}

/** The few most recently read texts, by key: a small map kept in use order. */
export class TextLru<T> {
  private readonly items = new Map<string, T>();
  constructor(private readonly capacity: number) {}

  get(key: string, load: () => T): T {
    const hit = this.items.get(key);
    if (hit !== undefined) {
      this.items.delete(key);
      this.items.set(key, hit);
      return hit;
    }
    const value = load();
    this.items.set(key, value);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value!);
    return value;
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}
