import type { Selectable, Updateable } from 'kysely';
import {
  addDays,
  CASE_ACTION_LABELS,
  CASE_ENDING_LABELS,
  maskIdNumber,
  normalizeName,
  parseIdNumber,
  RETURN_PLACEMENT_LABELS,
  type AddCaseActionRequest,
  type AdvanceCaseRequest,
  type CaseDetail,
  type CaseFigures,
  type CaseOverview,
  type CaseListQuery,
  type CaseStep,
  type CaseSummary,
  type CheckInRequest,
  type ClearingQuery,
  type CloseCaseRequest,
  type DropoutLedgerQuery,
  type FullIdentity,
  type InboxKind,
  type OpenCaseRequest,
  type Page,
  type ReplaceTeamRequest,
  type UpdateCaseRequest,
} from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { AppError, detail, valueDetail } from '../../errors';
import { refuseFutureDay, today } from '../../lib/clock';
import { fetchCountedPage } from '../../lib/paging';
import { auditFor } from '../../plugins/audit';
import { notFoundOrDenied } from '../../plugins/denied';
import { responsibilityChain } from '../chiefs/chain';
import { listStudents, pupilInSchoolByNumber, studentExists } from '../registry/registry.queries';
import { schoolExists } from '../schools/schools.queries';
import { getSettings } from '../settings/settings.service';
import { openCase, type OpenCaseChild } from './cases.open';
import { insertCaseEvents, type NewCaseEvent } from './cases.open.queries';
import * as q from './cases.queries';
import type { CaseTable } from './cases.table';

// One child, one case (一人一案, C6). Every change names the version of the case it was
// made on and bumps it; a change on a stale version is refused (case_version_conflict),
// so two people working one case never overwrite each other. Each change writes a
// case_event (the case's own history) and the audit log in the same transaction.

type CaseRow = q.CaseRow;

export function toSummary(row: q.CaseSummaryRow): CaseSummary {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    idNumberMasked: row.id_number ? maskIdNumber(row.id_number) : null,
    birthDate: row.birth_date,
    studentId: row.student_id,
    townCode: row.town_code,
    townName: row.town_name,
    villageCode: row.village_code,
    villageName: row.village_name,
    schoolCode: row.school_code,
    schoolName: row.school_name,
    classId: row.class_id,
    className: row.class_name,
    classGrade: row.class_grade,
    schoolYear: row.school_year,
    source: row.source,
    reasonCode: row.reason_code,
    step: row.step,
    stepStartedOn: row.step_started_on,
    stepDueOn: row.step_due_on,
    overdue: row.overdue,
    escalationLevel: row.escalation_level,
    confirmedOutOfSchool: row.confirmed_out_of_school,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    ending: row.ending,
    version: row.version,
  };
}

function listFilter(query: Partial<CaseListQuery>, userId: number): q.CaseFilter {
  const { page: _p, pageSize: _s, mine, state, ...rest } = query;
  return { ...rest, state: state ?? 'open', ...(mine === 'true' ? { memberUserId: userId } : {}) };
}

export async function listCases(ctx: RequestContext, query: CaseListQuery): Promise<Page<CaseSummary>> {
  const filter = listFilter(query, ctx.actor.userId);
  return fetchCountedPage(
    query,
    (paging) => q.pageOfCases(ctx.db, ctx.actor.scope, filter, paging),
    () => q.countCases(ctx.db, ctx.actor.scope, filter),
    toSummary,
  );
}

export async function allCases(ctx: RequestContext, query: Partial<CaseListQuery>): Promise<CaseRow[]> {
  return q.listCases(ctx.db, ctx.actor.scope, listFilter(query, ctx.actor.userId));
}

// ------------------------------------------------------------------ ledgers

function ledgerFilter(query: Omit<DropoutLedgerQuery, 'page' | 'pageSize'>): q.CaseFilter {
  return { townCode: query.townCode, schoolCode: query.schoolCode, state: query.state, confirmed: true };
}

/** 辍学台账: the cases whose home visit confirmed the child out of school. */
export async function dropoutLedger(
  ctx: RequestContext,
  query: DropoutLedgerQuery,
): Promise<Page<CaseSummary>> {
  const filter = ledgerFilter(query);
  return fetchCountedPage(
    query,
    (paging) => q.pageOfCases(ctx.db, ctx.actor.scope, filter, paging),
    () => q.countCases(ctx.db, ctx.actor.scope, filter),
    toSummary,
  );
}

