import {
  ENROLLMENT_STATUS_LABELS,
  ENROLLMENT_STATUSES,
  gradeLabel,
  maskIdNumber,
  normalizeName,
  schoolTeaches,
  type SchoolType,
  parseIdNumber,
  type ChangeClassRequest,
  type ChangeStatusRequest,
  type ChangeStatusResult,
  type PendingTransfer,
  type ReceivePendingRequest,
  type ReceiveTransferRequest,
  type SchoolDirectoryEntry,
  type TransferDestination,
  type EnrollmentStatus,
  type FullIdentity,
  type Page,
  type StudentEvent,
  type StudentEventListItem,
  type StudentEventQuery,
  type StudentListQuery,
  type StudentStatusCounts,
  type StudentStatusCountsQuery,
  type StudentSummary,
} from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { AppError, detail } from '../../errors';
import { refuseFutureDay, today } from '../../lib/clock';
import { auditFor, auditWho } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import { followPupils, openDropOutCases } from '../cases/cases.registry';
import { deliver, usersAt } from '../inbox/inbox.deliver';
import { findClassRow, findSchoolRow, schoolExists } from '../schools/schools.queries';
import { getSettings } from '../settings/settings.service';
import * as q from './registry.queries';
import { statusEventKind } from './status-events';
import { fetchPage } from '../../lib/paging';

type StudentRow = Awaited<ReturnType<typeof q.listStudents>>[number];

// Lists always carry the masked number; the full one leaves the server only through
// revealIdentity, which writes the audit log.
export function toSummary(row: StudentRow): StudentSummary {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    idNumberMasked: maskIdNumber(row.id_number),
    birthDate: row.birth_date,
    schoolCode: row.school_code,
    schoolName: row.school_name,
    classId: row.class_id,
    className: row.class_name,
    grade: row.grade,
    status: row.status,
    studyMode: row.study_mode,
    villageCode: row.village_code,
    villageName: row.village_name,
    povertyRegistered: row.poverty_registered,
    leftBehind: row.left_behind,
  };
}

export async function listStudents(
  ctx: RequestContext,
  query: StudentListQuery,
): Promise<Page<StudentSummary>> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return fetchPage(
    query,
    () => q.countStudents(ctx.db, ctx.actor.scope, filter),
    (paging) => q.listStudents(ctx.db, ctx.actor.scope, filter, paging),
    toSummary,
  );
}

export async function allStudents(ctx: RequestContext, query: StudentListQuery): Promise<StudentSummary[]> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return (await q.listStudents(ctx.db, ctx.actor.scope, filter, null)).map(toSummary);
}

/** Every status with its count, none left out: a status without students shows 0. */
export async function studentStatusCounts(
  ctx: RequestContext,
  query: StudentStatusCountsQuery,
): Promise<StudentStatusCounts> {
  const counts = Object.fromEntries(ENROLLMENT_STATUSES.map((s) => [s, 0])) as StudentStatusCounts;
  for (const row of await q.countStudentsByStatus(ctx.db, ctx.actor.scope, query))
    counts[row.status] = Number(row.n);
  return counts;
}

async function findInScope(ctx: RequestContext, id: number): Promise<StudentRow> {
  const [row] = await q.listStudents(ctx.db, ctx.actor.scope, { id }, null);
  if (!row)
    throw await notFoundOrDenied(ctx, 'student', id, () => q.studentExists(ctx.db, ctx.actor.countyCode, id));
  return row;
}

export async function studentDetail(ctx: RequestContext, id: number): Promise<StudentSummary> {
  return toSummary(await findInScope(ctx, id));
}

export async function revealIdentity(ctx: RequestContext, id: number): Promise<FullIdentity> {
  if (!ctx.actor.canViewFullId) throw new AppError('forbidden');
  const row = await findInScope(ctx, id);
  await auditFor(ctx, ctx.db, { action: 'view_identity', entity: 'student', entityId: id, detail: row.name });
  return { id, idNumber: row.id_number };
}

/** Students of these statuses still sit in a class; the others have left it. */
const IN_A_CLASS: readonly EnrollmentStatus[] = ['enrolled', 'suspended'];

