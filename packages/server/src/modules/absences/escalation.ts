import type { Kysely } from 'kysely';
import {
  addDays,
  CASE_STEP_LABELS,
  isSchoolDay,
  previousSchoolDays,
  schoolDaysBetween,
  schoolDaysOfTermUpTo,
  termOf,
  type CaseSettings,
  type CaseStep,
  type SchoolCalendar,
} from '@baoxue/shared';
import type { Database } from '../../db/schema';
import type { Db } from '../../context';
import { loadCalendar } from '../calendar/calendar.service';
import { openCases } from '../cases/cases.open';
import { insertCaseEvents } from '../cases/cases.open.queries';
import { teamUsersOf } from '../cases/cases.overdue.queries';
import { deliver, usersAt, type NewInboxItem } from '../inbox/inbox.deliver';
import type { DailyJob } from '../schedule/schedule.service';
import { getSettings } from '../settings/settings.service';
import * as q from './escalation.queries';

// The escalation rules of C10, run daily for the scheduler's day D with the county's
// thresholds (settings.cases). A child who meets a rule gets a case (C6) and the school
// reports to the town and the bureau (absence_report inbox items). A run of absences counts
// the school days on which the child's class took the roll: a day without one is skipped,
// not taken for a day at school (MAX_UNMARKED_SCHOOL_DAYS; roll-reminders.ts asks for it).
// A child whose case is open and who starts a new run of absences (back at school in
// 巩固观察, or attending while persuaded) is reported the same way, and the case records it
// (an `absence` event); under observation the team is told too. Idempotent: a trigger
// already acted on is dropped before each child's first remaining one is taken (a case
// opened for the same trigger, open or since closed; a closed case of the child closed after
// the absences it rests on; a run of absences an open case began with or has already
// reported), cases_one_open finds an open case of the child, and reports carry a dedupe key.

/** How far back (in school days) a run of absences or a day without a guardian reached is still acted on. */
export const UNREACHED_LOOKBACK_SCHOOL_DAYS = 5;

export type EscalationRule = 'consecutive' | 'unreached' | 'term';

export interface Trigger {
  studentId: number;
  rule: EscalationRule;
  sourceRef: string;
  sourceNote: string;
  /** The latest absence the trigger rests on: the end of the run, the day unreached, the term's latest. */
  lastDay: string;
}

export interface EscalationSummary {
  [key: string]: unknown;
  day: string;
  schoolDay: boolean;
  triggered: Record<EscalationRule, number>;
  casesOpened: number;
  /** Children whose open case is about these absences already (opened for them, or reported). */
  alreadyOpen: number;
  /** Children with an open case and a new run of absences: recorded on the case and reported. */
  reportedOnOpen: number;
  /** Children whose triggers were all acted on by an earlier run (the case may be closed since). */
  handledBefore: number;
  reports: number;
}

const md = (day: string) => day.slice(5);

/**
 * The most school days in a row without a roll call of the child's class that a run of
 * absences bridges. Such a day is skipped (it neither breaks the run nor counts toward it): a
 * class teacher who forgets a day's roll, or is away a day or two, must not break the run of a
 * child who has not come (the teacher is reminded the next morning, roll-reminders.ts). A
 * class that takes no roll for longer says nothing about where the child was, and unexcused
 * days on either side of such a stretch are not one run. It also bounds how far back the
 * consecutive rule reads: N marked days with at most this many unmarked ones between each two.
 */
export const MAX_UNMARKED_SCHOOL_DAYS = 3;

/** What the roll said of a child on the school days read; a day in neither set was not marked. */
interface ChildRoll {
  unexcused: ReadonlySet<string>;
  /** At school (the class took the roll, the child not marked) or excused (sick, on leave). */
  attended: ReadonlySet<string>;
}

const NO_ROLL: ChildRoll = { unexcused: new Set(), attended: new Set() };

function rollsOf(
  unexcused: readonly { studentId: number; day: string }[],
  attended: readonly { studentId: number; day: string }[],
): Map<number, ChildRoll> {
  const rolls = new Map<number, { unexcused: Set<string>; attended: Set<string> }>();
  const of = (studentId: number) => {
    let roll = rolls.get(studentId);
    if (!roll) rolls.set(studentId, (roll = { unexcused: new Set(), attended: new Set() }));
    return roll;
  };
  for (const a of unexcused) of(a.studentId).unexcused.add(a.day);
  for (const a of attended) of(a.studentId).attended.add(a.day);
  return rolls;
}

interface Run {
  /** The unexcused days of the run, oldest first. */
  days: string[];
  /** The school days between them on which the class took no roll, oldest first. */
  unmarked: string[];
}