export function allDropouts(ctx: RequestContext, query: DropoutLedgerQuery): Promise<CaseRow[]> {
  return q.listCases(ctx.db, ctx.actor.scope, ledgerFilter(query));
}

function clearingFilter(query: Omit<ClearingQuery, 'page' | 'pageSize'>): q.CaseFilter {
  return {
    townCode: query.townCode,
    schoolCode: query.schoolCode,
    state: 'closed',
    closedFrom: query.from,
    closedTo: query.to,
  };
}

/** 动态销号: closed cases with their ending, the latest first. */
export async function clearingLedger(ctx: RequestContext, query: ClearingQuery): Promise<Page<CaseSummary>> {
  const filter = clearingFilter(query);
  return fetchCountedPage(
    query,
    (paging) => q.pageOfCases(ctx.db, ctx.actor.scope, filter, paging, 'closed'),
    () => q.countCases(ctx.db, ctx.actor.scope, filter),
    toSummary,
  );
}

export function allClearing(ctx: RequestContext, query: ClearingQuery): Promise<CaseRow[]> {
  return q.listCases(ctx.db, ctx.actor.scope, clearingFilter(query), 'closed');
}

// ------------------------------------------------------------------ one case

async function findInScope(ctx: RequestContext, id: number, db: Db = ctx.db): Promise<CaseRow> {
  const [row] = await q.listCases(db, ctx.actor.scope, { id, state: 'all' });
  if (!row)
    throw await notFoundOrDenied(ctx, 'case', id, () => q.caseExists(ctx.db, ctx.actor.countyCode, id));
  return row;
}

/** The whole case as the detail page and the printed summary show it. */
export async function getCaseDetail(ctx: RequestContext, id: number): Promise<CaseDetail> {
  return detailOf(ctx, await findInScope(ctx, id));
}

async function detailOf(ctx: RequestContext, row: CaseRow): Promise<CaseDetail> {
  const county = ctx.actor.countyCode;
  const [members, actions, events, checkIns, chain] = await Promise.all([
    q.membersOf(ctx.db, county, row.id),
    q.actionsOf(ctx.db, county, row.id),
    q.eventsOf(ctx.db, county, row.id),
    q.checkInsOf(ctx.db, county, row.id),
    responsibilityChain(ctx.db, county, {
      schoolYear: row.school_year,
      villageCode: row.village_code,
      schoolCode: row.school_code,
      classId: row.class_id,
      guardianName: row.guardian_name,
      guardianPhone: row.guardian_phone,
    }),
  ]);
  return {
    ...toSummary(row),
    guardianName: row.guardian_name,
    guardianPhone: row.guardian_phone,
    sourceRef: row.source_ref,
    sourceNote: row.source_note,
    reasonNote: row.reason_note,
    plan: row.plan,
    confirmedOn: row.confirmed_on,
    placement: row.placement,
    returnSchoolCode: row.return_school_code,
    returnSchoolName: row.return_school_name,
    returnedOn: row.returned_on,
    reopenCount: row.reopen_count,
    endingEvidence: row.ending_evidence,
    team: members.map((m) => ({
      role: m.role,
      name: m.name,
      phone: m.phone,
      staffId: m.staff_id,
      userId: m.user_id,
    })),
    actions: actions.map((a) => ({
      id: a.id,
      step: a.step,
      kind: a.kind,
      happenedOn: a.happened_on,
      participants: a.participants,
      result: a.result,
      note: a.note,
      by: a.author,
      createdAt: a.created_at.toISOString(),
    })),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromStep: e.from_step,
      toStep: e.to_step,
      note: e.note,
      by: e.author,
      at: e.at.toISOString(),
    })),
    checkIns: checkIns.map((c) => ({
      round: c.round,
      seq: c.seq,
      dueOn: c.due_on,
      doneOn: c.done_on,
      inSchool: c.in_school,
      note: c.note,
      by: c.author,
    })),
    chain,
    canWork: ctx.actor.permissions.has('cases.work'),
  };
}

