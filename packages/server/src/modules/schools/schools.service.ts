import type {
  ClassInput,
  Page,
  SchoolClass,
  SchoolDetail,
  SchoolInput,
  SchoolListQuery,
  SchoolSummary,
  StaffInput,
  StaffMember,
  UpdateClassRequest,
  UpdateSchoolRequest,
  UpdateStaffRequest,
} from '@baoxue/shared';
import { SCHOOL_TYPE_GRADES, SCHOOL_TYPE_LABELS } from '@baoxue/shared/enums';
import { gradeLabel } from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { AppError, detail, notFound, type ErrorDetail } from '../../errors';
import { auditFor } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import { getSettings } from '../settings/settings.service';
import * as q from './schools.queries';
import { fetchPage } from '../../lib/paging';

type SchoolRow = Awaited<ReturnType<typeof q.listSchools>>[number];

export function toSummary(row: SchoolRow): SchoolSummary {
  return {
    code: row.code,
    name: row.name,
    type: row.type,
    townCode: row.town_code,
    townName: row.town_name,
    boarding: row.boarding,
    active: row.active,
    studentCount: row.student_count,
    classCount: row.class_count,
  };
}

async function currentYear(ctx: RequestContext): Promise<number> {
  return (await getSettings(ctx.db, ctx.actor.countyCode)).monitoring.currentSchoolYear;
}

export async function listSchools(ctx: RequestContext, query: SchoolListQuery): Promise<Page<SchoolSummary>> {
  const { page: _p, pageSize: _s, ...filter } = query;
  const year = await currentYear(ctx);
  return fetchPage(
    query,
    () => q.countSchools(ctx.db, ctx.actor.scope, filter),
    (paging) => q.listSchools(ctx.db, ctx.actor.scope, filter, year, paging),
    toSummary,
  );
}

export async function allSchools(ctx: RequestContext, query: SchoolListQuery): Promise<SchoolSummary[]> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return (await q.listSchools(ctx.db, ctx.actor.scope, filter, await currentYear(ctx), null)).map(toSummary);
}

export async function schoolDetail(
  ctx: RequestContext,
  code: string,
  db: Db = ctx.db,
): Promise<SchoolDetail> {
  const row = await q.findSchool(db, ctx.actor.scope, code, await currentYear(ctx));
  if (!row)
    throw await notFoundOrDenied(ctx, 'school', code, () =>
      q.schoolExists(ctx.db, ctx.actor.countyCode, code),
    );
  const [serviceArea, principal, teachers] = await q.schoolExtras(db, ctx.actor.countyCode, code);
  const full = await q.findSchoolRow(db, ctx.actor.scope, code);
  return {
    ...toSummary(row),
    address: full?.address ?? null,
    phone: full?.phone ?? null,
    principalName: principal?.name ?? null,
    principalPhone: principal?.phone ?? null,
    serviceArea,
    teacherCount: teachers.n,
  };
}

/**
 * The school within the user's scope, or the 404 (and audit entry) of a school outside it.
 * Asked before a change's transaction: the audit entry of a denial must outlive it, and the
 * embedded database has one connection, which the transaction holds.
 */
async function schoolInScope(ctx: RequestContext, code: string) {
  const school = await q.findSchoolRow(ctx.db, ctx.actor.scope, code);
  if (school) return school;
  throw await notFoundOrDenied(ctx, 'school', code, () => q.schoolExists(ctx.db, ctx.actor.countyCode, code));
}

/** The staff member of a school within the user's scope, or the 404 (and audit entry) as `schoolInScope`. */
async function staffInScope(ctx: RequestContext, id: number): Promise<void> {
  const staff = await q.findStaffMember(ctx.db, ctx.actor.countyCode, id);
  if (staff?.school_code && (await q.findSchoolRow(ctx.db, ctx.actor.scope, staff.school_code))) return;
  throw await notFoundOrDenied(ctx, 'staff', id, async () => staff?.school_code != null);
}