/**
 * 调班: a pupil moves to another class of their own school, of their grade and of the
 * current school year (a change of grade is a registry matter, not a class move).
 * Audited with the class before and after. The pupil's open case moves with them.
 */
export async function changeClass(
  ctx: RequestContext,
  id: number,
  request: ChangeClassRequest,
): Promise<StudentSummary> {
  const county = ctx.actor.countyCode;
  const student = await findInScope(ctx, id);
  const schoolYear = (await getSettings(ctx.db, county)).monitoring.currentSchoolYear;
  await ctx.db.transaction().execute(async (trx) => {
    const target = await findClassRow(trx, county, request.classId);
    assertMovable(student, target, schoolYear);
    if (student.class_id === request.classId) return;
    await q.setStudentClass(trx, county, id, request.classId);
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'student',
      entityId: id,
      detail: `调班 / class change: ${student.class_name ?? '—'} → ${target.name}`,
      before: { classId: student.class_id, className: student.class_name },
      after: { classId: request.classId, className: target.name },
    });
    await followPupils(trx, auditWho(ctx.actor, ctx.ip), [id]);
  });
  return toSummary(await findInScope(ctx, id));
}

type ClassRow = NonNullable<Awaited<ReturnType<typeof findClassRow>>>;

function assertMovable(
  student: StudentRow,
  target: ClassRow | undefined,
  schoolYear: number,
): asserts target is ClassRow {
  const refuse = (zh: string, en: string) => refuseOn('classId', zh, en);
  if (!target || target.school_code !== student.school_code)
    throw refuse('所选班级不是该生所在学校的班级', "The class chosen is not at the pupil's school");
  if (target.school_year !== schoolYear)
    throw refuse(
      `只能调入本学年（${schoolYear} 学年）的班级`,
      `Only a class of this school year (${schoolYear}) can be chosen`,
    );
  if (target.grade !== student.grade)
    throw refuse(
      `所选班级在${gradeLabel(target.grade)}，该生在${gradeLabel(student.grade)}：调班只在同一年级内`,
      `The class chosen is in ${gradeLabel(target.grade, 'en')}, the pupil in ${gradeLabel(student.grade, 'en')}: a pupil moves class within a grade`,
    );
  if (!IN_A_CLASS.includes(student.status)) {
    const status = ENROLLMENT_STATUS_LABELS[student.status];
    throw refuse(
      `该生学籍状态为“${status.zh}”，不能调班`,
      `The pupil's status is "${status.en}": they cannot move class`,
    );
  }
}

/**
 * 学籍变动 by hand: a school keeps a pupil's registry current between imports (休学 today,
 * 复学 next term). The pupil stays at their school and in their class, as after an import; the
 * next reconciliation reads the new status. Audited with the status before and after. A pupil
 * recorded as 辍学 gets a case at once (一人一案, source `registry`; the open one if there is
 * one), so the town and village start the 劝返 now rather than after the next run.
 */
