import {
  isSchoolDay,
  schoolDaysBetween,
  schoolYearOf,
  type AbsenceClassesResponse,
  type AbsenceCounts,
  type AbsenceListQuery,
  type AbsenceRow,
  type AbsenceSummary,
  type AbsenceSummaryQuery,
  type ClassRoll,
  type GuardianContact,
  type NewGuardianContact,
  type Page,
  type SaveRollRequest,
  type SchoolAbsenceSummary,
} from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { AppError, detail } from '../../errors';
import { today } from '../../lib/clock';
import { fetchPage } from '../../lib/paging';
import { auditFor } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import { loadCalendar } from '../calendar/calendar.service';
import { deliver } from '../inbox/inbox.deliver';
import { studentExists } from '../registry/registry.queries';
import { getSettings } from '../settings/settings.service';
import * as q from './absences.queries';
import { rollCallKey } from './roll-reminders';

// Daily absences (C10): a class teacher marks the absent children of a class for a day
// (everyone else was present) and logs each contact with a guardian. An unexcused
// absence asks the head teacher, through the inbox, to reach the guardian the same day;
// the escalation job (escalation.ts) takes it from there.

/** The inbox item asking for a contact with a child's guardian about a day's absence. */
export function contactKey(day: string, studentId: number): string {
  return `contact:${day}:${studentId}`;
}

function who(ctx: RequestContext) {
  return { countyCode: ctx.actor.countyCode, userId: ctx.actor.userId, username: ctx.actor.username };
}

async function schoolDay(db: Db, countyCode: string, day: string): Promise<boolean> {
  return isSchoolDay(await loadCalendar(db, countyCode), day);
}

// ------------------------------------------------------------------ roll call

export async function classesToMark(ctx: RequestContext, day?: string): Promise<AbsenceClassesResponse> {
  const now = today(ctx.clock);
  const d = day ?? now;
  const [rows, isSchool] = await Promise.all([
    q.classesToMark(ctx.db, ctx.actor.scope, schoolYearOf(d), d),
    schoolDay(ctx.db, ctx.actor.countyCode, d),
  ]);
  return {
    day: d,
    today: now,
    schoolDay: isSchool,
    classes: rows.map((r) => ({
      classId: r.id,
      className: r.name,
      grade: r.grade,
      schoolCode: r.school_code,
      schoolName: r.school_name,
      enrolled: r.enrolled ?? 0,
      marked: r.marked_at !== null,
      absent: r.absent ?? 0,
      unexcused: r.unexcused ?? 0,
    })),
  };
}

async function findClass(ctx: RequestContext, classId: number) {
  const klass = await q.classInScope(ctx.db, ctx.actor.scope, classId);
  if (!klass) {
    throw await notFoundOrDenied(ctx, 'class', classId, () =>
      q.classExists(ctx.db, ctx.actor.countyCode, classId),
    );
  }
  return klass;
}

export function toContact(row: q.ContactRow): GuardianContact {
  return {
    id: row.id,
    studentId: row.student_id,
    day: row.day,
    contactName: row.contact_name,
    relation: row.relation,
    method: row.method,
    result: row.result,
    note: row.note,
    username: row.username,
    createdAt: row.created_at.toISOString(),
  };
}

async function rollOf(
  ctx: RequestContext,
  klass: NonNullable<Awaited<ReturnType<typeof q.classInScope>>>,
  day: string,
): Promise<ClassRoll> {
  const county = ctx.actor.countyCode;
  const [students, absences, call, isSchool] = await Promise.all([
    q.enrolledStudents(ctx.db, county, klass.id),
    q.absencesOfClassDay(ctx.db, county, klass.id, day),
    q.rollCall(ctx.db, county, klass.id, day),
    schoolDay(ctx.db, county, day),
  ]);
  const contacts = await q.contactsOf(
    ctx.db,
    county,
    students.map((s) => s.id),
    day,
  );
  const absenceOf = new Map(absences.map((a) => [a.student_id, a]));
  return {
    classId: klass.id,
    className: klass.name,
    grade: klass.grade,
    schoolCode: klass.school_code,
    schoolName: klass.school_name,
    day,
    today: today(ctx.clock),
    schoolDay: isSchool,
    marked: call !== undefined,
    markedAt: call ? call.marked_at.toISOString() : null,
    // Who marked it, by name: the school's head teacher knows their colleagues, not their logins.
    markedBy: call?.author ?? null,
    students: students.map((s) => {
      const absence = absenceOf.get(s.id);
      return {
        studentId: s.id,
        name: s.name,
        gender: s.gender,
        guardianName: s.guardian_name,
        guardianPhone: s.guardian_phone,
        absence: absence ? { kind: absence.kind, note: absence.note } : null,
        contacts: contacts.filter((c) => c.student_id === s.id).map(toContact),
      };
    }),
  };
}