/** The class of a school within the user's scope, or the 404 (and audit entry) as `schoolInScope`. */
async function classInScope(ctx: RequestContext, id: number): Promise<void> {
  const row = await q.findClassRow(ctx.db, ctx.actor.countyCode, id);
  if (row && (await q.findSchoolRow(ctx.db, ctx.actor.scope, row.school_code))) return;
  throw await notFoundOrDenied(ctx, 'class', id, async () => row !== undefined);
}

export async function schoolClasses(
  ctx: RequestContext,
  code: string,
  schoolYear?: number,
): Promise<SchoolClass[]> {
  await schoolInScope(ctx, code);
  const rows = await q.listClasses(ctx.db, ctx.actor.scope, code, schoolYear ?? (await currentYear(ctx)));
  return rows.map(toClass);
}

function toClass(r: Awaited<ReturnType<typeof q.listClasses>>[number]): SchoolClass {
  return {
    id: r.id,
    schoolYear: r.school_year,
    grade: r.grade,
    name: r.name,
    headTeacherStaffId: r.head_teacher_staff_id,
    headTeacherName: r.head_teacher_name,
    headTeacherPhone: r.head_teacher_phone,
    studentCount: r.student_count,
  };
}

// ------------------------------------------------------------ staff and classes
// A new school year is set up here: its classes, each with its head teacher (班主任), whose
// account then sees that class (a teacher's scope is the classes they head).

function toStaff(r: Awaited<ReturnType<typeof q.listStaff>>[number]): StaffMember {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    phone: r.phone,
    kind: r.kind === 'principal' ? 'principal' : 'teacher',
    title: r.title,
    active: r.active,
  };
}

export async function schoolStaff(ctx: RequestContext, code: string): Promise<StaffMember[]> {
  await schoolInScope(ctx, code);
  return (await q.listStaff(ctx.db, ctx.actor.countyCode, code)).map(toStaff);
}

export async function addStaff(ctx: RequestContext, code: string, input: StaffInput): Promise<StaffMember> {
  const county = ctx.actor.countyCode;
  await schoolInScope(ctx, code);
  return ctx.db.transaction().execute(async (trx) => {
    const row = { county_code: county, school_code: code, ...input };
    const id = await q.insertStaff(trx, row);
    await auditFor(ctx, trx, { action: 'create', entity: 'staff', entityId: id, after: row });
    return toStaff(await q.staffMember(trx, county, id));
  });
}

/**
 * A change of a teacher's or principal's name, phone, post or kind (a new phone: the chain
 * shows it), or their leaving (离岗) and return.
 */
export async function updateStaff(
  ctx: RequestContext,
  id: number,
  patch: UpdateStaffRequest,
): Promise<StaffMember> {
  const county = ctx.actor.countyCode;
  const schoolYear = await currentYear(ctx);
  await staffInScope(ctx, id);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await q.findStaffMember(trx, county, id);
    if (!before) throw notFound();
    if (patch.active === false && before.active) await assertMayLeave(trx, county, id, schoolYear);
    await q.updateStaff(trx, county, id, patch);
    const after = await q.staffMember(trx, county, id);
    await auditFor(ctx, trx, { action: 'update', entity: 'staff', entityId: id, before, after });
    return toStaff(after);
  });
}

/**
 * A class set up by mistake (a wrong grade, a name typed twice) is deleted while nothing
 * names it yet: no pupil, roll call, absence or case. Otherwise it stays, and says why.
 */
export async function deleteClass(ctx: RequestContext, id: number): Promise<void> {
  const county = ctx.actor.countyCode;
  await classInScope(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await q.findClassRow(trx, county, id);
    if (!before) throw notFound();
    const uses = await q.classUses(trx, county, id);
    const details: ErrorDetail[] = [];
    if (uses.students > 0)
      details.push(
        detail(
          'id',
          `班里还有 ${uses.students} 名学生：请先为他们调班`,
          `The class still has ${uses.students} pupil(s): move them to another class first`,
        ),
      );
    if (uses.rollCalls + uses.absences > 0)
      details.push(
        detail('id', '该班已有考勤记录，不能删除', 'The class has attendance records and cannot be deleted'),
      );
    if (uses.cases > 0)
      details.push(
        detail(
          'id',
          `该班有 ${uses.cases} 个劝返案件，不能删除`,
          `The class has ${uses.cases} persuasion case(s) and cannot be deleted`,
        ),
      );
    if (details.length > 0) throw new AppError('conflict', details);
    await q.deleteClass(trx, county, id);
    await auditFor(ctx, trx, { action: 'delete', entity: 'class', entityId: id, before });
  });
}

