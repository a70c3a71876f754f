import type { Kysely } from 'kysely';
import {
  addDays,
  isSchoolDay,
  previousSchoolDays,
  schoolDaysOfTermUpTo,
  termOf,
  type CaseSettings,
  type SchoolCalendar,
} from '@baoxue/shared';
import type { Database } from '../../db/schema';
import type { Db } from '../../context';
import { loadCalendar } from '../calendar/calendar.service';
import { openCases } from '../cases/cases.open';
import { deliver, usersAt, type NewInboxItem } from '../inbox/inbox.deliver';
import type { DailyJob } from '../schedule/schedule.service';
import { getSettings } from '../settings/settings.service';
import * as q from './escalation.queries';

// The escalation rules of C10, run daily for the scheduler's day D with the county's
// thresholds (settings.cases). A child who meets a rule gets a case (C6) and the school
// reports to the town and the bureau (absence_report inbox items). Idempotent: a case
// already opened for the same trigger (source_ref), open or since closed, is not opened
// again, cases_one_open finds an open case of the child, and reports carry a dedupe key.

/** How far back (in school days) a run of absences or a day without a guardian reached is still acted on. */
export const UNREACHED_LOOKBACK_SCHOOL_DAYS = 5;

export type EscalationRule = 'consecutive' | 'unreached' | 'term';

export interface Trigger {
  studentId: number;
  rule: EscalationRule;
  sourceRef: string;
  sourceNote: string;
}

export interface EscalationSummary {
  [key: string]: unknown;
  day: string;
  schoolDay: boolean;
  triggered: Record<EscalationRule, number>;
  casesOpened: number;
  /** Children whose case was already open (opened by another rule, reconciliation or by hand). */
  alreadyOpen: number;
  /** Triggers already acted on by an earlier run (the case may be closed since). */
  handledBefore: number;
  reports: number;
}

const md = (day: string) => day.slice(5);

/**
 * Children with unexcused absences on N school days running, the run ending on D or on one
 * of the few school days before it. Looking back matters: the run ends on the day of the
 * last mark, and if the scheduler did not pass between that roll call and the next school
 * day, the window ending "today" (not marked yet) would miss it for good.
 */
async function consecutiveTriggers(
  db: Db,
  county: string,
  cal: SchoolCalendar,
  day: string,
  n: number,
): Promise<Trigger[]> {
  if (n <= 0) return [];
  const found = new Map<number, Trigger>();
  // Earliest run first: later runs find the same trigger (source_ref) again.
  for (const last of previousSchoolDays(cal, day, UNREACHED_LOOKBACK_SCHOOL_DAYS)) {
    const days = previousSchoolDays(cal, last, n);
    if (days.length < n) continue;
    const first = days[0]!;
    for (const studentId of await q.unexcusedOnEveryDay(db, county, days)) {
      if (found.has(studentId)) continue;
      found.set(studentId, {
        studentId,
        rule: 'consecutive',
        sourceRef: `absence:consecutive:${last}`,
        sourceNote: `连续${n}个上课日无故缺勤(${md(first)}至${md(last)})`,
      });
    }
  }
  return [...found.values()];
}

/** Children with an unexcused absence on a recent school day before D and no guardian reached about it. */
async function unreachedTriggers(
  db: Db,
  county: string,
  cal: SchoolCalendar,
  day: string,
): Promise<Trigger[]> {
  const days = previousSchoolDays(cal, addDays(day, -1), UNREACHED_LOOKBACK_SCHOOL_DAYS);
  const rows = await q.unexcusedWithoutReach(db, county, days);
  // The earliest such day names the trigger: later runs find the same one.
  const first = new Map<number, string>();
  for (const r of rows) if (!first.has(r.studentId)) first.set(r.studentId, r.day);
  return [...first].map(([studentId, d]) => ({
    studentId,
    rule: 'unreached' as const,
    sourceRef: `absence:unreached:${d}`,
    sourceNote: `${md(d)}无故缺勤且当日未联系上监护人`,
  }));
}

/** Children with at least `threshold` unexcused school days in D's term so far. */
async function termTriggers(
  db: Db,
  county: string,
  cal: SchoolCalendar,
  day: string,
  threshold: number,
): Promise<Trigger[]> {
  const term = termOf(cal, day);
  if (threshold <= 0 || !term) return [];
  const counts = await q.unexcusedCounts(db, county, schoolDaysOfTermUpTo(cal, day), threshold);
  const termName = term.term === 1 ? '第一学期' : '第二学期';
  return counts.map((c) => ({
    studentId: c.studentId,
    rule: 'term' as const,
    sourceRef: `absence:term:${term.schoolYear}-${term.term}`,
    sourceNote: `${term.schoolYear}-${term.schoolYear + 1}学年${termName}累计无故缺勤${c.days}个上课日`,
  }));
}