export async function revealIdentity(ctx: RequestContext, id: number): Promise<FullIdentity> {
  if (!ctx.actor.canViewFullId) throw new AppError('forbidden');
  const row = await findInScope(ctx, id);
  if (!row.id_number) throw new AppError('not_found');
  await auditFor(ctx, ctx.db, { action: 'view_identity', entity: 'case', entityId: id, detail: row.name });
  return { id, idNumber: row.id_number };
}

// ------------------------------------------------------------------ opening by hand

function invalid(path: string, zh: string, en: string): AppError {
  return new AppError('validation', [detail(path, zh, en)]);
}

/**
 * A village report or an inspector's visit: an enrolled child the user may see, or a
 * child described by name and village, resident in a village the user answers for (and,
 * when the identity number is that of a pupil in school the user may see, that pupil).
 */
export async function openByHand(ctx: RequestContext, request: OpenCaseRequest): Promise<CaseDetail> {
  const county = ctx.actor.countyCode;
  const by = { userId: ctx.actor.userId, username: ctx.actor.username };
  if (request.reasonCode && !(await q.reasonExists(ctx.db, county, request.reasonCode)))
    throw invalid('reasonCode', '失学原因不在字典中', 'Unknown reason');
  const base = {
    countyCode: county,
    source: request.source,
    sourceNote: request.sourceNote,
    reasonCode: request.reasonCode ?? null,
    openedOn: today(ctx.clock),
    by,
  };
  // Looked up before the transaction: PGlite has one connection, which the transaction holds.
  if (request.studentId !== undefined) await studentInScope(ctx, request.studentId);
  const subject =
    request.studentId !== undefined ? { studentId: request.studentId } : await describedChild(ctx, request);
  const studentId = 'studentId' in subject ? subject.studentId : null;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const opened = await openCase(trx, { ...base, ...subject });
    if (!opened.created) throw await caseOpenExists(ctx, trx, opened.caseId);
    await auditFor(ctx, trx, {
      action: 'create',
      entity: 'case',
      entityId: opened.caseId,
      after: { source: request.source, studentId, name: request.name ?? null },
    });
    return opened;
  });
  return getCaseDetail(ctx, result.caseId);
}

/**
 * The child has an open case: its number goes with the answer only when the user may open
 * it. A child reported by number may have a case in another town, whose existence and
 * number are that town's (the user is told only that a case is open).
 */
async function caseOpenExists(ctx: RequestContext, trx: Db, caseId: number): Promise<AppError> {
  const [inScope] = await q.listCases(trx, ctx.actor.scope, { id: caseId, state: 'all' });
  return new AppError('case_open_exists', inScope ? [valueDetail('caseId', caseId)] : undefined);
}

async function studentInScope(ctx: RequestContext, studentId: number): Promise<void> {
  const [row] = await listStudents(ctx.db, ctx.actor.scope, { id: studentId }, null);
  if (!row)
    throw await notFoundOrDenied(ctx, 'student', studentId, () =>
      studentExists(ctx.db, ctx.actor.countyCode, studentId),
    );
}

/**
 * The child a report describes. A number of a pupil in school the user may see is that pupil:
 * the case opens from the record (school, class, class teacher, and it follows the pupil), as
 * one from the registry or the absences would. A pupil the user may not see is not looked
 * up: their school is not the user's to learn from a number.
 */
