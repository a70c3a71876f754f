// The school calendar (C10): which days are school days, so that "three consecutive
// school days" skips weekends and holidays and counts a make-up Saturday. Pure functions
// over a calendar loaded once (terms and marked days are a few dozen rows per year).
import type { CalendarDayKind } from '../enums';
import { addDays, isoWeekday } from './dates';

export interface CalendarTerm {
  schoolYear: number;
  term: 1 | 2;
  startsOn: string;
  endsOn: string;
}

export interface SchoolCalendar {
  /** Ordered by start day. */
  terms: readonly CalendarTerm[];
  /** Days breaking the weekday pattern: holidays on weekdays, make-up days on weekends. */
  marks: ReadonlyMap<string, CalendarDayKind>;
}

export function makeCalendar(
  terms: readonly CalendarTerm[],
  marks: Iterable<{ day: string; kind: CalendarDayKind }>,
): SchoolCalendar {
  return {
    terms: [...terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn)),
    marks: new Map([...marks].map((m) => [m.day, m.kind])),
  };
}

/** The term `day` lies in, or null (summer and winter breaks, or no calendar for that year). */
export function termOf(calendar: SchoolCalendar, day: string): CalendarTerm | null {
  return calendar.terms.find((t) => t.startsOn <= day && day <= t.endsOn) ?? null;
}

/**
 * A school day lies in a term and is either a weekday not marked holiday or a day marked
 * make-up (a Saturday worked in exchange for a bridged holiday).
 */
export function isSchoolDay(calendar: SchoolCalendar, day: string): boolean {
  if (termOf(calendar, day) === null) return false;
  const mark = calendar.marks.get(day);
  if (mark === 'makeup') return true;
  if (mark === 'holiday') return false;
  return isoWeekday(day) <= 5;
}

/** The earliest day any term starts: walking back past it finds no more school days. */
function firstTermDay(calendar: SchoolCalendar): string | null {
  return calendar.terms[0]?.startsOn ?? null;
}

/**
 * The last `n` school days up to and including `day`, oldest first. Fewer when the
 * calendar runs out (the first days of the first term on record).
 */
export function previousSchoolDays(calendar: SchoolCalendar, day: string, n: number): string[] {
  const first = firstTermDay(calendar);
  const found: string[] = [];
  if (first === null || n <= 0) return found;
  for (let d = day; d >= first && found.length < n; d = addDays(d, -1)) {
    if (isSchoolDay(calendar, d)) found.push(d);
  }
  return found.reverse();
}

/** Every school day from `from` to `to`, both included, oldest first. */
export function schoolDaysBetween(calendar: SchoolCalendar, from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (isSchoolDay(calendar, d)) days.push(d);
  }
  return days;
}

/** The school days of `day`'s term up to and including `day`; empty outside a term. */
export function schoolDaysOfTermUpTo(calendar: SchoolCalendar, day: string): string[] {
  const term = termOf(calendar, day);
  return term ? schoolDaysBetween(calendar, term.startsOn, day) : [];
}

/** The school day before `day` (not `day` itself), or null when there is none on record. */
export function previousSchoolDay(calendar: SchoolCalendar, day: string): string | null {
  return previousSchoolDays(calendar, addDays(day, -1), 1)[0] ?? null;
}

/** Monday of the ISO week of `day`. */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}