export async function classRoll(ctx: RequestContext, classId: number, day?: string): Promise<ClassRoll> {
  return rollOf(ctx, await findClass(ctx, classId), day ?? today(ctx.clock));
}

function checkMarkableDay(day: string, todayIs: string, isSchool: boolean): void {
  if (day > todayIs) throw new AppError('future_day');
  if (!isSchool) throw new AppError('not_a_school_day');
}

/**
 * Replaces a class's marks for a day (the absent children; everyone else was present) and
 * records the roll call. Refuses future days and days that are not school days.
 */
export async function saveRoll(
  ctx: RequestContext,
  classId: number,
  day: string,
  body: SaveRollRequest,
): Promise<ClassRoll> {
  const county = ctx.actor.countyCode;
  const klass = await findClass(ctx, classId);
  checkMarkableDay(day, today(ctx.clock), await schoolDay(ctx.db, county, day));
  const students = await q.enrolledStudents(ctx.db, county, classId);
  const inClass = new Map(students.map((s) => [s.id, s]));
  const strangers = body.absences.filter((a) => !inClass.has(a.studentId));
  if (strangers.length > 0) {
    throw new AppError(
      'validation',
      strangers.map((a) =>
        detail(
          'absences.studentId',
          `学生 ${a.studentId} 不在本班`,
          `Pupil ${a.studentId} is not in this class`,
        ),
      ),
    );
  }
  const absences = body.absences.map((a) => ({ studentId: a.studentId, kind: a.kind, note: a.note || null }));
  const { cases } = await getSettings(ctx.db, county);
  const now = ctx.clock.now();

  await ctx.db.transaction().execute(async (trx) => {
    const before = await q.absencesOfClassDay(trx, county, classId, day);
    await q.replaceAbsences(trx, who(ctx), { id: classId, schoolCode: klass.school_code }, day, absences);
    await q.putRollCall(
      trx,
      who(ctx),
      classId,
      day,
      { present: students.length - absences.length, absent: absences.length },
      now,
    );
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'roll_call',
      entityId: `${classId}:${day}`,
      before: { absences: before.map((a) => ({ studentId: a.student_id, kind: a.kind })) },
      after: { absences: absences.map((a) => ({ studentId: a.studentId, kind: a.kind })) },
    });
    const unexcused = absences.filter((a) => a.kind === 'unexcused').map((a) => a.studentId);
    // A child no longer marked unexcused needs no contact: their request is settled; so is
    // the reminder of a roll not taken (roll-reminders.ts), whoever takes it late.
    const settled = before
      .filter((a) => a.kind === 'unexcused' && !unexcused.includes(a.student_id))
      .map((a) => contactKey(day, a.student_id));
    await q.finishInboxItems(trx, county, [...settled, rollCallKey(classId, day)], now);
    if (cases.sameDayContact && unexcused.length > 0) {
      await askForContacts(
        trx,
        county,
        klass,
        day,
        unexcused.map((id) => ({ id, name: inClass.get(id)!.name })),
      );
      // A request settled by withdrawing the mark is open again when the mark comes back,
      // unless a contact has been logged meanwhile.
      const contacted = new Set((await q.contactsOf(trx, county, unexcused, day)).map((c) => c.student_id));
      const reopen = unexcused.filter((id) => !contacted.has(id)).map((id) => contactKey(day, id));
      await q.reopenInboxItems(trx, county, reopen);
    }
  });
  return rollOf(ctx, klass, day);
}

