import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { CaseListQuery, InboxKind } from '@baoxue/shared';
import type { DataScope, Db } from '../../context';
import { placeNames } from '../../lib/place-names';
import { childScope } from '../../plugins/scope';
import type { TeamMemberRow } from './cases.open.queries';
import type { CaseActionTable, CaseCheckInTable, CaseTable } from './cases.table';
import { authorName } from '../users/users.queries';

// Cases are in scope as children are (C6): through the school the case names (for a child
// not enrolled, the school responsible for the village), the village the child lives in,
// or, for a teacher, the class.
const SCOPE_COLUMNS = { school: 'c.school_code', village: 'c.village_code', classId: 'c.class_id' };

export interface CaseFilter extends Partial<Omit<CaseListQuery, 'page' | 'pageSize' | 'state' | 'mine'>> {
  id?: number;
  state?: 'open' | 'closed' | 'all';
  /** Cases this user is on the team of. */
  memberUserId?: number;
  /** Dropout ledger: cases whose verification confirmed the child out of school. */
  confirmed?: boolean;
  closedFrom?: string;
  closedTo?: string;
}

function filteredCases(db: Db, scope: DataScope, filter: CaseFilter) {
  let query = db
    .selectFrom('cases as c')
    .where('c.county_code', '=', scope.countyCode)
    .where(childScope(scope, SCOPE_COLUMNS));
  if (filter.id !== undefined) query = query.where('c.id', '=', filter.id);
  if (filter.state === 'open') query = query.where('c.step', '<>', 'closed');
  if (filter.state === 'closed') query = query.where('c.step', '=', 'closed');
  if (filter.step) query = query.where('c.step', '=', filter.step);
  if (filter.overdue) query = query.where('c.overdue', '=', filter.overdue === 'true');
  if (filter.source) query = query.where('c.source', '=', filter.source);
  if (filter.townCode) query = query.where('c.town_code', '=', filter.townCode);
  if (filter.schoolCode) query = query.where('c.school_code', '=', filter.schoolCode);
  if (filter.confirmed) query = query.where('c.confirmed_out_of_school', '=', true);
  if (filter.closedFrom) query = query.where('c.closed_on', '>=', filter.closedFrom);
  if (filter.closedTo) query = query.where('c.closed_on', '<=', filter.closedTo);
  if (filter.q) {
    const q = filter.q;
    // A whole identity number only: a partial match would let a user enumerate numbers.
    query = query.where((eb) =>
      eb.or([eb('c.name', 'like', `%${q}%`), eb('c.id_number', '=', q.toUpperCase())]),
    );
  }
  if (filter.memberUserId !== undefined) {
    const userId = filter.memberUserId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_members as m')
          .select('m.case_id')
          .whereRef('m.county_code', '=', 'c.county_code')
          .whereRef('m.case_id', '=', 'c.id')
          .where('m.user_id', '=', userId),
      ),
    );
  }
  return query;
}

/** The child's open case, if the user may open it (the child page links to it). */
export function openCaseInScope(db: Db, scope: DataScope, childKey: string) {
  return filteredCases(db, scope, { state: 'open' })
    .select(['c.id', 'c.step'])
    .where('c.child_key', '=', childKey)
    .executeTakeFirst();
}

