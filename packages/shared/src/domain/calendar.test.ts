import { describe, expect, it } from 'vitest';
import {
  isSchoolDay,
  makeCalendar,
  previousSchoolDay,
  previousSchoolDays,
  schoolDaysBetween,
  schoolDaysOfTermUpTo,
  termOf,
  weekStart,
} from './calendar';

// 2026-2027: National Day week off (Thu 1 – Wed 7 October), with Sunday 27 September and
// Saturday 10 October worked instead; New Year's Day (a Friday) off.
const calendar = makeCalendar(
  [
    { schoolYear: 2026, term: 2, startsOn: '2027-02-24', endsOn: '2027-07-09' },
    { schoolYear: 2026, term: 1, startsOn: '2026-09-01', endsOn: '2027-01-22' },
  ],
  [
    ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((day) => ({
      day,
      kind: 'holiday' as const,
    })),
    { day: '2026-09-27', kind: 'makeup' as const },
    { day: '2026-10-10', kind: 'makeup' as const },
    { day: '2027-01-01', kind: 'holiday' as const },
  ],
);

describe('school days', () => {
  it('counts weekdays inside a term', () => {
    expect(isSchoolDay(calendar, '2026-11-30')).toBe(true); // Monday
    expect(isSchoolDay(calendar, '2026-11-27')).toBe(true); // Friday
  });

  it('skips weekends, holidays and breaks', () => {
    expect(isSchoolDay(calendar, '2026-11-28')).toBe(false); // Saturday
    expect(isSchoolDay(calendar, '2026-11-29')).toBe(false); // Sunday
    expect(isSchoolDay(calendar, '2026-10-05')).toBe(false); // Monday, holiday
    expect(isSchoolDay(calendar, '2027-01-01')).toBe(false); // Friday, New Year
    expect(isSchoolDay(calendar, '2026-08-31')).toBe(false); // Monday before term
    expect(isSchoolDay(calendar, '2027-02-01')).toBe(false); // Monday of the winter break
  });

  it('counts make-up weekend days', () => {
    expect(isSchoolDay(calendar, '2026-09-27')).toBe(true); // Sunday
    expect(isSchoolDay(calendar, '2026-10-10')).toBe(true); // Saturday
  });

  it('ignores a make-up mark outside a term', () => {
    const c = makeCalendar(calendar.terms, [{ day: '2026-08-29', kind: 'makeup' }]);
    expect(isSchoolDay(c, '2026-08-29')).toBe(false);
  });

  it('has no school days without a calendar', () => {
    const empty = makeCalendar([], []);
    expect(isSchoolDay(empty, '2026-11-30')).toBe(false);
    expect(previousSchoolDays(empty, '2026-11-30', 3)).toEqual([]);
  });
});

describe('terms', () => {
  it('finds the term of a day, in either order given', () => {
    expect(termOf(calendar, '2026-12-01')?.term).toBe(1);
    expect(termOf(calendar, '2027-03-01')?.term).toBe(2);
    expect(termOf(calendar, '2027-02-10')).toBeNull();
    expect(calendar.terms[0]?.term).toBe(1);
  });
});

describe('previous school days', () => {
  it('walks back over a weekend', () => {
    expect(previousSchoolDays(calendar, '2026-11-30', 3)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
  });

  it('walks back over the National Day week, counting the make-up Saturday', () => {
    expect(previousSchoolDays(calendar, '2026-10-12', 4)).toEqual([
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
    ]);
    expect(previousSchoolDays(calendar, '2026-10-08', 2)).toEqual(['2026-09-30', '2026-10-08']);
  });

  it('starts from the last school day when the day itself is none', () => {
    expect(previousSchoolDays(calendar, '2026-11-29', 2)).toEqual(['2026-11-26', '2026-11-27']);
  });

  it('crosses the winter break into the first term', () => {
    expect(previousSchoolDays(calendar, '2027-02-24', 2)).toEqual(['2027-01-22', '2027-02-24']);
  });

  it('returns fewer days at the start of the calendar', () => {
    expect(previousSchoolDays(calendar, '2026-09-02', 5)).toEqual(['2026-09-01', '2026-09-02']);
  });

  it('finds the school day before a day', () => {
    expect(previousSchoolDay(calendar, '2026-10-08')).toBe('2026-09-30');
    expect(previousSchoolDay(calendar, '2026-09-01')).toBeNull();
  });
});

describe('ranges', () => {
  it('lists the school days between two days', () => {
    expect(schoolDaysBetween(calendar, '2026-09-26', '2026-10-11')).toEqual([
      '2026-09-27',
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
  });

  it('lists the school days of the term so far', () => {
    expect(schoolDaysOfTermUpTo(calendar, '2026-09-04')).toEqual([
      '2026-09-01',
      '2026-09-02',
      '2026-09-03',
      '2026-09-04',
    ]);
    expect(schoolDaysOfTermUpTo(calendar, '2027-02-10')).toEqual([]);
  });

  it('starts a week on Monday', () => {
    expect(weekStart('2026-12-02')).toBe('2026-11-30');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
  });
});
