import { addDays, CASE_STEP_LABELS, type CaseStep } from '@baoxue/shared';
import type { Db } from '../../context';
import { writeAuditEntries } from '../../plugins/audit';
import { deliver, usersAt, type NewInboxItem } from '../inbox/inbox.deliver';
import type { DailyJob } from '../schedule/schedule.service';
import { getSettings } from '../settings/settings.service';
import { insertCaseEvents } from './cases.open.queries';
import * as q from './cases.overdue.queries';

// The nightly overdue pass (C6: overdue cases escalate up both lines). For day D:
// - a step due before D is overdue: the case is marked (an 'overdue' event) and escalated
//   one level: the team is told the step is late, the town's officials (above the village
//   cadre) and the school's administrators (above the class teacher) that it escalated;
// - overdue by secondEscalationDays or more: the second level, the county bureau;
// - due within reminderDays: the team is reminded; check-ins due likewise.
// Every inbox item's dedupe key names the case, the step and its due date, so a rerun
// files nothing new and a new deadline (a later step) files anew.

interface CaseRef {
  id: number;
  name: string;
  step: CaseStep;
  step_due_on: string | null;
  student_id: number | null;
}

export async function runOverduePass(
  db: Db,
  countyCode: string,
  day: string,
): Promise<Record<string, number>> {
  const settings = (await getSettings(db, countyCode)).cases;
  const marked = await q.markOverdue(db, countyCode, day);
  const raised = await q.escalateToSecondLevel(db, countyCode, addDays(day, -settings.secondEscalationDays));
  await insertCaseEvents(db, countyCode, [
    ...marked.map((c) => ({
      caseId: c.id,
      kind: 'overdue',
      note: `${CASE_STEP_LABELS[c.step].zh}期限 ${c.step_due_on}`,
      userId: null,
      username: null,
    })),
    ...raised.map((c) => ({
      caseId: c.id,
      kind: 'escalated',
      note: `逾期 ${settings.secondEscalationDays} 天以上，升级至县教体局`,
      userId: null,
      username: null,
    })),
  ]);
  // The marks are changes of the cases, made by the system: audited as such, with the pass's transaction.
  await writeAuditEntries(db, { countyCode, userId: null, username: null, ip: null }, [
    ...marked.map((c) => ({
      action: 'update' as const,
      entity: 'case' as const,
      entityId: c.id,
      detail: `系统：${CASE_STEP_LABELS[c.step].zh}逾期（期限 ${c.step_due_on}）/ ${CASE_STEP_LABELS[c.step].en} overdue (due ${c.step_due_on})`,
      after: { overdue: true },
    })),
    ...raised.map((c) => ({
      action: 'update' as const,
      entity: 'case' as const,
      entityId: c.id,
      detail: '系统：升级至县教体局 / escalated to the county bureau',
      after: { escalationLevel: 2 },
    })),
  ]);

  const overdue = await q.overdueCases(db, countyCode);
  const due = await q.casesDueBetween(db, countyCode, day, addDays(day, settings.reminderDays));
  const checkIns = await q.checkInsDueBy(db, countyCode, addDays(day, settings.reminderDays));
  const teams = await q.teamUsersOf(db, countyCode, [
    ...new Set([...overdue, ...due, ...checkIns].map((c) => c.id)),
  ]);
  const [townOfficials, schoolAdmins, bureau] = await Promise.all([
    usersAt(db, countyCode, ['town_official'], distinct(overdue.map((c) => c.town_code))),
    usersAt(db, countyCode, ['school_admin'], distinct(overdue.map((c) => c.school_code))),
    overdue.some((c) => c.escalation_level >= 2)
      ? usersAt(db, countyCode, ['county_admin'], [countyCode])
      : [],
  ]);
  const at = (users: { id: number; scopeCode: string }[], code: string | null) =>
    code === null ? [] : users.filter((u) => u.scopeCode === code).map((u) => u.id);

  const items: NewInboxItem[] = [];
  for (const c of overdue) {
    for (const userId of teams.get(c.id) ?? []) items.push(item(c, userId, 'step_overdue', 'step-overdue'));
    const up = new Set([...at(townOfficials, c.town_code), ...at(schoolAdmins, c.school_code)]);
    for (const userId of up) items.push(item(c, userId, 'case_escalated', 'case-escalated:1'));
    if (c.escalation_level >= 2) {
      for (const u of bureau) items.push(item(c, u.id, 'case_escalated', 'case-escalated:2'));
    }
  }
  for (const c of due) {
    for (const userId of teams.get(c.id) ?? []) items.push(item(c, userId, 'step_due', 'step-due'));
  }
  for (const ci of checkIns) {
    for (const userId of teams.get(ci.id) ?? []) {
      items.push({
        userId,
        kind: 'check_in_due',
        dedupeKey: `check-in-due:${ci.id}:${ci.round}:${ci.seq}`,
        caseId: ci.id,
        studentId: ci.student_id,
        titleZh: `巩固回访：${ci.name}`,
        titleEn: `Check-in due: ${ci.name}`,
        bodyZh: `第 ${ci.round} 轮第 ${ci.seq} 次回访，应于 ${ci.due_on} 完成`,
        bodyEn: `Round ${ci.round}, check-in ${ci.seq}, due ${ci.due_on}`,
        link: `/cases/${ci.id}`,
        dueOn: ci.due_on,
      });
    }
  }
  let filed = 0;
  for (let i = 0; i < items.length; i += 1000)
    filed += await deliver(db, countyCode, items.slice(i, i + 1000));
  return {
    markedOverdue: marked.length,
    secondLevel: raised.length,
    overdue: overdue.length,
    dueSoon: due.length,
    checkInsDue: checkIns.length,
    inboxItems: filed,
  };
}

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

const TITLES = {
  step_overdue: { zh: '步骤已逾期', en: 'Step overdue' },
  case_escalated: { zh: '逾期督办', en: 'Escalated' },
  step_due: { zh: '步骤即将到期', en: 'Step due soon' },
} as const;

function item(c: CaseRef, userId: number, kind: keyof typeof TITLES, prefix: string): NewInboxItem {
  const step = CASE_STEP_LABELS[c.step];
  const title = TITLES[kind];
  return {
    userId,
    kind,
    dedupeKey: `${prefix}:${c.id}:${c.step}:${c.step_due_on}`,
    caseId: c.id,
    studentId: c.student_id,
    titleZh: `${title.zh}：${c.name}（${step.zh}）`,
    titleEn: `${title.en}: ${c.name} (${step.en})`,
    bodyZh: `${step.zh}期限 ${c.step_due_on}`,
    bodyEn: `${step.en} due ${c.step_due_on}`,
    link: `/cases/${c.id}`,
    dueOn: c.step_due_on,
  };
}

export const caseOverdueJob: DailyJob = {
  name: 'case-overdue',
  // One transaction: the marks, their events and the items they file commit together.
  run: (db, countyCode, day) => db.transaction().execute((trx) => runOverduePass(trx, countyCode, day)),
};