export async function countCases(db: Db, scope: DataScope, filter: CaseFilter): Promise<number> {
  const row = await filteredCases(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type CaseOrder = 'work' | 'closed';

interface PlaceNameColumns {
  town_name: string | null;
  village_name: string | null;
  school_name: string | null;
  return_school_name: string | null;
  class_name: string | null;
  class_grade: number | null;
}

export type CaseRow = Selectable<CaseTable> & PlaceNameColumns;

/** What a list shows of a case: half the columns, so half the parsing per row. */
const SUMMARY_COLUMNS = [
  'id',
  'name',
  'gender',
  'id_number',
  'birth_date',
  'student_id',
  'town_code',
  'village_code',
  'school_code',
  'class_id',
  'return_school_code',
  'school_year',
  'source',
  'reason_code',
  'step',
  'step_started_on',
  'step_due_on',
  'overdue',
  'escalation_level',
  'confirmed_out_of_school',
  'opened_on',
  'closed_on',
  'ending',
  'version',
] as const satisfies readonly (keyof CaseTable)[];

export type CaseSummaryRow = Pick<Selectable<CaseTable>, (typeof SUMMARY_COLUMNS)[number]> & PlaceNameColumns;

// The name columns arrive empty and are filled from the place-name cache: filling columns a
// row already has costs nothing, while adding five properties to rows of forty made V8 copy
// each row's property store (a third of a list's allocations).
const PLACE_NAME_COLUMNS = [
  sql<string | null>`null::text`.as('town_name'),
  sql<string | null>`null::text`.as('village_name'),
  sql<string | null>`null::text`.as('school_name'),
  sql<string | null>`null::text`.as('return_school_name'),
  sql<string | null>`null::text`.as('class_name'),
  sql<number | null>`null::int`.as('class_grade'),
];

/** `work`: the most urgent first; `closed`: the latest closed first. */
function orderOf(order: CaseOrder) {
  return order === 'closed'
    ? [sql`c.closed_on desc`, sql`c.id desc`]
    : [
        sql`case when c.step = 'closed' then 1 else 0 end`,
        sql`c.overdue desc`,
        sql`c.step_due_on asc`,
        sql`c.id`,
      ];
}

type NamedRow = Pick<
  CaseRow,
  'town_code' | 'village_code' | 'school_code' | 'return_school_code' | 'class_id'
> &
  PlaceNameColumns;

/** Names from the place-name cache rather than five joins (lib/place-names.ts). */
async function fillPlaceNames<R extends NamedRow>(db: Db, countyCode: string, rows: R[]): Promise<R[]> {
  const names = await placeNames(db, countyCode, {
    regions: rows.flatMap((r) => [r.town_code, r.village_code]),
    schools: rows.flatMap((r) => [r.school_code, r.return_school_code]),
    classes: rows.map((r) => r.class_id),
  });
  for (const r of rows) {
    r.town_name = names.region(r.town_code);
    r.village_name = names.region(r.village_code);
    r.school_name = names.school(r.school_code);
    r.return_school_name = names.school(r.return_school_code);
    r.class_name = names.classOf(r.class_id);
    r.class_grade = names.classGrade(r.class_id);
  }
  return rows;
}

/** Every case of the filter with all its columns and the names of its places (exports, one case). */
export async function listCases(
  db: Db,
  scope: DataScope,
  filter: CaseFilter,
  order: CaseOrder = 'work',
): Promise<CaseRow[]> {
  let query = filteredCases(db, scope, filter).selectAll('c').select(PLACE_NAME_COLUMNS);
  for (const by of orderOf(order)) query = query.orderBy(by);
  return fillPlaceNames(db, scope.countyCode, await query.execute());
}

/**
 * A page of case summaries; each row carries the number of cases the filter finds
 * (`count(*) over ()`), so a page is one query, not a page and a count. A county has
 * hundreds of open cases, not hundreds of thousands: counting them with the page is cheap.
 */
export async function pageOfCases(
  db: Db,
  scope: DataScope,
  filter: CaseFilter,
  page: { limit: number; offset: number },
  order: CaseOrder = 'work',
): Promise<(CaseSummaryRow & { total_count: number })[]> {
  let query = filteredCases(db, scope, filter)
    .select(SUMMARY_COLUMNS)
    .select(PLACE_NAME_COLUMNS)
    .select(sql<number>`count(*) over ()`.as('total_count'));
  for (const by of orderOf(order)) query = query.orderBy(by);
  const rows = await query.limit(page.limit).offset(page.offset).execute();
  return fillPlaceNames(db, scope.countyCode, rows);
}

export async function caseExists(db: Db, countyCode: string, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export function membersOf(db: Db, countyCode: string, caseId: number) {
  return db
    .selectFrom('case_members')
    .select(['role', 'name', 'phone', 'staff_id', 'user_id'])
    .where('county_code', '=', countyCode)
    .where('case_id', '=', caseId)
    .orderBy(
      sql`case role when 'town_cadre' then 1 when 'village_cadre' then 2 when 'principal' then 3
        when 'class_teacher' then 4 else 5 end`,
    )
    .orderBy('name')
    .execute();
}

export function actionsOf(db: Db, countyCode: string, caseId: number) {
  return db
    .selectFrom('case_actions as a')
    .selectAll('a')
    .select(authorName('a').as('author'))
    .where('a.county_code', '=', countyCode)
    .where('a.case_id', '=', caseId)
    .orderBy('a.happened_on', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

export function eventsOf(db: Db, countyCode: string, caseId: number) {
  return db
    .selectFrom('case_events as e')
    .selectAll('e')
    .select(authorName('e').as('author'))
    .where('e.county_code', '=', countyCode)
    .where('e.case_id', '=', caseId)
    .orderBy('e.id')
    .execute();
}

export function checkInsOf(db: Db, countyCode: string, caseId: number) {
  return db
    .selectFrom('case_check_ins as c')
    .selectAll('c')
    .select(authorName('c').as('author'))
    .where('c.county_code', '=', countyCode)
    .where('c.case_id', '=', caseId)
    .orderBy('c.round')
    .orderBy('c.seq')
    .execute();
}

/**
 * The optimistic lock: changes the case only if it still has the version the user read,
 * and bumps it. Undefined when someone else changed it first.
 */
export async function updateCaseAt(
  db: Db,
  countyCode: string,
  id: number,
  version: number,
  set: Updateable<CaseTable>,
): Promise<Selectable<CaseTable> | undefined> {
  return db
    .updateTable('cases')
    .set({ ...set, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function insertAction(db: Db, row: Insertable<CaseActionTable>): Promise<number> {
  const inserted = await db.insertInto('case_actions').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function replaceMembers(
  db: Db,
  countyCode: string,
  caseId: number,
  members: readonly TeamMemberRow[],
): Promise<void> {
  await db
    .deleteFrom('case_members')
    .where('county_code', '=', countyCode)
    .where('case_id', '=', caseId)
    .execute();
  if (members.length === 0) return;
  await db
    .insertInto('case_members')
    .values(members.map((m) => ({ county_code: countyCode, case_id: caseId, ...m })))
    .execute();
}

/** The users and staff a team names, as far as they exist in the county. */
export async function knownPeople(db: Db, countyCode: string, userIds: number[], staffIds: number[]) {
  const [users, staff] = await Promise.all([
    userIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('users')
          .select('id')
          .where('county_code', '=', countyCode)
          .where('id', 'in', userIds)
          .execute(),
    staffIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('staff')
          .select('id')
          .where('county_code', '=', countyCode)
          .where('id', 'in', staffIds)
          .execute(),
  ]);
  return { users: new Set(users.map((u) => u.id)), staff: new Set(staff.map((s) => s.id)) };
}

export async function reasonExists(db: Db, countyCode: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('dictionaries')
    .select('code')
    .where('county_code', '=', countyCode)
    .where('category', '=', 'out_of_school_reason')
    .where('code', '=', code)
    .executeTakeFirst();
  return row !== undefined;
}

/** The open observation round of a case: the latest round. */
export async function latestRound(db: Db, countyCode: string, caseId: number): Promise<number> {
  const row = await db
    .selectFrom('case_check_ins')
    .select((eb) => eb.fn.max('round').as('round'))
    .where('county_code', '=', countyCode)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return row?.round == null ? 0 : Number(row.round);
}

export async function insertCheckIns(db: Db, rows: Insertable<CaseCheckInTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('case_check_ins').values(rows).execute();
}

export async function markCheckIn(
  db: Db,
  countyCode: string,
  key: { caseId: number; round: number; seq: number },
  set: Updateable<CaseCheckInTable>,
): Promise<boolean> {
  const updated = await db
    .updateTable('case_check_ins')
    .set(set)
    .where('county_code', '=', countyCode)
    .where('case_id', '=', key.caseId)
    .where('round', '=', key.round)
    .where('seq', '=', key.seq)
    .where('done_on', 'is', null)
    .returning('seq')
    .executeTakeFirst();
  return updated !== undefined;
}

/** The check-ins of a case not done yet, earliest first. */
export function openCheckIns(db: Db, countyCode: string, caseId: number) {
  return db
    .selectFrom('case_check_ins')
    .select(['round', 'seq', 'due_on'])
    .where('county_code', '=', countyCode)
    .where('case_id', '=', caseId)
    .where('done_on', 'is', null)
    .orderBy('due_on')
    .orderBy('round')
    .orderBy('seq')
    .execute();
}

/** The day the latest check-in done of a round was done; null before the first. */
export async function lastCheckInDoneOn(
  db: Db,
  countyCode: string,
  caseId: number,
  round: number,
): Promise<string | null> {
  const row = await db
    .selectFrom('case_check_ins')
    .select((eb) => eb.fn.max('done_on').as('done_on'))
    .where('county_code', '=', countyCode)
    .where('case_id', '=', caseId)
    .where('round', '=', round)
    .executeTakeFirst();
  return row?.done_on ?? null;
}

/** A case that ended or went back to persuasion has no check-ins left to do. */
export async function dropOpenCheckIns(db: Db, countyCode: string, caseId: number): Promise<void> {
  await db
    .deleteFrom('case_check_ins')
    .where('county_code', '=', countyCode)
    .where('case_id', '=', caseId)
    .where('done_on', 'is', null)
    .execute();
}

/**
 * Marks done the inbox items of a case: all of them when it closes (nothing is left to
 * do), the deadline items when it changes step (the deadline they named has passed on).
 */
export async function settleInboxOfCase(
  db: Db,
  countyCode: string,
  caseId: number,
  kinds: readonly InboxKind[] | null = null,
): Promise<void> {
  let query = db
    .updateTable('inbox_items')
    .set({ done_at: new Date() })
    .where('county_code', '=', countyCode)
    .where('case_id', '=', caseId)
    .where('done_at', 'is', null);
  if (kinds !== null) query = query.where('kind', 'in', kinds);
  await query.execute();
}

export async function villageInCounty(db: Db, countyCode: string, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'parent_code'])
    .where('county_code', '=', countyCode)
    .where('code', '=', code)
    .where('level', '=', 'village')
    .executeTakeFirst();
}

/** The schools serving a village (划片). */
export async function schoolsServing(db: Db, countyCode: string, villageCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('school_service_areas')
    .select('school_code')
    .where('county_code', '=', countyCode)
    .where('village_code', '=', villageCode)
    .orderBy('school_code')
    .execute();
  return rows.map((r) => r.school_code);
}

/** The population row of a child without an identity number, found by village, name and birth date. */
export async function populationRowOf(
  db: Db,
  countyCode: string,
  child: { schoolYear: number; villageCode: string; name: string; birthDate: string | null },
) {
  let query = db
    .selectFrom('population')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('school_year', '=', child.schoolYear)
    .where('village_code', '=', child.villageCode)
    .where('name', '=', child.name)
    .where('id_number', '=', '');
  if (child.birthDate) query = query.where('birth_date', '=', child.birthDate);
  return query.orderBy('id').limit(2).execute();
}

// ------------------------------------------------------------------ overview

/** The figures of CaseFigures, counted in SQL over the cases in scope, per group. */
export function caseFigures(db: Db, scope: DataScope, groupBy: 'town' | 'school' | null, townCode?: string) {
  const count = (condition: string) => sql<number>`count(*) filter (where ${sql.raw(condition)})`;
  const query = filteredCases(db, scope, { state: 'all', townCode })
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('case_check_ins')
          .select([
            'case_id',
            sql<number>`count(*) filter (where in_school)`.as('in_school'),
            sql<number>`count(*) filter (where not in_school)`.as('out'),
          ])
          .where('county_code', '=', scope.countyCode)
          .where('done_on', 'is not', null)
          .groupBy('case_id')
          .as('ci'),
      (j) => j.onRef('ci.case_id', '=', 'c.id'),
    )
    .select([
      count(`c.step <> 'closed'`).as('open'),
      count(`c.step = 'verification'`).as('verification'),
      count(`c.step = 'persuasion'`).as('persuasion'),
      count(`c.step = 'return'`).as('return'),
      count(`c.step = 'observation'`).as('observation'),
      count(`c.step <> 'closed' and c.overdue`).as('overdue'),
      count(`c.step <> 'closed' and c.escalation_level > 0`).as('escalated'),
      count(`c.confirmed_out_of_school`).as('confirmed'),
      count(
        `c.confirmed_out_of_school and (c.step = 'observation' or (c.step = 'closed' and c.ending = 'returned'))`,
      ).as('returned'),
      count(`c.step = 'closed'`).as('closed'),
      sql<number>`coalesce(sum(ci.in_school), 0)`.as('check_ins_in_school'),
      sql<number>`coalesce(sum(ci.out), 0)`.as('check_ins_out'),
    ]);
  if (groupBy === null)
    return query.select([sql<string>`''`.as('code'), sql<string>`''`.as('name')]).execute();
  if (groupBy === 'town') {
    return query
      .leftJoin('regions as g', (j) =>
        j.onRef('g.county_code', '=', 'c.county_code').onRef('g.code', '=', 'c.town_code'),
      )
      .where('c.town_code', 'is not', null)
      .select(['c.town_code as code', 'g.name as name'])
      .groupBy(['c.town_code', 'g.name'])
      .orderBy('c.town_code')
      .execute();
  }
  return query
    .leftJoin('schools as g', (j) =>
      j.onRef('g.county_code', '=', 'c.county_code').onRef('g.code', '=', 'c.school_code'),
    )
    .where('c.school_code', 'is not', null)
    .select(['c.school_code as code', 'g.name as name'])
    .groupBy(['c.school_code', 'g.name'])
    .orderBy('c.school_code')
    .execute();
}

export function reasonEntries(db: Db, countyCode: string) {
  return db
    .selectFrom('dictionaries')
    .select(['code', 'label_zh'])
    .where('county_code', '=', countyCode)
    .where('category', '=', 'out_of_school_reason')
    .execute();
}

/** A check-in done settles the reminders filed for it. */
export async function settleInboxByKey(
  db: Db,
  countyCode: string,
  caseId: number,
  dedupeKey: string,
): Promise<void> {
  await db
    .updateTable('inbox_items')
    .set({ done_at: new Date() })
    .where('county_code', '=', countyCode)
    .where('case_id', '=', caseId)
    .where('dedupe_key', '=', dedupeKey)
    .where('done_at', 'is', null)
    .execute();
}
