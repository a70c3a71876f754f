import { sql, type Insertable, type Updateable } from 'kysely';
import type { ChildFlag, ChildStatus, FindingCode } from '@baoxue/shared';
import type { EnrollmentStatus, StudyMode } from '@baoxue/shared/enums';
import type { CopyRow } from '../../db/bulk';
import type { ExemptionInput, OutOfCountyInput, PersonInput, PopulationInput } from './engine/types';
import type { DataScope, Db } from '../../context';
import { monitoringScope, monitoringScopeOfArrays, regionScope } from '../../plugins/scope';
import type { ReconciliationRunTable, ReviewDecisionTable } from './reconciliation.table';
import { keptRows } from '../../lib/kept-rows';
import { authorName } from '../users/users.queries';

// ------------------------------------------------------------------ runs

export async function insertRun(db: Db, values: Insertable<ReconciliationRunTable>): Promise<number> {
  const row = await db
    .insertInto('reconciliation_runs')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRun(
  db: Db,
  countyCode: string,
  id: number,
  values: Updateable<ReconciliationRunTable>,
): Promise<void> {
  await db
    .updateTable('reconciliation_runs')
    .set(values)
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

export function findRun(db: Db, countyCode: string, id: number) {
  return db
    .selectFrom('reconciliation_runs')
    .selectAll()
    .select(authorName('reconciliation_runs').as('author'))
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function latestSucceededRun(db: Db, countyCode: string, schoolYear: number) {
  return db
    .selectFrom('reconciliation_runs')
    .selectAll()
    .select(authorName('reconciliation_runs').as('author'))
    .where('county_code', '=', countyCode)
    .where('school_year', '=', schoolYear)
    .where('status', '=', 'succeeded')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function countRuns(db: Db, countyCode: string, schoolYear: number | undefined): Promise<number> {
  let query = db
    .selectFrom('reconciliation_runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('county_code', '=', countyCode);
  if (schoolYear !== undefined) query = query.where('school_year', '=', schoolYear);
  return (await query.executeTakeFirstOrThrow()).n;
}

export function listRuns(
  db: Db,
  countyCode: string,
  schoolYear: number | undefined,
  page: { limit: number; offset: number },
) {
  let query = db
    .selectFrom('reconciliation_runs')
    .selectAll()
    .select(authorName('reconciliation_runs').as('author'))
    .where('county_code', '=', countyCode);
  if (schoolYear !== undefined) query = query.where('school_year', '=', schoolYear);
  return query.orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** Runs a restart cut short: marked failed, and whatever results they had written dropped. */
export async function failInterruptedRuns(db: Db): Promise<void> {
  const failed = await db
    .updateTable('reconciliation_runs')
    .set({
      status: 'failed',
      error_zh: '服务重启，比对未完成，请重新比对',
      error_en: 'The server restarted before the run finished; please run it again',
      finished_at: new Date(),
    })
    .where('status', 'in', ['queued', 'running'])
    .returning(['county_code', 'id'])
    .execute();
  for (const run of failed) await deleteRunResults(db, run.county_code, [run.id]);
}

// ---------------------------------------------------------------- inputs
// Read by COPY in one repeatable-read session (one consistent picture of the county), in
// the order of their ids. COPY takes no parameters: the county code and the school year
// are written into the text as literals.

/** A query for COPY and how to read one of its rows. */
export interface InputSource<R> {
  query: string;
  row: (values: CopyRow) => R;
}

type CopyValueText = string | null | undefined;
const text = (v: CopyValueText): string => v ?? '';
const maybe = (v: CopyValueText): string | null => v ?? null;
const int = (v: CopyValueText): number => Number(v);
const gender = (v: CopyValueText): 'M' | 'F' | null => (v === 'M' || v === 'F' ? v : null);

/**
 * The first six columns every roster table is read with, as the engine takes a person:
 * the stored numbers are already normalised, so rows go to the engine as they come.
 */
const PERSON_COLUMNS = ['id', 'id_number', 'id_valid', 'name', 'gender', 'birth_date'] as const;

function personOf(v: CopyRow): PersonInput {
  return {
    row: int(v[0]),
    idNumber: text(v[1]),
    idValid: v[2] === 't',
    name: text(v[3]),
    gender: gender(v[4]),
    birthDate: maybe(v[5]),
  };
}

export function populationInput(db: Db, countyCode: string, schoolYear: number) {
  return {
    query: db
      .selectFrom('population')
      .select([...PERSON_COLUMNS, 'village_code'])
      .where('county_code', '=', sql.lit(countyCode))
      .where('school_year', '=', sql.lit(schoolYear))
      .orderBy('id')
      .compile().sql,
    // Written out rather than spread from personOf: a million spreads cost seconds.
    row: (v: CopyRow): PopulationInput => ({
      row: int(v[0]),
      idNumber: text(v[1]),
      idValid: v[2] === 't',
      name: text(v[3]),
      // Never null here: the table's checks let nothing else in.
      gender: text(v[4]) as 'M' | 'F',
      birthDate: text(v[5]),
      villageCode: text(v[6]),
    }),
  } satisfies InputSource<PopulationInput>;
}

export function studentsInput(db: Db, countyCode: string) {
  return {
    query: db
      .selectFrom('students')
      .select([
        'id',
        'id_number',
        'name',
        'gender',
        'birth_date',
        'school_code',
        'grade',
        'status',
        'study_mode',
      ])
      .where('county_code', '=', sql.lit(countyCode))
      .orderBy('id')
      .compile().sql,
    row: (v: CopyRow) => ({
      id: int(v[0]),
      id_number: text(v[1]),
      name: text(v[2]),
      gender: gender(v[3]),
      birth_date: maybe(v[4]),
      school_code: text(v[5]),
      grade: int(v[6]),
      status: text(v[7]) as EnrollmentStatus,
      study_mode: text(v[8]) as StudyMode,
    }),
  } satisfies InputSource<unknown>;
}

export function outOfCountyInput(db: Db, countyCode: string, schoolYear: number) {
  return {
    query: db
      .selectFrom('out_of_county_records')
      .select(PERSON_COLUMNS)
      .where('county_code', '=', sql.lit(countyCode))
      .where('school_year', '=', sql.lit(schoolYear))
      .orderBy('id')
      .compile().sql,
    row: personOf,
  } satisfies InputSource<OutOfCountyInput>;
}

export function exemptionsInput(db: Db, countyCode: string) {
  return {
    query: db
      .selectFrom('exemptions')
      .select([...PERSON_COLUMNS, 'school_year'])
      .where('county_code', '=', sql.lit(countyCode))
      .orderBy('id')
      .compile().sql,
    row: (v: CopyRow): ExemptionInput => ({ ...personOf(v), schoolYear: int(v[6]) }),
  } satisfies InputSource<ExemptionInput>;
}

/**
 * A child without an identity number is keyed by their population row, and a re-import of
 * the village gives them a new one. A decision about such a child whose row is gone moves
 * to the row of the same name, birth date, gender and village (still without a number),
 * as their open case does, so that the person's word is not lost with the old row.
 */
export async function followDecisionsOfChildrenWithoutNumber(
  db: Db,
  countyCode: string,
  schoolYear: number,
): Promise<void> {
  await sql`update review_decisions d set child_key = 'row:' || p.id
    from reconciliation_children rc
    join population p on p.county_code = rc.county_code and p.school_year = ${schoolYear}
      and p.id_number = '' and p.name = rc.name and p.birth_date = rc.birth_date
      and p.gender = rc.gender and p.village_code = rc.village_code
    where d.county_code = ${countyCode} and d.child_key like 'row:%'
      and rc.county_code = d.county_code and rc.run_id = d.run_id and rc.child_key = d.child_key
      and not exists (select 1 from population p0
        where p0.county_code = rc.county_code and p0.id = rc.population_id)
      and not exists (select 1 from review_decisions d2 where d2.county_code = d.county_code
        and d2.child_key = 'row:' || p.id and d2.record_key = d.record_key)`.execute(db);
}

export function allDecisions(db: Db, countyCode: string) {
  return db
    .selectFrom('review_decisions')
    .select(['child_key', 'record_key', 'decision'])
    .where('county_code', '=', countyCode)
    .orderBy('child_key')
    .orderBy('record_key')
    .execute();
}

/** Villages with their towns, and the schools serving each village with the grades they teach. */
export async function placesOfCounty(db: Db, countyCode: string) {
  const [villages, areas] = await Promise.all([
    db
      .selectFrom('regions')
      .select(['code', 'parent_code'])
      .where('county_code', '=', countyCode)
      .where('level', '=', 'village')
      .execute(),
    db
      .selectFrom('school_service_areas as a')
      .innerJoin('schools as s', (j) =>
        j.onRef('s.county_code', '=', 'a.county_code').onRef('s.code', '=', 'a.school_code'),
      )
      .select(['a.village_code', 's.code', 's.type'])
      .where('a.county_code', '=', countyCode)
      .where('s.active', '=', true)
      .orderBy('a.village_code')
      .orderBy('s.code')
      .execute(),
  ]);
  return { villages, areas };
}

// --------------------------------------------------------------- results

/** The columns a run's children are written to by COPY, in the order of their values. */
export const CHILD_COLUMNS = [
  'county_code',
  'run_id',
  'seq',
  'child_key',
  'id_number',
  'name',
  'gender',
  'birth_date',
  'age',
  'village_code',
  'town_code',
  'status',
  'school_code',
  'responsible_school_code',
  'flags',
  'candidates',
  'population_id',
] as const;

export const FINDING_COLUMNS = [
  'county_code',
  'run_id',
  'seq',
  'code',
  'source',
  'id_number',
  'name',
  'village_codes',
  'school_codes',
  'grade',
  'age',
  'count',
] as const;

/** The results of a run that did not finish: written by COPY before the run could be marked done. */
export async function deleteRunResults(db: Db, countyCode: string, runIds: readonly number[]): Promise<void> {
  if (runIds.length === 0) return;
  for (const table of ['reconciliation_children', 'reconciliation_findings'] as const) {
    await db.deleteFrom(table).where('county_code', '=', countyCode).where('run_id', 'in', runIds).execute();
  }
}

/**
 * Fresh bulk rows leave the planner guessing: comparing two runs of 45k children each
 * took 40 s by nested loops before the tables were analysed, 50 ms after.
 */
export async function analyzeResults(db: Db): Promise<void> {
  await sql`analyze reconciliation_children`.execute(db);
  await sql`analyze reconciliation_findings`.execute(db);
}

// ------------------------------------------------------------ reading back

export interface ChildFilter {
  status?: ChildStatus | undefined;
  flag?: ChildFlag | undefined;
  townCode?: string | undefined;
  villageCode?: string | undefined;
  schoolCode?: string | undefined;
  q?: string | undefined;
  id?: number | undefined;
  /** Only children on whom nobody has decided anything yet (the review queue's "pending"). */
  undecided?: boolean | undefined;
}

const CHILD_SCOPE = { village: 'rc.village_code', schools: ['rc.school_code', 'rc.responsible_school_code'] };

function filteredChildren(db: Db, scope: DataScope, runId: number, filter: ChildFilter) {
  let query = db
    .selectFrom('reconciliation_children as rc')
    .where('rc.county_code', '=', scope.countyCode)
    .where('rc.run_id', '=', runId)
    .where(monitoringScope(scope, CHILD_SCOPE));
  if (filter.id !== undefined) query = query.where('rc.seq', '=', filter.id);
  if (filter.undecided) {
    query = query.where(
      sql<boolean>`not exists (select 1 from review_decisions d
        where d.county_code = rc.county_code and d.child_key = rc.child_key)`,
    );
  }
  if (filter.status) query = query.where('rc.status', '=', filter.status);
  if (filter.flag) query = query.where(sql<boolean>`rc.flags ? ${filter.flag}`);
  if (filter.townCode) query = query.where('rc.town_code', '=', filter.townCode);
  if (filter.villageCode) query = query.where('rc.village_code', '=', filter.villageCode);
  if (filter.schoolCode) {
    const school = filter.schoolCode;
    query = query.where((eb) =>
      eb.or([eb('rc.school_code', '=', school), eb('rc.responsible_school_code', '=', school)]),
    );
  }
  if (filter.q) {
    const q = filter.q;
    // A whole identity number, or part of a name: a partial number would let a user enumerate numbers.
    query = query.where((eb) =>
      eb.or([eb('rc.name', 'like', `%${q}%`), eb('rc.id_number', '=', q.toUpperCase())]),
    );
  }
  return query;
}

export async function countChildren(
  db: Db,
  scope: DataScope,
  runId: number,
  filter: ChildFilter,
): Promise<number> {
  const row = await filteredChildren(db, scope, runId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export function listChildren(
  db: Db,
  scope: DataScope,
  runId: number,
  filter: ChildFilter,
  page: { limit: number; offset: number } | null,
  order: 'seq' | 'town' = 'seq',
) {
  let query = filteredChildren(db, scope, runId, filter)
    .leftJoin('regions as v', (j) =>
      j.onRef('v.county_code', '=', 'rc.county_code').onRef('v.code', '=', 'rc.village_code'),
    )
    .leftJoin('regions as t', (j) =>
      j.onRef('t.county_code', '=', 'rc.county_code').onRef('t.code', '=', 'rc.town_code'),
    )
    .leftJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 'rc.county_code').onRef('s.code', '=', 'rc.school_code'),
    )
    .leftJoin('schools as rs', (j) =>
      j.onRef('rs.county_code', '=', 'rc.county_code').onRef('rs.code', '=', 'rc.responsible_school_code'),
    )
    .leftJoin('population as p', (j) =>
      j.onRef('p.county_code', '=', 'rc.county_code').onRef('p.id', '=', 'rc.population_id'),
    )
    .select([
      'rc.seq as id',
      'rc.run_id',
      'rc.child_key',
      'rc.id_number',
      'rc.name',
      'rc.gender',
      'rc.birth_date',
      'rc.age',
      'rc.town_code',
      't.name as town_name',
      'rc.village_code',
      'v.name as village_name',
      'rc.status',
      'rc.school_code',
      's.name as school_name',
      'rc.responsible_school_code',
      'rs.name as responsible_school_name',
      'rc.flags',
      'rc.candidates',
      'rc.population_id',
      // The row as it is now: null once a later import of the village replaced it.
      'p.id as current_population_id',
      'p.guardian_name',
      'p.guardian_phone',
      'p.household_no',
    ]);
  query = order === 'town' ? query.orderBy('rc.town_code').orderBy('rc.seq') : query.orderBy('rc.seq');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

export async function childExists(db: Db, countyCode: string, runId: number, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('reconciliation_children')
    .select('seq')
    .where('county_code', '=', countyCode)
    .where('run_id', '=', runId)
    .where('seq', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** Children per town and status within scope (overview, statistics). */
/** Kept (lib/kept-rows.ts): the overview counts a county's 45,000 children of the run. */
export function statusCountsByTown(db: Db, scope: DataScope, runId: number) {
  return keptRows(
    db,
    db
      .selectFrom('reconciliation_children as rc')
      .select(['rc.town_code', 'rc.status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('rc.county_code', '=', scope.countyCode)
      .where('rc.run_id', '=', runId)
      .where(monitoringScope(scope, CHILD_SCOPE))
      .groupBy(['rc.town_code', 'rc.status']),
  );
}

export interface FindingFilter {
  code?: FindingCode | undefined;
  schoolCode?: string | undefined;
  townCode?: string | undefined;
}

const FINDING_SCOPE = { villages: 'f.village_codes', schools: 'f.school_codes' };

function filteredFindings(db: Db, scope: DataScope, runId: number, filter: FindingFilter) {
  let query = db
    .selectFrom('reconciliation_findings as f')
    .where('f.county_code', '=', scope.countyCode)
    .where('f.run_id', '=', runId)
    .where(monitoringScopeOfArrays(scope, FINDING_SCOPE));
  if (filter.code) query = query.where('f.code', '=', filter.code);
  if (filter.schoolCode) query = query.where(sql<boolean>`f.school_codes ? ${filter.schoolCode}`);
  if (filter.townCode) {
    const town = filter.townCode;
    query = query.where(
      sql<boolean>`exists (select 1 from jsonb_array_elements_text(f.village_codes) vc(code)
        join regions r on r.county_code = f.county_code and r.code = vc.code where r.parent_code = ${town})
        or exists (select 1 from jsonb_array_elements_text(f.school_codes) sc(code)
        join schools s on s.county_code = f.county_code and s.code = sc.code where s.town_code = ${town})`,
    );
  }
  return query;
}

export async function countFindings(db: Db, scope: DataScope, runId: number, filter: FindingFilter) {
  const row = await filteredFindings(db, scope, runId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Children per run and status within scope: the runs page of a user who is not county-wide. */
export function statusCountsOfRuns(db: Db, scope: DataScope, runIds: readonly number[]) {
  return db
    .selectFrom('reconciliation_children as rc')
    .select(['rc.run_id', 'rc.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('rc.county_code', '=', scope.countyCode)
    .where('rc.run_id', 'in', runIds)
    .where(monitoringScope(scope, CHILD_SCOPE))
    .groupBy(['rc.run_id', 'rc.status'])
    .execute();
}

/** Findings per run and code within scope, as `statusCountsOfRuns`. */
export function findingCountsOfRuns(db: Db, scope: DataScope, runIds: readonly number[]) {
  return db
    .selectFrom('reconciliation_findings as f')
    .select(['f.run_id', 'f.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('f.county_code', '=', scope.countyCode)
    .where('f.run_id', 'in', runIds)
    .where(monitoringScopeOfArrays(scope, FINDING_SCOPE))
    .groupBy(['f.run_id', 'f.code'])
    .execute();
}

export function listFindings(
  db: Db,
  scope: DataScope,
  runId: number,
  filter: FindingFilter,
  page: { limit: number; offset: number } | null,
) {
  let query = filteredFindings(db, scope, runId, filter).selectAll('f').orderBy('f.seq');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

/** Names of villages and schools, for the codes findings hold. */
export async function namesOf(db: Db, countyCode: string) {
  const [regions, schools] = await Promise.all([
    db.selectFrom('regions').select(['code', 'name']).where('county_code', '=', countyCode).execute(),
    db.selectFrom('schools').select(['code', 'name']).where('county_code', '=', countyCode).execute(),
  ]);
  return {
    regions: new Map(regions.map((r) => [r.code, r.name])),
    schools: new Map(schools.map((s) => [s.code, s.name])),
  };
}

// ------------------------------------------------------------- comparison

const SUSPECTED = 'suspected_out_of_school';

/** The child's status in the earlier run: by key, or for a child without a number, as found. */
const FROM_STATUS = sql<ChildStatus | null>`coalesce(f.status, fa.status)`;
const NEWLY_OUT = sql<boolean>`t.status = ${SUSPECTED} and ${FROM_STATUS} is distinct from ${SUSPECTED}`;
const NEWLY_BACK = sql<boolean>`${FROM_STATUS} in (${SUSPECTED}, 'needs_review')
  and t.status not in (${SUSPECTED}, 'needs_review')`;

/** Children suspected in `to` and not in `from` (or absent there), within scope. */
export function newlyOutOfSchool(db: Db, scope: DataScope, from: number, to: number, limit: number) {
  return comparisonBase(db, scope, to, from).where(NEWLY_OUT).limit(limit).execute();
}

export async function countNewlyOutOfSchool(db: Db, scope: DataScope, from: number, to: number) {
  const row = await comparisonCount(db, scope, to, from).where(NEWLY_OUT).executeTakeFirstOrThrow();
  return row.n;
}

/** Children suspected or awaiting review in `from` and accounted for in `to`, within scope. */
export function newlyAccountedFor(db: Db, scope: DataScope, from: number, to: number, limit: number) {
  return comparisonBase(db, scope, to, from).where(NEWLY_BACK).limit(limit).execute();
}

export async function countNewlyAccountedFor(db: Db, scope: DataScope, from: number, to: number) {
  const row = await comparisonCount(db, scope, to, from).where(NEWLY_BACK).executeTakeFirstOrThrow();
  return row.n;
}

function comparisonFrom(db: Db, scope: DataScope, to: number, from: number) {
  return (
    db
      .selectFrom('reconciliation_children as t')
      .leftJoin('reconciliation_children as f', (j) =>
        j
          .onRef('f.county_code', '=', 't.county_code')
          .on('f.run_id', '=', from)
          .onRef('f.child_key', '=', 't.child_key'),
      )
      // A child without a number is keyed by their population row, which a re-import of the
      // village renews: in the earlier run they are the child without a number of the same
      // name, birth date, gender and village.
      .leftJoin('reconciliation_children as fa', (j) =>
        j
          .onRef('fa.county_code', '=', 't.county_code')
          .on('fa.run_id', '=', from)
          .on(
            sql<boolean>`t.id_number is null and f.run_id is null and fa.id_number is null
            and fa.name = t.name and fa.birth_date is not distinct from t.birth_date
            and fa.gender is not distinct from t.gender and fa.village_code is not distinct from t.village_code`,
          ),
      )
      .where('t.county_code', '=', scope.countyCode)
      .where('t.run_id', '=', to)
      .where(
        monitoringScope(scope, {
          village: 't.village_code',
          schools: ['t.school_code', 't.responsible_school_code'],
        }),
      )
  );
}

function comparisonCount(db: Db, scope: DataScope, to: number, from: number) {
  return comparisonFrom(db, scope, to, from).select((eb) => eb.fn.countAll<number>().as('n'));
}

function comparisonBase(db: Db, scope: DataScope, to: number, from: number) {
  return comparisonFrom(db, scope, to, from)
    .leftJoin('regions as v', (j) =>
      j.onRef('v.county_code', '=', 't.county_code').onRef('v.code', '=', 't.village_code'),
    )
    .leftJoin('regions as tw', (j) =>
      j.onRef('tw.county_code', '=', 't.county_code').onRef('tw.code', '=', 't.town_code'),
    )
    .leftJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 't.county_code').onRef('s.code', '=', 't.school_code'),
    )
    .select([
      't.seq as id',
      't.name',
      't.id_number',
      't.village_code',
      'v.name as village_name',
      'tw.name as town_name',
      FROM_STATUS.as('from_status'),
      't.status as to_status',
      't.school_code',
      's.name as school_name',
    ])
    .orderBy('t.seq');
}

// ---------------------------------------------------------------- reviews

export function decisionsOf(db: Db, countyCode: string, childKeys: readonly string[]) {
  if (childKeys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('review_decisions as d')
    .selectAll('d')
    .select(authorName('d').as('author'))
    .where('d.county_code', '=', countyCode)
    .where('d.child_key', 'in', childKeys)
    .execute();
}

export async function upsertDecision(db: Db, values: Insertable<ReviewDecisionTable>) {
  return db
    .insertInto('review_decisions')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['county_code', 'child_key', 'record_key']).doUpdateSet((eb) => ({
        decision: eb.ref('excluded.decision'),
        note: eb.ref('excluded.note'),
        run_id: eb.ref('excluded.run_id'),
        user_id: eb.ref('excluded.user_id'),
        username: eb.ref('excluded.username'),
        decided_at: eb.ref('excluded.decided_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findDecision(db: Db, countyCode: string, childKey: string, recordKey: string) {
  return db
    .selectFrom('review_decisions')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('child_key', '=', childKey)
    .where('record_key', '=', recordKey)
    .executeTakeFirst();
}

/** The records behind candidates, by identity number, for the side-by-side view. */
export async function candidateRecords(
  db: Db,
  countyCode: string,
  schoolYear: number,
  ids: {
    enrollment: string[];
    outOfCounty: string[];
    exemption: string[];
  },
) {
  const [students, outOfCounty, exemptions] = await Promise.all([
    ids.enrollment.length === 0
      ? []
      : db
          .selectFrom('students as st')
          .innerJoin('schools as s', (j) =>
            j.onRef('s.county_code', '=', 'st.county_code').onRef('s.code', '=', 'st.school_code'),
          )
          .select([
            'st.id_number',
            'st.name',
            'st.gender',
            'st.birth_date',
            'st.school_code',
            's.name as school_name',
            'st.grade',
            'st.status',
          ])
          .where('st.county_code', '=', countyCode)
          .where('st.id_number', 'in', ids.enrollment)
          .orderBy('st.id')
          .execute(),
    ids.outOfCounty.length === 0
      ? []
      : db
          .selectFrom('out_of_county_records')
          .select(['id_number', 'name', 'gender', 'birth_date', 'school', 'region'])
          .where('county_code', '=', countyCode)
          .where('school_year', '=', schoolYear)
          .where('id_number', 'in', ids.outOfCounty)
          .execute(),
    ids.exemption.length === 0
      ? []
      : db
          .selectFrom('exemptions')
          .select(['id_number', 'name', 'gender', 'birth_date', 'type', 'school_year'])
          .where('county_code', '=', countyCode)
          .where('id_number', 'in', ids.exemption)
          .orderBy('school_year', 'desc')
          .execute(),
  ]);
  return { students, outOfCounty, exemptions };
}

/** Kept (lib/kept-rows.ts) like every read of the region tree: regions change only through the API. */
export function townsInScope(db: Db, scope: DataScope) {
  return keptRows(
    db,
    db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('county_code', '=', scope.countyCode)
      .where('level', '=', 'town')
      .where(regionScope(scope, 'regions.code'))
      .orderBy('code'),
  );
}

/** The child of a run a population row became (its number's child, or its own row's). */
export function childOfPopulation(
  db: Db,
  countyCode: string,
  runId: number,
  populationId: number,
  idNumber: string,
) {
  return db
    .selectFrom('reconciliation_children')
    .select(['seq as id', 'status', 'flags', 'school_code'])
    .where('county_code', '=', countyCode)
    .where('run_id', '=', runId)
    .where((eb) =>
      idNumber === ''
        ? eb('population_id', '=', populationId)
        : eb.or([eb('population_id', '=', populationId), eb('child_key', '=', idNumber)]),
    )
    .limit(1)
    .executeTakeFirst();
}