/**
 * Someone leaves only once nothing of this year waits on them: the classes they head get
 * another head teacher first, and their account is closed first (its scope would be empty).
 */
async function assertMayLeave(db: Db, countyCode: string, id: number, schoolYear: number): Promise<void> {
  const details: ErrorDetail[] = [];
  const heads = await q.classesHeadedBy(db, countyCode, id, schoolYear);
  if (heads.length > 0) {
    const names = heads.map((c) => `${gradeLabel(c.grade)}${c.name}`).join('、');
    const namesEn = heads.map((c) => `${gradeLabel(c.grade, 'en')}, ${c.name}`).join('; ');
    details.push(
      detail(
        'active',
        `仍是本学年 ${names} 的班主任：请先为这些班级另选班主任`,
        `Still head teacher this year of ${namesEn}: choose another head teacher for these classes first`,
      ),
    );
  }
  const account = await q.activeAccountOf(db, countyCode, id);
  if (account)
    details.push(
      detail(
        'active',
        `账号“${account.username}”仍在使用：请先在“用户”中停用该账号`,
        `The account "${account.username}" is still in use: disable it under Users first`,
      ),
    );
  if (details.length > 0) throw new AppError('conflict', details);
}

/** A grade the school teaches, and a head teacher on its staff. */
async function assertClassFits(
  db: Db,
  countyCode: string,
  school: { code: string; type: keyof typeof SCHOOL_TYPE_GRADES },
  grade: number,
  headTeacherStaffId: number | null | undefined,
): Promise<void> {
  const details: ErrorDetail[] = [];
  const grades = SCHOOL_TYPE_GRADES[school.type];
  if (grade < grades.from || grade > grades.to) {
    const type = SCHOOL_TYPE_LABELS[school.type];
    details.push(
      detail(
        'grade',
        `本校为${type.zh}，不设${gradeLabel(grade)}`,
        `The school is a ${type.en.toLowerCase()} and has no ${gradeLabel(grade, 'en')}`,
      ),
    );
  }
  if (headTeacherStaffId != null) {
    const staff = await q.findStaffMember(db, countyCode, headTeacherStaffId);
    if (staff?.school_code !== school.code)
      details.push(
        detail(
          'headTeacherStaffId',
          '所选班主任不是本校的教职工，请先在“教职工”中新增',
          "The head teacher chosen is not on this school's staff: add them under Staff first",
        ),
      );
    else if (!staff.active)
      details.push(
        detail(
          'headTeacherStaffId',
          `${staff.name}已离岗，不能担任班主任`,
          `${staff.name} has left the school and cannot head a class`,
        ),
      );
  }
  if (details.length > 0) throw new AppError('validation', details);
}

function nameTaken(): AppError {
  return new AppError('conflict', [
    detail(
      'name',
      '本校本学年该年级已有同名班级',
      'The school already has a class of this name in this grade this year',
    ),
  ]);
}

export async function createClass(
  ctx: RequestContext,
  code: string,
  input: ClassInput,
): Promise<SchoolClass> {
  const county = ctx.actor.countyCode;
  const schoolYear = input.schoolYear ?? (await currentYear(ctx));
  const school = await schoolInScope(ctx, code);
  return ctx.db.transaction().execute(async (trx) => {
    await assertClassFits(trx, county, school, input.grade, input.headTeacherStaffId);
    const row = {
      county_code: county,
      school_code: code,
      school_year: schoolYear,
      grade: input.grade,
      name: input.name,
      head_teacher_staff_id: input.headTeacherStaffId,
    };
    if (await q.classNameTaken(trx, county, row)) throw nameTaken();
    const id = await q.insertClass(trx, row);
    await auditFor(ctx, trx, { action: 'create', entity: 'class', entityId: id, after: row });
    return toClass(await q.classSummary(trx, county, code, id));
  });
}