export async function changeStatus(
  ctx: RequestContext,
  id: number,
  request: ChangeStatusRequest,
): Promise<ChangeStatusResult> {
  const student = await findInScope(ctx, id);
  if (request.status === student.status) {
    const label = ENROLLMENT_STATUS_LABELS[student.status];
    throw refuseOn('status', `该生学籍状态已是“${label.zh}”`, `The pupil's status is "${label.en}" already`);
  }
  refuseFutureDay(ctx.clock, request.date);
  refuseBeforeBirth(request.date, student.birth_date);
  const destination = request.destination ?? null;
  if (destination !== null) checkDestination(ctx, request.status, destination);
  const toSchool = await receivingSchool(ctx, student, request);
  const kind = statusEventKind(student.status, request.status);
  const caseId = await ctx.db.transaction().execute(async (trx) => {
    const recorded = await q.recordStatusChange(
      trx,
      {
        county_code: ctx.actor.countyCode,
        student_id: id,
        id_number: student.id_number,
        kind,
        event_date: request.date,
        from_school_code: student.school_code,
        // A 转出 to a school of the county names it: both schools see the event.
        to_school_code: toSchool?.code ?? student.school_code,
        grade: student.grade,
        status_before: student.status,
        status_after: request.status,
        note: request.note,
        user_id: ctx.actor.userId,
        username: ctx.actor.username,
      },
      toSchool?.code ?? null,
    );
    if (!recorded) throw new AppError('status_changed_meanwhile');
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'student',
      entityId: id,
      detail:
        `学籍变动 / status change: ${ENROLLMENT_STATUS_LABELS[student.status].zh} → ${ENROLLMENT_STATUS_LABELS[request.status].zh}（${request.note}）` +
        (destination === null ? '' : `，转往 ${destination.region} ${destination.school}`) +
        (toSchool === null ? '' : `，转往县内 ${toSchool.name}（待接收）`),
      before: { status: student.status },
      after: {
        status: request.status,
        date: request.date,
        note: request.note,
        destination,
        toSchoolCode: toSchool?.code ?? null,
      },
    });
    // Back in a class (复学, or back from 转出): a case the child had before the school knew them
    // (a reconciliation's, a village's report) takes the record now (cases.registry.ts).
    if (IN_A_CLASS.includes(request.status)) await followPupils(trx, auditWho(ctx.actor, ctx.ip), [id]);
    if (destination !== null) await recordDestination(ctx, trx, student, destination);
    if (toSchool !== null) await tellReceivingSchool(ctx, trx, student, toSchool, request);
    if (request.status !== 'dropped_out') return null;
    const [opened] = await openDropOutCases(
      trx,
      auditWho(ctx.actor, ctx.ip),
      [{ studentId: id, date: request.date, note: request.note }],
      today(ctx.clock),
    );
    return opened!.caseId;
  });
  return { ...toSummary(await findInScope(ctx, id)), caseId };
}

/** A destination goes only with 转出, and is known by a day that has come. */
function checkDestination(
  ctx: RequestContext,
  status: EnrollmentStatus,
  destination: TransferDestination,
): void {
  if (status !== 'transferred_out')
    throw refuseOn('destination', '只有转出需要登记去向', 'Only a transfer out has a destination');
  refuseFutureDay(ctx.clock, destination.verifiedOn, 'destination.verifiedOn');
}

type DirectorySchool = Awaited<ReturnType<typeof q.schoolDirectory>>[number];

/**
 * The school of the county a 转出 names (`toSchoolCode`), or null when it names none. Only
 * with 转出 and without an out-of-county destination; a school of the county that teaches the
 * pupil's grade, other than the pupil's own. Any school may name any other: the directory is
 * public.
 */
async function receivingSchool(
  ctx: RequestContext,
  student: StudentRow,
  request: ChangeStatusRequest,
): Promise<DirectorySchool | null> {
  const code = request.toSchoolCode;
  if (code === undefined) return null;
  const refuse = (zh: string, en: string) => refuseOn('toSchoolCode', zh, en);
  if (request.status !== 'transferred_out')
    throw refuse('只有转出需要选择转入学校', 'Only a transfer out names a receiving school');
  if (request.destination !== undefined)
    throw refuse(
      '转往县外的去向与县内转入学校只能选一个',
      'Give either a destination outside the county or a receiving school in it, not both',
    );
  if (code === student.school_code)
    throw refuse('转入学校不能是本校', "The receiving school cannot be the pupil's own");
  const [school] = await q.schoolDirectory(ctx.db, ctx.actor.countyCode, code);
  if (!school)
    throw refuse(
      '本县没有该学校（或该校已停用、不收中小学生）',
      'The county has no such school (or it is closed, or takes no pupils)',
    );
  if (!schoolTeaches(school.type as SchoolType, student.grade))
    throw refuse(
      `${school.name}不设${gradeLabel(student.grade)}`,
      `${school.name} has no ${gradeLabel(student.grade, 'en')}`,
    );
  return school;
}

/**
 * The receiving school's administrators are told of a pupil on their way (待接收转入): till
 * they take the pupil over, the pupil is 转出 at the sending school and, at the next run,
 * suspected out of school — so the item says so.
 */
