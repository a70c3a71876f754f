import { describe, expect, it } from 'vitest';
import {
  beijingTime,
  daysInMonth,
  formatDate,
  isLeapYear,
  isRealDate,
  parseDate,
  splitIsoDate,
  todayIso,
} from './dates';

describe('isLeapYear / daysInMonth / isRealDate', () => {
  it('follows the Gregorian rules', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });
  it('knows month lengths', () => {
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
    expect(daysInMonth(2024, 13)).toBe(0);
  });
  it('rejects impossible parts', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(isRealDate(2024, 0, 1)).toBe(false);
    expect(isRealDate(2024, 4, 31)).toBe(false);
    expect(isRealDate(2024, 1, 0)).toBe(false);
    expect(isRealDate(2024, 1.5, 1)).toBe(false);
    expect(isRealDate(999, 1, 1)).toBe(false);
  });
});

describe('parseDate: text forms', () => {
  it.each([
    ['2020-03-05', '2020-03-05'],
    ['2020-3-5', '2020-03-05'],
    ['2020/03/05', '2020-03-05'],
    ['2020/3/5', '2020-03-05'],
    ['2020.3.5', '2020-03-05'],
    ['2020.03.05', '2020-03-05'],
    ['20200305', '2020-03-05'],
    ['2020年3月5日', '2020-03-05'],
    ['2020年03月05日', '2020-03-05'],
    ['2020年3月5', '2020-03-05'],
    ['2020年12月31日', '2020-12-31'],
  ])('%j → %s', (raw, expected) => {
    expect(parseDate(raw)).toBe(expected);
  });

  it('ignores surrounding spaces, including the ideographic space', () => {
    expect(parseDate('  2020-03-05  ')).toBe('2020-03-05');
    expect(parseDate('\u30002020/3/5\u3000')).toBe('2020-03-05');
  });

  it('makes full-width digits and separators half-width', () => {
    expect(parseDate('２０２０－０３－０５')).toBe('2020-03-05');
    expect(parseDate('２０２０年３月５日')).toBe('2020-03-05');
    expect(parseDate('２０２０／３／５')).toBe('2020-03-05');
    expect(parseDate('２０２０．３．５')).toBe('2020-03-05');
    expect(parseDate('２０２００３０５')).toBe('2020-03-05');
  });

  it('ignores a time of day after the date', () => {
    expect(parseDate('2020-03-05 00:00:00')).toBe('2020-03-05');
    expect(parseDate('2020/3/5 8:30')).toBe('2020-03-05');
    expect(parseDate('2020年3月5日 08:30:15')).toBe('2020-03-05');
    expect(parseDate('20200305 12:00')).toBe('2020-03-05');
    expect(parseDate('2020-03-05T00:00:00.000Z')).toBe('2020-03-05');
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('1900-02-29')).toBeNull();
    expect(parseDate('20230229')).toBeNull();
    expect(parseDate('2023年2月29日')).toBeNull();
  });

  it.each([
    '',
    '   ',
    '2020-13-01',
    '2020-00-10',
    '2020-04-31',
    '2020-01-32',
    '2020-01-00',
    '2020/3-5',
    '2020-03',
    '202035',
    '2020030',
    '202003051',
    '20-03-05',
    '05/03/2020',
    '2020-03-05 noon',
    'abc',
    '2020年3月',
    '二〇二〇年三月五日',
  ])('rejects %j', (raw) => {
    expect(parseDate(raw)).toBeNull();
  });
});

describe('parseDate: other values', () => {
  it('reads a Date (Excel date cell) in UTC', () => {
    expect(parseDate(new Date(Date.UTC(2020, 2, 5)))).toBe('2020-03-05');
    // Late in the UTC day, which is already the next day in China: still the UTC date.
    expect(parseDate(new Date('2020-03-05T23:30:00Z'))).toBe('2020-03-05');
    expect(parseDate(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
  });
  it('rejects an invalid Date', () => {
    expect(parseDate(new Date('nonsense'))).toBeNull();
  });
  it('reads an integer typed as YYYYMMDD', () => {
    expect(parseDate(20200305)).toBe('2020-03-05');
    expect(parseDate(20230229)).toBeNull();
  });
  it('does not guess at Excel serial numbers or fractions', () => {
    expect(parseDate(43895)).toBeNull();
    expect(parseDate(20200305.5)).toBeNull();
  });
  it('treats empty and non-date values as null', () => {
    expect(parseDate(undefined)).toBeNull();
    expect(parseDate(null)).toBeNull();
    expect(parseDate(true)).toBeNull();
    expect(parseDate({})).toBeNull();
  });
});

describe('formatDate / todayIso / splitIsoDate', () => {
  it('formats the UTC calendar day', () => {
    expect(formatDate(new Date('2026-09-01T00:00:00Z'))).toBe('2026-09-01');
    expect(formatDate(new Date('2026-08-31T23:59:59Z'))).toBe('2026-08-31');
    expect(formatDate(new Date(Date.UTC(2026, 0, 5)))).toBe('2026-01-05');
  });
  it('gives the date in China (UTC+8)', () => {
    expect(todayIso(new Date('2026-03-01T12:00:00Z'))).toBe('2026-03-01');
    expect(todayIso(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(todayIso(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });
  it('gives a moment in Beijing time, whatever the time zone it was written in', () => {
    // 22:30 UTC, when the morning's jobs run in Beijing: the next day there.
    expect(beijingTime('2026-12-02T22:30:05.123Z')).toBe('2026-12-03 06:30');
    expect(beijingTime('2026-12-02T22:30:05.123Z', { seconds: true })).toBe('2026-12-03 06:30:05');
    expect(beijingTime('2026-12-03T06:30:05+08:00')).toBe('2026-12-03 06:30');
    expect(beijingTime(new Date(Date.UTC(2026, 11, 31, 16, 0, 0)))).toBe('2027-01-01 00:00');
  });
  it('defaults to now', () => {
    expect(todayIso()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  it('splits only valid ISO dates', () => {
    expect(splitIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(splitIsoDate('2023-02-29')).toBeNull();
    expect(splitIsoDate('2024-2-29')).toBeNull();
  });
});
