import { sql, type Insertable, type RawBuilder, type SqlBool, type Updateable } from 'kysely';
import type { RosterListKind } from '@baoxue/shared';
import type { DataScope, Db } from '../../context';
import { regionScope, schoolScope } from '../../plugins/scope';
import type { PopulationRemovalTable, PopulationTable } from '../registry/registry.table';

/** Birth dates of an age range on 31 August of the school year, as an inclusive date range. */
export interface BirthRange {
  from: string;
  to: string;
}

export interface RosterFilter {
  schoolYear: number;
  /** The area's villages; null for the whole county (county users only). */
  villages: readonly string[] | null;
  roster: RosterListKind | null;
  /** 0–17 for every roster; the compulsory ages for that roster. */
  ages: BirthRange;
  compulsory: BirthRange;
  /** The run whose statuses are shown (latest successful of the year), or null. */
  runId: number | null;
  q?: string | undefined;
  id?: number | undefined;
}

const inRange = (column: string, range: BirthRange): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(column)} between ${range.from}::date and ${range.to}::date`;

/** Rows of an area's villages: every row for the county (null), none for an area without villages. */
function inVillages(column: string, villages: readonly string[] | null): RawBuilder<SqlBool> {
  if (villages === null) return sql<SqlBool>`true`;
  if (villages.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(villages)})`;
}

function filtered(db: Db, scope: DataScope, f: RosterFilter) {
  let query = db
    .selectFrom('population as p')
    .where('p.county_code', '=', scope.countyCode)
    .where('p.school_year', '=', f.schoolYear)
    .where(regionScope(scope, 'p.village_code'))
    .where(inRange('p.birth_date', f.roster === 'compulsory' ? f.compulsory : f.ages))
    .where(inVillages('p.village_code', f.villages));
  if (f.id !== undefined) query = query.where('p.id', '=', f.id);
  if (f.q) {
    const q = f.q;
    query = query.where((eb) =>
      eb.or([eb('p.name', 'like', `%${q}%`), eb('p.id_number', '=', q.toUpperCase())]),
    );
  }
  switch (f.roster) {
    case 'poverty':
      query = query.where('p.poverty_registered', '=', true);
      break;
    case 'left_behind':
      query = query.where('p.left_behind', '=', true);
      break;
    case 'disabled':
      query = query.where('p.disability_category', 'is not', null);
      break;
    case 'out_of_county':
      query = query.where(
        sql<SqlBool>`exists (select 1 from out_of_county_records o where o.county_code = p.county_code
          and o.school_year = p.school_year and o.id_number = p.id_number and p.id_number <> '')`,
      );
      break;
    case 'population':
    case 'compulsory':
    case null:
      break;
  }
  return query;
}

