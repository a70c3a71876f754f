import { sql } from 'kysely';
import type { Db } from '../../context';
import type { TeamMemberRow } from './cases.open.queries';

// The queries of cases following their pupils (cases.registry.ts): a handful of open cases
// a time, but written for a set, as an enrolment import may move many pupils at once.

/**
 * Gives the open cases of described children (a reconciliation run's, a village's report: no
 * `student_id`) the record of the child once a school has them in a class (在读 or 休学), found by
 * the identity number the case is keyed on: of these records, or (null) of every record of the
 * county. Of two such records of a child, the enrolled one, then the latest. Returns the ids of
 * the cases linked, which then follow their pupil as any other.
 */
export async function linkCasesToPupils(
  db: Db,
  countyCode: string,
  studentIds: readonly number[] | null,
): Promise<number[]> {
  if (studentIds !== null && studentIds.length === 0) return [];
  const ofThese = studentIds === null ? sql`` : sql`and s.id = any(${[...studentIds]}::int[])`;
  const linked = await sql<{ id: number }>`update cases c set student_id = p.id
    from (
      select distinct on (s.id_number) s.id, s.id_number
      from students s
      join cases o on o.county_code = s.county_code and o.child_key = s.id_number
        and o.student_id is null and o.step <> 'closed'
      where s.county_code = ${countyCode} and s.status in ('enrolled', 'suspended') ${ofThese}
      order by s.id_number, (s.status = 'enrolled') desc, s.id desc
    ) p
    where c.county_code = ${countyCode} and c.student_id is null and c.step <> 'closed'
      and c.child_key = p.id_number
    returning c.id`.execute(db);
  return linked.rows.map((r) => r.id);
}

/**
 * The open cases of pupils whose school or class is no longer the case's: of these pupils,
 * or (null) of every pupil of the county; and the cases just linked to their pupil, where they
 * are. With the pupil's school and class now.
 */
export function casesAwayFromTheirPupils(
  db: Db,
  countyCode: string,
  studentIds: readonly number[] | null,
  linked: readonly number[],
) {
  if (studentIds !== null && studentIds.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('cases as c')
    .innerJoin('students as s', (j) =>
      j.onRef('s.county_code', '=', 'c.county_code').onRef('s.id', '=', 'c.student_id'),
    )
    .select([
      'c.id',
      'c.name',
      'c.student_id',
      'c.school_year',
      'c.step',
      'c.step_due_on',
      'c.village_code',
      'c.town_code',
      'c.school_code',
      'c.class_id',
      's.school_code as pupil_school_code',
      's.class_id as pupil_class_id',
    ])
    .where('c.county_code', '=', countyCode)
    .where('c.step', '<>', 'closed')
    .where((eb) =>
      eb.or([
        eb('c.school_code', 'is distinct from', eb.ref('s.school_code')),
        eb('c.class_id', 'is distinct from', eb.ref('s.class_id')),
        eb('c.id', '=', sql<number>`any(${[...linked]}::int[])`),
      ]),
    );
  if (studentIds !== null)
    query = query.where('c.student_id', '=', sql<number>`any(${[...studentIds]}::int[])`);
  return query.orderBy('c.id').execute();
}

export interface CaseMove {
  id: number;
  schoolCode: string | null;
  classId: number | null;
  townCode: string | null;
}

/** Moves open cases to a school, class and town; one statement for all of them. */
export async function moveCases(db: Db, countyCode: string, moves: readonly CaseMove[]): Promise<void> {
  if (moves.length === 0) return;
  const json = JSON.stringify(
    moves.map((m) => ({ id: m.id, school_code: m.schoolCode, class_id: m.classId, town_code: m.townCode })),
  );
  await sql`update cases c set school_code = v.school_code, class_id = v.class_id, town_code = v.town_code,
      updated_at = now()
    from jsonb_to_recordset(${json}::jsonb) as v(id integer, school_code text, class_id integer, town_code text)
    where c.county_code = ${countyCode} and c.id = v.id and c.step <> 'closed'`.execute(db);
}

/** Adds members to teams, keeping those there already; returns the ones added. */
export async function addMembersOfCases(
  db: Db,
  countyCode: string,
  byCase: readonly { caseId: number; members: readonly TeamMemberRow[] }[],
) {
  const values = byCase.flatMap(({ caseId, members }) =>
    members.map((m) => ({ county_code: countyCode, case_id: caseId, ...m })),
  );
  if (values.length === 0) return [];
  return db
    .insertInto('case_members')
    .values(values)
    .onConflict((oc) => oc.columns(['county_code', 'case_id', 'role', 'name']).doNothing())
    .returning(['case_id', 'role', 'name', 'user_id'])
    .execute();
}

/** The users on these cases' teams, whatever their role. */
export function teamUsersOfCases(db: Db, countyCode: string, caseIds: readonly number[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('case_members')
    .select(['case_id', 'user_id'])
    .where('county_code', '=', countyCode)
    .where('case_id', '=', sql<number>`any(${[...caseIds]}::int[])`)
    .where('user_id', 'is not', null)
    .execute();
}

export interface TeamLeaving {
  caseId: number;
  role: 'principal' | 'class_teacher';
}

/** Takes members of a role off these cases' teams; returns who was taken off. */
export async function removeMembersOfCases(db: Db, countyCode: string, leaving: readonly TeamLeaving[]) {
  if (leaving.length === 0) return [];
  const json = JSON.stringify(leaving.map((l) => ({ case_id: l.caseId, role: l.role })));
  const removed = await sql<{
    case_id: number;
    name: string;
    user_id: number | null;
  }>`delete from case_members m
    using jsonb_to_recordset(${json}::jsonb) as v(case_id integer, role text)
    where m.county_code = ${countyCode} and m.case_id = v.case_id and m.role = v.role
    returning m.case_id, m.name, m.user_id`.execute(db);
  return removed.rows;
}

/** Settles the open inbox items of these cases held by these users: the cases are no longer theirs to work. */
export async function settleInboxOfUsers(
  db: Db,
  countyCode: string,
  pairs: readonly { caseId: number; userId: number }[],
): Promise<void> {
  if (pairs.length === 0) return;
  const json = JSON.stringify(pairs.map((p) => ({ case_id: p.caseId, user_id: p.userId })));
  await sql`update inbox_items i set done_at = now()
    from jsonb_to_recordset(${json}::jsonb) as v(case_id integer, user_id integer)
    where i.county_code = ${countyCode} and i.case_id = v.case_id and i.user_id = v.user_id
      and i.done_at is null`.execute(db);
}
