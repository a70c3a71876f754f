import type { CalendarDayKind } from '@baoxue/shared';
import type { Db } from '../../context';

export function termsOfYear(db: Db, countyCode: string, schoolYear: number) {
  return db
    .selectFrom('school_terms')
    .select(['school_year', 'term', 'starts_on', 'ends_on'])
    .where('county_code', '=', countyCode)
    .where('school_year', '=', schoolYear)
    .orderBy('term')
    .execute();
}

export function allTerms(db: Db, countyCode: string) {
  return db
    .selectFrom('school_terms')
    .select(['school_year', 'term', 'starts_on', 'ends_on'])
    .where('county_code', '=', countyCode)
    .orderBy('starts_on')
    .execute();
}

/** Marked days from `from` to `to`, both included; every marked day when both are null. */
export function markedDays(db: Db, countyCode: string, from: string | null, to: string | null) {
  let query = db
    .selectFrom('calendar_days')
    .select(['day', 'kind', 'note'])
    .where('county_code', '=', countyCode);
  if (from !== null) query = query.where('day', '>=', from);
  if (to !== null) query = query.where('day', '<=', to);
  return query.orderBy('day').execute();
}

export async function replaceTerms(
  db: Db,
  countyCode: string,
  schoolYear: number,
  terms: readonly { term: 1 | 2; startsOn: string; endsOn: string }[],
): Promise<void> {
  await db
    .deleteFrom('school_terms')
    .where('county_code', '=', countyCode)
    .where('school_year', '=', schoolYear)
    .execute();
  if (terms.length === 0) return;
  await db
    .insertInto('school_terms')
    .values(
      terms.map((t) => ({
        county_code: countyCode,
        school_year: schoolYear,
        term: t.term,
        starts_on: t.startsOn,
        ends_on: t.endsOn,
      })),
    )
    .execute();
}

export function findDay(db: Db, countyCode: string, day: string) {
  return db
    .selectFrom('calendar_days')
    .select(['day', 'kind', 'note'])
    .where('county_code', '=', countyCode)
    .where('day', '=', day)
    .executeTakeFirst();
}

export async function putDay(
  db: Db,
  countyCode: string,
  day: string,
  kind: CalendarDayKind,
  note: string | null,
): Promise<void> {
  await db
    .insertInto('calendar_days')
    .values({ county_code: countyCode, day, kind, note })
    .onConflict((oc) => oc.columns(['county_code', 'day']).doUpdateSet({ kind, note }))
    .execute();
}

export async function deleteDay(db: Db, countyCode: string, day: string): Promise<number> {
  const result = await db
    .deleteFrom('calendar_days')
    .where('county_code', '=', countyCode)
    .where('day', '=', day)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