async function describedChild(
  ctx: RequestContext,
  request: OpenCaseRequest,
): Promise<{ studentId: number } | { child: OpenCaseChild }> {
  const county = ctx.actor.countyCode;
  if (!request.name) throw invalid('name', '请填写儿童姓名', 'The child’s name is required');
  if (!request.villageCode) throw invalid('villageCode', '请选择户籍村(社区)', 'The village is required');
  const village = await q.villageInCounty(ctx.db, county, request.villageCode);
  const regions = ctx.actor.scope.regionCodes;
  if (!village || (regions !== null && !regions.includes(village.code)))
    throw invalid('villageCode', '该村(社区)不在您的管辖范围内', 'The village is outside your scope');
  let idNumber: string | null = null;
  let birthDate = request.birthDate ?? null;
  let gender = request.gender ?? null;
  if (request.idNumber) {
    const parsed = parseIdNumber(request.idNumber);
    if (!parsed.valid) throw invalid('idNumber', '身份证号无效', 'The identity number is not valid');
    // The number is the child's: a typed birth date or gender that says otherwise is a slip, as on the roster.
    if (birthDate !== null && birthDate !== parsed.birthDate)
      throw invalid(
        'birthDate',
        `出生日期与身份证号不符（证号为 ${parsed.birthDate}）`,
        `The birth date does not match the identity number's (${parsed.birthDate})`,
      );
    if (gender !== null && gender !== parsed.gender)
      throw invalid('gender', '性别与身份证号不符', 'The gender does not match the identity number');
    idNumber = parsed.normalized;
    birthDate = parsed.birthDate;
    gender = parsed.gender;
    const pupil = await pupilInSchoolByNumber(ctx.db, ctx.actor.scope, idNumber);
    if (pupil) return { studentId: pupil.id };
  }
  const schoolYear = (await getSettings(ctx.db, county)).monitoring.currentSchoolYear;
  const child: OpenCaseChild = {
    childKey:
      idNumber ??
      (await keyOfUnnumbered(ctx, { schoolYear, villageCode: village.code, name: request.name, birthDate })),
    idNumber,
    name: request.name,
    gender,
    birthDate,
    villageCode: village.code,
    townCode: village.parent_code,
    schoolCode: await schoolOfReport(ctx, village.code),
    guardianName: request.guardianName ?? null,
    guardianPhone: request.guardianPhone ?? null,
  };
  return { child };
}

/**
 * A child without an identity number is keyed as reconciliation keys it (`row:<population
 * id>`) when the population roster has exactly one such child; otherwise by village, name
 * and birth date, so a second report of the same child finds the open case.
 */
async function keyOfUnnumbered(
  ctx: RequestContext,
  child: { schoolYear: number; villageCode: string; name: string; birthDate: string | null },
): Promise<string> {
  const rows = await q.populationRowOf(ctx.db, ctx.actor.countyCode, child);
  if (rows.length === 1) return `row:${rows[0]!.id}`;
  return `report:${child.villageCode}:${normalizeName(child.name)}:${child.birthDate ?? ''}`;
}

/**
 * The education line of a reported child: a principal reporting names their own school;
 * otherwise the school serving the village when only one does (else the government line
 * works it alone until the team is completed).
 */
async function schoolOfReport(ctx: RequestContext, villageCode: string): Promise<string | null> {
  if (ctx.actor.role === 'school_admin') return ctx.actor.scope.schoolCodes?.[0] ?? null;
  const serving = await q.schoolsServing(ctx.db, ctx.actor.countyCode, villageCode);
  return serving.length === 1 ? serving[0]! : null;
}

// ------------------------------------------------------------------ changes

interface Change {
  set: Updateable<CaseTable>;
  events: Omit<NewCaseEvent, 'caseId' | 'userId' | 'username'>[];
  /** Further writes in the same transaction, once the versioned update went through. */
  after?: (trx: Db, updated: Selectable<CaseTable>) => Promise<void>;
}

/**
 * Applies one versioned change: the version the user read must still be the case's, the
 * update is conditional on it (so a concurrent save loses the race cleanly), and the
 * event and audit entry commit with it.
 */
async function changeCase(
  ctx: RequestContext,
  id: number,
  version: number,
  action: string,
  plan: (row: CaseRow) => Promise<Change> | Change,
): Promise<CaseDetail> {
  const row = await findInScope(ctx, id);
  if (row.version !== version) throw new AppError('case_version_conflict');
  const change = await plan(row);
  const county = ctx.actor.countyCode;
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await q.updateCaseAt(trx, county, id, version, change.set);
    if (!updated) throw new AppError('case_version_conflict');
    await insertCaseEvents(
      trx,
      county,
      change.events.map((e) => ({
        ...e,
        caseId: id,
        userId: ctx.actor.userId,
        username: ctx.actor.username,
      })),
    );
    if (change.after) await change.after(trx, updated);
    const settled = settledByChange(row, change.set);
    if (settled.length > 0) await q.settleInboxOfCase(trx, county, id, settled);
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'case',
      entityId: id,
      detail: action,
      before: pick(row, Object.keys(change.set)),
      after: pick(updated, Object.keys(change.set)),
    });
  });
  return getCaseDetail(ctx, id);
}

