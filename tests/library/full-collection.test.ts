/**
 * The collection the bot runs once a cold start has dropped its texts (app/full-collection.ts):
 * without it, an idle bot kept the garbage (and the pages holding it) for minutes.
 */
import { describe, expect, it } from 'vitest';
import { collectGarbageNow } from '../../src/app/full-collection.js';

describe('collectGarbageNow', () => {
  it('collects garbage now and gives back the heap it emptied, without exposing gc on this global', async () => {
    let garbage: string[] | undefined = Array.from({ length: 400_000 }, (_, i) => `文字${i}`.repeat(8));
    const before = process.memoryUsage();
    expect(garbage.length).toBe(400_000);
    garbage = undefined;
    expect(await collectGarbageNow()).toBe(true);
    const after = process.memoryUsage();
    // ~40 MB of strings: most of it gone from the heap, and from the pages V8 keeps.
    expect(before.heapUsed - after.heapUsed).toBeGreaterThan(25 * 1024 * 1024);
    expect(before.heapTotal - after.heapTotal).toBeGreaterThan(15 * 1024 * 1024);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
