import { sql, type SqlBool } from 'kysely';
import type { AbsenceKind, AbsenceListQuery, NewGuardianContact } from '@baoxue/shared';
import type { DataScope, Db } from '../../context';
import type { Paging } from '../../lib/paging';
import { childScope, classScope } from '../../plugins/scope';
import { authorName } from '../users/users.queries';

const CLASS_SCOPE = { id: 'c.id', school: 'c.school_code' };
const ABSENCE_SCOPE = { school: 'a.school_code', village: 'st.village_code', classId: 'a.class_id' };
const STUDENT_SCOPE = { school: 'st.school_code', village: 'st.village_code', classId: 'st.class_id' };

// ------------------------------------------------------------------ classes

function classesBase(db: Db, countyCode: string) {
  return db
    .selectFrom('classes as c')
    .innerJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 'c.county_code').onRef('s.code', '=', 'c.school_code'),
    )
    .where('c.county_code', '=', countyCode);
}

/** The classes of a school year the user may mark, with the day's roll call and absence counts. */
export function classesToMark(db: Db, scope: DataScope, schoolYear: number, day: string) {
  return classesBase(db, scope.countyCode)
    .leftJoin('roll_calls as r', (j) =>
      j.onRef('r.county_code', '=', 'c.county_code').onRef('r.class_id', '=', 'c.id').on('r.day', '=', day),
    )
    .where('c.school_year', '=', schoolYear)
    .where(classScope(scope, CLASS_SCOPE))
    .select((eb) => [
      'c.id',
      'c.name',
      'c.grade',
      'c.school_code',
      's.name as school_name',
      eb
        .selectFrom('students as st')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('st.county_code', '=', 'c.county_code')
        .whereRef('st.class_id', '=', 'c.id')
        .where('st.status', '=', 'enrolled')
        .as('enrolled'),
      eb
        .selectFrom('absences as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.county_code', '=', 'c.county_code')
        .whereRef('a.class_id', '=', 'c.id')
        .where('a.day', '=', day)
        .as('absent'),
      eb
        .selectFrom('absences as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.county_code', '=', 'c.county_code')
        .whereRef('a.class_id', '=', 'c.id')
        .where('a.day', '=', day)
        .where('a.kind', '=', 'unexcused')
        .as('unexcused'),
      'r.marked_at',
    ])
    .orderBy('c.school_code')
    .orderBy('c.grade')
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
}

export function classInScope(db: Db, scope: DataScope, classId: number) {
  return classesBase(db, scope.countyCode)
    .where('c.id', '=', classId)
    .where(classScope(scope, CLASS_SCOPE))
    .select([
      'c.id',
      'c.name',
      'c.grade',
      'c.school_code',
      's.name as school_name',
      'c.head_teacher_staff_id',
    ])
    .executeTakeFirst();
}

