import { addDays, isoWeekday, type CalendarDayKind } from '@baoxue/shared';
import type { Db } from '../context';

// The demo county's school calendar: two terms, National Day week, New Year's Day and
// Labour Day off, with the make-up weekend days of the 2026 arrangement. Tests use it too.

export interface DemoCalendar {
  terms: { term: 1 | 2; startsOn: string; endsOn: string }[];
  days: { day: string; kind: CalendarDayKind; note: string }[];
}

function weekdayHolidays(from: string, to: string, note: string): DemoCalendar['days'] {
  const days: DemoCalendar['days'] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (isoWeekday(d) <= 5) days.push({ day: d, kind: 'holiday', note });
  }
  return days;
}

export function demoCalendar(schoolYear: number): DemoCalendar {
  const y = schoolYear;
  const next = y + 1;
  const days = [
    ...weekdayHolidays(`${y}-10-01`, `${y}-10-07`, '国庆节'),
    ...weekdayHolidays(`${next}-01-01`, `${next}-01-01`, '元旦'),
    ...weekdayHolidays(`${next}-05-01`, `${next}-05-05`, '劳动节'),
  ];
  // Make-up days are set by the State Council each year; only 2026's are known here.
  if (y === 2026) {
    days.push({ day: '2026-09-27', kind: 'makeup', note: '国庆调休上课' });
    days.push({ day: '2026-10-10', kind: 'makeup', note: '国庆调休上课' });
  }
  return {
    terms: [
      { term: 1, startsOn: `${y}-09-01`, endsOn: `${next}-01-22` },
      { term: 2, startsOn: `${next}-02-24`, endsOn: `${next}-07-09` },
    ],
    days: days.sort((a, b) => a.day.localeCompare(b.day)),
  };
}

export async function insertDemoCalendar(db: Db, countyCode: string, schoolYear: number): Promise<void> {
  const calendar = demoCalendar(schoolYear);
  await db
    .insertInto('school_terms')
    .values(
      calendar.terms.map((t) => ({
        county_code: countyCode,
        school_year: schoolYear,
        term: t.term,
        starts_on: t.startsOn,
        ends_on: t.endsOn,
      })),
    )
    .execute();
  await db
    .insertInto('calendar_days')
    .values(calendar.days.map((d) => ({ county_code: countyCode, day: d.day, kind: d.kind, note: d.note })))
    .execute();
}
