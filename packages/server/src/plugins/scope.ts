import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ROLE_SCOPE_KIND, type Role } from '@baoxue/shared';
import type { DataScope, Db } from '../context';

// Data scope is a SQL condition built here and nowhere else. Queries pass the column
// names they filter on; the scope decides the condition.

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

/**
 * The codes (or class ids) as one array parameter rather than one parameter each: a town's
 * forty villages and schools make the same short statement for every town official, which
 * PostgreSQL prepares once (db/prepared.ts), instead of a statement per town.
 */
function inList(column: string, values: readonly (string | number)[] | null): RawBuilder<SqlBool> {
  if (values === null) return TRUE;
  if (values.length === 0) return FALSE;
  const array = typeof values[0] === 'number' ? sql`${[...values]}::int[]` : sql`${[...values]}::text[]`;
  return sql<SqlBool>`${sql.ref(column)} = any(${array})`;
}

export function regionScope(scope: DataScope, codeColumn: string): RawBuilder<SqlBool> {
  return inList(codeColumn, scope.regionCodes);
}

export function schoolScope(scope: DataScope, schoolColumn: string): RawBuilder<SqlBool> {
  return inList(schoolColumn, scope.schoolCodes);
}

export function classScope(scope: DataScope, columns: { id: string; school: string }): RawBuilder<SqlBool> {
  if (scope.classIds !== null) return inList(columns.id, scope.classIds);
  return inList(columns.school, scope.schoolCodes);
}

/**
 * The events of a handover between schools (a transfer, an enrolment): a school sees those
 * naming it, also for a pupil who has left it. A teacher is no party to a handover and
 * sees a pupil's history only while the pupil is in one of their classes.
 */
export function handoverScope(scope: DataScope, columns: { from: string; to: string }): RawBuilder<SqlBool> {
  if (scope.classIds !== null) return FALSE;
  return sql<SqlBool>`(${inList(columns.from, scope.schoolCodes)} or ${inList(columns.to, scope.schoolCodes)})`;
}

/**
 * A child is in scope on either line: enrolled in one of the user's schools (or classes,
 * for a teacher), or resident in one of the user's villages.
 */
export function childScope(
  scope: DataScope,
  columns: { school: string; village: string; classId: string },
): RawBuilder<SqlBool> {
  if (scope.classIds !== null) return inList(columns.classId, scope.classIds);
  if (scope.schoolCodes === null || scope.villageCodes === null) return TRUE;
  return sql<SqlBool>`(${inList(columns.school, scope.schoolCodes)} or ${inList(columns.village, scope.villageCodes)})`;
}

/**
 * The schools a user's overview is about: the schools they answer for; for a user who
 * answers for villages and no school (a village official), the schools their villages'
 * children are enrolled in — else their overview would count none of their children.
 */
export function attendedSchoolScope(scope: DataScope, schoolColumn: string): RawBuilder<SqlBool> {
  const villages = scope.villageCodes;
  if (scope.classIds !== null || scope.schoolCodes?.length !== 0 || !villages?.length) {
    return schoolScope(scope, schoolColumn);
  }
  return sql<SqlBool>`exists (select 1 from students st where st.county_code = ${scope.countyCode}
    and st.school_code = ${sql.ref(schoolColumn)} and st.status = 'enrolled' and ${inList('st.village_code', villages)})`;
}

export interface ScopeSubject {
  countyCode: string;
  role: Role;
  scopeCode: string;
  staffId: number | null;
}

/** The whole county: what a county user sees, and what the daily jobs look at. */
export function countyScope(countyCode: string): DataScope {
  return {
    countyCode,
    kind: 'county',
    classIds: null,
    regionCodes: null,
    villageCodes: null,
    schoolCodes: null,
  };
}