async function tellReceivingSchool(
  ctx: RequestContext,
  trx: Db,
  student: StudentRow,
  toSchool: DirectorySchool,
  request: ChangeStatusRequest,
): Promise<void> {
  const admins = await usersAt(trx, ctx.actor.countyCode, ['school_admin'], [toSchool.code]);
  const grade = gradeLabel(student.grade);
  await deliver(
    trx,
    ctx.actor.countyCode,
    admins.map((u) => ({
      userId: u.id,
      kind: 'transfer_pending' as const,
      dedupeKey: `transfer-pending:${student.id}:${request.date}:${toSchool.code}`,
      titleZh: `待接收转入：${student.name}（${student.school_name}，${grade}）`,
      titleEn: `Transfer to take over: ${student.name} (${student.school_name}, grade ${student.grade})`,
      bodyZh: `${student.school_name}于 ${request.date} 登记该生转出到本校（${request.note}）。请在“学生”页“待接收转入”中接收；接收前该生不在任何学校在读。`,
      bodyEn: `${student.school_name} recorded the pupil as transferred to your school on ${request.date} (${request.note}). Take them over under "Transfers to take over" on the Students page; until then the pupil is enrolled nowhere.`,
      link: '/students?pending=1',
    })),
  );
}

/**
 * 转出 with its destination: the pupil's out-of-county record of the school year (县外就读),
 * as a row of the out-of-county roster would give it. Without one, the next reconciliation
 * counts the pupil as suspected out of school (转出 without a destination) and opens a case.
 */
async function recordDestination(
  ctx: RequestContext,
  db: Db,
  student: StudentRow,
  destination: TransferDestination,
): Promise<void> {
  const id = parseIdNumber(student.id_number);
  const settings = await getSettings(db, ctx.actor.countyCode);
  await q.upsertOutOfCountyRecord(db, {
    county_code: ctx.actor.countyCode,
    school_year: settings.monitoring.currentSchoolYear,
    id_number: id.normalized,
    id_valid: id.valid,
    name: student.name,
    birth_date: id.birthDate ?? student.birth_date,
    gender: id.gender ?? student.gender,
    school: destination.school,
    region: destination.region,
    grade: student.grade,
    verification: destination.verification,
    verified_on: destination.verifiedOn,
  });
}

/**
 * 接收转入 (一人一籍，籍随人走): a school takes over the record of a pupil coming from another
 * school of the county — as an enrolment import of that one row would. The pupil is named by
 * identity number and name (both must agree, so a number alone reveals nobody); the record
 * moves to the school, its grade and, where chosen, a class of the current school year; the
 * transfer is one event both schools see, and a pupil not 在读 before is 在读 now (a second
 * event, as the import writes). Audited with the school, grade, class and status before and after.
 */
export async function receiveTransfer(
  ctx: RequestContext,
  request: ReceiveTransferRequest,
): Promise<StudentSummary> {
  const county = ctx.actor.countyCode;
  const school = await findSchoolRow(ctx.db, ctx.actor.scope, request.schoolCode);
  if (!school) {
    throw await notFoundOrDenied(ctx, 'school', request.schoolCode, () =>
      schoolExists(ctx.db, county, request.schoolCode),
    );
  }
  const idNumber = parseIdNumber(request.idNumber).normalized;
  const records = await q.recordsToTransfer(ctx.db, county, idNumber);
  const record = records[0];
  if (!record || normalizeName(record.name) !== normalizeName(request.name))
    throw refuseOn(
      'idNumber',
      '本县学籍中没有身份证号与姓名都相符的学生',
      "No pupil in the county's registry has both this identity number and this name",
    );
  return takeOver(ctx, school, records, record, request);
}

/**
 * 接收 a pending transfer (待接收转入): the sending school named this school, so the receiving
 * school needs neither the identity number nor the name; only a school in the user's scope
 * that the 转出 named may take the pupil over (404 otherwise).
 */
