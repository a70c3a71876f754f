import { sql, type Insertable } from 'kysely';
import type { EnrollmentStatus, StudentEventKind, StudentListQuery } from '@baoxue/shared';
import type { DataScope, Db } from '../../context';
import { childScope, handoverScope, schoolScope } from '../../plugins/scope';
import type { OutOfCountyRecordTable, StudentEventTable } from './registry.table';
import type { Paging } from '../../lib/paging';
import { placeNames } from '../../lib/place-names';
import { keptCount, keptRows, keptValue } from '../../lib/kept-rows';
import { authorName } from '../users/users.queries';

type ListFilter = Omit<StudentListQuery, 'page' | 'pageSize'> & { id?: number };

const SCOPE_COLUMNS = { school: 'st.school_code', village: 'st.village_code', classId: 'st.class_id' };

function filteredStudents(db: Db, scope: DataScope, filter: ListFilter) {
  let query = db
    .selectFrom('students as st')
    .where('st.county_code', '=', scope.countyCode)
    .where(childScope(scope, SCOPE_COLUMNS));
  if (filter.id !== undefined) query = query.where('st.id', '=', filter.id);
  if (filter.q) {
    const q = filter.q;
    // Searching by identity number needs the whole number: a partial match would let a user enumerate numbers.
    query = query.where((eb) =>
      eb.or([eb('st.name', 'like', `%${q}%`), eb('st.id_number', '=', q.toUpperCase())]),
    );
  }
  if (filter.schoolCode) query = query.where('st.school_code', '=', filter.schoolCode);
  if (filter.classId) query = query.where('st.class_id', '=', filter.classId);
  if (filter.villageCode) query = query.where('st.village_code', '=', filter.villageCode);
  if (filter.status) query = query.where('st.status', '=', filter.status);
  return query;
}

const ORDER = ['st.school_code', 'st.grade', 'st.class_id', 'st.id'] as const;

/** The list with no filter but the user's scope: what every user opens first. */
function isWholeRoster(filter: ListFilter): boolean {
  return (
    !filter.q &&
    !filter.schoolCode &&
    !filter.classId &&
    !filter.villageCode &&
    !filter.status &&
    filter.id === undefined
  );
}

/**
 * The order of a user's whole roster, kept (lib/kept-rows.ts) like the totals: it changes only
 * with the registry. Finding a town official's students means testing every child of the county
 * against the town's schools and villages (a county seat: 1,900 children passed over before the
 * first page, 1 ms of PostgreSQL for every page); kept, a page is the rows of twenty known ids.
 */
function rosterOrder(db: Db, scope: DataScope): Promise<Int32Array> {
  // Kept under the scope itself: the query is the scope's and nothing else's, and building and
  // compiling it only to name it cost more than reading the kept ids.
  return keptValue(db, `students.roster\u0000${JSON.stringify(scope)}`, async () => {
    let query = filteredStudents(db, scope, {}).select('st.id');
    for (const column of ORDER) query = query.orderBy(column);
    // One Int32Array: a county's 29,000 students in 116 KB, not 29,000 row objects. Shared by
    // every request: never written to.
    return Int32Array.from(await query.execute(), (row) => row.id);
  });
}

/** Kept (lib/kept-rows.ts): a county's total counts every student, and it changes only with the registry. */
export async function countStudents(db: Db, scope: DataScope, filter: ListFilter): Promise<number> {
  if (isWholeRoster(filter)) return (await rosterOrder(db, scope)).length;
  return keptCount(
    db,
    filteredStudents(db, scope, filter).select((eb) => eb.fn.countAll<number>().as('n')),
  );
}

