/**
 * The bot with src/publish's real publisher: reader replies and /repost go
 * through its fallbacks and progress, and /status reads back what it recorded.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, CHANNELS, EN_READER, textOf, useHarness } from './harness.js';

const h = useHarness({ publisher: 'real' });

describe('with the real publisher', () => {
  it("a reader gets the channel's messages; a topic alone", async () => {
    const parts = h.library.parts(h.library.byId('2026-01-07-daily')!);
    expect((await h.send(EN_READER, '/latest')).map(textOf)).toEqual(parts.map((p) => p.text));
    expect((await h.send(EN_READER, '/topic openai')).map(textOf)).toEqual([
      'OpenAI 发布新模型\n2026-01-03 · 产业\n\n新模型在推理测试中表现更好。',
    ]);
  });

  it('/repost posts to both channels and /status shows the last post it recorded', async () => {
    await h.send(ADMIN, '/repost 2026-01-05');
    await h.background.idle();
    const parts = h.library.parts(h.library.byId('2026-01-05-notes')!);
    expect(h.s.messages(CHANNELS.daily).map(textOf)).toEqual(parts.map((p) => p.text));
    expect(h.s.messages(CHANNELS.other).map(textOf)).toEqual(parts.map((p) => p.text));
    expect(textOf(h.s.messages(ADMIN.id).at(-1)!)).toBe(
      [
        'Reposting "Digest of 2 articles" (2026-01-05) finished:', // issue 8: digest title
        `• @daily_report: 2026-01-05-notes posted ${parts.length}/${parts.length} messages`,
        `• ${CHANNELS.other}: 2026-01-05-notes posted ${parts.length}/${parts.length} messages`,
      ].join('\n'),
    );
    const [status] = await h.send(ADMIN, '/status');
    expect(textOf(status!)).toContain(
      `Last post per channel:\n• @daily_report: 2026-01-05-notes (2026-01-08 12:00)\n• ${CHANNELS.other}: 2026-01-05-notes (2026-01-08 12:00)`,
    );
  });
});
