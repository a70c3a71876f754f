import { sql } from 'kysely';
import type { Db } from '../../context';

// The escalation job's reads: set-based over the county, never a query per child.
// Only children still enrolled are considered: a child who left keeps their absences on
// record, but the rules are about bringing back a child who belongs at school.

function unexcusedOn(db: Db, countyCode: string, days: readonly string[]) {
  return db
    .selectFrom('absences as a')
    .innerJoin('students as st', (j) =>
      j.onRef('st.county_code', '=', 'a.county_code').onRef('st.id', '=', 'a.student_id'),
    )
    .where('a.county_code', '=', countyCode)
    .where('a.kind', '=', 'unexcused')
    .where('a.day', 'in', days)
    .where('st.status', '=', 'enrolled');
}

/** Children marked unexcused on every one of `days`. */
export async function unexcusedOnEveryDay(
  db: Db,
  countyCode: string,
  days: readonly string[],
): Promise<number[]> {
  if (days.length === 0) return [];
  const rows = await unexcusedOn(db, countyCode, days)
    .select('a.student_id')
    .groupBy('a.student_id')
    .having(sql<number>`count(distinct a.day)`, '=', days.length)
    .orderBy('a.student_id')
    .execute();
  return rows.map((r) => r.student_id);
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

/** Children with at least `threshold` unexcused days among `days`. */
export async function unexcusedCounts(
  db: Db,
  countyCode: string,
  days: readonly string[],
  threshold: number,
) {
  if (days.length === 0) return [];
  const rows = await unexcusedOn(db, countyCode, days)
    .select(['a.student_id', sql<number>`count(distinct a.day)::int`.as('days')])
    .groupBy('a.student_id')
    .having(sql<number>`count(distinct a.day)`, '>=', threshold)
    .orderBy('a.student_id')
    .execute();
  return rows.map((r) => ({ studentId: r.student_id, days: r.days }));
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