/**
 * The run of unexcused school days ending on `last`, at most `limit` of them, walking back
 * over `schoolDays` (the school days read, oldest first): a day the class took no roll is
 * skipped, a day at school or excused ends the run, and so does a stretch of more than
 * MAX_UNMARKED_SCHOOL_DAYS unmarked days or the first day read.
 */
function runEndingOn(schoolDays: readonly string[], roll: ChildRoll, last: string, limit = Infinity): Run {
  const days: string[] = [];
  const unmarked: string[] = [];
  let gap: string[] = [];
  for (let i = schoolDays.indexOf(last); i >= 0 && days.length < limit; i--) {
    const d = schoolDays[i]!;
    if (roll.unexcused.has(d)) {
      days.push(d);
      unmarked.push(...gap);
      gap = [];
    } else if (roll.attended.has(d) || gap.length >= MAX_UNMARKED_SCHOOL_DAYS) {
      break;
    } else {
      gap.push(d);
    }
  }
  return { days: days.reverse(), unmarked: unmarked.reverse() };
}

function consecutiveNote(n: number, run: Run): string {
  const span = `${md(run.days[0]!)}至${md(run.days.at(-1)!)}`;
  // The unmarked days are named: the run is longer than N school days, and whoever verifies
  // it should know the roll of those days was not taken.
  const unmarked = run.unmarked.length > 0 ? `，其间${run.unmarked.map(md).join('、')}未点名` : '';
  return `连续${n}个上课日无故缺勤(${span}${unmarked})`;
}

/**
 * Children with unexcused absences on N school days running, the run ending on D or on one
 * of the few school days before it. Looking back matters: the run ends on the day of the
 * last mark, and if the scheduler did not pass between that roll call and the next school
 * day, the window ending "today" (not marked yet) would miss it for good. School days on
 * which the child's class took no roll are skipped (MAX_UNMARKED_SCHOOL_DAYS), so the run is
 * N unexcused days running among the days the roll was taken. Two queries whatever the
 * number of children: the unexcused days of the children absent on one of those last days,
 * and the days those children were at school or excused, over the school days a run ending
 * on the earliest of them may reach back to.
 */
async function consecutiveTriggers(
  db: Db,
  county: string,
  cal: SchoolCalendar,
  day: string,
  n: number,
): Promise<Trigger[]> {
  if (n <= 0) return [];
  const lastDays = previousSchoolDays(cal, day, UNREACHED_LOOKBACK_SCHOOL_DAYS);
  if (lastDays.length === 0) return [];
  // N marked days and at most MAX_UNMARKED_SCHOOL_DAYS unmarked between each two: about
  // (MAX + 1)·N school days before the earliest last day, never more.
  const reach = n + (n - 1) * MAX_UNMARKED_SCHOOL_DAYS;
  const schoolDays = previousSchoolDays(cal, day, lastDays.length - 1 + reach);
  const from = schoolDays[0]!;
  const unexcused = await q.unexcusedDaysOfAbsentOn(db, county, lastDays, from, day);
  const children = [...new Set(unexcused.map((a) => a.studentId))];
  const rolls = rollsOf(unexcused, await q.attendedDaysBetween(db, county, children, from, day));
  const found: Trigger[] = [];
  // Every window, earliest first: later runs find the same trigger (source_ref) again, and
  // a window already acted on does not hide a later one (runEscalation takes the first left).
  for (const last of lastDays) {
    for (const studentId of children) {
      const roll = rolls.get(studentId) ?? NO_ROLL;
      if (!roll.unexcused.has(last)) continue;
      const run = runEndingOn(schoolDays, roll, last, n);
      if (run.days.length < n) continue;
      found.push({
        studentId,
        rule: 'consecutive',
        sourceRef: `absence:consecutive:${last}`,
        sourceNote: consecutiveNote(n, run),
        lastDay: last,
      });
    }
  }
  return found;
}

/** Children with an unexcused absence on a recent school day before D and no guardian reached about it. */
async function unreachedTriggers(
  db: Db,
  county: string,
  cal: SchoolCalendar,
  day: string,
): Promise<Trigger[]> {
  const days = previousSchoolDays(cal, addDays(day, -1), UNREACHED_LOOKBACK_SCHOOL_DAYS);
  // Each such day, earliest first: later runs find the same trigger again.
  return (await q.unexcusedWithoutReach(db, county, days)).map(({ studentId, day: d }) => ({
    studentId,
    rule: 'unreached' as const,
    sourceRef: `absence:unreached:${d}`,
    sourceNote: `${md(d)}无故缺勤且当日未联系上监护人`,
    lastDay: d,
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
    lastDay: c.lastDay,
  }));
}

