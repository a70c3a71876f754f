import { sql } from 'kysely';
import type { SchoolListQuery } from '@baoxue/shared';
import type { DataScope, Db } from '../../context';
import { childScope, classScope, schoolScope } from '../../plugins/scope';
import type { ClassTable, SchoolTable } from './schools.table';
import type { StaffTable } from '../staff/staff.table';
import type { Insertable, Updateable } from 'kysely';
import type { Paging } from '../../lib/paging';
import { keptCount, keptRows } from '../../lib/kept-rows';

type ListFilter = Omit<SchoolListQuery, 'page' | 'pageSize'> & { code?: string };

function filteredSchools(db: Db, scope: DataScope, filter: ListFilter) {
  let query = db
    .selectFrom('schools')
    .innerJoin('regions as town', (j) =>
      j.onRef('town.county_code', '=', 'schools.county_code').onRef('town.code', '=', 'schools.town_code'),
    )
    .where('schools.county_code', '=', scope.countyCode)
    .where(schoolScope(scope, 'schools.code'));
  if (filter.q)
    query = query.where((eb) =>
      eb.or([eb('schools.name', 'like', `%${filter.q}%`), eb('schools.code', '=', filter.q ?? '')]),
    );
  if (filter.code) query = query.where('schools.code', '=', filter.code);
  if (filter.townCode) query = query.where('schools.town_code', '=', filter.townCode);
  if (filter.type) query = query.where('schools.type', '=', filter.type);
  return query;
}

export function countSchools(db: Db, scope: DataScope, filter: ListFilter): Promise<number> {
  return keptCount(
    db,
    filteredSchools(db, scope, filter).select((eb) => eb.fn.countAll<number>().as('n')),
  );
}

/**
 * Per-school figures as correlated counts over `schools.code`: each is counted only for the
 * rows the outer query returns (a page of the list, the schools in scope), through the
 * per-school indexes. Students and classes are counted within the user's scope (a teacher:
 * own classes, so the two figures agree); teachers at the user's own schools (a village
 * official's overview lists the schools their children attend, whose classes and teachers
 * are not theirs).
 */
export function schoolFigures(scope: DataScope, schoolYear: number) {
  const school = sql.ref('schools.code');
  const inScope = childScope(scope, {
    school: 'st.school_code',
    village: 'st.village_code',
    classId: 'st.class_id',
  });
  return {
    students: sql<number>`(select count(*)::int from students st where st.county_code = ${scope.countyCode}
      and st.school_code = ${school} and st.status = 'enrolled' and ${inScope})`,
    classes: sql<number>`(select count(*)::int from classes c where c.county_code = ${scope.countyCode}
      and c.school_code = ${school} and c.school_year = ${schoolYear} and ${classScope(scope, { id: 'c.id', school: 'c.school_code' })})`,
    teachers: sql<number>`(select count(*)::int from staff t where t.county_code = ${scope.countyCode}
      and t.school_code = ${school} and t.kind in ('teacher', 'principal') and ${schoolScope(scope, 't.school_code')})`,
  };
}

/**
 * Schools with their class and student counts for one school year. Kept (lib/kept-rows.ts):
 * the counts read every student of the page's schools.
 */
export function listSchools(db: Db, scope: DataScope, filter: ListFilter, schoolYear: number, page: Paging) {
  const figures = schoolFigures(scope, schoolYear);
  let query = filteredSchools(db, scope, filter)
    .select([
      'schools.code',
      'schools.name',
      'schools.type',
      'schools.town_code',
      'town.name as town_name',
      'schools.boarding',
      'schools.active',
      figures.classes.as('class_count'),
      figures.students.as('student_count'),
    ])
    .orderBy('schools.town_code')
    .orderBy('schools.code');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return keptRows(db, query);
}

export function findSchool(db: Db, scope: DataScope, code: string, schoolYear: number) {
  return listSchools(db, scope, { code }, schoolYear, null).then((rows) => rows[0]);
}