/** One 'contact today' item per unexcused child for each account of the class's head teacher. */
async function askForContacts(
  db: Db,
  countyCode: string,
  klass: { id: number; name: string; grade: number; head_teacher_staff_id: number | null },
  day: string,
  children: readonly { id: number; name: string }[],
): Promise<number> {
  if (children.length === 0) return 0;
  const users = await q.headTeacherUsers(db, countyCode, klass.head_teacher_staff_id);
  const link = `/absences?classId=${klass.id}&day=${day}`;
  return deliver(
    db,
    countyCode,
    users.flatMap((u) =>
      children.map((c) => ({
        userId: u.id,
        kind: 'contact_today' as const,
        dedupeKey: contactKey(day, c.id),
        studentId: c.id,
        titleZh: `请今日联系${c.name}的监护人`,
        titleEn: `Contact ${c.name}'s guardian today`,
        bodyZh: `${c.name}于${day}无故缺勤，请当天联系监护人并登记联系结果。`,
        bodyEn: `${c.name} was absent without excuse on ${day}; reach the guardian today and log the result.`,
        link,
        dueOn: day,
      })),
    ),
  );
}

// ------------------------------------------------------------------ contacts

/**
 * Logs a contact with a child's guardian about a day. Any logged contact settles that
 * day's 'contact today' item, reached or not: the task was to try, and a guardian not
 * reached is what the escalation job's unreached-guardian rule acts on the next day.
 */
export async function logContact(ctx: RequestContext, body: NewGuardianContact): Promise<GuardianContact> {
  const county = ctx.actor.countyCode;
  const student = await q.studentInScope(ctx.db, ctx.actor.scope, body.studentId);
  if (!student) {
    throw await notFoundOrDenied(ctx, 'student', body.studentId, () =>
      studentExists(ctx.db, county, body.studentId),
    );
  }
  // The day the contact is about is a day of absence: a school day, as for the roll.
  checkMarkableDay(body.day, today(ctx.clock), await schoolDay(ctx.db, county, body.day));
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await q.insertContact(trx, who(ctx), body);
    await q.finishInboxItems(trx, county, [contactKey(body.day, body.studentId)], ctx.clock.now());
    await auditFor(ctx, trx, {
      action: 'create',
      entity: 'guardian_contact',
      entityId: inserted.id,
      after: { studentId: body.studentId, day: body.day, method: body.method, result: body.result },
    });
    return inserted;
  });
  return toContact(row);
}

// -------------------------------------------------------------------- lists

function period(ctx: RequestContext, from?: string, to?: string): { from: string; to: string } {
  const now = today(ctx.clock);
  return { from: from ?? to ?? now, to: to ?? (from && from > now ? from : now) };
}

export function toRow(r: q.AbsenceListRow): AbsenceRow {
  return {
    studentId: r.student_id,
    name: r.name,
    gender: r.gender,
    day: r.day,
    kind: r.kind,
    note: r.note,
    schoolCode: r.school_code,
    schoolName: r.school_name,
    townCode: r.town_code,
    townName: r.town_name,
    classId: r.class_id,
    className: r.class_name,
    grade: r.grade,
    villageName: r.village_name,
    guardianName: r.guardian_name,
    guardianPhone: r.guardian_phone,
    contacts: r.contacts ?? 0,
    reached: Boolean(r.reached),
    markedBy: r.author,
  };
}

function filterOf(ctx: RequestContext, query: Omit<AbsenceListQuery, 'page' | 'pageSize'>): q.AbsenceFilter {
  const { from, to, ...rest } = query;
  return { ...rest, ...period(ctx, from, to) };
}

export function listAbsences(ctx: RequestContext, query: AbsenceListQuery): Promise<Page<AbsenceRow>> {
  const { page: _p, pageSize: _s, ...rest } = query;
  const filter = filterOf(ctx, rest);
  return fetchPage(
    query,
    () => q.countAbsences(ctx.db, ctx.actor.scope, filter),
    (paging) => q.listAbsences(ctx.db, ctx.actor.scope, filter, paging),
    toRow,
  );
}

export async function allAbsences(
  ctx: RequestContext,
  query: Omit<AbsenceListQuery, 'page' | 'pageSize'>,
): Promise<AbsenceRow[]> {
  return (await q.listAbsences(ctx.db, ctx.actor.scope, filterOf(ctx, query), null)).map(toRow);
}

interface SchoolOfSummary {
  school_code: string;
  school_name: string;
  town_code: string | null;
  town_name: string | null;
}

