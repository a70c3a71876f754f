import { sql } from 'kysely';
import type { CaseStep } from '@baoxue/shared';
import type { Db } from '../../context';

// The escalation job's reads: set-based over the county, never a query per child.
// Only children still enrolled are considered: a child who left keeps their absences on
// record, but the rules are about bringing back a child who belongs at school.

function unexcusedOfEnrolled(db: Db, countyCode: string) {
  return db
    .selectFrom('absences as a')
    .innerJoin('students as st', (j) =>
      j.onRef('st.county_code', '=', 'a.county_code').onRef('st.id', '=', 'a.student_id'),
    )
    .where('a.county_code', '=', countyCode)
    .where('a.kind', '=', 'unexcused')
    .where('st.status', '=', 'enrolled');
}

function unexcusedOn(db: Db, countyCode: string, days: readonly string[]) {
  return unexcusedOfEnrolled(db, countyCode).where('a.day', 'in', days);
}

/**
 * The unexcused days from `from` to `to` of the enrolled children marked unexcused on one of
 * `lastDays`: the children a run of absences may end for, with every day such a run may reach
 * back over.
 */
export async function unexcusedDaysOfAbsentOn(
  db: Db,
  countyCode: string,
  lastDays: readonly string[],
  from: string,
  to: string,
) {
  if (lastDays.length === 0) return [];
  const rows = await unexcusedOfEnrolled(db, countyCode)
    .select(['a.student_id', 'a.day'])
    .where('a.day', '>=', from)
    .where('a.day', '<=', to)
    .where('a.student_id', 'in', unexcusedOn(db, countyCode, lastDays).select('a.student_id'))
    .orderBy('a.student_id')
    .orderBy('a.day')
    .execute();
  return rows.map((r) => ({ studentId: r.student_id, day: r.day }));
}

/**
 * The days from `from` to `to` on which these children were at school or excused: their
 * class (the one they are in now) took the roll without marking them unexcused, or they were
 * marked sick or on leave. A school day that is neither this nor one of their unexcused days
 * was not marked: their class took no roll, and nobody knows whether they came.
 */
export async function attendedDaysBetween(
  db: Db,
  countyCode: string,
  studentIds: readonly number[],
  from: string,
  to: string,
) {
  if (studentIds.length === 0) return [];
  const rolled = db
    .selectFrom('roll_calls as r')
    .innerJoin('students as st', (j) =>
      j.onRef('st.county_code', '=', 'r.county_code').onRef('st.class_id', '=', 'r.class_id'),
    )
    .select(['st.id as student_id', 'r.day'])
    .where('r.county_code', '=', countyCode)
    .where('st.id', 'in', studentIds)
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('absences as a')
            .select('a.student_id')
            .whereRef('a.county_code', '=', 'r.county_code')
            .whereRef('a.student_id', '=', 'st.id')
            .whereRef('a.day', '=', 'r.day')
            .where('a.kind', '=', 'unexcused'),
        ),
      ),
    );
  const excused = db
    .selectFrom('absences as a')
    .select(['a.student_id', 'a.day'])
    .where('a.county_code', '=', countyCode)
    .where('a.student_id', 'in', studentIds)
    .where('a.day', '>=', from)
    .where('a.day', '<=', to)
    .where('a.kind', '<>', 'unexcused');
  const rows = await rolled.union(excused).execute();
  return rows.map((r) => ({ studentId: r.student_id, day: r.day }));
}

/** Unexcused absences on `days` with no contact that reached the guardian about that day. */
export async function unexcusedWithoutReach(db: Db, countyCode: string, days: readonly string[]) {
  if (days.length === 0) return [];
  const rows = await unexcusedOn(db, countyCode, days)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('guardian_contacts as g')
            .select('g.id')
            .whereRef('g.county_code', '=', 'a.county_code')
            .whereRef('g.student_id', '=', 'a.student_id')
            .whereRef('g.day', '=', 'a.day')
            .where('g.result', '=', 'reached'),
        ),
      ),
    )
    .select(['a.student_id', 'a.day'])
    .orderBy('a.student_id')
    .orderBy('a.day')
    .execute();
  return rows.map((r) => ({ studentId: r.student_id, day: r.day }));
}

/** Children with at least `threshold` unexcused days among `days`, with the latest of them. */
export async function unexcusedCounts(
  db: Db,
  countyCode: string,
  days: readonly string[],
  threshold: number,
) {
  if (days.length === 0) return [];
  const rows = await unexcusedOn(db, countyCode, days)
    .select([
      'a.student_id',
      sql<number>`count(distinct a.day)::int`.as('days'),
      sql<string>`max(a.day)`.as('last_day'),
    ])
    .groupBy('a.student_id')
    .having(sql<number>`count(distinct a.day)`, '>=', threshold)
    .orderBy('a.student_id')
    .execute();
  return rows.map((r) => ({ studentId: r.student_id, days: r.days, lastDay: r.last_day }));
}

