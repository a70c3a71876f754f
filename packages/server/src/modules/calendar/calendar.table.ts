import type { CalendarDayKind } from '@baoxue/shared';

/** A term of a school year: school days are its weekdays, less holidays, plus make-up days. */
export interface SchoolTermTable {
  county_code: string;
  school_year: number;
  term: 1 | 2;
  starts_on: string;
  ends_on: string;
}

export interface CalendarDayTable {
  county_code: string;
  day: string;
  kind: CalendarDayKind;
  note: string | null;
}