/**
 * The inbox items a change leaves without object. A new step: the old step's deadline items,
 * and on leaving verification the `case_opened` item (its task was the home visit). A
 * lateness settled without a step change (a late check-in done): the overdue items, whose
 * keys name the deadline that passed; the night files anew if the next one passes too.
 */
function settledByChange(row: CaseRow, set: Updateable<CaseTable>): InboxKind[] {
  if (set.step !== undefined && set.step !== row.step) {
    const kinds: InboxKind[] = ['step_due', 'step_overdue', 'case_escalated'];
    return row.step === 'verification' ? [...kinds, 'case_opened'] : kinds;
  }
  return set.overdue === false ? ['step_overdue', 'case_escalated'] : [];
}

function pick(row: object, keys: string[]): Record<string, unknown> {
  const source = row as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, source[k] ?? null]));
}

function requireOpen(row: CaseRow): void {
  if (row.step === 'closed') throw new AppError('case_step_invalid');
}

function requireStep(row: CaseRow, step: CaseStep): void {
  if (row.step !== step) throw new AppError('case_step_invalid');
}

/** Entering a step: its own deadline, and whatever was overdue about the last one is settled. */
function enterStep(step: CaseStep, on: string, dueOn: string | null): Updateable<CaseTable> {
  return { step, step_started_on: on, step_due_on: dueOn, overdue: false, escalation_level: 0 };
}

export async function updateCase(
  ctx: RequestContext,
  id: number,
  request: UpdateCaseRequest,
): Promise<CaseDetail> {
  const { version, ...fields } = request;
  return changeCase(ctx, id, version, 'update', async (row) => {
    requireOpen(row);
    if (fields.reasonCode && !(await q.reasonExists(ctx.db, ctx.actor.countyCode, fields.reasonCode)))
      throw invalid('reasonCode', '失学原因不在字典中', 'Unknown reason');
    const set: Updateable<CaseTable> = {};
    if (fields.reasonCode !== undefined) set.reason_code = fields.reasonCode;
    if (fields.reasonNote !== undefined) set.reason_note = fields.reasonNote;
    if (fields.plan !== undefined) set.plan = fields.plan;
    if (fields.guardianName !== undefined) set.guardian_name = fields.guardianName;
    if (fields.guardianPhone !== undefined) set.guardian_phone = fields.guardianPhone;
    return { set, events: [{ kind: 'updated', note: Object.keys(set).join(', ') || null }] };
  });
}

export async function replaceTeam(
  ctx: RequestContext,
  id: number,
  request: ReplaceTeamRequest,
): Promise<CaseDetail> {
  const county = ctx.actor.countyCode;
  const seen = new Set<string>();
  for (const m of request.members) {
    const key = `${m.role}\u0000${m.name}`;
    if (seen.has(key)) throw invalid('members', `成员重复：${m.name}`, `Listed twice: ${m.name}`);
    seen.add(key);
  }
  const userIds = request.members.flatMap((m) => (m.userId === null ? [] : [m.userId]));
  const staffIds = request.members.flatMap((m) => (m.staffId === null ? [] : [m.staffId]));
  const known = await q.knownPeople(ctx.db, county, userIds, staffIds);
  if (userIds.some((u) => !known.users.has(u)) || staffIds.some((s) => !known.staff.has(s)))
    throw invalid(
      'members',
      '成员中有不存在的用户或教职工',
      'A member names an unknown user or staff member',
    );
  const members = request.members.map((m) => ({
    role: m.role,
    name: m.name,
    phone: m.phone,
    staff_id: m.staffId,
    user_id: m.userId,
  }));
  return changeCase(ctx, id, request.version, 'team', async (row) => {
    requireOpen(row);
    const before = await q.membersOf(ctx.db, county, id);
    return {
      set: {},
      events: [{ kind: 'team', note: members.map((m) => m.name).join('、') || null }],
      after: async (trx) => {
        await q.replaceMembers(trx, county, id, members);
        await auditFor(ctx, trx, {
          action: 'update',
          entity: 'case_team',
          entityId: id,
          before: { members: before },
          after: { members },
        });
      },
    };
  });
}