/** Every rule's triggers; a child meeting several keeps the first (consecutive, unreached, term). */
export async function findTriggers(
  db: Db,
  county: string,
  cal: SchoolCalendar,
  day: string,
  rules: CaseSettings,
): Promise<Trigger[]> {
  const all = [
    ...(await consecutiveTriggers(db, county, cal, day, rules.consecutiveUnexcusedDays)),
    ...(rules.unreachedGuardianOpensCase ? await unreachedTriggers(db, county, cal, day) : []),
    ...(await termTriggers(db, county, cal, day, rules.termUnexcusedDays)),
  ];
  const byStudent = new Map<number, Trigger>();
  for (const t of all) if (!byStudent.has(t.studentId)) byStudent.set(t.studentId, t);
  return [...byStudent.values()].sort((a, b) => a.studentId - b.studentId);
}

/** "The school reports to the town and the bureau": the school's admins, the town's officials, the county admins. */
async function reportItems(
  db: Db,
  county: string,
  cases: readonly { caseId: number; trigger: Trigger }[],
): Promise<NewInboxItem[]> {
  if (cases.length === 0) return [];
  const children = new Map(
    (
      await q.childrenWithSchools(
        db,
        county,
        cases.map((c) => c.trigger.studentId),
      )
    ).map((c) => [c.studentId, c]),
  );
  // The recipients of every report in three queries, whatever the number of cases.
  const schoolCodes = [...new Set([...children.values()].map((c) => c.schoolCode))];
  const townCodes = [...new Set([...children.values()].flatMap((c) => (c.townCode ? [c.townCode] : [])))];
  const [countyAdmins, schoolAdmins, townOfficials] = await Promise.all([
    usersAt(db, county, ['county_admin'], null),
    usersAt(db, county, ['school_admin'], schoolCodes),
    usersAt(db, county, ['town_official'], townCodes),
  ]);
  const items: NewInboxItem[] = [];
  for (const { caseId, trigger } of cases) {
    const child = children.get(trigger.studentId);
    if (!child) continue;
    const up = [
      ...schoolAdmins.filter((u) => u.scopeCode === child.schoolCode),
      ...townOfficials.filter((u) => u.scopeCode === child.townCode),
    ];
    const recipients = new Set([...up, ...countyAdmins].map((u) => u.id));
    for (const userId of recipients) {
      items.push({
        userId,
        kind: 'absence_report',
        dedupeKey: `absence-report:${caseId}`,
        caseId,
        studentId: trigger.studentId,
        titleZh: `缺勤上报：${child.schoolName}${child.name}`,
        titleEn: `Absences reported: ${child.name}, ${child.schoolName}`,
        bodyZh: `${trigger.sourceNote}，已立案。`,
        bodyEn: `${ruleEn(trigger.rule)}; a case is open.`,
        link: `/cases/${caseId}`,
      });
    }
  }
  return items;
}

function ruleEn(rule: EscalationRule): string {
  switch (rule) {
    case 'consecutive':
      return 'Consecutive unexcused school days';
    case 'unreached':
      return 'Unexcused absence with no guardian reached that day';
    case 'term':
      return 'Too many unexcused days this term';
  }
}

export async function runEscalation(
  db: Kysely<Database>,
  county: string,
  day: string,
): Promise<EscalationSummary> {
  const [cal, settings] = await Promise.all([loadCalendar(db, county), getSettings(db, county)]);
  const triggers = await findTriggers(db, county, cal, day, settings.cases);
  const summary: EscalationSummary = {
    day,
    schoolDay: isSchoolDay(cal, day),
    triggered: { consecutive: 0, unreached: 0, term: 0 },
    casesOpened: 0,
    alreadyOpen: 0,
    handledBefore: 0,
    reports: 0,
  };
  for (const t of triggers) summary.triggered[t.rule] += 1;
  if (triggers.length === 0) return summary;

  await db.transaction().execute(async (trx) => {
    const earlier = await q.casesOfTriggers(trx, county, triggers);
    const known = new Map(earlier.map((c) => [`${c.studentId}|${c.sourceRef}`, c]));
    const toReport: { caseId: number; trigger: Trigger }[] = [];
    const toOpen: Trigger[] = [];
    for (const t of triggers) {
      const before = known.get(`${t.studentId}|${t.sourceRef}`);
      if (!before) toOpen.push(t);
      else if (before.open) toReport.push({ caseId: before.caseId, trigger: t });
      else summary.handledBefore += 1;
    }
    const opened = await openCases(
      trx,
      county,
      toOpen.map((t) => ({
        countyCode: county,
        source: 'absence' as const,
        sourceRef: t.sourceRef,
        sourceNote: t.sourceNote,
        studentId: t.studentId,
        openedOn: day,
        by: null,
      })),
    );
    opened.forEach((result, i) => {
      if (result.created) summary.casesOpened += 1;
      else summary.alreadyOpen += 1;
      toReport.push({ caseId: result.caseId, trigger: toOpen[i]! });
    });
    // Reports already filed (dedupe key per case) are not filed again; a run interrupted
    // after opening a case files them next time.
    summary.reports = await deliver(trx, county, await reportItems(trx, county, toReport));
  });
  return summary;
}

export const absenceEscalationJob: DailyJob = {
  name: 'absence-escalation',
  run: (db, countyCode, day) => runEscalation(db, countyCode, day),
};