type Counted = Omit<AbsenceCounts, 'rollsDue' | 'rollsTaken'>;
/** The counts of the schools that add up to the total (children do not: one may be absent from two). */
const SUMMED = ['absences', 'sick', 'personal', 'unexcused', 'unreached', 'rollsDue', 'rollsTaken'] as const;
const NO_ABSENCES: Counted = { absences: 0, sick: 0, personal: 0, unexcused: 0, children: 0, unreached: 0 };

/**
 * The rolls due and taken per school in the period: each of its classes with pupils, on each
 * school day of the period up to today (today's roll may still be coming).
 */
async function rollsOfPeriod(
  ctx: RequestContext,
  filter: { from: string; to: string; townCode?: string | undefined },
): Promise<(SchoolOfSummary & { due: number; taken: number })[]> {
  const last = filter.to < today(ctx.clock) ? filter.to : today(ctx.clock);
  const days = schoolDaysBetween(await loadCalendar(ctx.db, ctx.actor.countyCode), filter.from, last);
  const byYear = new Map<number, string[]>();
  for (const day of days) {
    const yearDays = byYear.get(schoolYearOf(day));
    if (yearDays) yearDays.push(day);
    else byYear.set(schoolYearOf(day), [day]);
  }
  const years = await Promise.all(
    [...byYear].map(async ([schoolYear, yearDays]) =>
      (
        await q.rollsBySchool(ctx.db, ctx.actor.scope, {
          schoolYear,
          days: yearDays,
          townCode: filter.townCode,
        })
      ).map((r) => ({ ...r, due: r.classes * yearDays.length })),
    ),
  );
  return years.flat();
}

function schoolOf(
  s: SchoolOfSummary,
): Pick<SchoolAbsenceSummary, 'schoolCode' | 'schoolName' | 'townCode' | 'townName'> {
  return {
    schoolCode: s.school_code,
    schoolName: s.school_name,
    townCode: s.town_code,
    townName: s.town_name,
  };
}

/** Schools with rolls missing first, most missing first; then by town and school. */
function bySchoolOrder(a: SchoolAbsenceSummary, b: SchoolAbsenceSummary): number {
  const missing = b.rollsDue - b.rollsTaken - (a.rollsDue - a.rollsTaken);
  if (missing !== 0) return missing;
  return (a.townCode ?? '').localeCompare(b.townCode ?? '') || a.schoolCode.localeCompare(b.schoolCode);
}

/**
 * The period's absences per school, and its rolls: every school in scope with a class whose
 * roll is due is listed, so that one whose classes took no roll does not pass for a school
 * without absences.
 */
export async function summary(ctx: RequestContext, query: AbsenceSummaryQuery): Promise<AbsenceSummary> {
  const filter = { ...period(ctx, query.from, query.to), townCode: query.townCode };
  const [absences, children, rolls] = await Promise.all([
    q.summaryBySchool(ctx.db, ctx.actor.scope, filter),
    q.childrenAbsent(ctx.db, ctx.actor.scope, filter),
    rollsOfPeriod(ctx, filter),
  ]);
  const schools = new Map<string, SchoolAbsenceSummary>();
  const rowOf = (s: SchoolOfSummary): SchoolAbsenceSummary => {
    let row = schools.get(s.school_code);
    if (!row) {
      row = { ...schoolOf(s), ...NO_ABSENCES, rollsDue: 0, rollsTaken: 0 };
      schools.set(s.school_code, row);
    }
    return row;
  };
  for (const r of rolls) {
    const row = rowOf(r);
    row.rollsDue += r.due;
    row.rollsTaken += r.taken;
  }
  for (const a of absences) {
    Object.assign(rowOf(a), {
      absences: a.absences,
      sick: a.sick,
      personal: a.personal,
      unexcused: a.unexcused,
      children: a.children,
      unreached: a.unreached,
    });
  }
  const list = [...schools.values()].sort(bySchoolOrder);
  const total: AbsenceCounts = { ...NO_ABSENCES, children, rollsDue: 0, rollsTaken: 0 };
  for (const s of list) for (const key of SUMMED) total[key] += s[key];
  return { from: filter.from, to: filter.to, today: today(ctx.clock), total, schools: list };
}