export async function receivePending(
  ctx: RequestContext,
  studentId: number,
  request: ReceivePendingRequest,
): Promise<StudentSummary> {
  const [pending] = await q.pendingTransfers(ctx.db, ctx.actor.scope, { studentId });
  if (!pending)
    throw await notFoundOrDenied(ctx, 'student', studentId, () =>
      q.studentExists(ctx.db, ctx.actor.countyCode, studentId),
    );
  const school = await findSchoolRow(ctx.db, ctx.actor.scope, pending.pending_school_code as string);
  if (!school) throw new AppError('not_found');
  const records = await q.recordsToTransfer(ctx.db, ctx.actor.countyCode, pending.id_number);
  const record = records.find((r) => r.id === studentId);
  if (!record) throw new AppError('status_changed_meanwhile');
  return takeOver(ctx, school, records, record, request);
}

/** The list of 待接收转入 of the user's schools, numbers masked. */
export async function pendingTransfers(ctx: RequestContext): Promise<PendingTransfer[]> {
  const rows = await q.pendingTransfers(ctx.db, ctx.actor.scope);
  return rows.map((r) => ({
    studentId: r.id,
    name: r.name,
    gender: r.gender,
    idNumberMasked: maskIdNumber(r.id_number),
    grade: r.grade,
    fromSchoolCode: r.school_code,
    fromSchoolName: r.from_school_name,
    toSchoolCode: r.pending_school_code as string,
    toSchoolName: r.to_school_name,
    date: r.event_date ?? '',
    note: r.note ?? null,
  }));
}

/** The county's schools that take pupils, for a 转出 to name one. */
export async function schoolDirectory(ctx: RequestContext): Promise<SchoolDirectoryEntry[]> {
  const rows = await q.schoolDirectory(ctx.db, ctx.actor.countyCode);
  return rows.map((r) => ({ code: r.code, name: r.name, type: r.type, townName: r.town_name }));
}

function refuseOn(path: string, zh: string, en: string): AppError {
  return new AppError('validation', [detail(path, zh, en)]);
}

/**
 * A change of the registry may be recorded after the fact, so its day is bounded by the
 * pupil's birth only (a mistyped year), not by the record's last event: an import writes its
 * own day on the events it records, which may well be later than the change it learns of.
 */
function refuseBeforeBirth(day: string, birthDate: string | null): void {
  if (birthDate === null || day >= birthDate) return;
  throw refuseOn(
    'date',
    `日期早于该生出生日期（${birthDate}）`,
    `The date is before the pupil's birth (${birthDate})`,
  );
}

type SchoolRow = NonNullable<Awaited<ReturnType<typeof findSchoolRow>>>;
type TransferRecord = Awaited<ReturnType<typeof q.recordsToTransfer>>[number];

/**
 * The record moves to `school` (一人一籍，籍随人走): the grade and class checked, one
 * `transfer_within` event both schools see, and a return to 在读 where the pupil had left.
 * The pupil's open case moves with them, to the new school's principal and class teacher.
 */
