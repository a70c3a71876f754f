import type { Db } from '../../context';
import { CLASS_HAS_PUPILS } from './absences.queries';

// The roll-call reminder job's reads: a few set-based queries over the county, whatever the
// number of classes.

/** The first day each school took a roll on: a school that has not yet (a county piloting daily rolls in a few) is not asked. */
export async function firstRollCallDays(db: Db, countyCode: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('roll_calls as r')
    .innerJoin('classes as c', (j) =>
      j.onRef('c.county_code', '=', 'r.county_code').onRef('c.id', '=', 'r.class_id'),
    )
    .select(['c.school_code', (eb) => eb.fn.min('r.day').as('first')])
    .where('r.county_code', '=', countyCode)
    .groupBy('c.school_code')
    .execute();
  return new Map(rows.map((r) => [r.school_code, r.first]));
}

/** The classes of these school years with at least one enrolled pupil: the classes whose roll is taken. */
export function classesWithPupils(db: Db, countyCode: string, schoolYears: readonly number[]) {
  if (schoolYears.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('classes as c')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 'c.county_code').onRef('s.code', '=', 'c.school_code'),
    )
    .select([
      'c.id',
      'c.name',
      'c.grade',
      'c.school_year',
      'c.head_teacher_staff_id',
      'c.school_code',
      's.name as school_name',
    ])
    .where('c.county_code', '=', countyCode)
    .where('c.school_year', 'in', schoolYears)
    .where(CLASS_HAS_PUPILS)
    .orderBy('c.id')
    .execute();
}

/** The (class, day) roll calls of the county on these days. */
export function rollCallsOn(db: Db, countyCode: string, days: readonly string[]) {
  if (days.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roll_calls')
    .select(['class_id', 'day'])
    .where('county_code', '=', countyCode)
    .where('day', 'in', days)
    .execute();
}

/** The active accounts of these staff members (a head teacher may have none, or several). */
export function accountsOfStaff(db: Db, countyCode: string, staffIds: readonly number[]) {
  if (staffIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'staff_id'])
    .where('county_code', '=', countyCode)
    .where('staff_id', 'in', staffIds)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}
