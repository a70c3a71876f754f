import { sql, type Insertable } from 'kysely';
import type { CaseTeamRole } from '@baoxue/shared';
import type { Db } from '../../context';
import type { CaseMemberTable, CaseTable } from './cases.table';

// The queries of opening cases, written set-based: a reconciliation run opens its cases in
// one pass, whatever their number.

export async function studentsForCases(db: Db, countyCode: string, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('students')
    .select([
      'id',
      'id_number',
      'name',
      'gender',
      'birth_date',
      'school_code',
      'class_id',
      'village_code',
      'guardian_name',
      'guardian_phone',
    ])
    .where('county_code', '=', countyCode)
    .where('id', 'in', ids)
    .execute();
}

/** The town of each village (its parent region). */
export async function townsOfVillages(db: Db, countyCode: string, villages: readonly string[]) {
  if (villages.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'parent_code'])
    .where('county_code', '=', countyCode)
    .where('code', 'in', villages)
    .where('level', '=', 'village')
    .execute();
  return new Map(rows.filter((r) => r.parent_code !== null).map((r) => [r.code, r.parent_code!]));
}

/** The town of each school. */
export async function townsOfSchools(db: Db, countyCode: string, schools: readonly string[]) {
  if (schools.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('schools')
    .select(['code', 'town_code'])
    .where('county_code', '=', countyCode)
    .where('code', 'in', schools)
    .execute();
  return new Map(rows.map((r) => [r.code, r.town_code]));
}

/**
 * A child without an identity number is keyed by their population row, and a re-import of
 * the village gives them a new row. Their open case (same name, birth date, gender and
 * village, no number, keyed by an older row) takes the new key, so that the next run finds
 * it instead of opening a second case for the same child. Only a case whose row is gone is
 * taken over (two children alike in all of that keep their own), only the oldest of such
 * cases, and none where an open case has the new key already. One statement for all of them.
 */
export async function rekeyCasesOfChildrenWithoutNumber(
  db: Db,
  countyCode: string,
  children: readonly Pick<
    Insertable<CaseTable>,
    'child_key' | 'name' | 'birth_date' | 'gender' | 'village_code'
  >[],
): Promise<void> {
  if (children.length === 0) return;
  const json = JSON.stringify(
    children.map((c) => ({
      child_key: c.child_key,
      name: c.name,
      birth_date: c.birth_date ?? null,
      gender: c.gender ?? null,
      village_code: c.village_code ?? null,
    })),
  );
  // Alike: the same child by what a child without a number has. Orphaned: an open case of
  // such a child whose population row is gone.
  const alike = (a: string, b: string) =>
    sql.raw(`${a}.name = ${b}.name and ${a}.birth_date is not distinct from ${b}.birth_date
      and ${a}.gender is not distinct from ${b}.gender and ${a}.village_code is not distinct from ${b}.village_code`);
  const orphaned = (a: string) =>
    sql.raw(`${a}.step <> 'closed' and ${a}.id_number is null and ${a}.child_key like 'row:%'
      and not exists (select 1 from population p
        where p.county_code = ${a}.county_code and p.id = substr(${a}.child_key, 5)::integer)`);
  await sql`update cases c set child_key = v.child_key
    from jsonb_to_recordset(${json}::jsonb)
      as v(child_key text, name text, birth_date date, gender text, village_code text)
    where c.county_code = ${countyCode} and ${orphaned('c')} and ${alike('c', 'v')}
      and c.id = (select min(o.id) from cases o
        where o.county_code = c.county_code and ${orphaned('o')} and ${alike('o', 'c')})
      and not exists (select 1 from cases n where n.county_code = c.county_code
        and n.child_key = v.child_key and n.step <> 'closed')`.execute(db);
}

/** Inserts the cases whose child has no open case yet; returns the ones inserted. */
export async function insertCasesIfNoneOpen(db: Db, rows: readonly Insertable<CaseTable>[]) {
  if (rows.length === 0) return [];
  return db
    .insertInto('cases')
    .values([...rows])
    .onConflict((oc) => oc.columns(['county_code', 'child_key']).where('step', '<>', 'closed').doNothing())
    .returning(['id', 'child_key'])
    .execute();
}

export async function openCasesOfChildren(db: Db, countyCode: string, childKeys: readonly string[]) {
  if (childKeys.length === 0) return [];
  return db
    .selectFrom('cases')
    .select(['id', 'child_key', 'step'])
    .where('county_code', '=', countyCode)
    .where('child_key', 'in', childKeys)
    .where('step', '<>', 'closed')
    .execute();
}

export interface NewCaseEvent {
  caseId: number;
  kind: string;
  fromStep?: CaseTable['step'] | null;
  toStep?: CaseTable['step'] | null;
  note?: string | null;
  userId: number | null;
  username: string | null;
}

export async function insertCaseEvents(db: Db, countyCode: string, events: readonly NewCaseEvent[]) {
  if (events.length === 0) return;
  await db
    .insertInto('case_events')
    .values(
      events.map((e) => ({
        county_code: countyCode,
        case_id: e.caseId,
        kind: e.kind,
        from_step: e.fromStep ?? null,
        to_step: e.toStep ?? null,
        note: e.note ?? null,
        user_id: e.userId,
        username: e.username,
      })),
    )
    .execute();
}

/** Active users of some roles at some scope nodes, with the name and phone a team shows. */
export async function teamUsersAt(db: Db, countyCode: string, role: string, scopeCodes: readonly string[]) {
  if (scopeCodes.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'scope_code', 'display_name', 'phone', 'staff_id'])
    .where('county_code', '=', countyCode)
    .where('active', '=', true)
    .where('role', '=', role as 'town_official')
    .where('scope_code', 'in', scopeCodes)
    .orderBy('id')
    .execute();
}