/** Actions append to the log and change nothing else, so they need no version. */
export async function addAction(
  ctx: RequestContext,
  id: number,
  request: AddCaseActionRequest,
): Promise<CaseDetail> {
  const row = await findInScope(ctx, id);
  requireOpen(row);
  refuseFutureDay(ctx.clock, request.happenedOn, 'happenedOn');
  const county = ctx.actor.countyCode;
  await ctx.db.transaction().execute(async (trx) => {
    const actionId = await q.insertAction(trx, {
      county_code: county,
      case_id: id,
      step: row.step,
      kind: request.kind,
      happened_on: request.happenedOn,
      participants: request.participants ?? null,
      result: request.result ?? null,
      note: request.note ?? null,
      user_id: ctx.actor.userId,
      username: ctx.actor.username,
    });
    await insertCaseEvents(trx, county, [
      {
        caseId: id,
        kind: 'action',
        note: CASE_ACTION_LABELS[request.kind].zh,
        userId: ctx.actor.userId,
        username: ctx.actor.username,
      },
    ]);
    await auditFor(ctx, trx, {
      action: 'create',
      entity: 'case_action',
      entityId: actionId,
      after: { caseId: id, kind: request.kind, happenedOn: request.happenedOn },
    });
  });
  return getCaseDetail(ctx, id);
}

export async function advanceCase(
  ctx: RequestContext,
  id: number,
  request: AdvanceCaseRequest,
): Promise<CaseDetail> {
  const county = ctx.actor.countyCode;
  const settings = (await getSettings(ctx.db, county)).cases;
  const day = today(ctx.clock);
  const stepEvent = (from: CaseStep, to: CaseStep, note: string | undefined) => ({
    kind: 'step',
    fromStep: from,
    toStep: to,
    note: note ?? null,
  });
  switch (request.to) {
    case 'persuasion': {
      const { reasonCode, note } = request;
      return changeCase(ctx, id, request.version, 'advance:persuasion', async (row) => {
        requireStep(row, 'verification');
        if (!(await q.reasonExists(ctx.db, county, reasonCode)))
          throw invalid('reasonCode', '失学原因不在字典中', 'Unknown reason');
        return {
          set: {
            ...enterStep('persuasion', day, addDays(day, settings.persuasionDays)),
            confirmed_out_of_school: true,
            confirmed_on: day,
            reason_code: reasonCode,
          },
          events: [stepEvent('verification', 'persuasion', note)],
        };
      });
    }
    case 'return': {
      const { placement, returnSchoolCode, note } = request;
      return changeCase(ctx, id, request.version, 'advance:return', async (row) => {
        requireStep(row, 'persuasion');
        // Back at school and in-class inclusion happen in a school of the county; a special
        // school may be outside it, home teaching in no school.
        if ((placement === 'school' || placement === 'inclusion') && !returnSchoolCode)
          throw invalid('returnSchoolCode', '请选择复学学校', 'Choose the school of the return');
        if (returnSchoolCode && !(await schoolExists(ctx.db, county, returnSchoolCode)))
          throw invalid('returnSchoolCode', '学校不存在', 'Unknown school');
        return {
          set: {
            ...enterStep('return', day, addDays(day, settings.returnDays)),
            placement,
            return_school_code: returnSchoolCode ?? null,
          },
          events: [stepEvent('persuasion', 'return', note ?? RETURN_PLACEMENT_LABELS[placement].zh)],
        };
      });
    }
    case 'observation': {
      const { returnedOn, note } = request;
      refuseFutureDay(ctx.clock, returnedOn, 'returnedOn');
      return changeCase(ctx, id, request.version, 'advance:observation', async (row) => {
        requireStep(row, 'return');
        if (returnedOn < row.opened_on)
          throw invalid('returnedOn', '复学日期早于立案日期', 'The return is dated before the case opened');
        const round = (await q.latestRound(ctx.db, county, id)) + 1;
        const checkIns = Array.from({ length: settings.observationCheckIns }, (_, i) => ({
          county_code: county,
          case_id: id,
          round,
          seq: i + 1,
          due_on: addDays(returnedOn, (i + 1) * settings.observationIntervalDays),
          done_on: null,
          in_school: null,
          note: null,
          user_id: null,
          username: null,
        }));
        return {
          // Observation's deadline is the next check-in.
          set: { ...enterStep('observation', day, checkIns[0]!.due_on), returned_on: returnedOn },
          events: [stepEvent('return', 'observation', note ?? `复学日期 ${returnedOn}`)],
          after: (trx) => q.insertCheckIns(trx, checkIns),
        };
      });
    }
  }
}

