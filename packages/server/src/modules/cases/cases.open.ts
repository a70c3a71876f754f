import type { Insertable } from 'kysely';
import { addDays, CASE_SOURCE_LABELS, type CaseSource, type Gender } from '@baoxue/shared';
import type { Db } from '../../context';
import { AppError } from '../../errors';
import { deliver, type NewInboxItem } from '../inbox/inbox.deliver';
import { writeAuditEntries, type AuditEntry, type AuditWho } from '../../plugins/audit';
import { getSettings } from '../settings/settings.service';
import * as q from './cases.open.queries';
import type { CaseTable } from './cases.table';
import { proposeTeams } from './cases.team';

// Opening a case (一人一案) is idempotent: the partial unique index cases_one_open keeps
// one open case per child key, so a rerun of reconciliation or a repeated escalation finds
// the open case instead of filing a second one. The child key is the reconciliation's:
// the identity number, or `row:<population id>` for a child without one (whose open case
// follows them to a new row when the village is imported again).

export interface OpenCaseChild {
  childKey: string;
  idNumber: string | null;
  name: string;
  gender: Gender | null;
  birthDate: string | null;
  villageCode: string | null;
  townCode?: string | null;
  schoolCode: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
}

export interface OpenCaseInput {
  countyCode: string;
  source: CaseSource;
  sourceRef?: string | null;
  sourceNote?: string | null;
  /** An enrolled child: name, id number, school, class, village, guardian come from students. */
  studentId?: number | null;
  /** A child not enrolled (a reconciliation result, a village report). */
  child?: OpenCaseChild | null;
  reasonCode?: string | null;
  openedOn: string;
  /** null for a job. */
  by: { userId: number; username: string } | null;
}

export interface OpenCaseResult {
  caseId: number;
  created: boolean;
}

export async function openCase(db: Db, input: OpenCaseInput): Promise<OpenCaseResult> {
  const [result] = await openCases(db, input.countyCode, [input]);
  return result!;
}

/** Rows per insert: ~30 columns each stays far below PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

/**
 * Opens cases for many children of one county in a few set-based statements; the result
 * is in the order of `inputs`. Two inputs for the same child yield the same case.
 */
export async function openCases(
  db: Db,
  countyCode: string,
  inputs: readonly OpenCaseInput[],
): Promise<OpenCaseResult[]> {
  if (inputs.length === 0) return [];
  if (inputs.some((i) => i.countyCode !== countyCode)) throw new AppError('bad_request');
  const settings = await getSettings(db, countyCode);
  const rows = await caseRows(db, countyCode, inputs, {
    schoolYear: settings.monitoring.currentSchoolYear,
    verificationDays: settings.cases.verificationDays,
  });

  const unique = new Map<string, Insertable<CaseTable>>();
  for (const row of rows) if (!unique.has(row.child_key)) unique.set(row.child_key, row);
  const candidates = [...unique.values()];
  await q.rekeyCasesOfChildrenWithoutNumber(
    db,
    countyCode,
    candidates.filter((r) => r.id_number === null && r.child_key.startsWith('row:')),
  );
  const inserted: { id: number; child_key: string }[] = [];
  for (let i = 0; i < candidates.length; i += CHUNK) {
    inserted.push(...(await q.insertCasesIfNoneOpen(db, candidates.slice(i, i + CHUNK))));
  }
  const createdKeys = new Set(inserted.map((r) => r.child_key));
  const missing = candidates.map((r) => r.child_key).filter((k) => !createdKeys.has(k));
  const existing: { id: number; child_key: string }[] = [];
  for (let i = 0; i < missing.length; i += CHUNK) {
    existing.push(...(await q.openCasesOfChildren(db, countyCode, missing.slice(i, i + CHUNK))));
  }
  const idOf = new Map([...existing, ...inserted].map((r) => [r.child_key, r.id]));

  const created = inserted.map((r) => ({ id: r.id, row: unique.get(r.child_key)! }));
  await onCreated(db, countyCode, created, inputs[0]!.by);

  const reported = new Set<number>();
  return rows.map((row) => {
    const caseId = idOf.get(row.child_key);
    if (caseId === undefined) throw new Error(`case of ${row.child_key} neither inserted nor found`);
    const isNew = createdKeys.has(row.child_key) && !reported.has(caseId);
    reported.add(caseId);
    return { caseId, created: isNew };
  });
}