/** Each class's head teacher (staff) and that teacher's active user, if any. */
export async function headTeachersOfClasses(db: Db, countyCode: string, classIds: readonly number[]) {
  if (classIds.length === 0) return [];
  return db
    .selectFrom('classes as c')
    .innerJoin('staff as s', (j) =>
      j.onRef('s.county_code', '=', 'c.county_code').onRef('s.id', '=', 'c.head_teacher_staff_id'),
    )
    .leftJoin('users as u', (j) =>
      j
        .onRef('u.county_code', '=', 's.county_code')
        .onRef('u.staff_id', '=', 's.id')
        .on('u.role', '=', 'teacher')
        .on('u.active', '=', true),
    )
    .select(['c.id as class_id', 's.id as staff_id', 's.name', 's.phone', 'u.id as user_id'])
    .where('c.county_code', '=', countyCode)
    .where('c.id', 'in', classIds)
    .orderBy('c.id')
    .orderBy('u.id')
    .execute();
}

export interface TeamMemberRow {
  role: CaseTeamRole;
  name: string;
  phone: string | null;
  staff_id: number | null;
  user_id: number | null;
}

export async function insertMembers(
  db: Db,
  countyCode: string,
  caseId: number,
  members: readonly TeamMemberRow[],
) {
  if (members.length === 0) return;
  await db
    .insertInto('case_members')
    .values(
      members.map((m): Insertable<CaseMemberTable> => ({ county_code: countyCode, case_id: caseId, ...m })),
    )
    .onConflict((oc) => oc.columns(['county_code', 'case_id', 'role', 'name']).doNothing())
    .execute();
}

export async function insertMembersOfCases(
  db: Db,
  countyCode: string,
  byCase: readonly { caseId: number; members: readonly TeamMemberRow[] }[],
) {
  const values = byCase.flatMap(({ caseId, members }) =>
    members.map((m): Insertable<CaseMemberTable> => ({ county_code: countyCode, case_id: caseId, ...m })),
  );
  if (values.length === 0) return;
  await db
    .insertInto('case_members')
    .values(values)
    .onConflict((oc) => oc.columns(['county_code', 'case_id', 'role', 'name']).doNothing())
    .execute();
}

/** The suspected out-of-school children of a run, with their guardian from the population roster. */
export function suspectedChildrenOfRun(db: Db, countyCode: string, runId: number) {
  return db
    .selectFrom('reconciliation_children as rc')
    .leftJoin('population as p', (j) =>
      j.onRef('p.county_code', '=', 'rc.county_code').onRef('p.id', '=', 'rc.population_id'),
    )
    .select([
      'rc.child_key',
      'rc.id_number',
      'rc.name',
      'rc.gender',
      'rc.birth_date',
      'rc.village_code',
      'rc.town_code',
      'rc.school_code',
      'rc.responsible_school_code',
      'p.guardian_name',
      'p.guardian_phone',
    ])
    .where('rc.county_code', '=', countyCode)
    .where('rc.run_id', '=', runId)
    .where('rc.status', '=', 'suspected_out_of_school')
    .orderBy('rc.seq')
    .execute();
}

/**
 * The chiefs of some units for a school year (town heads, village heads, principals), and
 * each school's first principal on staff: who stands for a line where nobody has an account.
 */
export async function chiefsOfUnits(
  db: Db,
  countyCode: string,
  schoolYear: number,
  units: readonly string[],
) {
  if (units.length === 0) return [];
  return db
    .selectFrom('chiefs')
    .select(['unit_code', 'duty', 'name', 'phone', 'staff_id'])
    .where('county_code', '=', countyCode)
    .where('school_year', '=', schoolYear)
    .where('unit_code', 'in', units)
    .where('duty', 'in', ['town_head', 'village_head', 'principal'])
    .execute();
}

export async function principalsOnStaff(db: Db, countyCode: string, schools: readonly string[]) {
  if (schools.length === 0) return [];
  return db
    .selectFrom('staff')
    .select(['id', 'school_code', 'name', 'phone'])
    .where('county_code', '=', countyCode)
    .where('school_code', 'in', schools)
    .where('kind', '=', 'principal')
    .orderBy('id')
    .execute();
}