const RULE_ORDER: Record<EscalationRule, number> = { consecutive: 0, unreached: 1, term: 2 };

/**
 * Every rule's triggers, each child's in the order they are acted on: consecutive, unreached,
 * term, the earliest first within a rule. The job drops those already acted on and takes each
 * child's first remaining one.
 */
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
  return all.sort(
    (a, b) =>
      a.studentId - b.studentId ||
      RULE_ORDER[a.rule] - RULE_ORDER[b.rule] ||
      (a.lastDay < b.lastDay ? -1 : a.lastDay > b.lastDay ? 1 : 0),
  );
}

/** Each child's first trigger of `triggers` (in findTriggers' order). */
function firstPerChild(triggers: readonly Trigger[]): Trigger[] {
  const byStudent = new Map<number, Trigger>();
  for (const t of triggers) if (!byStudent.has(t.studentId)) byStudent.set(t.studentId, t);
  return [...byStudent.values()];
}

/**
 * The first school day of the run of unexcused school days `day` belongs to, or null when the
 * run reaches back to `since` (it began before the case opened, or as it opened: the case is
 * about it). A run is counted as the consecutive rule counts it: it goes on over holidays and
 * weekends, and over days the class took no roll (a dropout in persuasion whose teacher forgot
 * a day's roll has not started a new run of absences).
 */
function runStartAfter(schoolDays: readonly string[], roll: ChildRoll, day: string, since: string) {
  const first = runEndingOn(schoolDays, roll, day).days[0] ?? day;
  return first <= since ? null : first;
}

/** A report of a child's absences: of a case this run opened, or of a new run of absences on an open case. */
interface Report {
  caseId: number;
  trigger: Trigger;
  dedupeKey: string;
  /** The step of a case that was open already; null for a case opened by this run. */
  openStep: CaseStep | null;
  /** Under observation the team is told too: their users. */
  team: readonly number[];
}