async function caseRows(
  db: Db,
  countyCode: string,
  inputs: readonly OpenCaseInput[],
  year: { schoolYear: number; verificationDays: number },
): Promise<Insertable<CaseTable>[]> {
  const studentIds = inputs.flatMap((i) => (i.studentId ? [i.studentId] : []));
  const students = new Map((await q.studentsForCases(db, countyCode, studentIds)).map((s) => [s.id, s]));
  const partial = inputs.map((input) => {
    const base = {
      county_code: countyCode,
      school_year: year.schoolYear,
      source: input.source,
      source_ref: input.sourceRef ?? null,
      source_note: input.sourceNote ?? null,
      reason_code: input.reasonCode ?? null,
      step: 'verification' as const,
      step_started_on: input.openedOn,
      step_due_on: addDays(input.openedOn, year.verificationDays),
      opened_on: input.openedOn,
      created_by: input.by?.userId ?? null,
    };
    if (input.studentId) {
      const s = students.get(input.studentId);
      if (!s) throw new AppError('not_found');
      return {
        ...base,
        child_key: s.id_number,
        id_number: s.id_number,
        name: s.name,
        gender: s.gender,
        birth_date: s.birth_date,
        student_id: s.id,
        village_code: s.village_code,
        town_code: null as string | null,
        school_code: s.school_code,
        class_id: s.class_id,
        guardian_name: s.guardian_name,
        guardian_phone: s.guardian_phone,
      };
    }
    const c = input.child;
    if (!c) throw new AppError('bad_request');
    return {
      ...base,
      child_key: c.childKey,
      id_number: c.idNumber,
      name: c.name,
      gender: c.gender,
      birth_date: c.birthDate,
      student_id: null,
      village_code: c.villageCode,
      town_code: c.townCode ?? null,
      school_code: c.schoolCode,
      class_id: null,
      guardian_name: c.guardianName,
      guardian_phone: c.guardianPhone,
    };
  });
  const villages = new Set<string>();
  const schools = new Set<string>();
  for (const r of partial) {
    if (r.town_code) continue;
    if (r.village_code) villages.add(r.village_code);
    else if (r.school_code) schools.add(r.school_code);
  }
  const [townOfVillage, townOfSchool] = await Promise.all([
    q.townsOfVillages(db, countyCode, [...villages]),
    q.townsOfSchools(db, countyCode, [...schools]),
  ]);
  for (const r of partial) {
    if (r.town_code) continue;
    // The government line follows where the child lives; the school's town only stands in.
    r.town_code =
      (r.village_code ? townOfVillage.get(r.village_code) : undefined) ??
      (r.school_code ? townOfSchool.get(r.school_code) : undefined) ??
      null;
  }
  return partial;
}

/** A case the system opened, as its audit entry tells it. */
function systemOpening(id: number, row: Insertable<CaseTable>): AuditEntry {
  return {
    action: 'create',
    entity: 'case',
    entityId: id,
    detail: `系统立案（${CASE_SOURCE_LABELS[row.source].zh}）/ opened by the system (${CASE_SOURCE_LABELS[row.source].en}): ${row.source_ref ?? ''}`,
    after: { source: row.source, sourceRef: row.source_ref ?? null, studentId: row.student_id ?? null },
  };
}

async function onCreated(
  db: Db,
  countyCode: string,
  created: readonly { id: number; row: Insertable<CaseTable> }[],
  by: OpenCaseInput['by'],
): Promise<void> {
  if (created.length === 0) return;
  // A user's opening is audited by the change that made it (a report, a status, an import);
  // one by the system (a reconciliation run, the absence rules) is audited here, per case.
  if (by === null) {
    const system: AuditWho = { countyCode, userId: null, username: null, ip: null };
    const entries = created.map(({ id, row }) => systemOpening(id, row));
    for (let i = 0; i < entries.length; i += CHUNK)
      await writeAuditEntries(db, system, entries.slice(i, i + CHUNK));
  }
  await q.insertCaseEvents(
    db,
    countyCode,
    created.map(({ id, row }) => ({
      caseId: id,
      kind: 'opened',
      toStep: 'verification',
      note: [CASE_SOURCE_LABELS[row.source].zh, row.source_ref].filter(Boolean).join(' '),
      userId: by?.userId ?? null,
      username: by?.username ?? null,
    })),
  );
  const teams = await proposeTeams(
    db,
    countyCode,
    created.map(({ id, row }) => ({
      caseId: id,
      schoolYear: row.school_year,
      townCode: row.town_code ?? null,
      villageCode: row.village_code ?? null,
      schoolCode: row.school_code ?? null,
      classId: row.class_id ?? null,
      guardianName: row.guardian_name ?? null,
      guardianPhone: row.guardian_phone ?? null,
    })),
  );
  for (let i = 0; i < teams.length; i += CHUNK)
    await q.insertMembersOfCases(db, countyCode, teams.slice(i, i + CHUNK));

  const rowOf = new Map(created.map((c) => [c.id, c.row]));
  const items: NewInboxItem[] = teams.flatMap(({ caseId, members }) => {
    const row = rowOf.get(caseId)!;
    const users = [...new Set(members.flatMap((m) => (m.user_id === null ? [] : [m.user_id])))];
    return users.map((userId) => caseOpenedItem(caseId, userId, row));
  });
  for (let i = 0; i < items.length; i += CHUNK) await deliver(db, countyCode, items.slice(i, i + CHUNK));
}

function caseOpenedItem(caseId: number, userId: number, row: Insertable<CaseTable>): NewInboxItem {
  const source = CASE_SOURCE_LABELS[row.source];
  return {
    userId,
    kind: 'case_opened',
    dedupeKey: `case-opened:${caseId}:${userId}`,
    caseId,
    studentId: row.student_id ?? null,
    titleZh: `新立案：${row.name}`,
    titleEn: `Case opened: ${row.name}`,
    bodyZh: `来源：${source.zh}。请在 ${row.step_due_on} 前完成入户核实。`,
    bodyEn: `Source: ${source.en}. Verify at home by ${row.step_due_on}.`,
    link: `/cases/${caseId}`,
    dueOn: row.step_due_on ?? null,
  };
}
