import { CASE_STEP_LABELS, type CaseStep } from '@baoxue/shared';
import type { Db } from '../../context';
import { placeNames } from '../../lib/place-names';
import { writeAuditEntries, type AuditEntry, type AuditWho } from '../../plugins/audit';
import { deliver, type NewInboxItem } from '../inbox/inbox.deliver';
import { openCases, type OpenCaseResult } from './cases.open';
import { insertCaseEvents, townsOfSchools, type NewCaseEvent } from './cases.open.queries';
import * as q from './cases.registry.queries';
import { proposeTeams, type TeamSubject } from './cases.team';

// What the student registry's changes do to cases, one way for each, whoever makes the
// change (a school on the student's page, a transfer taken over, an enrolment import):
// - a pupil recorded as 辍学 gets a case at once (openDropOutCases);
// - a pupil who changes class or school takes their open case along (followPupils): the
//   case is in scope, and escalates, through its school and class, so those are the pupil's;
// - a child with a case but no record yet (a reconciliation's, a village's report) whom a
//   school enrols: the case takes the record and follows it from then on (followPupils), so
//   the school that has the child now works the case, with the child's class teacher.

export interface DroppedOutPupil {
  studentId: number;
  /** The day the registry records the drop-out. */
  date: string;
  /** The school's reason, or the import that recorded it. */
  note: string;
}

/**
 * Opens (or finds: one open case per child) the case of each pupil recorded as 辍学, source
 * `registry`, from the student record, so the town and village start the 劝返 the same day.
 */
export function openDropOutCases(
  db: Db,
  who: AuditWho,
  pupils: readonly DroppedOutPupil[],
  openedOn: string,
): Promise<OpenCaseResult[]> {
  const by = who.userId === null ? null : { userId: who.userId, username: who.username ?? '' };
  return openCases(
    db,
    who.countyCode,
    pupils.map((p) => ({
      countyCode: who.countyCode,
      source: 'registry' as const,
      sourceRef: `student:${p.studentId}`,
      sourceNote: `学籍登记为辍学（${p.date}）：${p.note}`,
      studentId: p.studentId,
      openedOn,
      by,
    })),
  );
}

/**
 * The open cases of these pupils (null: of every pupil of the county) whose school or class is
 * no longer the pupil's take the pupil's: the school, the class, and the town where the school's
 * stood in for a village the case does not know. On the education line the pupil has left, the
 * old school's principal (a change of school) and the old class's head teacher leave the team:
 * the case is out of their scope now, and its reminders would lead them to a page they may not
 * open; the case's history keeps what they did. The new school's principal and the new class's
 * head teacher join; a `team` event and an audit entry record the move, each user new to the
 * team is told as a new case's team is, and the open items of those who left are settled.
 * Closed cases keep what they had. A described child's open case (no record) takes the record of
 * the child once enrolled, and moves the same way (`入学`). Returns the ids of the cases moved.
 */