/** The students of a list's filters per status, kept like the totals; statuses without any are absent. */
export function countStudentsByStatus(db: Db, scope: DataScope, filter: Omit<ListFilter, 'status'>) {
  return keptRows(
    db,
    filteredStudents(db, scope, filter)
      .select(['st.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('st.status'),
  );
}

/**
 * The rows of a page: of the whole roster, those of the page's ids in the kept order (still
 * within the scope, so a roster kept a moment too long never shows a child the user may no
 * longer see); of a filtered list, read off the index in the list's order.
 */
async function pageRows(db: Db, scope: DataScope, filter: ListFilter, page: Paging) {
  if (page && isWholeRoster(filter)) {
    const ids = Array.from((await rosterOrder(db, scope)).subarray(page.offset, page.offset + page.limit));
    return withColumns(
      filteredStudents(db, scope, filter).where('st.id', '=', sql<number>`any(${ids}::int[])`),
    ).execute();
  }
  const query = withColumns(filteredStudents(db, scope, filter));
  return (page ? query.limit(page.limit).offset(page.offset) : query).execute();
}

function withColumns(rows: ReturnType<typeof filteredStudents>) {
  let query = rows.select([
    'st.id',
    'st.name',
    'st.gender',
    'st.id_number',
    'st.birth_date',
    'st.school_code',
    'st.class_id',
    'st.grade',
    'st.status',
    'st.study_mode',
    'st.village_code',
    'st.poverty_registered',
    'st.left_behind',
    // Filled from the place-name cache below, into columns the rows already have (as the case lists do).
    sql<string>`null::text`.as('school_name'),
    sql<string | null>`null::text`.as('class_name'),
    sql<string | null>`null::text`.as('village_name'),
  ]);
  for (const column of ORDER) query = query.orderBy(column);
  return query;
}

/** Students with the names of their school, class and village (from lib/place-names.ts, not joins). */
export async function listStudents(db: Db, scope: DataScope, filter: ListFilter, page: Paging) {
  const rows = await pageRows(db, scope, filter, page);
  const names = await placeNames(db, scope.countyCode, {
    regions: rows.map((r) => r.village_code),
    schools: rows.map((r) => r.school_code),
    classes: rows.map((r) => r.class_id),
  });
  for (const r of rows) {
    r.school_name = names.school(r.school_code) ?? r.school_code;
    r.class_name = names.classOf(r.class_id);
    r.village_name = names.region(r.village_code);
  }
  return rows;
}

export async function studentExists(db: Db, countyCode: string, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('students')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The record of a child in school (在读 or 休学: still in a class) by identity number, among
 * the students the user may see: the 在读 one first, then the highest grade, as the enrolment
 * import picks the record it takes over.
 */
export function pupilInSchoolByNumber(db: Db, scope: DataScope, idNumber: string) {
  return filteredStudents(db, scope, {})
    .select('st.id')
    .where('st.id_number', '=', idNumber)
    .where('st.status', 'in', ['enrolled', 'suspended'])
    .orderBy(sql`st.status = 'enrolled'`, 'desc')
    .orderBy('st.grade', 'desc')
    .orderBy('st.id')
    .executeTakeFirst();
}

// ------------------------------------------------------------ history

function eventsBase(db: Db, countyCode: string) {
  return db
    .selectFrom('student_events as e')
    .leftJoin('schools as fs', (j) =>
      j.onRef('fs.county_code', '=', 'e.county_code').onRef('fs.code', '=', 'e.from_school_code'),
    )
    .leftJoin('schools as ts', (j) =>
      j.onRef('ts.county_code', '=', 'e.county_code').onRef('ts.code', '=', 'e.to_school_code'),
    )
    .select([
      'e.id',
      'e.student_id',
      'e.kind',
      'e.event_date',
      'e.from_school_code',
      'fs.name as from_school_name',
      'e.to_school_code',
      'ts.name as to_school_name',
      'e.grade',
      'e.status_before',
      'e.status_after',
      'e.note',
      'e.import_id',
      authorName('e').as('author'),
      'e.created_at',
    ])
    .where('e.county_code', '=', countyCode);
}

export type EventRow = Awaited<ReturnType<ReturnType<typeof eventsBase>['execute']>>[number];

/** A school sees the events that name it, on either side of a transfer. */
function eventSchoolScope(scope: DataScope) {
  return handoverScope(scope, { from: 'e.from_school_code', to: 'e.to_school_code' });
}

/** The history of students, oldest first; `onlySchoolEvents` limits it to the events naming the user's schools. */
export function eventsOfStudents(
  db: Db,
  scope: DataScope,
  studentIds: readonly number[],
  onlySchoolEvents: boolean,
) {
  if (studentIds.length === 0) return Promise.resolve([] as EventRow[]);
  let query = eventsBase(db, scope.countyCode).where('e.student_id', 'in', studentIds);
  if (onlySchoolEvents) query = query.where(eventSchoolScope(scope));
  return query.orderBy('e.event_date').orderBy('e.id').execute();
}

/**
 * Events naming the user's schools, newest first, each with its pupil and whether the user
 * may open them; a page of them, or all for an export (`page` null).
 */
export function listEvents(
  db: Db,
  scope: DataScope,
  filter: { schoolCode?: string | undefined; kind?: StudentEventKind | undefined },
  page: Paging,
) {
  let query = filteredEvents(db, scope, filter)
    .innerJoin('students as st', (j) =>
      j.onRef('st.county_code', '=', 'e.county_code').onRef('st.id', '=', 'e.student_id'),
    )
    .select(['st.name as student_name', 'st.id_number as student_id_number'])
    .select(childScope(scope, SCOPE_COLUMNS).as('student_visible'))
    .orderBy('e.event_date', 'desc')
    .orderBy('e.id', 'desc');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

function filteredEvents(
  db: Db,
  scope: DataScope,
  filter: { schoolCode?: string | undefined; kind?: StudentEventKind | undefined },
) {
  let query = eventsBase(db, scope.countyCode).where(eventSchoolScope(scope));
  if (filter.kind) query = query.where('e.kind', '=', filter.kind);
  if (filter.schoolCode) {
    const school = filter.schoolCode;
    query = query.where((eb) =>
      eb.or([eb('e.from_school_code', '=', school), eb('e.to_school_code', '=', school)]),
    );
  }
  return query;
}

export async function countEvents(
  db: Db,
  scope: DataScope,
  filter: { schoolCode?: string | undefined; kind?: StudentEventKind | undefined },
): Promise<number> {
  const rows = await filteredEvents(db, scope, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .execute();
  return rows[0]?.n ?? 0;
}

/**
 * Every record of the registries with this identity number (the child page), each student
 * record with whether it is in the user's scope: where a child lives answers for them
 * wherever they study, so every record is named, but only those in scope show their history.
 */
export async function recordsOfIdNumber(db: Db, scope: DataScope, idNumber: string) {
  const countyCode = scope.countyCode;
  if (idNumber === '') return { students: [], outOfCounty: [], exemptions: [] };
  const [students, outOfCounty, exemptions] = await Promise.all([
    db
      .selectFrom('students as st')
      .innerJoin('schools as s', (j) =>
        j.onRef('s.county_code', '=', 'st.county_code').onRef('s.code', '=', 'st.school_code'),
      )
      .leftJoin('classes as c', (j) =>
        j.onRef('c.county_code', '=', 'st.county_code').onRef('c.id', '=', 'st.class_id'),
      )
      .select([
        'st.id',
        'st.school_code',
        's.name as school_name',
        'st.grade',
        'c.name as class_name',
        'st.status',
        'st.study_mode',
        childScope(scope, SCOPE_COLUMNS).as('in_scope'),
      ])
      .where('st.county_code', '=', countyCode)
      .where('st.id_number', '=', idNumber)
      .orderBy('st.id')
      .execute(),
    db
      .selectFrom('out_of_county_records')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('id_number', '=', idNumber)
      .orderBy('school_year', 'desc')
      .execute(),
    db
      .selectFrom('exemptions')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('id_number', '=', idNumber)
      .orderBy('school_year', 'desc')
      .execute(),
  ]);
  return { students, outOfCounty, exemptions };
}

export async function setStudentClass(
  db: Db,
  countyCode: string,
  id: number,
  classId: number,
): Promise<void> {
  await db
    .updateTable('students')
    .set({ class_id: classId })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

/**
 * A pupil's registry status changed by hand, and the event that records it (the same row an
 * enrolment import writes for a changed status, with the user instead of the import). Only
 * from the status the event names: false, and nothing written, when another change came first.
 */
export async function recordStatusChange(
  db: Db,
  event: Omit<Insertable<StudentEventTable>, 'import_id'> & {
    status_before: EnrollmentStatus;
    status_after: EnrollmentStatus;
  },
  /** With a 转出 to a school of the county, that school (待接收转入); any other change ends it. */
  pendingSchoolCode: string | null = null,
): Promise<boolean> {
  const updated = await db
    .updateTable('students')
    .set({ status: event.status_after, pending_school_code: pendingSchoolCode })
    .where('county_code', '=', event.county_code)
    .where('id', '=', event.student_id)
    .where('status', '=', event.status_before)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return false;
  await db.insertInto('student_events').values(event).execute();
  return true;
}

/**
 * A pupil's out-of-county record of a school year, written by hand (转出 with its destination):
 * it replaces the year's record of the number, as a later import of the row would.
 */
export async function upsertOutOfCountyRecord(
  db: Db,
  record: Omit<Insertable<OutOfCountyRecordTable>, 'import_id'>,
): Promise<void> {
  await db
    .insertInto('out_of_county_records')
    .values({ ...record, import_id: null })
    .onConflict((oc) =>
      oc.columns(['county_code', 'school_year', 'id_number']).doUpdateSet((eb) => ({
        id_valid: eb.ref('excluded.id_valid'),
        name: eb.ref('excluded.name'),
        birth_date: eb.ref('excluded.birth_date'),
        gender: eb.ref('excluded.gender'),
        school: eb.ref('excluded.school'),
        region: eb.ref('excluded.region'),
        grade: eb.ref('excluded.grade'),
        verification: eb.ref('excluded.verification'),
        verified_on: eb.ref('excluded.verified_on'),
        import_id: null,
      })),
    )
    .execute();
}

/**
 * The county's records of an identity number, in the order a transfer takes one over: the
 * 在读 one first, then the highest grade, as the enrolment import chooses (imports.queries.ts,
 * mergeEnrollment).
 */
export function recordsToTransfer(db: Db, countyCode: string, idNumber: string) {
  return db
    .selectFrom('students as s')
    .innerJoin('schools as sc', (j) =>
      j.onRef('sc.county_code', '=', 's.county_code').onRef('sc.code', '=', 's.school_code'),
    )
    .select([
      's.id',
      's.id_number',
      's.name',
      's.school_code',
      'sc.name as school_name',
      's.grade',
      's.class_id',
      's.status',
      's.birth_date',
    ])
    .where('s.county_code', '=', countyCode)
    .where('s.id_number', '=', idNumber)
    .orderBy(sql`s.status = 'enrolled'`, 'desc')
    .orderBy('s.grade', 'desc')
    .orderBy('s.id')
    .execute();
}

/**
 * A pupil's record moved to another school of the county, and the event both schools see.
 * Only from the school the event names: false, and nothing written, when it moved meanwhile.
 */
export async function recordTransfer(
  db: Db,
  event: Omit<Insertable<StudentEventTable>, 'import_id' | 'kind'> & {
    from_school_code: string;
    to_school_code: string;
    grade: number;
  },
  classId: number | null,
): Promise<boolean> {
  const updated = await db
    .updateTable('students')
    .set({
      school_code: event.to_school_code,
      grade: event.grade,
      class_id: classId,
      pending_school_code: null,
    })
    .where('county_code', '=', event.county_code)
    .where('id', '=', event.student_id)
    .where('school_code', '=', event.from_school_code)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return false;
  await db
    .insertInto('student_events')
    .values({ ...event, kind: 'transfer_within' })
    .execute();
  return true;
}

/**
 * 待接收转入 of the schools in scope: pupils another school of the county recorded as 转出 to
 * one of them, with the day and reason of that 转出. Only while the pupil is still 转出 at the
 * other school: a pupil the sending school took back, or an import moved, is no longer waiting.
 */
export function pendingTransfers(
  db: Db,
  scope: DataScope,
  filter: { studentId?: number; transferredOutBefore?: string } = {},
) {
  let query = db
    .selectFrom('students as s')
    .innerJoin('schools as f', (j) =>
      j.onRef('f.county_code', '=', 's.county_code').onRef('f.code', '=', 's.school_code'),
    )
    .innerJoin('schools as t', (j) =>
      j.onRef('t.county_code', '=', 's.county_code').onRef('t.code', '=', 's.pending_school_code'),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('student_events as e')
          .select(['e.event_date', 'e.note'])
          .whereRef('e.county_code', '=', 's.county_code')
          .whereRef('e.student_id', '=', 's.id')
          .where('e.kind', '=', 'transfer_out')
          .orderBy('e.id', 'desc')
          .limit(1)
          .as('ev'),
      (j) => j.onTrue(),
    )
    .select([
      's.id',
      's.id_number',
      's.name',
      's.gender',
      's.grade',
      's.school_code',
      'f.name as from_school_name',
      's.pending_school_code',
      't.name as to_school_name',
      'ev.event_date',
      'ev.note',
    ])
    .where('s.county_code', '=', scope.countyCode)
    .where('s.status', '=', 'transferred_out')
    .where('s.pending_school_code', 'is not', null)
    .whereRef('s.pending_school_code', '<>', 's.school_code')
    .where(schoolScope(scope, 's.pending_school_code'));
  if (filter.studentId !== undefined) query = query.where('s.id', '=', filter.studentId);
  if (filter.transferredOutBefore !== undefined)
    query = query.where('ev.event_date', '<', filter.transferredOutBefore);
  return query.orderBy('ev.event_date', 'desc').orderBy('s.id', 'desc').execute();
}

/**
 * The county's schools that teach (kindergartens do not take a 转出), for any school to name;
 * with `code`, only that one, if it is such a school.
 */
export function schoolDirectory(db: Db, countyCode: string, code?: string) {
  let query = db
    .selectFrom('schools as sc')
    .innerJoin('regions as r', (j) =>
      j.onRef('r.county_code', '=', 'sc.county_code').onRef('r.code', '=', 'sc.town_code'),
    )
    .select(['sc.code', 'sc.name', 'sc.type', 'r.name as town_name'])
    .where('sc.county_code', '=', countyCode)
    .where('sc.active', '=', true)
    .where('sc.type', '<>', 'kindergarten');
  if (code !== undefined) query = query.where('sc.code', '=', code);
  return query.orderBy('r.code').orderBy('sc.name').execute();
}