export async function countRoster(db: Db, scope: DataScope, f: RosterFilter): Promise<number> {
  const row = await filtered(db, scope, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Population rows with their village and town, their student record, out-of-county record and status. */
export function listRoster(
  db: Db,
  scope: DataScope,
  f: RosterFilter,
  page: { limit: number; offset: number } | null,
) {
  let query = filtered(db, scope, f)
    .innerJoin('regions as v', (j) =>
      j.onRef('v.county_code', '=', 'p.county_code').onRef('v.code', '=', 'p.village_code'),
    )
    .leftJoin('regions as t', (j) =>
      j.onRef('t.county_code', '=', 'v.county_code').onRef('t.code', '=', 'v.parent_code'),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('students as st')
          .select(['st.school_code', 'st.grade', 'st.status', 'st.study_mode'])
          .whereRef('st.county_code', '=', 'p.county_code')
          .whereRef('st.id_number', '=', 'p.id_number')
          .where('st.id_number', '<>', '')
          // The 在读 record first: a duplicate registration is a finding, not the roster's business.
          .orderBy(sql`(st.status = 'enrolled') desc`)
          .orderBy('st.grade', 'desc')
          .orderBy('st.id')
          .limit(1)
          .as('st'),
      (join) => join.onTrue(),
    )
    .leftJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 'p.county_code').onRef('s.code', '=', 'st.school_code'),
    )
    .leftJoin('out_of_county_records as o', (j) =>
      j
        .onRef('o.county_code', '=', 'p.county_code')
        .onRef('o.school_year', '=', 'p.school_year')
        .onRef('o.id_number', '=', 'p.id_number'),
    )
    .leftJoin('reconciliation_children as rc', (j) =>
      j
        .onRef('rc.county_code', '=', 'p.county_code')
        .on('rc.run_id', '=', f.runId ?? -1)
        .onRef('rc.population_id', '=', 'p.id'),
    )
    .select([
      'p.id',
      'p.school_year',
      'p.name',
      'p.gender',
      'p.id_number',
      'p.id_valid',
      'p.birth_date',
      'p.village_code',
      'v.name as village_name',
      'v.parent_code as town_code',
      't.name as town_name',
      'p.household_no',
      'p.guardian_name',
      'p.guardian_phone',
      'p.guardian_relation',
      'p.poverty_registered',
      'p.left_behind',
      'p.disability_category',
      'p.disability_level',
      'p.import_id',
      'rc.status',
      'st.school_code',
      's.name as school_name',
      'st.grade',
      'st.status as enrollment_status',
      'st.study_mode',
      'o.school as ooc_school',
      'o.region as ooc_region',
      'o.grade as ooc_grade',
      'o.verification',
      'o.verified_on',
    ])
    .orderBy('p.village_code')
    .orderBy('p.household_no')
    .orderBy('p.id');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

export type RosterDbRow = Awaited<ReturnType<typeof listRoster>>[number];

export interface StatisticsRanges {
  ages: BirthRange;
  age0to5: BirthRange;
  age6to11: BirthRange;
  age12to14: BirthRange;
  age15to17: BirthRange;
  compulsory: BirthRange;
}

/** 教育情况统计表: the area's villages, one grouped pass over the population roster. */
export async function statisticsByVillage(
  db: Db,
  scope: DataScope,
  schoolYear: number,
  villages: readonly string[] | null,
  r: StatisticsRanges,
) {
  const area =
    villages === null
      ? sql<SqlBool>`true`
      : villages.length === 0
        ? sql<SqlBool>`false`
        : sql<SqlBool>`p.village_code in (${sql.join(villages)})`;
  const between = (range: BirthRange) => sql`p.birth_date between ${range.from}::date and ${range.to}::date`;
  const { rows } = await sql<{
    village_code: string;
    population: number;
    ages0to5: number;
    ages6to11: number;
    ages12to14: number;
    ages15to17: number;
    compulsory: number;
    primary_students: number;
    junior_students: number;
    poverty: number;
    left_behind: number;
    disabled: number;
    out_of_county: number;
  }>`select p.village_code,
      count(*)::int as population,
      (count(*) filter (where ${between(r.age0to5)}))::int as ages0to5,
      (count(*) filter (where ${between(r.age6to11)}))::int as ages6to11,
      (count(*) filter (where ${between(r.age12to14)}))::int as ages12to14,
      (count(*) filter (where ${between(r.age15to17)}))::int as ages15to17,
      (count(*) filter (where ${between(r.compulsory)}))::int as compulsory,
      (count(*) filter (where st.status = 'enrolled' and st.grade between 1 and 6))::int as primary_students,
      (count(*) filter (where st.status = 'enrolled' and st.grade between 7 and 9))::int as junior_students,
      (count(*) filter (where p.poverty_registered))::int as poverty,
      (count(*) filter (where p.left_behind))::int as left_behind,
      (count(*) filter (where p.disability_category is not null))::int as disabled,
      (count(*) filter (where exists (select 1 from out_of_county_records o where o.county_code = p.county_code
        and o.school_year = p.school_year and o.id_number = p.id_number and p.id_number <> '')))::int as out_of_county
    from population p
    left join lateral (
      select st.status, st.grade from students st
      where st.county_code = p.county_code and st.id_number = p.id_number and p.id_number <> ''
      order by (st.status = 'enrolled') desc, st.grade desc, st.id limit 1
    ) st on true
    where p.county_code = ${scope.countyCode} and p.school_year = ${schoolYear}
      and ${regionScope(scope, 'p.village_code')} and ${area} and ${between(r.ages)}
    group by p.village_code
    order by p.village_code`.execute(db);
  return rows;
}

/** Compulsory-age children of a run by village and status, within the area and scope. */
export function runStatusesByVillage(
  db: Db,
  scope: DataScope,
  runId: number,
  villages: readonly string[] | null,
) {
  let query = db
    .selectFrom('reconciliation_children as rc')
    .select(['rc.village_code', 'rc.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('rc.county_code', '=', scope.countyCode)
    .where('rc.run_id', '=', runId)
    .where(regionScope(scope, 'rc.village_code'));
  if (villages !== null) {
    query =
      villages.length === 0
        ? query.where(sql<SqlBool>`false`)
        : query.where('rc.village_code', 'in', villages);
  }
  return query.groupBy(['rc.village_code', 'rc.status']).execute();
}

// ------------------------------------------------------------------ areas

export function townInScope(db: Db, scope: DataScope, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('county_code', '=', scope.countyCode)
    .where('code', '=', code)
    .where('level', '=', 'town')
    .where(regionScope(scope, 'regions.code'))
    .executeTakeFirst();
}

export function villageInScope(db: Db, scope: DataScope, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'parent_code as town_code'])
    .where('county_code', '=', scope.countyCode)
    .where('code', '=', code)
    .where('level', '=', 'village')
    .where(regionScope(scope, 'regions.code'))
    .executeTakeFirst();
}

export function schoolInScope(db: Db, scope: DataScope, code: string) {
  return db
    .selectFrom('schools')
    .select(['code', 'name'])
    .where('county_code', '=', scope.countyCode)
    .where('code', '=', code)
    .where(schoolScope(scope, 'schools.code'))
    .executeTakeFirst();
}

export async function villagesOfTown(db: Db, countyCode: string, town: string): Promise<string[]> {
  const rows = await db
    .selectFrom('regions')
    .select('code')
    .where('county_code', '=', countyCode)
    .where('parent_code', '=', town)
    .where('level', '=', 'village')
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

export async function villagesServedBy(db: Db, countyCode: string, school: string): Promise<string[]> {
  const rows = await db
    .selectFrom('school_service_areas')
    .select('village_code')
    .where('county_code', '=', countyCode)
    .where('school_code', '=', school)
    .orderBy('village_code')
    .execute();
  return rows.map((r) => r.village_code);
}

/** Village names of the area, in code order, for the statistics table's rows. */
export function villageNames(db: Db, scope: DataScope, villages: readonly string[] | null) {
  let query = db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('county_code', '=', scope.countyCode)
    .where('level', '=', 'village')
    .where(regionScope(scope, 'regions.code'));
  if (villages !== null) {
    query = villages.length === 0 ? query.where(sql<SqlBool>`false`) : query.where('code', 'in', villages);
  }
  return query.orderBy('code').execute();
}

export async function countyName(db: Db, countyCode: string): Promise<string> {
  const row = await db
    .selectFrom('counties')
    .select('name')
    .where('county_code', '=', countyCode)
    .executeTakeFirst();
  return row?.name ?? countyCode;
}

export async function populationYear(db: Db, countyCode: string, id: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('population')
    .select('school_year')
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.school_year;
}

/** The household facts of a population row (the columns a child's page lets an official keep). */
export function updateHousehold(db: Db, countyCode: string, id: number, facts: Updateable<PopulationTable>) {
  return db
    .updateTable('population')
    .set(facts)
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A child added to a school year's roster by hand (no import, no row of a file). */
export async function insertChild(db: Db, child: Omit<Insertable<PopulationTable>, 'row_no' | 'import_id'>) {
  const row = await db
    .insertInto('population')
    .values({ ...child, row_no: 0, import_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The year's rows of a number, county-wide (a child is on one roster of the county), each
 * with whether its village is the user's: only then may the user be told which village.
 */
export function childrenOfIdNumber(
  db: Db,
  scope: DataScope,
  countyCode: string,
  schoolYear: number,
  idNumber: string,
) {
  return db
    .selectFrom('population as p')
    .innerJoin('regions as r', (j) =>
      j.onRef('r.county_code', '=', 'p.county_code').onRef('r.code', '=', 'p.village_code'),
    )
    .select(['p.id', 'r.name as village_name', regionScope(scope, 'p.village_code').as('in_scope')])
    .where('p.county_code', '=', countyCode)
    .where('p.school_year', '=', schoolYear)
    .where('p.id_number', '=', idNumber)
    .execute();
}

/** 注销 that later imports of the year honour: one per number, the latest grounds kept. */
export async function recordRemoval(db: Db, removal: Insertable<PopulationRemovalTable>): Promise<void> {
  await db
    .insertInto('population_removals')
    .values(removal)
    .onConflict((oc) =>
      oc.columns(['county_code', 'school_year', 'id_number']).doUpdateSet((eb) => ({
        village_code: eb.ref('excluded.village_code'),
        reason: eb.ref('excluded.reason'),
        note: eb.ref('excluded.note'),
        name: eb.ref('excluded.name'),
        user_id: eb.ref('excluded.user_id'),
        username: eb.ref('excluded.username'),
        removed_at: eb.ref('excluded.removed_at'),
      })),
    )
    .execute();
}

export interface RemovalFilter {
  schoolYear: number;
  /** The villages of the area asked for; null for the whole county. */
  villages: string[] | null;
}

function removalsIn(db: Db, scope: DataScope, f: RemovalFilter) {
  return db
    .selectFrom('population_removals as r')
    .where('r.county_code', '=', scope.countyCode)
    .where('r.school_year', '=', f.schoolYear)
    .where(regionScope(scope, 'r.village_code'))
    .where(inVillages('r.village_code', f.villages));
}

export async function countRemovals(db: Db, scope: DataScope, f: RemovalFilter): Promise<number> {
  const row = await removalsIn(db, scope, f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The removals of the year in scope, the latest first, with village, town and who removed the child. */
export function listRemovals(
  db: Db,
  scope: DataScope,
  f: RemovalFilter,
  page: { limit: number; offset: number },
) {
  return removalsIn(db, scope, f)
    .leftJoin('regions as v', (j) =>
      j.onRef('v.county_code', '=', 'r.county_code').onRef('v.code', '=', 'r.village_code'),
    )
    .leftJoin('regions as t', (j) =>
      j.onRef('t.county_code', '=', 'v.county_code').onRef('t.code', '=', 'v.parent_code'),
    )
    .leftJoin('users as u', (j) =>
      j.onRef('u.county_code', '=', 'r.county_code').onRef('u.id', '=', 'r.user_id'),
    )
    .select([
      'r.name',
      'r.id_number',
      'r.village_code',
      'v.name as village_name',
      't.name as town_name',
      'r.reason',
      'r.note',
      'u.display_name',
      'r.username',
      'r.removed_at',
    ])
    .orderBy('r.removed_at', 'desc')
    .orderBy('r.id_number')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** A child registered again by hand: their 注销 of the year no longer keeps them out. */
export async function liftRemoval(db: Db, countyCode: string, schoolYear: number, idNumber: string) {
  const result = await db
    .deleteFrom('population_removals')
    .where('county_code', '=', countyCode)
    .where('school_year', '=', schoolYear)
    .where('id_number', '=', idNumber)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A child taken off the roster by hand: the row goes, as an import of the village removes rows. */
export function deleteChild(db: Db, countyCode: string, id: number) {
  return db
    .deleteFrom('population')
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}
