import { sql, type Insertable, type SqlBool, type Updateable } from 'kysely';
import { normalizeName, type ImportKind, type JobStatus } from '@baoxue/shared';
import type { Db } from '../../context';
import type { ImportRejectedRowTable, ImportTable } from './imports.table';
import { statusEventKindSql } from '../registry/status-events';
import { authorName } from '../users/users.queries';

// ------------------------------------------------------------------ jobs

export async function insertJob(db: Db, values: Insertable<ImportTable>): Promise<number> {
  const row = await db.insertInto('imports').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateJob(
  db: Db,
  countyCode: string,
  id: number,
  values: Updateable<ImportTable>,
): Promise<void> {
  await db
    .updateTable('imports')
    .set(values)
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

export function findJob(db: Db, countyCode: string, id: number) {
  return db
    .selectFrom('imports')
    .selectAll()
    .select(authorName('imports').as('author'))
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface JobFilter {
  kind?: ImportKind | undefined;
  status?: JobStatus | undefined;
  /** A school administrator sees the imports of their school (and their own). */
  schoolCode?: string | undefined;
  userId?: number | undefined;
}

function filteredJobs(db: Db, countyCode: string, filter: JobFilter) {
  let query = db.selectFrom('imports').where('county_code', '=', countyCode);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.schoolCode !== undefined || filter.userId !== undefined) {
    const school = filter.schoolCode ?? null;
    const user = filter.userId ?? null;
    query = query.where((eb) => eb.or([eb('school_code', '=', school), eb('user_id', '=', user)]));
  }
  return query;
}

export async function countJobs(db: Db, countyCode: string, filter: JobFilter): Promise<number> {
  const row = await filteredJobs(db, countyCode, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export function listJobs(
  db: Db,
  countyCode: string,
  filter: JobFilter,
  page: { limit: number; offset: number },
) {
  return filteredJobs(db, countyCode, filter)
    .selectAll()
    .select(authorName('imports').as('author'))
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Jobs a previous process left queued or running can never finish: they are marked failed. */
export async function failInterruptedJobs(db: Db): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status: 'failed',
      error_code: 'interrupted',
      error_zh: '服务重启，导入未完成，未写入任何数据，请重新导入',
      error_en: 'The server restarted before the import finished; nothing was written. Please import again.',
      finished_at: new Date(),
    })
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

// ------------------------------------------------------------- lookups

/** Every village of the county with its town, to resolve codes and names in population rows. */
export function villagesOfCounty(db: Db, countyCode: string) {
  return db
    .selectFrom('regions as v')
    .innerJoin('regions as t', (j) =>
      j.onRef('t.county_code', '=', 'v.county_code').onRef('t.code', '=', 'v.parent_code'),
    )
    .select(['v.code', 'v.name', 't.code as town_code', 't.name as town_name'])
    .where('v.county_code', '=', countyCode)
    .where('v.level', '=', 'village')
    .orderBy('v.code')
    .execute();
}

export async function schoolCodesOfCounty(db: Db, countyCode: string): Promise<Set<string>> {
  const rows = await db.selectFrom('schools').select('code').where('county_code', '=', countyCode).execute();
  return new Set(rows.map((r) => r.code));
}

/**
 * For a school's own enrolment import: the name on the record an import row would take
 * over from another school of the county (the record mergeEnrollment picks: 在读 first,
 * then the highest grade), by identity number — none where the school holds the number.
 * Normalised as the import's names are, so that a row's name is compared as it stands.
 */
export async function namesAtOtherSchools(
  db: Db,
  countyCode: string,
  schoolCode: string,
): Promise<Map<string, string>> {
  const rows = await sql<{ id_number: string; name: string }>`
    select distinct on (st.id_number) st.id_number, st.name
    from students st
    where st.county_code = ${countyCode} and st.school_code <> ${schoolCode}
      and not exists (select 1 from students o
        where o.county_code = ${countyCode} and o.school_code = ${schoolCode} and o.id_number = st.id_number)
    order by st.id_number, (st.status = 'enrolled') desc, st.grade desc, st.id`.execute(db);
  return new Map(rows.rows.map((r) => [r.id_number, normalizeName(r.name)]));
}

// ------------------------------------------------------- rejected rows

export async function insertRejectedRows(db: Db, rows: Insertable<ImportRejectedRowTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('import_rejected_rows').values(rows).execute();
}

export function rejectedRowsPage(
  db: Db,
  countyCode: string,
  importId: number,
  afterRow: number,
  limit: number,
) {
  return db
    .selectFrom('import_rejected_rows')
    .select(['row_no', 'cells', 'reasons', 'reasons_en'])
    .where('county_code', '=', countyCode)
    .where('import_id', '=', importId)
    .where('row_no', '>', afterRow)
    .orderBy('row_no')
    .limit(limit)
    .execute();
}

/** The year's 注销 that keep a number out of population imports. */
export function removalsOfYear(db: Db, countyCode: string, schoolYear: number) {
  return db
    .selectFrom('population_removals')
    .select(['id_number', 'reason', 'note', 'name', 'removed_at'])
    .where('county_code', '=', countyCode)
    .where('school_year', '=', schoolYear)
    .execute();
}
export type RemovalRow = Awaited<ReturnType<typeof removalsOfYear>>[number];

// --------------------------------------------------------------- writers
// Each chunk arrives as one JSON array of rows whose keys are the target's column names,
// expanded by jsonb_populate_recordset: one parameter per statement, about twice as fast
// on the embedded database as thousands of bound parameters, and the same on PostgreSQL.

export interface WriteTarget {
  countyCode: string;
  schoolYear: number;
  importId: number;
}

/**
 * Population rows of these villages in the school year are replaced by the file's: the
 * rows an import wrote. A child registered by hand (摸排, no import) stays until a file
 * has the child (`deleteEarlierRowsTheFileHas`): household lists lag behind home visits,
 * and a child dropped from the roster is a child no run looks for. So does a child whose
 * row the import refused (`refusedIds`): the file lists the child, only not readably.
 */
export async function deletePopulationOfVillages(
  db: Db,
  target: WriteTarget,
  villages: readonly string[],
  refusedIds: readonly string[],
) {
  if (villages.length === 0) return 0;
  let query = db
    .deleteFrom('population')
    .where('county_code', '=', target.countyCode)
    .where('school_year', '=', target.schoolYear)
    .where('village_code', 'in', villages)
    .where('import_id', 'is not', null);
  // One array parameter: a file may refuse more rows than a statement takes parameters.
  if (refusedIds.length > 0) query = query.where(sql<SqlBool>`id_number <> all(${[...refusedIds]}::text[])`);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Rows the import left in place whose identity number it just wrote, in any village: the
 * file's row is the household registration's and takes their place. Those are children
 * registered by hand, and rows kept for a refused row (`refusedIds`) whose number a valid
 * row of the file has after all.
 */
export async function deleteEarlierRowsTheFileHas(
  db: Db,
  target: WriteTarget,
  refusedIds: readonly string[],
): Promise<number> {
  const keptForRefused =
    refusedIds.length === 0
      ? sql<SqlBool>`false`
      : sql<SqlBool>`(h.import_id <> ${target.importId} and h.id_number = any(${[...refusedIds]}::text[]))`;
  const result = await db
    .deleteFrom('population as h')
    .where('h.county_code', '=', target.countyCode)
    .where('h.school_year', '=', target.schoolYear)
    .where('h.id_number', '<>', '')
    .where((eb) => eb.or([eb('h.import_id', 'is', null), keptForRefused]))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('population as f')
          .select(sql.lit(1).as('one'))
          .where('f.county_code', '=', target.countyCode)
          .where('f.school_year', '=', target.schoolYear)
          .where('f.import_id', '=', target.importId)
          .whereRef('f.id_number', '=', 'h.id_number'),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The rows of these villages the import left in place: children registered by hand (`hand`),
 * and children whose row the file has but the import refused (`refused`, kept above).
 */
export async function countKeptRows(
  db: Db,
  target: WriteTarget,
  villages: readonly string[],
  refusedIds: readonly string[],
): Promise<{ hand: number; refused: number }> {
  if (villages.length === 0) return { hand: 0, refused: 0 };
  const { rows } = await sql<{ hand: number; refused: number }>`
    select count(*) filter (where import_id is null)::int as hand,
      count(*) filter (where import_id <> ${target.importId}
        and id_number = any(${[...refusedIds]}::text[]))::int as refused
    from population
    where county_code = ${target.countyCode} and school_year = ${target.schoolYear}
      and village_code = any(${[...villages]}::text[])`.execute(db);
  return rows[0] ?? { hand: 0, refused: 0 };
}

/**
 * The household facts of the year's roster as it stands before a population import: for each
 * identity number the latest row's, by import or by hand (修改家庭信息, 摸排). Kept apart, with
 * its statistics, so that every chunk of the file looks its children up by key: joined to the
 * live table, whose statistics still say "empty" during a first import, each row would scan it.
 */
export async function snapshotPriorFacts(db: Db, target: WriteTarget): Promise<void> {
  await sql`drop table if exists population_prior`.execute(db);
  await sql`create temp table population_prior on commit drop as
    select distinct on (id_number) id_number, household_no, guardian_name, guardian_phone, guardian_relation,
      poverty_registered, left_behind, disability_category, disability_level
    from population
    where county_code = ${target.countyCode} and school_year = ${target.schoolYear} and id_number <> ''
    order by id_number, id desc`.execute(db);
  await sql`alter table population_prior add primary key (id_number)`.execute(db);
  await sql`analyze population_prior`.execute(db);
}

/**
 * The file's rows. A household fact the file leaves blank (户号, guardian, 建档立卡, 留守,
 * disability) takes the child's fact from the roster before the import (`snapshotPriorFacts`):
 * household lists often lack the columns a village official keeps on a home visit; a blank
 * cell says nothing, and must not erase a guardian's phone number.
 */
export async function insertPopulationChunk(db: Db, target: WriteTarget, json: string): Promise<void> {
  await sql`insert into population (county_code, school_year, import_id, row_no, id_number, id_valid, name, gender,
      birth_date, village_code, household_no, guardian_name, guardian_phone, guardian_relation,
      poverty_registered, left_behind, disability_category, disability_level)
    select ${target.countyCode}, ${target.schoolYear}, ${target.importId}, f.row_no, f.id_number, f.id_valid, f.name,
      f.gender, f.birth_date, f.village_code,
      coalesce(f.household_no, o.household_no), coalesce(f.guardian_name, o.guardian_name),
      coalesce(f.guardian_phone, o.guardian_phone), coalesce(f.guardian_relation, o.guardian_relation),
      coalesce(f.poverty_registered, o.poverty_registered, false), coalesce(f.left_behind, o.left_behind, false),
      coalesce(f.disability_category, o.disability_category), coalesce(f.disability_level, o.disability_level)
    from jsonb_populate_recordset(null::population, ${json}::jsonb) f
    left join population_prior o on o.id_number = f.id_number and f.id_number <> ''`.execute(db);
}

/** The latest row of the file wins for a number twice in it; an earlier import's record is replaced. */
export async function upsertOutOfCountyChunk(db: Db, target: WriteTarget, json: string): Promise<number> {
  const result =
    await sql`insert into out_of_county_records (county_code, school_year, import_id, id_number, id_valid,
      name, birth_date, gender, school, region, grade, verification, verified_on)
    select distinct on (id_number) ${target.countyCode}, ${target.schoolYear}, ${target.importId}, id_number, id_valid,
      name, birth_date, gender, school, region, grade, verification, verified_on
    from jsonb_populate_recordset(null::out_of_county_records, ${json}::jsonb) with ordinality
    order by id_number, ordinality desc
    on conflict (county_code, school_year, id_number) do update set
      id_valid = excluded.id_valid, name = excluded.name, birth_date = excluded.birth_date,
      gender = excluded.gender, school = excluded.school, region = excluded.region, grade = excluded.grade,
      verification = excluded.verification, verified_on = excluded.verified_on, import_id = excluded.import_id`.execute(
      db,
    );
  return Number(result.numAffectedRows ?? 0);
}

/** Keyed by the row's own school year: an approval is for one year. */
export async function upsertExemptionsChunk(db: Db, target: WriteTarget, json: string): Promise<number> {
  const result =
    await sql`insert into exemptions (county_code, school_year, import_id, id_number, id_valid, name,
      birth_date, gender, type, reason, approval_no)
    select distinct on (school_year, id_number) ${target.countyCode}, school_year, ${target.importId}, id_number,
      id_valid, name, birth_date, gender, type, reason, approval_no
    from jsonb_populate_recordset(null::exemptions, ${json}::jsonb) with ordinality
    order by school_year, id_number, ordinality desc
    on conflict (county_code, school_year, id_number) do update set
      id_valid = excluded.id_valid, name = excluded.name, birth_date = excluded.birth_date,
      gender = excluded.gender, type = excluded.type, reason = excluded.reason,
      approval_no = excluded.approval_no, import_id = excluded.import_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

const TABLE_OF_KIND: Record<ImportKind, string> = {
  population: 'population',
  enrollment: 'students',
  'out-of-county': 'out_of_county_records',
  exemptions: 'exemptions',
};

/** Fresh bulk rows leave the planner guessing until the table is analysed. */
export async function analyzeAfterImport(db: Db, kind: ImportKind): Promise<void> {
  await sql`analyze ${sql.table(TABLE_OF_KIND[kind])}`.execute(db);
}

// ------------------------------------------------------ enrolment merge

/** The file's enrolment rows, staged for one set-based merge into the registry. */
export async function createEnrollmentStaging(db: Db): Promise<void> {
  await sql`create temp table staged_enrollment (
      row_no integer primary key, id_number text not null, name text not null, gender text not null,
      birth_date date, national_student_no text, school_code text not null, grade integer not null,
      class_name text, status text not null, study_mode text not null
    ) on commit drop`.execute(db);
}

export async function insertEnrollmentStagingChunk(db: Db, json: string): Promise<void> {
  await sql`insert into staged_enrollment
    select * from jsonb_populate_recordset(null::staged_enrollment, ${json}::jsonb)`.execute(db);
}

export interface EnrollmentMergeParams extends WriteTarget {
  /** The day the changes take effect (today in China). */
  date: string;
  note: string;
  userId: number | null;
  username: string | null;
}

export interface EnrollmentMergeCounts {
  inserted: number;
  updated: number;
  transferred: number;
  events: number;
}

export interface EnrollmentMergeResult {
  counts: EnrollmentMergeCounts;
  /** Each pupil recorded as 辍学 by the file: a record changed to it (a `drop_out` event) or a new one in it. */
  droppedOut: number[];
}

/**
 * Merges the staged rows into the student registry, one record per child and school
 * (一人一籍): a row updates the child's record at the same school; else it takes over a
 * record of the child at another school (a transfer: 籍随人走, both schools see the
 * event); else it is a new record. Every change of school or status is an event.
 */
export async function mergeEnrollment(db: Db, p: EnrollmentMergeParams): Promise<EnrollmentMergeResult> {
  const c = p.countyCode;
  await sql`create index on staged_enrollment (id_number, school_code)`.execute(db);
  // A number twice at one school in one file: the later row is the truth.
  await sql`delete from staged_enrollment s using staged_enrollment t
    where t.id_number = s.id_number and t.school_code = s.school_code and t.row_no > s.row_no`.execute(db);
  await sql`create temp table enrollment_matches on commit drop as
    with same as (
      select distinct on (s.row_no) s.row_no, st.id as student_id
      from staged_enrollment s
      join students st on st.county_code = ${c} and st.id_number = s.id_number and st.school_code = s.school_code
      order by s.row_no, st.id
    ),
    rest_rows as (
      select s.row_no, s.id_number, row_number() over (partition by s.id_number order by s.row_no) as rn
      from staged_enrollment s
      where not exists (select 1 from same where same.row_no = s.row_no)
    ),
    rest_students as (
      select st.id, st.id_number,
        row_number() over (partition by st.id_number
                           order by (st.status = 'enrolled') desc, st.grade desc, st.id) as rn
      from students st
      where st.county_code = ${c}
        and st.id_number in (select id_number from rest_rows)
        and not exists (select 1 from same where same.student_id = st.id)
    )
    select row_no, student_id, false as moved from same
    union all
    select r.row_no, s.id, true from rest_rows r join rest_students s on s.id_number = r.id_number and s.rn = r.rn`.execute(
    db,
  );

  const who = sql`${p.importId}::integer, ${p.userId}::integer, ${p.username}::text`;
  const statusEvent = statusEventKindSql(sql.ref('st.status'), sql.ref('s.status'));
  const changed = await sql<{ n: number; dropped_out: number[] }>`with ev as (
      insert into student_events (county_code, student_id, id_number, kind, event_date, from_school_code,
        to_school_code, grade, status_before, status_after, note, import_id, user_id, username)
      select ${c}, st.id, st.id_number, 'transfer_within', ${p.date}::date, st.school_code, s.school_code, s.grade,
        st.status, s.status, ${p.note}, ${who}
      from enrollment_matches m
      join staged_enrollment s on s.row_no = m.row_no
      join students st on st.county_code = ${c} and st.id = m.student_id
      where st.school_code <> s.school_code
      union all
      select ${c}, st.id, st.id_number, ${statusEvent}, ${p.date}::date, st.school_code, s.school_code, s.grade,
        st.status, s.status, ${p.note}, ${who}
      from enrollment_matches m
      join staged_enrollment s on s.row_no = m.row_no
      join students st on st.county_code = ${c} and st.id = m.student_id
      where st.status <> s.status
      returning student_id, kind
    ) select count(*)::int as n,
        coalesce(jsonb_agg(student_id order by student_id) filter (where kind = 'drop_out'), '[]') as dropped_out
      from ev`.execute(db);

  const classOf = sql`(select cl.id from classes cl
      where cl.county_code = ${c} and cl.school_code = s.school_code and cl.school_year = ${p.schoolYear}
        and cl.grade = s.grade and cl.name = s.class_name order by cl.id limit 1)`;
  const villageOf = sql`(select po.village_code from population po
      where po.county_code = ${c} and po.school_year = ${p.schoolYear} and po.id_number = s.id_number
      order by po.id limit 1)`;
  const updated = await sql`update students st set
      name = s.name, gender = s.gender, birth_date = coalesce(s.birth_date, st.birth_date),
      national_student_no = coalesce(s.national_student_no, st.national_student_no),
      school_code = s.school_code, grade = s.grade, status = s.status, study_mode = s.study_mode,
      class_id = coalesce(${classOf},
        case when st.school_code = s.school_code and st.grade = s.grade then st.class_id end),
      village_code = coalesce(st.village_code, ${villageOf})
    from enrollment_matches m join staged_enrollment s on s.row_no = m.row_no
    where st.county_code = ${c} and st.id = m.student_id`.execute(db);

  // A pupil the file brings in already as 辍学 (a school registering its dropouts late) is a
  // drop-out as much as one whose record the file changes: both get a case now.
  const inserted = await sql<{ n: number; dropped_out: number[] }>`with ins as (
      insert into students (county_code, id_number, name, gender, birth_date, national_student_no, school_code,
        class_id, grade, status, study_mode, village_code)
      select ${c}, s.id_number, s.name, s.gender, s.birth_date, s.national_student_no, s.school_code,
        ${classOf}, s.grade, s.status, s.study_mode, ${villageOf}
      from staged_enrollment s
      where not exists (select 1 from enrollment_matches m where m.row_no = s.row_no)
      order by s.row_no
      returning id, id_number, school_code, grade, status
    ), ev as (
      insert into student_events (county_code, student_id, id_number, kind, event_date, from_school_code,
        to_school_code, grade, status_before, status_after, note, import_id, user_id, username)
      select ${c}, id, id_number, 'enrol', ${p.date}::date, null, school_code, grade, null, status, ${p.note}, ${who}
      from ins
      returning 1
    ) select count(*)::int as n,
        coalesce(jsonb_agg(id order by id) filter (where status = 'dropped_out'), '[]') as dropped_out
      from ins`.execute(db);

  const moved = await sql<{
    n: number;
  }>`select count(*)::int as n from enrollment_matches where moved`.execute(db);
  const n = inserted.rows[0]?.n ?? 0;
  return {
    counts: {
      inserted: n,
      updated: Number(updated.numAffectedRows ?? 0),
      transferred: moved.rows[0]?.n ?? 0,
      events: (changed.rows[0]?.n ?? 0) + n,
    },
    droppedOut: [...(changed.rows[0]?.dropped_out ?? []), ...(inserted.rows[0]?.dropped_out ?? [])],
  };
}
