import { sql } from 'kysely';
import type { DataScope, Db } from '../../context';
import { childScope, regionScope, schoolScope } from '../../plugins/scope';

/** Students, classes and teachers per school within scope, in one grouped query each. */
export function schoolCounts(db: Db, scope: DataScope, schoolYear: number) {
  return db
    .selectFrom('schools as s')
    .innerJoin('regions as t', (j) =>
      j.onRef('t.county_code', '=', 's.county_code').onRef('t.code', '=', 's.town_code'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('students as st')
          .select(['st.school_code', (e) => e.fn.countAll<number>().as('n')])
          .where('st.county_code', '=', scope.countyCode)
          .where('st.status', '=', 'enrolled')
          .where(
            childScope(scope, {
              school: 'st.school_code',
              village: 'st.village_code',
              classId: 'st.class_id',
            }),
          )
          .groupBy('st.school_code')
          .as('sc'),
      (j) => j.onRef('sc.school_code', '=', 's.code'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('classes')
          .select(['school_code', (e) => e.fn.countAll<number>().as('n')])
          .where('county_code', '=', scope.countyCode)
          .where('school_year', '=', schoolYear)
          .groupBy('school_code')
          .as('cc'),
      (j) => j.onRef('cc.school_code', '=', 's.code'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('staff')
          .select(['school_code', (e) => e.fn.countAll<number>().as('n')])
          .where('county_code', '=', scope.countyCode)
          .where('kind', 'in', ['teacher', 'principal'])
          .groupBy('school_code')
          .as('tc'),
      (j) => j.onRef('tc.school_code', '=', 's.code'),
    )
    .select([
      's.code',
      's.name',
      's.type',
      's.town_code',
      't.name as town_name',
      sql<number>`coalesce(sc.n, 0)::int`.as('students'),
      sql<number>`coalesce(cc.n, 0)::int`.as('classes'),
      sql<number>`coalesce(tc.n, 0)::int`.as('teachers'),
    ])
    .where('s.county_code', '=', scope.countyCode)
    .where(schoolScope(scope, 's.code'))
    .orderBy('s.town_code')
    .orderBy('s.code')
    .execute();
}

export function regionsInScope(db: Db, scope: DataScope) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('county_code', '=', scope.countyCode)
    .where('level', '<>', 'county')
    .where(regionScope(scope, 'regions.code'))
    .orderBy('code')
    .execute();
}