async function takeOver(
  ctx: RequestContext,
  school: SchoolRow,
  records: readonly TransferRecord[],
  record: TransferRecord,
  request: ReceivePendingRequest,
): Promise<StudentSummary> {
  const county = ctx.actor.countyCode;
  // A record at this school already (a pupil who left and comes back): that record is the
  // pupil's here, and its status is what changes — as an import of the row would update it.
  const here = records.find((r) => r.school_code === school.code);
  if (here) {
    const status = ENROLLMENT_STATUS_LABELS[here.status];
    throw refuseOn(
      'schoolCode',
      `该生在本校已有学籍（${status.zh}），请在学生详情中登记学籍变动`,
      `The pupil is registered at this school already (${status.en}): record the change in the pupil's details`,
    );
  }
  if (!schoolTeaches(school.type as SchoolType, request.grade))
    throw refuseOn(
      'grade',
      `${school.name}不设${gradeLabel(request.grade)}`,
      `${school.name} has no ${gradeLabel(request.grade, 'en')}`,
    );
  refuseFutureDay(ctx.clock, request.date);
  refuseBeforeBirth(request.date, record.birth_date);
  const schoolYear = (await getSettings(ctx.db, county)).monitoring.currentSchoolYear;
  const classId = request.classId ?? null;
  await ctx.db.transaction().execute(async (trx) => {
    if (classId !== null) {
      const target = await findClassRow(trx, county, classId);
      if (
        !target ||
        target.school_code !== school.code ||
        target.grade !== request.grade ||
        target.school_year !== schoolYear
      )
        throw refuseOn(
          'classId',
          '所选班级不是本校本学年该年级的班级',
          "The class chosen is not one of this school's in the grade this year",
        );
    }
    // The transfer, and where the pupil had left, the return to 在读: one event each.
    const event = {
      county_code: county,
      student_id: record.id,
      id_number: record.id_number,
      event_date: request.date,
      grade: request.grade,
      status_before: record.status,
      status_after: 'enrolled' as const,
      note: request.note || null,
      user_id: ctx.actor.userId,
      username: ctx.actor.username,
    };
    const moved = await q.recordTransfer(
      trx,
      { ...event, from_school_code: record.school_code, to_school_code: school.code },
      classId,
    );
    if (!moved) throw new AppError('status_changed_meanwhile');
    if (record.status !== 'enrolled') {
      await q.recordStatusChange(trx, {
        ...event,
        kind: statusEventKind(record.status, 'enrolled'),
        from_school_code: school.code,
        to_school_code: school.code,
      });
    }
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'student',
      entityId: record.id,
      detail: `接收转入 / transfer in: ${record.school_name} → ${school.name}`,
      before: {
        schoolCode: record.school_code,
        grade: record.grade,
        classId: record.class_id,
        status: record.status,
      },
      after: { schoolCode: school.code, grade: request.grade, classId, status: 'enrolled' },
    });
    await followPupils(trx, auditWho(ctx.actor, ctx.ip), [record.id]);
  });
  return toSummary(await findInScope(ctx, record.id));
}

export function toEvent(row: q.EventRow): StudentEvent {
  return {
    id: row.id,
    studentId: row.student_id,
    kind: row.kind,
    date: row.event_date,
    fromSchoolCode: row.from_school_code,
    fromSchoolName: row.from_school_name,
    toSchoolCode: row.to_school_code,
    toSchoolName: row.to_school_name,
    grade: row.grade,
    statusBefore: row.status_before,
    statusAfter: row.status_after,
    note: row.note,
    importId: row.import_id,
    // The person's name, as the school knows them; the login name kept on the row otherwise.
    by: row.author,
    at: row.created_at.toISOString(),
  };
}

/**
 * A student's registry history (一人一籍). Whoever may see the student sees all of it; a
 * school the student has left still sees the events that name it (the handover), so both
 * schools of a transfer see it.
 */
export async function studentEvents(ctx: RequestContext, id: number): Promise<StudentEvent[]> {
  const [visible] = await q.listStudents(ctx.db, ctx.actor.scope, { id }, null);
  const rows = await q.eventsOfStudents(ctx.db, ctx.actor.scope, [id], visible === undefined);
  if (!visible && rows.length === 0) {
    throw await notFoundOrDenied(ctx, 'student', id, () => q.studentExists(ctx.db, ctx.actor.countyCode, id));
  }
  return rows.map(toEvent);
}

/** The registry events naming the user's schools: enrolments, transfers in both directions, status changes. */
export async function listEvents(
  ctx: RequestContext,
  query: StudentEventQuery,
): Promise<Page<StudentEventListItem>> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return fetchPage(
    query,
    () => q.countEvents(ctx.db, ctx.actor.scope, filter),
    (paging) => q.listEvents(ctx.db, ctx.actor.scope, filter, paging),
    toEventListItem,
  );
}

/** Every event of the list's filter, for its workbook. */
export async function allEvents(
  ctx: RequestContext,
  query: StudentEventQuery,
): Promise<StudentEventListItem[]> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return (await q.listEvents(ctx.db, ctx.actor.scope, filter, null)).map(toEventListItem);
}

function toEventListItem(row: Awaited<ReturnType<typeof q.listEvents>>[number]): StudentEventListItem {
  return {
    ...toEvent(row),
    studentName: row.student_name,
    idNumberMasked: maskIdNumber(row.student_id_number),
    studentVisible: Boolean(row.student_visible),
  };
}
