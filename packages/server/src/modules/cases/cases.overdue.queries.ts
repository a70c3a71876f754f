import { sql } from 'kysely';
import type { Db } from '../../context';

// The overdue pass works on whole sets: one update marks every late case, one select finds
// whom to tell. Each update only touches cases not marked yet, so a rerun marks nothing.

/** Marks the open cases whose step was due before `day`; returns the ones newly marked. */
export function markOverdue(db: Db, countyCode: string, day: string) {
  return db
    .updateTable('cases')
    .set({ overdue: true, escalation_level: sql<number>`greatest(escalation_level, 1)` })
    .where('county_code', '=', countyCode)
    .where('step', '<>', 'closed')
    .where('step_due_on', '<', day)
    .where('overdue', '=', false)
    .returning(['id', 'step', 'step_due_on'])
    .execute();
}

/** Raises to the second level the cases overdue since `dueOnOrBefore` or earlier. */
export function escalateToSecondLevel(db: Db, countyCode: string, dueOnOrBefore: string) {
  return db
    .updateTable('cases')
    .set({ escalation_level: 2 })
    .where('county_code', '=', countyCode)
    .where('step', '<>', 'closed')
    .where('overdue', '=', true)
    .where('step_due_on', '<=', dueOnOrBefore)
    .where('escalation_level', '<', 2)
    .returning(['id', 'step', 'step_due_on'])
    .execute();
}

const CASE_COLUMNS = [
  'id',
  'name',
  'step',
  'step_due_on',
  'escalation_level',
  'town_code',
  'school_code',
  'student_id',
] as const;

export function overdueCases(db: Db, countyCode: string) {
  return db
    .selectFrom('cases')
    .select(CASE_COLUMNS)
    .where('county_code', '=', countyCode)
    .where('step', '<>', 'closed')
    .where('overdue', '=', true)
    .orderBy('id')
    .execute();
}

/** Open cases (observation aside: its check-ins remind) due from `from` to `to`, not late yet. */
export function casesDueBetween(db: Db, countyCode: string, from: string, to: string) {
  return db
    .selectFrom('cases')
    .select(CASE_COLUMNS)
    .where('county_code', '=', countyCode)
    .where('step', 'not in', ['closed', 'observation'])
    .where('overdue', '=', false)
    .where('step_due_on', '>=', from)
    .where('step_due_on', '<=', to)
    .orderBy('id')
    .execute();
}

/** Check-ins not done and due by `to`, of cases under observation. */
export function checkInsDueBy(db: Db, countyCode: string, to: string) {
  return db
    .selectFrom('case_check_ins as ci')
    .innerJoin('cases as c', (j) =>
      j.onRef('c.county_code', '=', 'ci.county_code').onRef('c.id', '=', 'ci.case_id'),
    )
    .select(['c.id', 'c.name', 'c.student_id', 'ci.round', 'ci.seq', 'ci.due_on'])
    .where('ci.county_code', '=', countyCode)
    .where('c.step', '=', 'observation')
    .where('ci.done_on', 'is', null)
    .where('ci.due_on', '<=', to)
    .orderBy('c.id')
    .orderBy('ci.round')
    .orderBy('ci.seq')
    .execute();
}

/** The users on the teams of these cases. */
export async function teamUsersOf(db: Db, countyCode: string, caseIds: readonly number[]) {
  const byCase = new Map<number, number[]>();
  const CHUNK = 5000;
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('case_members')
      .select(['case_id', 'user_id'])
      .distinct()
      .where('county_code', '=', countyCode)
      .where('case_id', 'in', caseIds.slice(i, i + CHUNK))
      .where('user_id', 'is not', null)
      .orderBy('case_id')
      .orderBy('user_id')
      .execute();
    for (const r of rows) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), r.user_id!]);
  }
  return byCase;
}
