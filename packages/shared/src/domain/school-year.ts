// School years and ages (RECONCILIATION.md, "School year and age").
import { splitIsoDate } from './dates';

export interface AgeRange {
  min: number;
  max: number;
}

/** Compulsory education covers ages 6 to 15 inclusive unless the county sets otherwise. */
export const COMPULSORY_AGE_DEFAULT: Readonly<AgeRange> = Object.freeze({ min: 6, max: 15 });

/** Month of the day on which ages are counted (31 August) and on which the year turns (1 September). */
const LAST_MONTH_OF_SCHOOL_YEAR = 8;

function requireDate(date: string): { year: number; month: number; day: number } {
  const parts = splitIsoDate(date);
  if (!parts) throw new RangeError(`expected a valid YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  return parts;
}

/**
 * Completed years on 31 August of `schoolYear`. A birthday in January–August has been
 * reached by then, one in September–December has not. A 29 February birthday always
 * falls before 31 August, whether the year is leap or not, so it needs no special case.
 * Negative for children born after that day. Throws on a malformed date.
 */
export function ageInSchoolYear(birthDate: string, schoolYear: number): number {
  const { year, month } = requireDate(birthDate);
  const age = schoolYear - year;
  return month <= LAST_MONTH_OF_SCHOOL_YEAR ? age : age - 1;
}

/** School year Y runs from 1 September Y to 31 August Y+1. Throws on a malformed date. */
export function schoolYearOf(date: string): number {
  const { year, month } = requireDate(date);
  return month > LAST_MONTH_OF_SCHOOL_YEAR ? year : year - 1;
}

/** The day on which ages for `schoolYear` are counted. */
export function ageReferenceDate(schoolYear: number): string {
  return `${String(schoolYear).padStart(4, '0')}-08-31`;
}

export function isCompulsoryAge(age: number, range: AgeRange = COMPULSORY_AGE_DEFAULT): boolean {
  return age >= range.min && age <= range.max;
}

/** '2026-2027学年' */
export function schoolYearLabel(y: number): string {
  return `${y}-${y + 1}学年`;
}
