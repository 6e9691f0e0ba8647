import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CallbackData, callbackSecret, createCallbackCodec, queryKey, reportTag } from '../../src/telegram/callback-data.js';

const codec = createCallbackCodec(callbackSecret('123:token-one'));
const other = createCallbackCodec(callbackSecret('123:token-two'));

const samples: CallbackData[] = [
  { kind: 'latest' },
  { kind: 'day', day: '2026-01-07' },
  {
    kind: 'topic',
    day: '2024-02-29',
    report: reportTag('a-very-long-report-file-name-that-would-never-fit-in-callback-data-2026-01-07'),
    index: 9999,
  },
  { kind: 'topics', day: '2026-12-31', page: 0 },
  { kind: 'archive', page: 12 },
  { kind: 'search', key: queryKey('市场观察：成交平稳，资金面保持宽松，市场情绪整体稳定'), page: 3 },
];

describe('callback data', () => {
  it('round-trips every kind within 64 bytes', () => {
    for (const data of samples) {
      const raw = codec.encode(data);
      expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(64);
      expect(codec.decode(raw)).toEqual({ ok: true, data });
    }
    expect(codec.encode({ kind: 'day', day: '2026-01-07' })).toMatch(/^d:2026-01-07:[A-Za-z0-9_-]{8}$/);
  });

  it('refuses data signed with another key, or edited after signing', () => {
    for (const data of samples) expect(codec.decode(other.encode(data))).toEqual({ ok: false, reason: 'forged' });
    const raw = codec.encode({ kind: 'day', day: '2026-01-07' });
    expect(codec.decode(raw.replace('01-07', '01-08'))).toEqual({ ok: false, reason: 'forged' });
    const sig = raw.slice(-8);
    expect(codec.decode(`a:0:${sig}`)).toEqual({ ok: false, reason: 'forged' });
  });

  it('parses strictly: shapes, leading zeros, impossible days and unsigned data are refused', () => {
    for (const raw of [
      '',
      'l',
      'd:2026-01-07',
      'l:short',
      'l:AAAAAAAA:extra',
      'L:AAAAAAAA',
      'd:2026-1-7:AAAAAAAA',
      'a:01:AAAAAAAA',
      'a:-1:AAAAAAAA',
      `${'a'.repeat(200)}:AAAAAAAA`,
      'q:short:0:AAAAAAAA',
      'd:2026-01-07\n:AAAAAAAA',
    ]) {
      expect(codec.decode(raw).ok, raw).toBe(false);
    }
    // Validly signed but impossible (only a bug could sign it): the calendar check still refuses it.
    const signed = (body: string): string =>
      `${body}:${createHmac('sha256', callbackSecret('123:token-one')).update(body).digest('base64url').slice(0, 8)}`;
    expect(codec.decode(signed('d:2026-01-07'))).toEqual({ ok: true, data: { kind: 'day', day: '2026-01-07' } });
    expect(codec.decode(signed('d:2026-02-30'))).toEqual({ ok: false, reason: 'malformed' });
    expect(codec.decode(signed('z:1'))).toEqual({ ok: false, reason: 'malformed' });
    expect(() => codec.encode({ kind: 'day', day: '2026-02-30' })).toThrow(/does not parse back/);
    expect(() => codec.encode({ kind: 'archive', page: 10_000 })).toThrow(/does not parse back/);
  });

  it('keys and tags are short, stable and base64url', () => {
    expect(reportTag('x')).toBe(reportTag('x'));
    expect(reportTag('x')).toMatch(/^[A-Za-z0-9_-]{4}$/);
    expect(queryKey('芯片')).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(queryKey('芯片')).not.toBe(queryKey('芯'));
  });
});