export function findSchoolRow(db: Db, scope: DataScope, code: string) {
  return db
    .selectFrom('schools')
    .selectAll()
    .where('county_code', '=', scope.countyCode)
    .where('code', '=', code)
    .where(schoolScope(scope, 'schools.code'))
    .executeTakeFirst();
}

export async function schoolExists(db: Db, countyCode: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('schools')
    .select('code')
    .where('county_code', '=', countyCode)
    .where('code', '=', code)
    .executeTakeFirst();
  return row !== undefined;
}

export function schoolExtras(db: Db, countyCode: string, code: string) {
  return Promise.all([
    db
      .selectFrom('school_service_areas as a')
      .innerJoin('regions as v', (j) =>
        j.onRef('v.county_code', '=', 'a.county_code').onRef('v.code', '=', 'a.village_code'),
      )
      .select(['v.code', 'v.name'])
      .where('a.county_code', '=', countyCode)
      .where('a.school_code', '=', code)
      .orderBy('v.code')
      .execute(),
    db
      .selectFrom('staff')
      .select(['name', 'phone'])
      .where('county_code', '=', countyCode)
      .where('school_code', '=', code)
      .where('kind', '=', 'principal')
      .orderBy('id')
      .executeTakeFirst(),
    db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_code', '=', countyCode)
      .where('school_code', '=', code)
      .where('kind', 'in', ['teacher', 'principal'])
      .executeTakeFirstOrThrow(),
  ]);
}

