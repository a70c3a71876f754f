import {
  addDays,
  gradeLabel,
  isSchoolDay,
  previousSchoolDays,
  schoolYearOf,
  type SchoolCalendar,
} from '@baoxue/shared';
import type { Db } from '../../context';
import { loadCalendar } from '../calendar/calendar.service';
import { deliver, type NewInboxItem } from '../inbox/inbox.deliver';
import type { DailyJob } from '../schedule/schedule.service';
import * as q from './roll-reminders.queries';

// Rolls not taken (C10). The escalation rules read the class's roll: on a school day the
// class teacher did not take it, nobody knows who came, and the rules skip that day for the
// class's children (escalation.ts, MAX_UNMARKED_SCHOOL_DAYS). So the next time the daily job
// runs, the class's head teacher is asked to take that day's roll late, while they still
// remember who was missing:
// - one item per class and school day (dedupe key `roll-call:<day>:<class>`), to each active
//   account of the head teacher; a rerun, the next day's run included, files nothing again;
// - only school days of the county calendar, never the job's day itself (the roll may still
//   be taken that day), and only the last ROLL_REMINDER_SCHOOL_DAYS of them;
// - only classes with enrolled pupils (an empty class has no roll to take);
// - only in a school that takes rolls, from the day it took its first: a county that starts
//   daily rolls school by school does not remind every class of the others every day;
// - a class without a head teacher, or whose head teacher has no account, is counted in the
//   job's summary (`noTeacher`) but reminds nobody: the school sees its classes not marked
//   on the absences page;
// - taking the roll settles the item at once (absences.service.ts, saveRoll), whoever takes
//   it; a roll taken late before the job runs files nothing.

/**
 * How many school days back a roll not taken is reminded. The job runs every day, so a day is
 * normally reminded the next morning; a few more cover a scheduler that did not run over a
 * long weekend. Older days are not: a roll taken late is only as good as the teacher's memory
 * of who was missing, and a county starting to use the feature is not flooded with past days.
 */
export const ROLL_REMINDER_SCHOOL_DAYS = 3;

/** The inbox item asking for a class's roll of a day. */
export function rollCallKey(classId: number, day: string): string {
  return `roll-call:${day}:${classId}`;
}

/** The first school day after `day`, within two months (a winter break is shorter). */
function nextSchoolDay(cal: SchoolCalendar, day: string): string | null {
  for (let d = addDays(day, 1), i = 0; i < 62; d = addDays(d, 1), i += 1) {
    if (isSchoolDay(cal, d)) return d;
  }
  return null;
}

type MissingRoll = Awaited<ReturnType<typeof q.classesWithPupils>>[number] & { day: string };

/**
 * The (class, day) pairs among `days` whose class has enrolled pupils and no roll call, in a
 * school that had taken a roll by that day.
 */
async function missingRolls(db: Db, countyCode: string, days: readonly string[]): Promise<MissingRoll[]> {
  if (days.length === 0) return [];
  const [firstDays, classes, calls] = await Promise.all([
    q.firstRollCallDays(db, countyCode),
    q.classesWithPupils(db, countyCode, [...new Set(days.map(schoolYearOf))]),
    q.rollCallsOn(db, countyCode, days),
  ]);
  const taken = new Set(calls.map((r) => `${r.class_id}|${r.day}`));
  const takesRolls = (schoolCode: string, day: string) => {
    const first = firstDays.get(schoolCode);
    return first !== undefined && first <= day;
  };
  return days.flatMap((day) =>
    classes
      .filter(
        (c) =>
          c.school_year === schoolYearOf(day) &&
          takesRolls(c.school_code, day) &&
          !taken.has(`${c.id}|${day}`),
      )
      .map((c) => ({ ...c, day })),
  );
}

function reminder(cal: SchoolCalendar, userId: number, m: MissingRoll): NewInboxItem {
  const klass = `${gradeLabel(m.grade)}${m.name}`;
  const klassEn = `${gradeLabel(m.grade, 'en')} ${m.name}`;
  return {
    userId,
    kind: 'roll_call_missing',
    dedupeKey: rollCallKey(m.id, m.day),
    titleZh: `${m.day}未点名：${klass}`,
    titleEn: `Roll not taken on ${m.day}: ${klassEn}`,
    bodyZh: `${m.school_name}${klass}${m.day}没有点名。请补录当天的缺勤（无人缺勤也请保存一次）：未点名的上课日，系统不知道孩子是否到校，连续缺勤的规则只能跳过这一天。`,
    bodyEn: `No roll was taken for ${klassEn}, ${m.school_name}, on ${m.day}. Record that day's absences (save it even if everyone was there): on a school day without a roll nobody knows whether a child came, and the rules on absences skip it.`,
    link: `/absences?classId=${m.id}&day=${m.day}`,
    // Late rolls are taken by the next school day, while the teacher remembers who was missing.
    dueOn: nextSchoolDay(cal, m.day),
  };
}

export async function runRollReminders(
  db: Db,
  countyCode: string,
  day: string,
): Promise<Record<string, number>> {
  const cal = await loadCalendar(db, countyCode);
  const days = previousSchoolDays(cal, addDays(day, -1), ROLL_REMINDER_SCHOOL_DAYS);
  const missing = await missingRolls(db, countyCode, days);
  if (missing.length === 0) return { days: days.length, missing: 0, noTeacher: 0, inboxItems: 0 };
  const staffIds = [
    ...new Set(missing.flatMap((m) => (m.head_teacher_staff_id === null ? [] : [m.head_teacher_staff_id]))),
  ];
  const accountsOf = new Map<number, number[]>();
  for (const a of await q.accountsOfStaff(db, countyCode, staffIds)) {
    if (a.staff_id !== null) accountsOf.set(a.staff_id, [...(accountsOf.get(a.staff_id) ?? []), a.id]);
  }
  let noTeacher = 0;
  const items: NewInboxItem[] = [];
  for (const m of missing) {
    const teachers = m.head_teacher_staff_id === null ? [] : (accountsOf.get(m.head_teacher_staff_id) ?? []);
    if (teachers.length === 0) noTeacher += 1;
    for (const userId of teachers) items.push(reminder(cal, userId, m));
  }
  return {
    days: days.length,
    missing: missing.length,
    noTeacher,
    inboxItems: await deliver(db, countyCode, items),
  };
}

export const rollCallReminderJob: DailyJob = {
  name: 'roll-call-reminder',
  run: (db, countyCode, day) => runRollReminders(db, countyCode, day),
};