export async function classExists(db: Db, countyCode: string, classId: number): Promise<boolean> {
  const row = await db
    .selectFrom('classes')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('id', '=', classId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The enrolled children of a class, by name. */
export function enrolledStudents(db: Db, countyCode: string, classId: number) {
  return db
    .selectFrom('students')
    .select(['id', 'name', 'gender', 'guardian_name', 'guardian_phone'])
    .where('county_code', '=', countyCode)
    .where('class_id', '=', classId)
    .where('status', '=', 'enrolled')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function absencesOfClassDay(db: Db, countyCode: string, classId: number, day: string) {
  return db
    .selectFrom('absences')
    .select(['student_id', 'kind', 'note'])
    .where('county_code', '=', countyCode)
    .where('class_id', '=', classId)
    .where('day', '=', day)
    .orderBy('student_id')
    .execute();
}

export function rollCall(db: Db, countyCode: string, classId: number, day: string) {
  return db
    .selectFrom('roll_calls as r')
    .select(['r.present_count', 'r.absent_count', authorName('r').as('author'), 'r.marked_at'])
    .where('r.county_code', '=', countyCode)
    .where('r.class_id', '=', classId)
    .where('r.day', '=', day)
    .executeTakeFirst();
}

export function contactsOf(db: Db, countyCode: string, studentIds: readonly number[], day: string) {
  if (studentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('guardian_contacts')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('student_id', 'in', studentIds)
    .where('day', '=', day)
    .orderBy('id')
    .execute();
}

export type ContactRow = Awaited<ReturnType<typeof contactsOf>>[number];

export async function replaceAbsences(
  db: Db,
  who: { countyCode: string; userId: number; username: string },
  klass: { id: number; schoolCode: string },
  day: string,
  absences: readonly { studentId: number; kind: AbsenceKind; note: string | null }[],
): Promise<void> {
  await db
    .deleteFrom('absences')
    .where('county_code', '=', who.countyCode)
    .where('class_id', '=', klass.id)
    .where('day', '=', day)
    .execute();
  if (absences.length === 0) return;
  await db
    .insertInto('absences')
    .values(
      absences.map((a) => ({
        county_code: who.countyCode,
        student_id: a.studentId,
        day,
        class_id: klass.id,
        school_code: klass.schoolCode,
        kind: a.kind,
        note: a.note,
        user_id: who.userId,
        username: who.username,
      })),
    )
    // A child moved between classes the same day keeps one mark: the latest class's.
    .onConflict((oc) =>
      oc.columns(['county_code', 'student_id', 'day']).doUpdateSet((eb) => ({
        class_id: eb.ref('excluded.class_id'),
        school_code: eb.ref('excluded.school_code'),
        kind: eb.ref('excluded.kind'),
        note: eb.ref('excluded.note'),
        user_id: eb.ref('excluded.user_id'),
        username: eb.ref('excluded.username'),
      })),
    )
    .execute();
}

export async function putRollCall(
  db: Db,
  who: { countyCode: string; userId: number; username: string },
  classId: number,
  day: string,
  counts: { present: number; absent: number },
  at: Date,
): Promise<void> {
  const values = {
    present_count: counts.present,
    absent_count: counts.absent,
    user_id: who.userId,
    username: who.username,
    marked_at: at,
  };
  await db
    .insertInto('roll_calls')
    .values({ county_code: who.countyCode, class_id: classId, day, ...values })
    .onConflict((oc) => oc.columns(['county_code', 'class_id', 'day']).doUpdateSet(values))
    .execute();
}

/** The active accounts of a class's head teacher (users.staff_id = classes.head_teacher_staff_id). */
export function headTeacherUsers(db: Db, countyCode: string, staffId: number | null) {
  if (staffId === null) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('staff_id', '=', staffId)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

/** Marks the open inbox items with these dedupe keys done (whoever holds them). */
export async function finishInboxItems(
  db: Db,
  countyCode: string,
  keys: readonly string[],
  at: Date,
): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db
    .updateTable('inbox_items')
    .set({ done_at: at })
    .where('county_code', '=', countyCode)
    .where('dedupe_key', 'in', keys)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Opens again the done inbox items with these dedupe keys. */
export async function reopenInboxItems(db: Db, countyCode: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .updateTable('inbox_items')
    .set({ done_at: null })
    .where('county_code', '=', countyCode)
    .where('dedupe_key', 'in', keys)
    .where('done_at', 'is not', null)
    .execute();
}

// ------------------------------------------------------------------ contacts

/** A child the user answers for, on either line (a teacher: their classes). */
export function studentInScope(db: Db, scope: DataScope, studentId: number) {
  return db
    .selectFrom('students as st')
    .select(['st.id', 'st.name', 'st.class_id', 'st.school_code'])
    .where('st.county_code', '=', scope.countyCode)
    .where('st.id', '=', studentId)
    .where(childScope(scope, STUDENT_SCOPE))
    .executeTakeFirst();
}

export function insertContact(
  db: Db,
  who: { countyCode: string; userId: number; username: string },
  contact: NewGuardianContact,
) {
  return db
    .insertInto('guardian_contacts')
    .values({
      county_code: who.countyCode,
      student_id: contact.studentId,
      day: contact.day,
      contact_name: contact.contactName,
      relation: contact.relation || null,
      method: contact.method,
      result: contact.result,
      note: contact.note || null,
      user_id: who.userId,
      username: who.username,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// -------------------------------------------------------------------- lists

export type AbsenceFilter = Omit<AbsenceListQuery, 'page' | 'pageSize' | 'from' | 'to'> & {
  from: string;
  to: string;
};

function filteredAbsences(db: Db, scope: DataScope, filter: AbsenceFilter) {
  let query = db
    .selectFrom('absences as a')
    .innerJoin('students as st', (j) =>
      j.onRef('st.county_code', '=', 'a.county_code').onRef('st.id', '=', 'a.student_id'),
    )
    .innerJoin('schools as s', (j) =>
      j.onRef('s.county_code', '=', 'a.county_code').onRef('s.code', '=', 'a.school_code'),
    )
    .where('a.county_code', '=', scope.countyCode)
    .where('a.day', '>=', filter.from)
    .where('a.day', '<=', filter.to)
    .where(childScope(scope, ABSENCE_SCOPE));
  if (filter.townCode) query = query.where('s.town_code', '=', filter.townCode);
  if (filter.schoolCode) query = query.where('a.school_code', '=', filter.schoolCode);
  if (filter.classId) query = query.where('a.class_id', '=', filter.classId);
  if (filter.kind) query = query.where('a.kind', '=', filter.kind);
  return query;
}

export async function countAbsences(db: Db, scope: DataScope, filter: AbsenceFilter): Promise<number> {
  const row = await filteredAbsences(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export function listAbsences(db: Db, scope: DataScope, filter: AbsenceFilter, paging: Paging) {
  let query = filteredAbsences(db, scope, filter)
    .innerJoin('classes as c', (j) =>
      j.onRef('c.county_code', '=', 'a.county_code').onRef('c.id', '=', 'a.class_id'),
    )
    .leftJoin('regions as t', (j) =>
      j.onRef('t.county_code', '=', 's.county_code').onRef('t.code', '=', 's.town_code'),
    )
    .leftJoin('regions as v', (j) =>
      j.onRef('v.county_code', '=', 'st.county_code').onRef('v.code', '=', 'st.village_code'),
    )
    .select((eb) => [
      'a.student_id',
      'st.name',
      'st.gender',
      'a.day',
      'a.kind',
      'a.note',
      'a.school_code',
      's.name as school_name',
      's.town_code',
      't.name as town_name',
      'a.class_id',
      'c.name as class_name',
      'c.grade',
      'v.name as village_name',
      'st.guardian_name',
      'st.guardian_phone',
      authorName('a').as('author'),
      eb
        .selectFrom('guardian_contacts as g')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('g.county_code', '=', 'a.county_code')
        .whereRef('g.student_id', '=', 'a.student_id')
        .whereRef('g.day', '=', 'a.day')
        .as('contacts'),
      eb
        .exists(
          eb
            .selectFrom('guardian_contacts as g')
            .select('g.id')
            .whereRef('g.county_code', '=', 'a.county_code')
            .whereRef('g.student_id', '=', 'a.student_id')
            .whereRef('g.day', '=', 'a.day')
            .where('g.result', '=', 'reached'),
        )
        .as('reached'),
    ])
    .orderBy('a.day', 'desc')
    .orderBy('a.school_code')
    .orderBy('c.grade')
    .orderBy('c.name')
    .orderBy('st.name')
    .orderBy('a.student_id');
  if (paging) query = query.limit(paging.limit).offset(paging.offset);
  return query.execute();
}

export type AbsenceListRow = Awaited<ReturnType<typeof listAbsences>>[number];

/** Counts per school in scope for a period, every school that had an absence. */
export function summaryBySchool(
  db: Db,
  scope: DataScope,
  filter: { from: string; to: string; townCode?: string | undefined },
) {
  const reached = sql<boolean>`exists (select 1 from guardian_contacts g
    where g.county_code = a.county_code and g.student_id = a.student_id and g.day = a.day and g.result = 'reached')`;
  return filteredAbsences(db, scope, filter)
    .leftJoin('regions as t', (j) =>
      j.onRef('t.county_code', '=', 's.county_code').onRef('t.code', '=', 's.town_code'),
    )
    .select([
      'a.school_code',
      's.name as school_name',
      's.town_code',
      't.name as town_name',
      sql<number>`count(*)::int`.as('absences'),
      sql<number>`(count(*) filter (where a.kind = 'sick'))::int`.as('sick'),
      sql<number>`(count(*) filter (where a.kind = 'personal'))::int`.as('personal'),
      sql<number>`(count(*) filter (where a.kind = 'unexcused'))::int`.as('unexcused'),
      sql<number>`count(distinct a.student_id)::int`.as('children'),
      sql<number>`(count(*) filter (where a.kind = 'unexcused' and not ${reached}))::int`.as('unreached'),
    ])
    .groupBy(['a.school_code', 's.name', 's.town_code', 't.name'])
    .orderBy('s.town_code')
    .orderBy('a.school_code')
    .execute();
}

/** A class (`c`) with at least one enrolled pupil: a class whose roll is taken. */
export const CLASS_HAS_PUPILS = sql<SqlBool>`exists (select 1 from students st
  where st.county_code = c.county_code and st.class_id = c.id and st.status = 'enrolled')`;

/**
 * Per school, the classes of a school year with enrolled pupils the user answers for (a
 * village official answers for none), and how many rolls they took on `days`, school days
 * of that year.
 */
export function rollsBySchool(
  db: Db,
  scope: DataScope,
  filter: { schoolYear: number; days: readonly string[]; townCode?: string | undefined },
) {
  let query = classesBase(db, scope.countyCode)
    .leftJoin('roll_calls as r', (j) =>
      j
        .onRef('r.county_code', '=', 'c.county_code')
        .onRef('r.class_id', '=', 'c.id')
        .on(sql<SqlBool>`r.day = any(${[...filter.days]}::date[])`),
    )
    .leftJoin('regions as t', (j) =>
      j.onRef('t.county_code', '=', 's.county_code').onRef('t.code', '=', 's.town_code'),
    )
    .where('c.school_year', '=', filter.schoolYear)
    .where(classScope(scope, CLASS_SCOPE))
    .where(CLASS_HAS_PUPILS)
    .select([
      'c.school_code',
      's.name as school_name',
      's.town_code',
      't.name as town_name',
      sql<number>`count(distinct c.id)::int`.as('classes'),
      sql<number>`count(r.class_id)::int`.as('taken'),
    ])
    .groupBy(['c.school_code', 's.name', 's.town_code', 't.name']);
  if (filter.townCode) query = query.where('s.town_code', '=', filter.townCode);
  return query.execute();
}

/** Distinct children absent in the period (the per-school figures cannot simply be added). */
export async function childrenAbsent(
  db: Db,
  scope: DataScope,
  filter: { from: string; to: string; townCode?: string | undefined },
) {
  const row = await filteredAbsences(db, scope, filter)
    .select(sql<number>`count(distinct a.student_id)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