export async function followPupils(
  db: Db,
  who: AuditWho,
  studentIds: readonly number[] | null,
): Promise<number[]> {
  const county = who.countyCode;
  const linked = new Set(await q.linkCasesToPupils(db, county, studentIds));
  const away = await q.casesAwayFromTheirPupils(db, county, studentIds, [...linked]);
  if (away.length === 0) return [];
  const schoolTowns = await townsOfSchools(db, county, [
    ...new Set(away.flatMap((c) => (c.pupil_school_code === null ? [] : [c.pupil_school_code]))),
  ]);
  const moves = away.map((c) => {
    const schoolChanged = c.pupil_school_code !== c.school_code;
    const classChanged = c.pupil_class_id !== c.class_id;
    // The government line follows where the child lives; the school's town only stands in.
    const townCode =
      c.village_code === null && schoolChanged && c.pupil_school_code !== null
        ? (schoolTowns.get(c.pupil_school_code) ?? c.town_code)
        : c.town_code;
    return { ...c, schoolChanged, classChanged, townCode };
  });
  await q.moveCases(
    db,
    county,
    moves.map((m) => ({
      id: m.id,
      schoolCode: m.pupil_school_code,
      classId: m.pupil_class_id,
      townCode: m.townCode,
    })),
  );

  // Only the lines that changed are proposed: the guardian and the cadres are the team's already.
  const subjects: TeamSubject[] = moves.map((m) => ({
    caseId: m.id,
    schoolYear: m.school_year,
    townCode: m.townCode !== m.town_code ? m.townCode : null,
    villageCode: null,
    schoolCode: m.schoolChanged ? m.pupil_school_code : null,
    classId: m.classChanged ? m.pupil_class_id : null,
    guardianName: null,
    guardianPhone: null,
  }));
  const caseIds = moves.map((m) => m.id);
  const onTeamBefore = await q.teamUsersOfCases(db, county, caseIds);
  const left = await q.removeMembersOfCases(
    db,
    county,
    moves.flatMap((m) => [
      ...(m.schoolChanged ? [{ caseId: m.id, role: 'principal' as const }] : []),
      ...(m.classChanged ? [{ caseId: m.id, role: 'class_teacher' as const }] : []),
    ]),
  );
  const added = await q.addMembersOfCases(db, county, await proposeTeams(db, county, subjects));
  const onTeamAfter = new Set(
    (await q.teamUsersOfCases(db, county, caseIds)).map((m) => `${m.case_id}:${m.user_id}`),
  );
  await q.settleInboxOfUsers(
    db,
    county,
    left.flatMap((l) =>
      l.user_id === null || onTeamAfter.has(`${l.case_id}:${l.user_id}`)
        ? []
        : [{ caseId: l.case_id, userId: l.user_id }],
    ),
  );

  const names = await placeNames(db, county, {
    schools: moves.flatMap((m) => [m.school_code, m.pupil_school_code]),
    classes: moves.flatMap((m) => [m.class_id, m.pupil_class_id]),
  });
  const place = (school: string | null, classId: number | null) =>
    [names.school(school) ?? school ?? '—', names.classOf(classId)].filter(Boolean).join(' ');
  const joinedBy = new Map<number, typeof added>();
  for (const a of added) joinedBy.set(a.case_id, [...(joinedBy.get(a.case_id) ?? []), a]);
  const leftBy = new Map<number, string[]>();
  for (const l of left) leftBy.set(l.case_id, [...(leftBy.get(l.case_id) ?? []), l.name]);
  const known = new Set(onTeamBefore.map((m) => `${m.case_id}:${m.user_id}`));

  const events: NewCaseEvent[] = [];
  const entries: AuditEntry[] = [];
  const items: NewInboxItem[] = [];
  for (const m of moves) {
    const what = linked.has(m.id)
      ? { zh: '入学', en: 'was enrolled at' }
      : m.schoolChanged
        ? { zh: '转学', en: 'moved school to' }
        : { zh: '调班', en: 'changed class to' };
    const to = place(m.pupil_school_code, m.pupil_class_id);
    const joined = joinedBy.get(m.id) ?? [];
    const joiners = joined.map((j) => j.name).join('、');
    const leavers = (leftBy.get(m.id) ?? []).join('、');
    events.push({
      caseId: m.id,
      kind: 'team',
      note: `${what.zh}：${place(m.school_code, m.class_id)} → ${to}${leavers ? `；离开工作组：${leavers}` : ''}${joiners ? `；加入工作组：${joiners}` : ''}`,
      userId: who.userId,
      username: who.username,
    });
    entries.push({
      action: 'update',
      entity: 'case',
      entityId: m.id,
      detail: `follow:${linked.has(m.id) ? 'enrolled' : m.schoolChanged ? 'school' : 'class'}`,
      before: { school_code: m.school_code, class_id: m.class_id, town_code: m.town_code },
      after: {
        ...(linked.has(m.id) ? { student_id: m.student_id } : {}),
        school_code: m.pupil_school_code,
        class_id: m.pupil_class_id,
        town_code: m.townCode,
        joined: joined.map((j) => ({ role: j.role, name: j.name, user_id: j.user_id })),
        left: leftBy.get(m.id) ?? [],
      },
    });
    const told = new Set<number>();
    for (const j of joined) {
      if (j.user_id === null || told.has(j.user_id) || known.has(`${m.id}:${j.user_id}`)) continue;
      told.add(j.user_id);
      items.push(joinedItem(m, j.user_id, what, to));
    }
  }
  await insertCaseEvents(db, county, events);
  await writeAuditEntries(db, who, entries);
  await deliver(db, county, items);
  return caseIds;
}

/** The item a new case's team gets (`case_opened`), saying why the case is the user's now; once per user and case. */
function joinedItem(
  c: { id: number; name: string; student_id: number | null; step: CaseStep; step_due_on: string | null },
  userId: number,
  what: { zh: string; en: string },
  to: string,
): NewInboxItem {
  const step = CASE_STEP_LABELS[c.step];
  const due = c.step_due_on ?? '—';
  return {
    userId,
    kind: 'case_opened',
    dedupeKey: `case-joined:${c.id}:${userId}`,
    caseId: c.id,
    studentId: c.student_id,
    titleZh: `转来案件：${c.name}`,
    titleEn: `Case now yours: ${c.name}`,
    bodyZh: `该生${what.zh}到${to}，您已加入其一人一案工作组。当前步骤：${step.zh}，期限 ${due}。`,
    bodyEn: `The pupil ${what.en} ${to}; you are now on the case's team. Step: ${step.en}, due ${due}.`,
    link: `/cases/${c.id}`,
    dueOn: c.step_due_on,
  };
}
