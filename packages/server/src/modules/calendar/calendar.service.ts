import {
  makeCalendar,
  type CalendarDay,
  type PutCalendarDayRequest,
  type PutTermsRequest,
  type SchoolCalendar,
  type SchoolCalendarResponse,
  type SchoolTerm,
} from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { AppError } from '../../errors';
import { auditFor } from '../../plugins/audit';
import { getSettings } from '../settings/settings.service';
import * as q from './calendar.queries';

// The school calendar: terms per school year and the days that break the weekday
// pattern. Everyone reads it; the county admin keeps it (calendar.edit).

/** The whole calendar of a county, for the school-day rules (a few dozen rows a year). */
export async function loadCalendar(db: Db, countyCode: string): Promise<SchoolCalendar> {
  const [terms, days] = await Promise.all([
    q.allTerms(db, countyCode),
    q.markedDays(db, countyCode, null, null),
  ]);
  return makeCalendar(
    terms.map((t) => ({ schoolYear: t.school_year, term: t.term, startsOn: t.starts_on, endsOn: t.ends_on })),
    days,
  );
}

function yearRange(schoolYear: number): [string, string] {
  return [`${schoolYear}-09-01`, `${schoolYear + 1}-08-31`];
}

export async function calendarOfYear(
  db: Db,
  countyCode: string,
  schoolYear: number,
): Promise<SchoolCalendarResponse> {
  const [from, to] = yearRange(schoolYear);
  const [terms, days] = await Promise.all([
    q.termsOfYear(db, countyCode, schoolYear),
    q.markedDays(db, countyCode, from, to),
  ]);
  return {
    schoolYear,
    terms: terms.map(
      (t): SchoolTerm => ({
        schoolYear: t.school_year,
        term: t.term,
        startsOn: t.starts_on,
        endsOn: t.ends_on,
      }),
    ),
    days: days.map((d): CalendarDay => ({ day: d.day, kind: d.kind, note: d.note })),
  };
}

export async function getCalendar(ctx: RequestContext, schoolYear?: number): Promise<SchoolCalendarResponse> {
  const year = schoolYear ?? (await getSettings(ctx.db, ctx.actor.countyCode)).monitoring.currentSchoolYear;
  return calendarOfYear(ctx.db, ctx.actor.countyCode, year);
}

export async function putTerms(ctx: RequestContext, body: PutTermsRequest): Promise<SchoolCalendarResponse> {
  const county = ctx.actor.countyCode;
  await ctx.db.transaction().execute(async (trx) => {
    const before = await q.termsOfYear(trx, county, body.schoolYear);
    await q.replaceTerms(trx, county, body.schoolYear, body.terms);
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'school_terms',
      entityId: body.schoolYear,
      before: { terms: before },
      after: { terms: body.terms },
    });
  });
  return calendarOfYear(ctx.db, county, body.schoolYear);
}

export async function putDay(
  ctx: RequestContext,
  day: string,
  body: PutCalendarDayRequest,
): Promise<CalendarDay> {
  const county = ctx.actor.countyCode;
  const note = body.note ? body.note : null;
  await ctx.db.transaction().execute(async (trx) => {
    const before = await q.findDay(trx, county, day);
    await q.putDay(trx, county, day, body.kind, note);
    await auditFor(ctx, trx, {
      action: before ? 'update' : 'create',
      entity: 'calendar_day',
      entityId: day,
      before: before ?? null,
      after: { day, kind: body.kind, note },
    });
  });
  return { day, kind: body.kind, note };
}

export async function deleteDay(ctx: RequestContext, day: string): Promise<void> {
  const county = ctx.actor.countyCode;
  await ctx.db.transaction().execute(async (trx) => {
    const before = await q.findDay(trx, county, day);
    if (!before) throw new AppError('not_found');
    await q.deleteDay(trx, county, day);
    await auditFor(ctx, trx, { action: 'delete', entity: 'calendar_day', entityId: day, before });
  });
}