/** Classes with their head teacher and enrolled pupils: the school page's list and one class. */
function classRows(db: Db, countyCode: string, schoolCode: string) {
  return db
    .selectFrom('classes as c')
    .leftJoin('staff as t', (j) =>
      j.onRef('t.county_code', '=', 'c.county_code').onRef('t.id', '=', 'c.head_teacher_staff_id'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('students')
          .select(['class_id', (e) => e.fn.countAll<number>().as('n')])
          .where('county_code', '=', countyCode)
          .where('school_code', '=', schoolCode)
          .where('status', '=', 'enrolled')
          .groupBy('class_id')
          .as('sc'),
      (j) => j.onRef('sc.class_id', '=', 'c.id'),
    )
    .select([
      'c.id',
      'c.school_year',
      'c.grade',
      'c.name',
      'c.head_teacher_staff_id',
      't.name as head_teacher_name',
      't.phone as head_teacher_phone',
      sql<number>`coalesce(sc.n, 0)::int`.as('student_count'),
    ])
    .where('c.county_code', '=', countyCode)
    .where('c.school_code', '=', schoolCode);
}

export function listClasses(db: Db, scope: DataScope, schoolCode: string, schoolYear: number) {
  return classRows(db, scope.countyCode, schoolCode)
    .where('c.school_year', '=', schoolYear)
    .where(classScope(scope, { id: 'c.id', school: 'c.school_code' }))
    .orderBy('c.grade')
    .orderBy('c.name')
    .execute();
}

export function findClassRow(db: Db, countyCode: string, id: number) {
  return db
    .selectFrom('classes')
    .select(['id', 'school_code', 'school_year', 'grade', 'name', 'head_teacher_staff_id'])
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function classSummary(db: Db, countyCode: string, schoolCode: string, id: number) {
  return classRows(db, countyCode, schoolCode).where('c.id', '=', id).executeTakeFirstOrThrow();
}

/** Another class of the school and year with this grade and name (they are unique together). */
export async function classNameTaken(
  db: Db,
  countyCode: string,
  c: { school_code: string; school_year: number; grade: number; name: string },
  exceptId?: number,
): Promise<boolean> {
  let query = db
    .selectFrom('classes')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('school_code', '=', c.school_code)
    .where('school_year', '=', c.school_year)
    .where('grade', '=', c.grade)
    .where('name', '=', c.name);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertClass(db: Db, row: Insertable<ClassTable>): Promise<number> {
  const { id } = await db.insertInto('classes').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateClass(db: Db, countyCode: string, id: number, patch: Updateable<ClassTable>) {
  if (Object.keys(patch).length === 0) return;
  await db
    .updateTable('classes')
    .set(patch)
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

/** Teachers and principals: the staff a school sets up (not officials, inspectors or leaders). */
function schoolStaff(db: Db, countyCode: string) {
  return db
    .selectFrom('staff')
    .select(['id', 'school_code', 'name', 'gender', 'phone', 'kind', 'title', 'active'])
    .where('county_code', '=', countyCode)
    .where('kind', 'in', ['teacher', 'principal']);
}

/** The teachers and principals of a school, by name; those who have left at the end. */
export function listStaff(db: Db, countyCode: string, schoolCode: string) {
  return schoolStaff(db, countyCode)
    .where('school_code', '=', schoolCode)
    .orderBy('active', 'desc')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function findStaffMember(db: Db, countyCode: string, id: number) {
  return schoolStaff(db, countyCode).where('id', '=', id).executeTakeFirst();
}

/** One just written, inside the transaction that wrote it. */
export function staffMember(db: Db, countyCode: string, id: number) {
  return schoolStaff(db, countyCode).where('id', '=', id).executeTakeFirstOrThrow();
}

export async function updateStaff(db: Db, countyCode: string, id: number, patch: Updateable<StaffTable>) {
  if (Object.keys(patch).length === 0) return;
  await db
    .updateTable('staff')
    .set(patch)
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

export async function insertStaff(db: Db, row: Insertable<StaffTable>): Promise<number> {
  const { id } = await db.insertInto('staff').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertSchool(db: Db, row: Insertable<SchoolTable>): Promise<void> {
  await db.insertInto('schools').values(row).execute();
}

export async function updateSchool(db: Db, countyCode: string, code: string, patch: Updateable<SchoolTable>) {
  if (Object.keys(patch).length === 0) return;
  await db
    .updateTable('schools')
    .set(patch)
    .where('county_code', '=', countyCode)
    .where('code', '=', code)
    .execute();
}

export async function replaceServiceArea(db: Db, countyCode: string, schoolCode: string, villages: string[]) {
  await db
    .deleteFrom('school_service_areas')
    .where('county_code', '=', countyCode)
    .where('school_code', '=', schoolCode)
    .execute();
  if (villages.length === 0) return;
  await db
    .insertInto('school_service_areas')
    .values(villages.map((v) => ({ county_code: countyCode, school_code: schoolCode, village_code: v })))
    .execute();
}

export function villagesIn(db: Db, countyCode: string, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('regions')
    .select(['code', 'level'])
    .where('county_code', '=', countyCode)
    .where('code', 'in', codes)
    .execute();
}

/** The classes of a school year someone heads: they cannot leave while heading one. */
export function classesHeadedBy(db: Db, countyCode: string, staffId: number, schoolYear: number) {
  return db
    .selectFrom('classes')
    .select(['id', 'grade', 'name'])
    .where('county_code', '=', countyCode)
    .where('head_teacher_staff_id', '=', staffId)
    .where('school_year', '=', schoolYear)
    .orderBy('grade')
    .orderBy('name')
    .execute();
}

/** An account still open on a staff member: it must be closed before they leave. */
export function activeAccountOf(db: Db, countyCode: string, staffId: number) {
  return db
    .selectFrom('users')
    .select('username')
    .where('county_code', '=', countyCode)
    .where('staff_id', '=', staffId)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** What still names a class: a class set up by mistake can go only while nothing does. */
export async function classUses(db: Db, countyCode: string, classId: number) {
  const count = (table: 'students' | 'roll_calls' | 'absences' | 'cases') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_code', '=', countyCode)
      .where('class_id', '=', classId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  return {
    students: await count('students'),
    rollCalls: await count('roll_calls'),
    absences: await count('absences'),
    cases: await count('cases'),
  };
}

export async function deleteClass(db: Db, countyCode: string, id: number): Promise<void> {
  await db.deleteFrom('classes').where('county_code', '=', countyCode).where('id', '=', id).execute();
}
