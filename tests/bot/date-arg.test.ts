import { describe, expect, it } from 'vitest';
import { parseDateArg } from '../../src/bot/date-arg.js';

const TODAY = '2026-03-15';
const day = (input: string, today = TODAY): string | undefined => {
  const r = parseDateArg(input, today);
  return r.ok ? r.day : r.error;
};

describe('parseDateArg', () => {
  it('reads full dates in the usual spellings', () => {
    for (const input of ['2026-01-07', '2026/1/7', '2026.01.07', '2026年1月7日', ' 2026-01-07 ', '２０２６－０１－０７'])
      expect(day(input), input).toBe('2026-01-07');
    expect(day('2030-01-01')).toBe('2030-01-01'); // the future is a day too: it simply has no report yet
  });

  it('reads month and day as the most recent such day up to today', () => {
    expect(day('01-07')).toBe('2026-01-07');
    expect(day('1月7日')).toBe('2026-01-07');
    expect(day('3/15')).toBe('2026-03-15'); // today itself
    expect(day('03-16')).toBe('2025-03-16'); // still ahead this year
    expect(day('12月31号')).toBe('2025-12-31');
    expect(day('02-29')).toBe('2024-02-29'); // the last Feb 29
    expect(day('02-29', '2024-03-01')).toBe('2024-02-29');
  });

  it('tells impossible dates from unreadable ones', () => {
    for (const input of ['2026-02-30', '2026-13-01', '2026-00-10', '13-01', '02-30', '00-00', '4月31日'])
      expect(day(input), input).toBe('impossible');
    for (const input of ['', 'tomorrow', '2026-01', '1-2-3-4', '20260107', '<b>1-7</b>', '2026-01-07 extra'])
      expect(day(input), input).toBe('unreadable');
  });

  it('refuses over-long input before parsing it', () => {
    expect(day('1'.repeat(201))).toBe('too-long');
    expect(day(`${' '.repeat(196)}1-7`)).toBe('2026-01-07');
  });
});