export async function closeCase(
  ctx: RequestContext,
  id: number,
  request: CloseCaseRequest,
): Promise<CaseDetail> {
  const county = ctx.actor.countyCode;
  const day = today(ctx.clock);
  // A record found wrong or twice over was never a dropout: out of the dropout ledger and the
  // return rate (the clearing history still lists the case, with its ending).
  const neverOut = request.ending === 'not_out_of_school' || request.ending === 'duplicate';
  return changeCase(ctx, id, request.version, `close:${request.ending}`, (row) => {
    requireOpen(row);
    return {
      set: {
        ...enterStep('closed', day, null),
        ending: request.ending,
        ending_evidence: request.evidence,
        closed_on: day,
        ...(neverOut && row.confirmed_out_of_school
          ? { confirmed_out_of_school: false, confirmed_on: null }
          : {}),
      },
      events: [
        { kind: 'closed', fromStep: row.step, toStep: 'closed', note: CASE_ENDING_LABELS[request.ending].zh },
      ],
      after: async (trx) => {
        await q.dropOpenCheckIns(trx, county, id);
        await q.settleInboxOfCase(trx, county, id);
      },
    };
  });
}

/**
 * How many days before its due day a check-in finding the child in school may be recorded.
 * A check-in is a visit, and a visit may fall a few days early (a weekend or a holiday on
 * the due day, the teacher's round of the village); much earlier it no longer observes the
 * month it stands for, and four check-ins recorded on the day of the return would clear the
 * case (销号) without any observation.
 */
export const CHECK_IN_EARLY_DAYS = 7;

/**
 * An observation check-in. In school: done, and the last one of the round closes the case
 * as returned (复学销号). Out of school: the round ends there and persuasion starts again.
 * Check-ins are recorded in order, each on or after the one before; one finding the child in
 * school not before its due day less CHECK_IN_EARLY_DAYS. One finding the child out of school
 * may come early: the round ends there, and persuasion must not wait for a due day.
 */