export async function childrenWithSchools(db: Db, countyCode: string, studentIds: readonly number[]) {
  if (studentIds.length === 0) return [];
  const rows = await db
    .selectFrom('students as st')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 'st.county_code').onRef('s.code', '=', 'st.school_code'),
    )
    .select(['st.id', 'st.name', 'st.school_code', 's.name as school_name', 's.town_code'])
    .where('st.county_code', '=', countyCode)
    .where('st.id', 'in', studentIds)
    .execute();
  return rows.map((r) => ({
    studentId: r.id,
    name: r.name,
    schoolCode: r.school_code,
    schoolName: r.school_name,
    townCode: r.town_code,
  }));
}

/** Absence cases already opened for these triggers (same child, same source_ref), open ones first. */
export async function casesOfTriggers(
  db: Db,
  countyCode: string,
  triggers: readonly { studentId: number; sourceRef: string }[],
) {
  if (triggers.length === 0) return [];
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'student_id', 'source_ref', 'step'])
    .where('county_code', '=', countyCode)
    .where('source', '=', 'absence')
    .where('student_id', 'in', [...new Set(triggers.map((t) => t.studentId))])
    .where('source_ref', 'in', [...new Set(triggers.map((t) => t.sourceRef))])
    .orderBy(sql`step = 'closed'`)
    .orderBy('id', 'desc')
    .execute();
  const seen = new Set<string>();
  const result: { caseId: number; studentId: number; sourceRef: string; open: boolean }[] = [];
  for (const r of rows) {
    const key = `${r.student_id}|${r.source_ref}`;
    if (seen.has(key) || r.student_id === null || r.source_ref === null) continue;
    seen.add(key);
    result.push({
      caseId: r.id,
      studentId: r.student_id,
      sourceRef: r.source_ref,
      open: r.step !== 'closed',
    });
  }
  return result;
}

export interface CaseOfChild {
  caseId: number;
  studentId: number;
  step: CaseStep;
  openedOn: string;
  closedOn: string | null;
}

/**
 * The cases of these children, open and closed: those opened from the pupil's record, and an
 * open case under the child's identity number opened before the child was a pupil here
 * (reconciliation, a village report), which cases_one_open makes the child's case too.
 */
export async function casesOfChildren(
  db: Db,
  countyCode: string,
  studentIds: readonly number[],
): Promise<CaseOfChild[]> {
  if (studentIds.length === 0) return [];
  const columns = ['c.id', 'c.step', 'c.opened_on', 'c.closed_on', 'st.id as student_id'] as const;
  const byRecord = await db
    .selectFrom('cases as c')
    .innerJoin('students as st', (j) =>
      j.onRef('st.county_code', '=', 'c.county_code').onRef('st.id', '=', 'c.student_id'),
    )
    .select(columns)
    .where('c.county_code', '=', countyCode)
    .where('c.student_id', 'in', studentIds)
    .execute();
  const byNumber = await db
    .selectFrom('cases as c')
    .innerJoin('students as st', (j) =>
      j.onRef('st.county_code', '=', 'c.county_code').onRef('st.id_number', '=', 'c.child_key'),
    )
    .select(columns)
    .where('c.county_code', '=', countyCode)
    .where('c.step', '<>', 'closed')
    .where('c.student_id', 'is', null)
    .where('st.id', 'in', studentIds)
    .execute();
  return [...byRecord, ...byNumber].map((r) => ({
    caseId: r.id,
    studentId: r.student_id,
    step: r.step,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
  }));
}

/** The days from `from` to `to` on which these children were marked absent without excuse. */
export async function unexcusedDaysBetween(
  db: Db,
  countyCode: string,
  studentIds: readonly number[],
  from: string,
  to: string,
) {
  if (studentIds.length === 0) return [];
  const rows = await db
    .selectFrom('absences')
    .select(['student_id', 'day'])
    .where('county_code', '=', countyCode)
    .where('kind', '=', 'unexcused')
    .where('student_id', 'in', studentIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
  return rows.map((r) => ({ studentId: r.student_id, day: r.day }));
}

/** The dedupe keys of the absence reports already filed about these cases (to anyone). */
export async function absenceReportKeys(
  db: Db,
  countyCode: string,
  caseIds: readonly number[],
): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('inbox_items')
    .select('dedupe_key')
    .distinct()
    .where('county_code', '=', countyCode)
    .where('case_id', 'in', caseIds)
    .where('kind', '=', 'absence_report')
    .execute();
  return new Set(rows.map((r) => r.dedupe_key));
}
