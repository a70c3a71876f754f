import { describe, expect, it } from 'vitest';
import {
  COMPULSORY_AGE_DEFAULT,
  ageInSchoolYear,
  ageReferenceDate,
  isCompulsoryAge,
  schoolYearLabel,
  schoolYearOf,
} from './school-year';

describe('ageInSchoolYear', () => {
  it('counts completed years on 31 August', () => {
    expect(ageInSchoolYear('2020-08-31', 2026)).toBe(6);
    expect(ageInSchoolYear('2020-09-01', 2026)).toBe(5);
    expect(ageInSchoolYear('2020-01-01', 2026)).toBe(6);
    expect(ageInSchoolYear('2020-12-31', 2026)).toBe(5);
    expect(ageInSchoolYear('2011-08-31', 2026)).toBe(15);
    expect(ageInSchoolYear('2010-09-01', 2026)).toBe(15);
    expect(ageInSchoolYear('2010-08-31', 2026)).toBe(16);
  });
  it('handles 29 February births in leap and common years', () => {
    expect(ageInSchoolYear('2020-02-29', 2026)).toBe(6); // 2026 is a common year
    expect(ageInSchoolYear('2020-02-29', 2028)).toBe(8); // 2028 is a leap year
    expect(ageInSchoolYear('2016-02-29', 2026)).toBe(10);
  });
  it('is zero or negative for children born around or after the reference day', () => {
    expect(ageInSchoolYear('2026-08-31', 2026)).toBe(0);
    expect(ageInSchoolYear('2026-09-01', 2026)).toBe(-1);
  });
  it('throws on a malformed date', () => {
    expect(() => ageInSchoolYear('2020/08/31', 2026)).toThrow(RangeError);
    expect(() => ageInSchoolYear('2023-02-29', 2026)).toThrow(RangeError);
  });
});

describe('schoolYearOf', () => {
  it('turns on 1 September', () => {
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    expect(schoolYearOf('2026-09-01')).toBe(2026);
    expect(schoolYearOf('2026-12-31')).toBe(2026);
    expect(schoolYearOf('2027-01-01')).toBe(2026);
    expect(schoolYearOf('2027-08-31')).toBe(2026);
  });
  it('throws on a malformed date', () => {
    expect(() => schoolYearOf('not a date')).toThrow(RangeError);
  });
});

describe('ageReferenceDate', () => {
  it('is 31 August of the school year', () => {
    expect(ageReferenceDate(2026)).toBe('2026-08-31');
  });
});

describe('isCompulsoryAge', () => {
  it('covers 6 to 15 inclusive by default', () => {
    expect(COMPULSORY_AGE_DEFAULT).toEqual({ min: 6, max: 15 });
    expect(isCompulsoryAge(5)).toBe(false);
    expect(isCompulsoryAge(6)).toBe(true);
    expect(isCompulsoryAge(10)).toBe(true);
    expect(isCompulsoryAge(15)).toBe(true);
    expect(isCompulsoryAge(16)).toBe(false);
    expect(isCompulsoryAge(-1)).toBe(false);
  });
  it('follows a county range', () => {
    expect(isCompulsoryAge(16, { min: 7, max: 16 })).toBe(true);
    expect(isCompulsoryAge(6, { min: 7, max: 16 })).toBe(false);
  });
  it('works with ageInSchoolYear at the boundaries', () => {
    expect(isCompulsoryAge(ageInSchoolYear('2020-08-31', 2026))).toBe(true);
    expect(isCompulsoryAge(ageInSchoolYear('2020-09-01', 2026))).toBe(false);
    expect(isCompulsoryAge(ageInSchoolYear('2010-09-01', 2026))).toBe(true);
    expect(isCompulsoryAge(ageInSchoolYear('2010-08-31', 2026))).toBe(false);
  });
});

describe('schoolYearLabel', () => {
  it('names both calendar years', () => {
    expect(schoolYearLabel(2026)).toBe('2026-2027学年');
    expect(schoolYearLabel(1999)).toBe('1999-2000学年');
  });
});
