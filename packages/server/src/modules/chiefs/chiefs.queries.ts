import { sql } from 'kysely';
import type { MaintainedChiefDuty } from '@baoxue/shared';
import type { DataScope, Db } from '../../context';
import { childScope } from '../../plugins/scope';
import type { ChiefTable } from './chiefs.table';

export interface ChiefKey {
  schoolYear: number;
  unitCode: string;
  duty: MaintainedChiefDuty;
}

/** The chiefs of a year with their unit's name (the county, a town or village, or a school). */
export function listChiefs(db: Db, countyCode: string, schoolYear: number, duty?: MaintainedChiefDuty) {
  let query = db
    .selectFrom('chiefs as c')
    .leftJoin('regions as r', (j) =>
      j.onRef('r.county_code', '=', 'c.county_code').onRef('r.code', '=', 'c.unit_code'),
    )
    .leftJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 'c.county_code').onRef('s.code', '=', 'c.unit_code'),
    )
    .select([
      'c.school_year',
      'c.unit_code',
      'c.duty',
      'c.name',
      'c.phone',
      'c.staff_id',
      sql<string>`coalesce(s.name, r.name, c.unit_code)`.as('unit_name'),
    ])
    .where('c.county_code', '=', countyCode)
    .where('c.school_year', '=', schoolYear);
  if (duty) query = query.where('c.duty', '=', duty);
  return query
    .orderBy(
      sql`array_position(array['county_head','bureau_director','town_head','village_head','principal'], c.duty)`,
    )
    .orderBy('c.unit_code')
    .execute();
}

export function findChief(db: Db, countyCode: string, key: ChiefKey) {
  return db
    .selectFrom('chiefs')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('school_year', '=', key.schoolYear)
    .where('unit_code', '=', key.unitCode)
    .where('duty', '=', key.duty)
    .executeTakeFirst();
}

export async function upsertChief(db: Db, row: ChiefTable): Promise<void> {
  await db
    .insertInto('chiefs')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['county_code', 'school_year', 'unit_code', 'duty'])
        .doUpdateSet({ name: row.name, phone: row.phone, staff_id: row.staff_id }),
    )
    .execute();
}

export async function deleteChief(db: Db, countyCode: string, key: ChiefKey): Promise<void> {
  await db
    .deleteFrom('chiefs')
    .where('county_code', '=', countyCode)
    .where('school_year', '=', key.schoolYear)
    .where('unit_code', '=', key.unitCode)
    .where('duty', '=', key.duty)
    .execute();
}

/** What the unit code names: a region with its level, or a school. */
export async function unitKind(
  db: Db,
  countyCode: string,
  unitCode: string,
): Promise<'county' | 'town' | 'village' | 'school' | undefined> {
  const [region, school] = await Promise.all([
    db
      .selectFrom('regions')
      .select('level')
      .where('county_code', '=', countyCode)
      .where('code', '=', unitCode)
      .executeTakeFirst(),
    db
      .selectFrom('schools')
      .select('code')
      .where('county_code', '=', countyCode)
      .where('code', '=', unitCode)
      .executeTakeFirst(),
  ]);
  if (school) return 'school';
  return region?.level as 'county' | 'town' | 'village' | undefined;
}

export async function staffExists(db: Db, countyCode: string, staffId: number): Promise<boolean> {
  const row = await db
    .selectFrom('staff')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('id', '=', staffId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Every unit that should have a chief and has none this year, in one query: the county
 * (its head and the bureau director), each town, each village and each active school; a
 * school shows the principal on staff the chain falls back to.
 */
export function chiefGaps(db: Db, countyCode: string, schoolYear: number) {
  return sql<{
    duty: MaintainedChiefDuty;
    unit_code: string;
    unit_name: string;
    fallback_name: string | null;
  }>`
    with units as (
      select d.duty, r.code as unit_code, r.name as unit_name, null::text as fallback_name
        from regions r
        cross join (values ('county_head'), ('bureau_director')) as d (duty)
       where r.county_code = ${countyCode} and r.level = 'county'
      union all
      select case r.level when 'town' then 'town_head' else 'village_head' end, r.code, r.name, null
        from regions r
       where r.county_code = ${countyCode} and r.level in ('town', 'village')
      union all
      select 'principal', s.code, s.name,
             (select p.name from staff p
               where p.county_code = s.county_code and p.school_code = s.code and p.kind = 'principal'
               order by p.id limit 1)
        from schools s
       where s.county_code = ${countyCode} and s.active
    )
    select u.duty, u.unit_code, u.unit_name, u.fallback_name
      from units u
     where not exists (
       select 1 from chiefs c
        where c.county_code = ${countyCode} and c.school_year = ${schoolYear}
          and c.unit_code = u.unit_code and c.duty = u.duty)
     order by array_position(array['county_head','bureau_director','town_head','village_head','principal'], u.duty),
              u.unit_code
  `.execute(db);
}

/** A registry student in the user's scope, with what the chain needs. */
export function studentForChain(db: Db, scope: DataScope, id: number) {
  return db
    .selectFrom('students as st')
    .select(['st.village_code', 'st.school_code', 'st.class_id', 'st.guardian_name', 'st.guardian_phone'])
    .where('st.county_code', '=', scope.countyCode)
    .where('st.id', '=', id)
    .where(
      childScope(scope, { school: 'st.school_code', village: 'st.village_code', classId: 'st.class_id' }),
    )
    .executeTakeFirst();
}
