/**
 * Posting against the stand-in's flood limits: real pacing, and a scripted
 * 429 waited out.
 */
import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/publish/pacer.js';
import { createPublisher } from '../../src/publish/publisher.js';
import type { Standin } from '../../src/standin/server.js';
import { apiFor, CHANNEL, fileStore, longReport, partsOf, partTexts, rig, silentLogger, standin, texts } from './helpers.js';

const statuses = (s: Standin): number[] => s.allCalls().map((c) => c.status);

describe('pacing', () => {
  it('posts 5 parts under the default limits without a single 429, about 1 s apart', async () => {
    const s = await standin(); // Telegram's default limits: 1/s per chat (burst 3), 20/min per channel
    const { api, retries } = apiFor(s);
    const publisher = createPublisher({ api, store: await fileStore(), logger: silentLogger() }); // default pacer
    const report = longReport({ sections: 5 });
    const parts = partsOf(report);
    expect(await publisher.post(report, parts, CHANNEL)).toMatchObject({ status: 'posted', sent: 5 });
    expect(texts(s)).toEqual(partTexts(parts));
    expect(statuses(s).filter((x) => x !== 200)).toEqual([]);
    expect(retries).toEqual([]);
    const at = s.callsOf('sendMessage').map((c) => c.at);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(900);
    expect(at.at(-1)! - at[0]!).toBeLessThan(5000);
  });

  it('keeps to 20 per minute in a channel (stand-in clock running 60x fast)', async () => {
    // One real second is a stand-in minute, so its 20-per-minute window is 1 s of wall time.
    const s = await standin({ clock: () => Date.now() * 60 });
    const { api, retries } = apiFor(s);
    const pacer = createPacer({ minIntervalMs: 20, groupWindowMs: 1000, slackMs: 50 });
    const publisher = createPublisher({ api, store: await fileStore(), logger: silentLogger(), pacer });
    const parts = partsOf(longReport({ sections: 1 }));
    const many = Array.from({ length: 22 }, () => parts[0]!);
    const ids = await publisher.sendParts(CHANNEL, many);
    expect(ids).toHaveLength(22);
    expect(statuses(s).filter((x) => x !== 200)).toEqual([]);
    expect(retries).toEqual([]);
    const at = s.callsOf('sendMessage').map((c) => c.at / 60);
    expect(at[20]! - at[0]!).toBeGreaterThanOrEqual(1000);
  });
});

describe('flood and faults', () => {
  it('waits out an injected 429 and completes, nothing lost or doubled', async () => {
    const box: { s?: Standin } = {};
    const r = await rig({
      deps: {
        onPartSent: (i) => {
          if (i.index === 0) box.s?.failNext('sendMessage', { code: 429, retryAfter: 2 });
        },
      },
    });
    box.s = r.s;
    const report = longReport({ sections: 3 });
    const parts = partsOf(report);
    const started = Date.now();
    expect(await r.publisher.post(report, parts, CHANNEL)).toMatchObject({ status: 'posted', sent: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(texts(r.s)).toEqual(partTexts(parts));
    expect(r.s.callsOf('sendMessage').map((c) => c.status)).toEqual([200, 429, 200, 200]);
    expect(r.retries).toEqual([{ method: 'sendMessage', reason: '429', waitMs: 2000, attempt: 1 }]);
  });
});
