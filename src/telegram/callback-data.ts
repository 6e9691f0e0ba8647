/**
 * Inline button data: compact (Telegram allows 64 bytes), strictly parsed and
 * signed. The signature is 8 base64url characters of an HMAC-SHA256 keyed by
 * a secret derived from the bot token, so data a client forged or edited is
 * refused before any handler sees it, and nobody can make the bot look up
 * arbitrary days or pages through crafted callbacks.
 *
 * Wire format: `<body>:<sig>` with bodies
 *   l                      the latest report
 *   d:YYYY-MM-DD           a day's report
 *   t:YYYY-MM-DD:TAG:N     topic N of the report tagged TAG on that day
 *   p:YYYY-MM-DD:N         page N of a day's topic list
 *   a:N                    page N of the archive
 *   q:KEY:N                page N of a search kept under KEY in the store
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isCalendarDate } from '../content/timezone.js';

export type CallbackData =
  | { kind: 'latest' }
  | { kind: 'day'; day: string }
  | { kind: 'topic'; day: string; report: string; index: number }
  | { kind: 'topics'; day: string; page: number }
  | { kind: 'archive'; page: number }
  | { kind: 'search'; key: string; page: number };

export type CallbackKind = CallbackData['kind'];

export type Decoded = { ok: true; data: CallbackData } | { ok: false; reason: 'forged' | 'malformed' };

export interface CallbackCodec {
  /** The button's callback_data. Throws when it would exceed 64 bytes (a bug, not an input). */
  encode(data: CallbackData): string;
  /** Verify and parse what a button press carried. */
  decode(raw: string): Decoded;
}

export const MAX_CALLBACK_BYTES = 64;
const SIG_LENGTH = 8;
/** Pages and topic indexes: no leading zeros, so each value has exactly one spelling. */
const NUM = '(0|[1-9]\\d{0,3})';
const DAY = '(\\d{4})-(\\d{2})-(\\d{2})';
/** Base64url of a hash, as `reportTag` and search keys make them. */
const TAG = '([A-Za-z0-9_-]{4})';
const KEY = '([A-Za-z0-9_-]{8})';

const FRAME = new RegExp(`^([a-z][A-Za-z0-9:_-]*):([A-Za-z0-9_-]{${SIG_LENGTH}})$`);
const BODIES: Array<[RegExp, (m: RegExpExecArray) => CallbackData | undefined]> = [
  [/^l$/, () => ({ kind: 'latest' })],
  [new RegExp(`^d:${DAY}$`), (m) => withDay(m, (day) => ({ kind: 'day', day }))],
  [new RegExp(`^t:${DAY}:${TAG}:${NUM}$`), (m) => withDay(m, (day) => ({ kind: 'topic', day, report: m[4]!, index: Number(m[5]) }))],
  [new RegExp(`^p:${DAY}:${NUM}$`), (m) => withDay(m, (day) => ({ kind: 'topics', day, page: Number(m[4]) }))],
  [new RegExp(`^a:${NUM}$`), (m) => ({ kind: 'archive', page: Number(m[1]) })],
  [new RegExp(`^q:${KEY}:${NUM}$`), (m) => ({ kind: 'search', key: m[1]!, page: Number(m[2]) })],
];

function withDay(m: RegExpExecArray, make: (day: string) => CallbackData): CallbackData | undefined {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDate(year, month, day) ? make(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
}

function body(data: CallbackData): string {
  switch (data.kind) {
    case 'latest':
      return 'l';
    case 'day':
      return `d:${data.day}`;
    case 'topic':
      return `t:${data.day}:${data.report}:${data.index}`;
    case 'topics':
      return `p:${data.day}:${data.page}`;
    case 'archive':
      return `a:${data.page}`;
    case 'search':
      return `q:${data.key}:${data.page}`;
  }
}

/** A secret of its own for callback data: the token itself never keys anything visible. */
export function callbackSecret(token: string): Buffer {
  return createHmac('sha256', 'daily-report-bot/callback-data').update(token).digest();
}

/** A short, stable handle for a report in callback data (its id can be a long file name). */
export function reportTag(reportId: string): string {
  return createHash('sha256').update(reportId).digest('base64url').slice(0, 4);
}

/** A short, stable key for a search query (the query itself can be longer than 64 bytes). */
export function queryKey(normalizedQuery: string): string {
  return createHash('sha256').update(normalizedQuery).digest('base64url').slice(0, 8);
}

export function createCallbackCodec(secret: Buffer): CallbackCodec {
  const sign = (text: string): string => createHmac('sha256', secret).update(text).digest('base64url').slice(0, SIG_LENGTH);
  const decode = (raw: string): Decoded => {
    const frame = FRAME.exec(raw);
    if (!frame) return { ok: false, reason: 'malformed' };
    const [, text, sig] = frame as unknown as [string, string, string];
    if (!timingSafeEqual(Buffer.from(sig), Buffer.from(sign(text)))) return { ok: false, reason: 'forged' };
    for (const [re, parse] of BODIES) {
      const m = re.exec(text);
      if (!m) continue;
      const data = parse(m);
      return data ? { ok: true, data } : { ok: false, reason: 'malformed' };
    }
    return { ok: false, reason: 'malformed' };
  };
  return {
    decode,
    encode(data) {
      const text = body(data);
      const raw = `${text}:${sign(text)}`;
      // Both are bugs in the caller (a page or index out of range), never user input.
      if (Buffer.byteLength(raw) > MAX_CALLBACK_BYTES) throw new Error(`callback data over ${MAX_CALLBACK_BYTES} bytes: ${raw}`);
      if (!decode(raw).ok) throw new Error(`callback data does not parse back: ${raw}`);
      return raw;
    },
  };
}