export async function checkIn(
  ctx: RequestContext,
  id: number,
  key: { round: number; seq: number },
  request: CheckInRequest,
): Promise<CaseDetail> {
  const county = ctx.actor.countyCode;
  const settings = (await getSettings(ctx.db, county)).cases;
  const day = today(ctx.clock);
  refuseFutureDay(ctx.clock, request.doneOn, 'doneOn');
  return changeCase(ctx, id, request.version, `check-in:${key.round}:${key.seq}`, async (row) => {
    requireStep(row, 'observation');
    const open = await q.openCheckIns(ctx.db, county, id);
    if (!open.some((c) => c.round === key.round && c.seq === key.seq))
      throw new AppError('case_step_invalid');
    const next = open[0]!;
    if (next.round !== key.round || next.seq !== key.seq)
      throw invalid(
        'seq',
        `请先登记第${next.seq}次回访（应于 ${next.due_on}）`,
        `Record check-in ${next.seq} (due ${next.due_on}) first`,
      );
    if (row.returned_on && request.doneOn < row.returned_on)
      throw invalid('doneOn', '回访日期早于复学日期', 'The check-in is dated before the return');
    const previous = await q.lastCheckInDoneOn(ctx.db, county, id, key.round);
    if (previous !== null && request.doneOn < previous)
      throw invalid(
        'doneOn',
        `回访日期早于上一次回访（${previous}）`,
        `The check-in is dated before the previous one (${previous})`,
      );
    const earliest = addDays(next.due_on, -CHECK_IN_EARLY_DAYS);
    if (request.inSchool && request.doneOn < earliest)
      throw invalid(
        'doneOn',
        `第${key.seq}次回访应于 ${next.due_on} 进行，最早可于 ${earliest} 登记（至多提前 ${CHECK_IN_EARLY_DAYS} 天）`,
        `Check-in ${key.seq} is due on ${next.due_on}; it can be recorded from ${earliest} (at most ${CHECK_IN_EARLY_DAYS} days early)`,
      );
    const remaining = open.filter((c) => !(c.round === key.round && c.seq === key.seq));
    const record = async (trx: Db) => {
      const marked = await q.markCheckIn(
        trx,
        county,
        { caseId: id, ...key },
        {
          done_on: request.doneOn,
          in_school: request.inSchool,
          note: request.note ?? null,
          user_id: ctx.actor.userId,
          username: ctx.actor.username,
        },
      );
      if (!marked) throw new AppError('case_version_conflict');
      await q.settleInboxByKey(trx, county, id, `check-in-due:${id}:${key.round}:${key.seq}`);
      await q.insertAction(trx, {
        county_code: county,
        case_id: id,
        step: 'observation',
        kind: 'check_in',
        happened_on: request.doneOn,
        participants: null,
        result: request.inSchool ? '在校' : '不在校',
        note: request.note ?? null,
        user_id: ctx.actor.userId,
        username: ctx.actor.username,
      });
    };
    const label = `第${key.round}轮第${key.seq}次回访`;
    if (!request.inSchool) {
      return {
        set: {
          ...enterStep('persuasion', day, addDays(day, settings.persuasionDays)),
          reopen_count: row.reopen_count + 1,
        },
        events: [
          { kind: 'reopened', fromStep: 'observation', toStep: 'persuasion', note: `${label}：不在校` },
        ],
        after: async (trx) => {
          await record(trx);
          await q.dropOpenCheckIns(trx, county, id);
          // The reminders of the check-ins dropped have nothing left to remind of.
          await q.settleInboxOfCase(trx, county, id, ['check_in_due']);
        },
      };
    }
    if (remaining.length === 0) {
      return {
        set: { ...enterStep('closed', day, null), ending: 'returned', closed_on: day },
        events: [
          { kind: 'check_in', note: `${label}：在校` },
          { kind: 'closed', fromStep: 'observation', toStep: 'closed', note: CASE_ENDING_LABELS.returned.zh },
        ],
        after: async (trx) => {
          await record(trx);
          await q.settleInboxOfCase(trx, county, id);
        },
      };
    }
    return {
      // The next check-in is observation's deadline; a late one done now settles the lateness.
      set: { step_due_on: remaining[0]!.due_on, overdue: false, escalation_level: 0 },
      events: [{ kind: 'check_in', note: `${label}：在校` }],
      after: record,
    };
  });
}

// ------------------------------------------------------------------ overview

type FiguresRow = Awaited<ReturnType<typeof q.caseFigures>>[number];

function toFigures(row: FiguresRow | undefined): CaseFigures {
  const n = (v: number | string | null | undefined) => Number(v ?? 0);
  const confirmed = n(row?.confirmed);
  const returned = n(row?.returned);
  return {
    open: n(row?.open),
    byStep: {
      verification: n(row?.verification),
      persuasion: n(row?.persuasion),
      return: n(row?.return),
      observation: n(row?.observation),
    },
    overdue: n(row?.overdue),
    escalated: n(row?.escalated),
    confirmed,
    returned,
    returnRate: confirmed === 0 ? null : returned / confirmed,
    closed: n(row?.closed),
    checkInsInSchool: n(row?.check_ins_in_school),
    checkInsOut: n(row?.check_ins_out),
  };
}

/** Open cases by step, overdue, returned, the return rate and check-in outcomes, per town and school. */
export async function caseOverview(ctx: RequestContext, townCode?: string): Promise<CaseOverview> {
  const { db } = ctx;
  const scope = ctx.actor.scope;
  const [total, towns, schools] = await Promise.all([
    q.caseFigures(db, scope, null, townCode),
    q.caseFigures(db, scope, 'town', townCode),
    q.caseFigures(db, scope, 'school', townCode),
  ]);
  const rows = (list: FiguresRow[]) =>
    list.map((r) => ({ ...toFigures(r), code: r.code ?? '', name: r.name ?? r.code ?? '' }));
  return { total: toFigures(total[0]), towns: rows(towns), schools: rows(schools) };
}

/** The county's reason catalogue (editable in the dictionaries): code → Chinese label, for exports. */
export async function reasonLabels(ctx: RequestContext): Promise<Map<string, string>> {
  return new Map((await q.reasonEntries(ctx.db, ctx.actor.countyCode)).map((r) => [r.code, r.label_zh]));
}