export async function updateClass(
  ctx: RequestContext,
  id: number,
  patch: UpdateClassRequest,
): Promise<SchoolClass> {
  const county = ctx.actor.countyCode;
  await classInScope(ctx, id);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await q.findClassRow(trx, county, id);
    if (!before) throw notFound();
    const school = await q.findSchoolRow(trx, ctx.actor.scope, before.school_code);
    if (!school) throw notFound();
    await assertClassFits(trx, county, school, before.grade, patch.headTeacherStaffId);
    const name = patch.name ?? before.name;
    if (await q.classNameTaken(trx, county, { ...before, name }, id)) throw nameTaken();
    await q.updateClass(trx, county, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.headTeacherStaffId !== undefined ? { head_teacher_staff_id: patch.headTeacherStaffId } : {}),
    });
    const after = await q.findClassRow(trx, county, id);
    await auditFor(ctx, trx, { action: 'update', entity: 'class', entityId: id, before, after });
    return toClass(await q.classSummary(trx, county, before.school_code, id));
  });
}

/** Service-area codes must be villages of this county; the town must be a town. */
async function assertPlaces(
  db: Db,
  countyCode: string,
  townCode: string | undefined,
  villages: string[] | undefined,
) {
  const codes = [...(townCode ? [townCode] : []), ...(villages ?? [])];
  const found = new Map((await q.villagesIn(db, countyCode, codes)).map((r) => [r.code, r.level]));
  const details: ErrorDetail[] = [];
  if (townCode && found.get(townCode) !== 'town')
    details.push(
      detail(
        'townCode',
        `不是本县的镇(街道)代码: ${townCode}`,
        `Not the code of a town of the county: ${townCode}`,
      ),
    );
  for (const v of villages ?? []) {
    if (found.get(v) !== 'village')
      details.push(
        detail(
          'serviceArea',
          `不是本县的村(社区)代码: ${v}`,
          `Not the code of a village of the county: ${v}`,
        ),
      );
  }
  if (details.length > 0) throw new AppError('validation', details);
}

export async function createSchool(ctx: RequestContext, input: SchoolInput): Promise<SchoolDetail> {
  const county = ctx.actor.countyCode;
  return ctx.db.transaction().execute(async (trx) => {
    await assertPlaces(trx, county, input.townCode, input.serviceArea);
    if (await q.schoolExists(trx, county, input.code)) {
      throw new AppError('conflict', [
        detail('code', `学校标识码已存在: ${input.code}`, `The school code is taken: ${input.code}`),
      ]);
    }
    const row = {
      county_code: county,
      code: input.code,
      name: input.name,
      type: input.type,
      town_code: input.townCode,
      address: input.address,
      phone: input.phone,
      boarding: input.boarding,
    };
    await q.insertSchool(trx, row);
    await q.replaceServiceArea(trx, county, input.code, input.serviceArea);
    await auditFor(ctx, trx, {
      action: 'create',
      entity: 'school',
      entityId: input.code,
      after: { ...row, serviceArea: input.serviceArea },
    });
    return schoolDetail(ctx, input.code, trx);
  });
}

export async function updateSchool(
  ctx: RequestContext,
  code: string,
  patch: UpdateSchoolRequest,
): Promise<SchoolDetail> {
  const county = ctx.actor.countyCode;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await q.findSchoolRow(trx, ctx.actor.scope, code);
    if (!before) throw notFound();
    await assertPlaces(trx, county, patch.townCode, patch.serviceArea);
    await q.updateSchool(trx, county, code, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.townCode !== undefined ? { town_code: patch.townCode } : {}),
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.boarding !== undefined ? { boarding: patch.boarding } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    });
    if (patch.serviceArea) await q.replaceServiceArea(trx, county, code, patch.serviceArea);
    const after = await q.findSchoolRow(trx, ctx.actor.scope, code);
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'school',
      entityId: code,
      before,
      after: { ...after, ...(patch.serviceArea ? { serviceArea: patch.serviceArea } : {}) },
    });
    return schoolDetail(ctx, code, trx);
  });
}