/** "The school reports to the town and the bureau": the school's admins, the town's officials, the county admins. */
async function reportItems(db: Db, county: string, reports: readonly Report[]): Promise<NewInboxItem[]> {
  if (reports.length === 0) return [];
  const children = new Map(
    (
      await q.childrenWithSchools(
        db,
        county,
        reports.map((r) => r.trigger.studentId),
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
  // One item per user and report: a team member who is also up the line gets the team's.
  const items = new Map<string, NewInboxItem>();
  for (const { caseId, trigger, dedupeKey, openStep, team } of reports) {
    const child = children.get(trigger.studentId);
    if (!child) continue;
    const base = {
      kind: 'absence_report' as const,
      dedupeKey,
      caseId,
      studentId: trigger.studentId,
      link: `/cases/${caseId}`,
    };
    for (const userId of team) {
      items.set(`${userId}|${dedupeKey}`, {
        ...base,
        userId,
        titleZh: `巩固观察期间再次缺勤：${child.name}`,
        titleEn: `Absent again during observation: ${child.name}`,
        bodyZh: `${trigger.sourceNote}。请尽快了解原因；如已再次失学，请登记回访“不在校”，案件回到劝返。`,
        bodyEn: `${ruleEn(trigger.rule)}. Find out why; if the child has left school again, record the check-in as not in school to reopen persuasion.`,
      });
    }
    const up = [
      ...schoolAdmins.filter((u) => u.scopeCode === child.schoolCode),
      ...townOfficials.filter((u) => u.scopeCode === child.townCode),
    ];
    const step = openStep === null ? null : CASE_STEP_LABELS[openStep];
    for (const userId of new Set([...up, ...countyAdmins].map((u) => u.id))) {
      if (items.has(`${userId}|${dedupeKey}`)) continue;
      items.set(`${userId}|${dedupeKey}`, {
        ...base,
        userId,
        titleZh: `缺勤上报：${child.schoolName}${child.name}`,
        titleEn: `Absences reported: ${child.name}, ${child.schoolName}`,
        bodyZh: step
          ? `${trigger.sourceNote}，案件办理中（${step.zh}）。`
          : `${trigger.sourceNote}，已立案。`,
        bodyEn: step
          ? `${ruleEn(trigger.rule)}; the case is open (${step.en}).`
          : `${ruleEn(trigger.rule)}; a case is open.`,
      });
    }
  }
  return [...items.values()];
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
    reportedOnOpen: 0,
    handledBefore: 0,
    reports: 0,
  };
  for (const t of firstPerChild(triggers)) summary.triggered[t.rule] += 1;
  if (triggers.length === 0) return summary;

  await db.transaction().execute(async (trx) => {
    const studentIds = [...new Set(triggers.map((t) => t.studentId))];
    const known = new Set(
      (await q.casesOfTriggers(trx, county, triggers)).map((c) => `${c.studentId}|${c.sourceRef}`),
    );
    const cases = await q.casesOfChildren(trx, county, studentIds);
    const openOf = new Map(cases.filter((c) => c.step !== 'closed').map((c) => [c.studentId, c]));
    const lastClosedOn = new Map<number, string>();
    for (const c of cases) {
      if (c.closedOn !== null && c.closedOn > (lastClosedOn.get(c.studentId) ?? '')) {
        lastClosedOn.set(c.studentId, c.closedOn);
      }
    }
    // The roll since each open case opened (and the few school days before, over which a run
    // may reach back past days without a roll call) tells a new run of absences from the one
    // the case is about (a dropout persuaded is absent every day: no news).
    const open = [...openOf.values()];
    const since = open.reduce((min, c) => (c.openedOn < min ? c.openedOn : min), day);
    const from = previousSchoolDays(cal, addDays(since, -1), MAX_UNMARKED_SCHOOL_DAYS + 1)[0] ?? since;
    const schoolDays = schoolDaysBetween(cal, from, day);
    const openChildren = [...openOf.keys()];
    const rolls = rollsOf(
      await q.unexcusedDaysBetween(trx, county, openChildren, from, day),
      await q.attendedDaysBetween(trx, county, openChildren, from, day),
    );
    const reported = await q.absenceReportKeys(
      trx,
      county,
      open.map((c) => c.caseId),
    );

    /** Null when the trigger was acted on before; else the report key of a child whose case is open. */
    const pending = (t: Trigger): { key: string | null } | null => {
      if (known.has(`${t.studentId}|${t.sourceRef}`)) return null;
      // A case closed on or after the trigger's last absence was closed knowing of it.
      const closedOn = lastClosedOn.get(t.studentId);
      if (closedOn !== undefined && t.lastDay <= closedOn) return null;
      const c = openOf.get(t.studentId);
      if (!c) return { key: null };
      const start = runStartAfter(schoolDays, rolls.get(t.studentId) ?? NO_ROLL, t.lastDay, c.openedOn);
      if (start === null) return null;
      // A new run of absences is reported once, whichever rule finds it; the term's count once a term.
      const key = `absence-report:${c.caseId}:${t.rule === 'term' ? t.sourceRef : `absence:run:${start}`}`;
      return reported.has(key) ? null : { key };
    };

    // Triggers already acted on are dropped first, so an old one hides no new one.
    const picked = new Map<number, { trigger: Trigger; key: string | null }>();
    for (const t of triggers) {
      if (picked.has(t.studentId)) continue;
      const p = pending(t);
      if (p) picked.set(t.studentId, { trigger: t, key: p.key });
    }
    for (const studentId of studentIds) {
      if (picked.has(studentId)) continue;
      if (openOf.has(studentId)) summary.alreadyOpen += 1;
      else summary.handledBefore += 1;
    }

    const reports: Report[] = [];
    const toOpen: Trigger[] = [];
    for (const { trigger, key } of picked.values()) {
      const c = openOf.get(trigger.studentId);
      if (c && key !== null) {
        reports.push({ caseId: c.caseId, trigger, dedupeKey: key, openStep: c.step, team: [] });
      } else {
        toOpen.push(trigger);
      }
    }
    summary.reportedOnOpen = reports.length;
    // Under observation the team must learn of it; whether the child has left school again is
    // theirs to find out and record (a check-in not in school reopens persuasion).
    const teams = await teamUsersOf(
      trx,
      county,
      reports.filter((r) => r.openStep === 'observation').map((r) => r.caseId),
    );
    for (const r of reports) r.team = teams.get(r.caseId) ?? [];
    await insertCaseEvents(
      trx,
      county,
      reports.map((r) => ({
        caseId: r.caseId,
        kind: 'absence',
        note: r.trigger.sourceNote,
        userId: null,
        username: null,
      })),
    );

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
      if (!result.created) {
        summary.alreadyOpen += 1;
        return;
      }
      summary.casesOpened += 1;
      const trigger = toOpen[i]!;
      const dedupeKey = `absence-report:${result.caseId}`;
      reports.push({ caseId: result.caseId, trigger, dedupeKey, openStep: null, team: [] });
    });
    // Reports already filed (dedupe key per case and run of absences) are not filed again.
    summary.reports = await deliver(trx, county, await reportItems(trx, county, reports));
  });
  return summary;
}

export const absenceEscalationJob: DailyJob = {
  name: 'absence-escalation',
  run: (db, countyCode, day) => runEscalation(db, countyCode, day),
};
