/**
 * The one assertion every fault case ends with: what the channel finally
 * holds is the report, every part in order, each once, except that a crash
 * (or an answer lost after Telegram acted on it) may repeat the one part
 * that was in flight, right after itself.
 *
 * Messages are compared as first sent: the table of contents is edited into
 * the opening message after a post completes, which is not a repeat.
 */
import { expect } from 'vitest';
import type { StoredMessage } from '../../src/standin/types.js';

export interface ReportCheck {
  /**
   * How many repeats are allowed: one per crash or ambiguous send that had a
   * part in flight. 0 (the default) means exactly once.
   */
  maxRepeats?: number;
}

/** A message's text as it was sent, before any edit. */
export function sentText(m: StoredMessage): string {
  const first = m.edits[0]?.before ?? m;
  return first.text ?? first.caption ?? '';
}

/** Each message as its 1-based part number, or `?<start of text>` for a message that is no part. */
export function asParts(messages: StoredMessage[], expected: string[]): Array<number | string> {
  return messages.map((m) => {
    const text = sentText(m);
    const i = expected.indexOf(text);
    return i >= 0 ? i + 1 : `?${text.slice(0, 40)}`;
  });
}

/**
 * Assert the channel holds `expected` (the parts' texts) completely, in
 * order, once each, with at most `maxRepeats` immediate repeats. Returns the
 * part numbers that were repeated, for cases that know which part was in flight.
 */
export function expectReportOnce(messages: StoredMessage[], expected: string[], check: ReportCheck = {}): number[] {
  const got = asParts(messages, expected);
  const want = expected.map((_, i) => i + 1);
  const strangers = got.filter((p) => typeof p === 'string');
  expect(strangers, `messages that are no part of the report; channel holds parts ${JSON.stringify(got)}`).toEqual([]);
  const deduped = got.filter((p, i) => i === 0 || p !== got[i - 1]);
  expect(deduped, `channel holds parts ${JSON.stringify(got)}: every part, in order, repeats only right after themselves`).toEqual(want);
  const repeated = got.filter((p, i) => i > 0 && p === got[i - 1]) as number[];
  expect(repeated.length, `channel holds parts ${JSON.stringify(got)}; repeated: ${JSON.stringify(repeated)}`).toBeLessThanOrEqual(
    check.maxRepeats ?? 0,
  );
  return repeated;
}