/** Resolves a user's scope node into the lists the filters above use. */
export async function resolveScope(db: Db, subject: ScopeSubject): Promise<DataScope> {
  const kind = ROLE_SCOPE_KIND[subject.role];
  const base = { countyCode: subject.countyCode, kind, classIds: null };
  switch (kind) {
    case 'county':
      return countyScope(subject.countyCode);
    case 'town':
      return scopeOfTowns(db, subject.countyCode, [subject.scopeCode], base);
    case 'zone': {
      const towns = await db
        .selectFrom('zone_towns')
        .select('town_code')
        .where('county_code', '=', subject.countyCode)
        .where('zone_id', '=', Number(subject.scopeCode))
        .execute();
      return scopeOfTowns(
        db,
        subject.countyCode,
        towns.map((t) => t.town_code),
        base,
      );
    }
    case 'village':
      return {
        ...base,
        regionCodes: [subject.scopeCode],
        villageCodes: [subject.scopeCode],
        schoolCodes: [],
      };
    case 'school':
      return { ...base, ...(await scopeOfSchool(db, subject.countyCode, subject.scopeCode)) };
    case 'teacher':
      return scopeOfTeacher(db, subject, base);
  }
}

async function scopeOfTowns(
  db: Db,
  countyCode: string,
  towns: string[],
  base: Pick<DataScope, 'countyCode' | 'kind' | 'classIds'>,
): Promise<DataScope> {
  if (towns.length === 0) return { ...base, regionCodes: [], villageCodes: [], schoolCodes: [] };
  const [villages, schools] = await Promise.all([
    db
      .selectFrom('regions')
      .select('code')
      .where('county_code', '=', countyCode)
      .where('parent_code', 'in', towns)
      .orderBy('code')
      .execute(),
    db
      .selectFrom('schools')
      .select('code')
      .where('county_code', '=', countyCode)
      .where('town_code', 'in', towns)
      .orderBy('code')
      .execute(),
  ]);
  const villageCodes = villages.map((v) => v.code);
  return {
    ...base,
    regionCodes: [...towns, ...villageCodes],
    villageCodes,
    schoolCodes: schools.map((s) => s.code),
  };
}

async function scopeOfSchool(db: Db, countyCode: string, schoolCode: string) {
  const area = await db
    .selectFrom('school_service_areas')
    .select('village_code')
    .where('county_code', '=', countyCode)
    .where('school_code', '=', schoolCode)
    .orderBy('village_code')
    .execute();
  return { regionCodes: area.map((a) => a.village_code), villageCodes: [], schoolCodes: [schoolCode] };
}

async function scopeOfTeacher(
  db: Db,
  subject: ScopeSubject,
  base: Pick<DataScope, 'countyCode' | 'kind'>,
): Promise<DataScope> {
  const staffId = subject.staffId ?? -1;
  const [staff, classes] = await Promise.all([
    db
      .selectFrom('staff')
      .select('school_code')
      .where('county_code', '=', subject.countyCode)
      .where('id', '=', staffId)
      .executeTakeFirst(),
    db
      .selectFrom('classes')
      .select('id')
      .where('county_code', '=', subject.countyCode)
      .where('head_teacher_staff_id', '=', staffId)
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...base,
    regionCodes: [],
    villageCodes: [],
    schoolCodes: staff?.school_code ? [staff.school_code] : [],
    classIds: classes.map((c) => c.id),
  };
}

/**
 * A child of the monitoring data (a reconciliation result, a ledger line): in scope where
 * they live (a village the user answers for; a school's service area) or through a school
 * the user answers for (the one the child attends or last attended, or the one serving
 * the village). Teachers work with their classes, not with these lists: nothing.
 */
export function monitoringScope(
  scope: DataScope,
  columns: { village: string; schools: readonly string[] },
): RawBuilder<SqlBool> {
  if (scope.classIds !== null) return FALSE;
  if (scope.regionCodes === null && scope.schoolCodes === null) return TRUE;
  const parts = [
    inList(columns.village, scope.regionCodes),
    ...columns.schools.map((s) => inList(s, scope.schoolCodes)),
  ];
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** The same for rows holding several villages and schools as jsonb arrays (findings). */
export function monitoringScopeOfArrays(
  scope: DataScope,
  columns: { villages: string; schools: string },
): RawBuilder<SqlBool> {
  if (scope.classIds !== null) return FALSE;
  if (scope.regionCodes === null && scope.schoolCodes === null) return TRUE;
  const anyOf = (column: string, values: readonly string[] | null): RawBuilder<SqlBool> => {
    if (values === null) return TRUE;
    if (values.length === 0) return FALSE;
    return sql<SqlBool>`${sql.ref(column)} ?| array[${sql.join(values)}]::text[]`;
  };
  return sql<SqlBool>`(${anyOf(columns.villages, scope.regionCodes)} or ${anyOf(columns.schools, scope.schoolCodes)})`;
}
