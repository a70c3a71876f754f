import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schoolDaysBetween, type AbsenceKind, type ContactResult } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { insertRollCalls } from '../../../test/cases';
import { databaseKinds } from '../../../test/db';
import { COUNTY, SCHOOL_A } from '../../../test/fixtures';
import { ManualClock } from '../../lib/clock';
import { insertDemoCalendar } from '../../demo/calendar';
import { loadCalendar } from '../calendar/calendar.service';
import { DAILY_JOBS, runDailyJobs } from '../schedule/schedule.service';
import { runEscalation } from './escalation';
import { runRollReminders } from './roll-reminders';

// The escalation rules on the demo calendar of 2026-2027 (National Day week off, Sunday
// 27 September and Saturday 10 October worked), with a controlled day. Classes A1 and A2 take
// the roll every school day of the first term unless a test says otherwise.

describe.each(databaseKinds())('absence escalation on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  let firstTerm: string[];
  const clock = new ManualClock('2026-11-30T09:00:00+08:00');

  beforeAll(async () => {
    t = await createTestApp(kind, { clock });
    await insertDemoCalendar(t.database.db, COUNTY, 2026);
    firstTerm = schoolDaysBetween(await loadCalendar(t.database.db, COUNTY), '2026-09-01', '2027-01-22');
    admin = await login(t.app, t.fixture.users.county_admin.username);
  });
  afterAll(async () => t?.close());

  beforeEach(async () => {
    const db = t.database.db;
    for (const table of [
      'inbox_items',
      'outbound_messages',
      'case_events',
      'case_members',
      'cases',
      'guardian_contacts',
      'absences',
      'roll_calls',
    ] as const) {
      await db.deleteFrom(table).execute();
    }
    const { a1, a2 } = t.fixture.classes;
    await rollTaken([a1, a2], firstTerm);
  });

  /** These classes took the roll on these days (who was absent is in absences). */
  const rollTaken = (classIds: number[], days: string[]) => insertRollCalls(t.database.db, classIds, days);

  /** The class (A1 unless named) took no roll on these days. */
  async function noRoll(days: string[], classId = t.fixture.classes.a1) {
    await t.database.db
      .deleteFrom('roll_calls')
      .where('class_id', '=', classId)
      .where('day', 'in', days)
      .execute();
  }

  /**
   * Child a1 (class a1, school A; or child a2 of class a2) marked on these days; `reached` logs a
   * guardian reached each day.
   */
  async function absent(
    days: string[],
    options: { kind?: AbsenceKind; contact?: ContactResult | null; child?: 'a1' | 'a2' } = {},
  ) {
    const child = options.child ?? 'a1';
    const studentId = t.fixture.students[child];
    const db = t.database.db;
    await db
      .insertInto('absences')
      .values(
        days.map((day) => ({
          county_code: COUNTY,
          student_id: studentId,
          day,
          class_id: t.fixture.classes[child],
          school_code: SCHOOL_A,
          kind: options.kind ?? 'unexcused',
          note: null,
          user_id: null,
          username: 'test',
        })),
      )
      .execute();
    const contact = options.contact === undefined ? 'reached' : options.contact;
    if (contact === null) return;
    await db
      .insertInto('guardian_contacts')
      .values(
        days.map((day) => ({
          county_code: COUNTY,
          student_id: studentId,
          day,
          contact_name: '赵父',
          method: 'phone' as const,
          result: contact,
        })),
      )
      .execute();
  }

  const run = (day: string) => runEscalation(t.database.db, COUNTY, day);

  async function cases() {
    return t.database.db
      .selectFrom('cases')
      .select(['id', 'student_id', 'source', 'source_ref', 'source_note', 'step', 'opened_on'])
      .orderBy('id')
      .execute();
  }

  async function withSettings(cases: Record<string, unknown>, work: () => Promise<void>) {
    expect((await admin.request('PUT', '/api/settings', { cases })).statusCode).toBe(200);
    try {
      await work();
    } finally {
      await admin.request('PUT', '/api/settings', {
        cases: { consecutiveUnexcusedDays: 3, unreachedGuardianOpensCase: true, termUnexcusedDays: 10 },
      });
    }
  }

  it('still finds a run that ended yesterday when no job passed after its last roll call', async () => {
    await absent(['2026-11-26', '2026-11-27', '2026-11-30']);
    // Tuesday: the child is not marked (yet); the run Thursday–Monday opens the case anyway.
    const summary = await run('2026-12-01');
    expect(summary).toMatchObject({ casesOpened: 1, triggered: { consecutive: 1 } });
    expect((await cases()).map((c) => c.source_ref)).toEqual(['absence:consecutive:2026-11-30']);
    expect((await run('2026-12-02')).casesOpened).toBe(0);
    // Opened by the system, and audited as such, once.
    const [opened] = await cases();
    const entries = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'detail'])
      .where('entity', '=', 'case')
      .where('entity_id', '=', String(opened!.id))
      .execute();
    expect(entries).toEqual([
      { action: 'create', user_id: null, detail: expect.stringContaining('absence:consecutive:2026-11-30') },
    ]);
  });

  it('opens one case for three consecutive school days over a weekend, and reports it up both lines', async () => {
    await absent(['2026-11-26', '2026-11-27', '2026-11-30']);
    expect((await run('2026-11-27')).casesOpened).toBe(0);
    const summary = await run('2026-11-30');
    expect(summary).toMatchObject({
      casesOpened: 1,
      triggered: { consecutive: 1, unreached: 0, term: 0 },
      reports: 3,
    });
    const opened = await cases();
    expect(opened).toEqual([
      {
        id: opened[0]!.id,
        student_id: t.fixture.students.a1,
        source: 'absence',
        source_ref: 'absence:consecutive:2026-11-30',
        source_note: '连续3个上课日无故缺勤(11-26至11-30)',
        step: 'verification',
        opened_on: '2026-11-30',
      },
    ]);
    const reports = await t.database.db
      .selectFrom('inbox_items')
      .select(['user_id', 'dedupe_key', 'case_id'])
      .where('kind', '=', 'absence_report')
      .orderBy('user_id')
      .execute();
    const u = t.fixture.users;
    expect(reports.map((r) => r.user_id)).toEqual(
      [u.county_admin.id, u.town_official.id, u.school_admin.id].sort((a, b) => a - b),
    );
    expect(
      reports.every((r) => r.dedupe_key === `absence-report:${opened[0]!.id}` && r.case_id === opened[0]!.id),
    ).toBe(true);

    const again = await run('2026-11-30');
    expect(again).toMatchObject({ casesOpened: 0, reports: 0 });
    expect(await cases()).toHaveLength(1);
    // The next school day the run continues: the trigger is known, the case open, nothing new is filed.
    await absent(['2026-12-01']);
    expect(await run('2026-12-01')).toMatchObject({ casesOpened: 0, reports: 0 });
    expect(await cases()).toHaveLength(1);
  });

  it('is not broken by the National Day holidays, and counts the make-up Saturday', async () => {
    await absent(['2026-09-30', '2026-10-08']);
    expect((await run('2026-10-08')).casesOpened).toBe(0);
    await absent(['2026-10-09']);
    expect(await run('2026-10-09')).toMatchObject({ casesOpened: 1 });
    expect((await cases())[0]?.source_note).toBe('连续3个上课日无故缺勤(09-30至10-09)');
  });

  it('needs the make-up Saturday too: a child back that day breaks the run', async () => {
    await absent(['2026-10-08', '2026-10-09', '2026-10-12']);
    expect(await run('2026-10-12')).toMatchObject({ casesOpened: 0, triggered: { consecutive: 0 } });
    await absent(['2026-10-10']);
    expect(await run('2026-10-12')).toMatchObject({ casesOpened: 1 });
  });

  it('does not count a run broken by a day at school, or excused days', async () => {
    await absent(['2026-11-26', '2026-11-30']);
    await absent(['2026-11-27'], { kind: 'sick' });
    expect(await run('2026-11-30')).toMatchObject({
      casesOpened: 0,
      triggered: { consecutive: 0, unreached: 0, term: 0 },
    });
  });

  it('skips a school day on which the class took no roll: it neither breaks the run nor counts', async () => {
    // Friday and Tuesday absent, Monday's roll not taken: two days, not three.
    await absent(['2026-11-27', '2026-12-01']);
    await noRoll(['2026-11-30']);
    expect(await run('2026-12-01')).toMatchObject({ casesOpened: 0, triggered: { consecutive: 0 } });
    // With Thursday absent too, the run Thursday–Tuesday opens the case.
    await absent(['2026-11-26']);
    expect(await run('2026-12-01')).toMatchObject({ casesOpened: 1, triggered: { consecutive: 1 } });
    expect(await cases()).toMatchObject([
      {
        source_ref: 'absence:consecutive:2026-12-01',
        source_note: '连续3个上课日无故缺勤(11-26至12-01，其间11-30未点名)',
      },
    ]);
    expect((await run('2026-12-02')).casesOpened).toBe(0);
  });

  it('still breaks a run on a day the child was at school, while a day without roll does not', async () => {
    // The same three absences for two children; A1 took Monday's roll (a1 present), A2 did not.
    for (const child of ['a1', 'a2'] as const) {
      await absent(['2026-11-26', '2026-11-27', '2026-12-01'], { child });
    }
    await noRoll(['2026-11-30'], t.fixture.classes.a2);
    expect(await run('2026-12-01')).toMatchObject({ casesOpened: 1, triggered: { consecutive: 1 } });
    expect((await cases()).map((c) => c.student_id)).toEqual([t.fixture.students.a2]);
  });

  it('opens a case for a day when no guardian was reached, the day after', async () => {
    await absent(['2026-11-27'], { contact: 'not_reached' });
    expect((await run('2026-11-27')).casesOpened).toBe(0);
    const summary = await run('2026-11-30');
    expect(summary).toMatchObject({ casesOpened: 1, triggered: { unreached: 1 } });
    expect((await cases())[0]).toMatchObject({ source_ref: 'absence:unreached:2026-11-27' });
    expect((await run('2026-11-30')).casesOpened).toBe(0);
  });

  it('leaves a day with a guardian reached alone, and follows the county setting', async () => {
    await absent(['2026-11-25'], { contact: 'reached' });
    expect((await run('2026-11-26')).triggered.unreached).toBe(0);
    await absent(['2026-11-26'], { contact: null });
    await withSettings({ unreachedGuardianOpensCase: false }, async () => {
      expect((await run('2026-11-27')).casesOpened).toBe(0);
    });
    expect((await run('2026-11-27')).casesOpened).toBe(1);
  });

  it('opens a case at the term threshold of unexcused days', async () => {
    // Ten Mondays of the first term (5 October is a holiday): never three in a row.
    const mondays = [
      '09-07',
      '09-14',
      '09-21',
      '09-28',
      '10-12',
      '10-19',
      '10-26',
      '11-02',
      '11-09',
      '11-16',
    ].map((d) => `2026-${d}`);
    await absent(mondays);
    expect(await run('2026-11-13')).toMatchObject({ casesOpened: 0, triggered: { term: 0 } });
    const summary = await run('2026-11-16');
    expect(summary).toMatchObject({ casesOpened: 1, triggered: { consecutive: 0, unreached: 0, term: 1 } });
    expect((await cases())[0]).toMatchObject({
      source_ref: 'absence:term:2026-1',
      source_note: '2026-2027学年第一学期累计无故缺勤10个上课日',
    });
    expect((await run('2026-11-17')).casesOpened).toBe(0);
  });

  it('follows the county thresholds', async () => {
    await absent(['2026-11-27', '2026-11-30']);
    expect((await run('2026-11-30')).casesOpened).toBe(0);
    await withSettings({ consecutiveUnexcusedDays: 2 }, async () => {
      expect((await run('2026-11-30')).casesOpened).toBe(1);
    });
  });

  it('does not open a closed case again for the same trigger', async () => {
    await absent(['2026-11-26', '2026-11-27', '2026-11-30']);
    expect((await run('2026-11-30')).casesOpened).toBe(1);
    await t.database.db
      .updateTable('cases')
      .set({ step: 'closed', closed_on: '2026-11-30', ending: 'returned' })
      .execute();
    expect(await run('2026-11-30')).toMatchObject({ casesOpened: 0, handledBefore: 1 });
    expect(await cases()).toHaveLength(1);
  });

  async function openItems(caseId: number) {
    return t.database.db
      .selectFrom('inbox_items')
      .select(['user_id', 'kind', 'dedupe_key', 'title_zh'])
      .where('case_id', '=', caseId)
      .where('kind', '=', 'absence_report')
      .orderBy('user_id')
      .execute();
  }

  async function absenceEvents(caseId: number) {
    const rows = await t.database.db
      .selectFrom('case_events')
      .select(['kind', 'note'])
      .where('case_id', '=', caseId)
      .where('kind', '=', 'absence')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.note);
  }

  /** Puts the case at `step` as a person would have (returned the day it opened, for observation). */
  async function moveTo(caseId: number, step: 'persuasion' | 'observation') {
    await t.database.db
      .updateTable('cases')
      .set({
        step,
        confirmed_out_of_school: true,
        confirmed_on: '2026-11-25',
        returned_on: step === 'observation' ? '2026-11-25' : null,
      })
      .where('id', '=', caseId)
      .execute();
  }

  it('reports a new run of absences of a child whose case is under observation, records it and tells the team, once', async () => {
    await absent(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect((await run('2026-11-25')).casesOpened).toBe(1);
    const [opened] = await cases();
    await moveTo(opened!.id, 'observation');

    // Back at school from 26 November; absent again 7 to 9 December.
    await absent(['2026-12-07', '2026-12-08', '2026-12-09']);
    const summary = await run('2026-12-09');
    expect(summary).toMatchObject({ casesOpened: 0, reportedOnOpen: 1, triggered: { consecutive: 1 } });
    expect(await cases()).toHaveLength(1);
    expect((await cases())[0]!.step).toBe('observation');
    expect(await absenceEvents(opened!.id)).toEqual(['连续3个上课日无故缺勤(12-07至12-09)']);
    const key = `absence-report:${opened!.id}:absence:run:2026-12-07`;
    const items = (await openItems(opened!.id)).filter((i) => i.dedupe_key === key);
    const u = t.fixture.users;
    // Up the line as a first report (school, town, bureau), and the team (village cadre, class teacher).
    expect(items.map((i) => i.user_id)).toEqual(
      [u.county_admin, u.town_official, u.school_admin, u.village_official, u.teacher]
        .map((x) => x.id)
        .sort((a, b) => a - b),
    );
    expect(items.find((i) => i.user_id === u.teacher.id)?.title_zh).toContain('巩固观察期间再次缺勤');
    expect(items.find((i) => i.user_id === u.county_admin.id)?.title_zh).toContain('缺勤上报');

    // The same day again, and the next day with the run going on: nothing more.
    expect(await run('2026-12-09')).toMatchObject({ reportedOnOpen: 0, reports: 0, alreadyOpen: 1 });
    await absent(['2026-12-10']);
    expect(await run('2026-12-10')).toMatchObject({ reportedOnOpen: 0, reports: 0, casesOpened: 0 });
    expect(await absenceEvents(opened!.id)).toHaveLength(1);
  });

  it('reports a new run of a child in persuasion, but not the absences the case is about, however long', async () => {
    // Absent every school day from 23 November to 4 December: the case opens once, then silence.
    const days = ['11-23', '11-24', '11-25', '11-26', '11-27', '11-30', '12-01', '12-02', '12-03', '12-04'];
    await absent(days.map((d) => `2026-${d}`));
    let reports = 0;
    for (const d of days.slice(2)) reports += (await run(`2026-${d}`)).reports;
    expect(reports).toBe(3);
    const [opened] = await cases();
    await moveTo(opened!.id, 'persuasion');
    for (const d of ['12-07', '12-08']) expect((await run(`2026-${d}`)).reports).toBe(0);
    expect(await absenceEvents(opened!.id)).toEqual([]);

    // At school on 7 and 8 December, away again from the 9th: a new run.
    await absent(['2026-12-09', '2026-12-10', '2026-12-11']);
    expect(await run('2026-12-11')).toMatchObject({ reportedOnOpen: 1, reports: 3 });
    expect(await absenceEvents(opened!.id)).toEqual(['连续3个上课日无故缺勤(12-09至12-11)']);
    // Not under observation: the report goes up the line only, as a first one.
    const u = t.fixture.users;
    expect(
      (await openItems(opened!.id)).filter((i) => i.dedupe_key.includes(':run:')).map((i) => i.user_id),
    ).toEqual([u.county_admin, u.town_official, u.school_admin].map((x) => x.id).sort((a, b) => a - b));
  });

  it('does not take a day without roll for the start of a new run of a child in persuasion', async () => {
    const days = ['11-23', '11-24', '11-25', '11-26', '11-27', '11-30', '12-01', '12-02', '12-03', '12-04'];
    await absent(days.map((d) => `2026-${d}`));
    expect((await run('2026-11-25')).casesOpened).toBe(1);
    const [opened] = await cases();
    await moveTo(opened!.id, 'persuasion');
    // Still away; Monday 7 December's roll was not taken.
    await noRoll(['2026-12-07']);
    await absent(['2026-12-08', '2026-12-09', '2026-12-10']);
    expect(await run('2026-12-10')).toMatchObject({ reportedOnOpen: 0, reports: 0, alreadyOpen: 1 });
    expect(await absenceEvents(opened!.id)).toEqual([]);
  });

  it('reports a new run under observation that goes on over a day without roll, once, from its first day', async () => {
    await absent(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect((await run('2026-11-25')).casesOpened).toBe(1);
    const [opened] = await cases();
    await moveTo(opened!.id, 'observation');
    // Back from 26 November; away again on the 7th, the 8th's roll not taken, away the 9th and 10th.
    await absent(['2026-12-07', '2026-12-09', '2026-12-10']);
    await noRoll(['2026-12-08']);
    expect(await run('2026-12-09')).toMatchObject({ reportedOnOpen: 0, triggered: { consecutive: 0 } });
    expect(await run('2026-12-10')).toMatchObject({ reportedOnOpen: 1, triggered: { consecutive: 1 } });
    expect(await absenceEvents(opened!.id)).toEqual(['连续3个上课日无故缺勤(12-07至12-10，其间12-08未点名)']);
    const keys = new Set((await openItems(opened!.id)).map((i) => i.dedupe_key));
    expect(keys.has(`absence-report:${opened!.id}:absence:run:2026-12-07`)).toBe(true);
    await absent(['2026-12-11']);
    expect(await run('2026-12-11')).toMatchObject({ reportedOnOpen: 0, reports: 0 });
  });

  it('does not let a trigger acted on before hide a new one of another rule', async () => {
    // Three days running with the guardian reached: a case, closed the next day as a wrong record.
    await absent(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect((await run('2026-11-25')).casesOpened).toBe(1);
    await t.database.db
      .updateTable('cases')
      .set({ step: 'closed', ending: 'not_out_of_school', closed_on: '2026-11-26' })
      .execute();
    // Back on the 26th and 27th; on Monday the 30th absent with no guardian reached.
    await absent(['2026-11-30'], { contact: 'not_reached' });
    const summary = await run('2026-12-01');
    expect(summary).toMatchObject({ casesOpened: 1, triggered: { consecutive: 1 } });
    expect((await cases()).map((c) => c.source_ref)).toEqual([
      'absence:consecutive:2026-11-25',
      'absence:unreached:2026-11-30',
    ]);
  });

  it('does not let a run acted on before hide a new run of the same rule', async () => {
    await absent(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect((await run('2026-11-25')).casesOpened).toBe(1);
    await t.database.db
      .updateTable('cases')
      .set({ step: 'closed', ending: 'not_out_of_school', closed_on: '2026-11-26' })
      .execute();
    await absent(['2026-11-27', '2026-11-30', '2026-12-01']);
    expect(await run('2026-12-01')).toMatchObject({ casesOpened: 1 });
    expect((await cases()).map((c) => c.source_ref)).toEqual([
      'absence:consecutive:2026-11-25',
      'absence:consecutive:2026-12-01',
    ]);
  });

  it('does not open a second case under another rule for the absences a closed case was about', async () => {
    // No guardian reached on any of the three days: the run opens the case, the days are known.
    await absent(['2026-11-23', '2026-11-24', '2026-11-25'], { contact: 'not_reached' });
    expect((await run('2026-11-25')).casesOpened).toBe(1);
    await t.database.db
      .updateTable('cases')
      .set({ step: 'closed', ending: 'not_out_of_school', closed_on: '2026-11-26' })
      .execute();
    for (const d of ['2026-11-26', '2026-11-27', '2026-11-30'])
      expect(await run(d)).toMatchObject({ casesOpened: 0, handledBefore: 1 });
    expect(await cases()).toHaveLength(1);
  });

  it('runs first among the daily jobs, on the clock’s day, recorded in job_runs', async () => {
    expect(DAILY_JOBS[0]?.name).toBe('absence-escalation');
    await absent(['2026-11-26', '2026-11-27', '2026-11-30']);
    clock.setDay('2026-11-30');
    const results = await runDailyJobs(t.database.db, COUNTY, clock);
    expect(results[0]).toMatchObject({
      job: 'absence-escalation',
      day: '2026-11-30',
      summary: { casesOpened: 1 },
    });
    const recorded = await t.database.db
      .selectFrom('job_runs')
      .select(['summary', 'finished_at'])
      .where('job', '=', 'absence-escalation')
      .where('run_on', '=', '2026-11-30')
      .executeTakeFirstOrThrow();
    expect(recorded.finished_at).not.toBeNull();
    expect(recorded.summary).toMatchObject({ casesOpened: 1 });
  });

  describe('rolls not taken', () => {
    const remind = (day: string) => runRollReminders(t.database.db, COUNTY, day);

    async function reminders() {
      return t.database.db
        .selectFrom('inbox_items')
        .select(['user_id', 'dedupe_key', 'title_zh', 'link', 'due_on', 'done_at'])
        .where('kind', '=', 'roll_call_missing')
        .orderBy('user_id')
        .orderBy('dedupe_key')
        .execute();
    }

    /** An account for a staff member (the fixture's teacher account is only class A1's head teacher's). */
    async function accountOf(staffId: number, username: string) {
      const row = await t.database.db
        .insertInto('users')
        .values({
          county_code: COUNTY,
          username,
          display_name: username,
          password_hash: 'not-a-hash',
          role: 'teacher',
          scope_code: String(staffId),
          staff_id: staffId,
          must_change_password: false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }

    async function dropAccount(userId: number) {
      const db = t.database.db;
      await db.deleteFrom('outbound_messages').execute();
      await db.deleteFrom('inbox_items').where('user_id', '=', userId).execute();
      await db.deleteFrom('users').where('id', '=', userId).execute();
    }

    it('reminds the head teacher of a class of a school day whose roll was not taken, once, until it is taken', async () => {
      const { classes, staff, users } = t.fixture;
      const teacherA2 = await accountOf(staff.teacherA2, 'teacher-a2');
      // A class without pupils takes no roll; class B1 takes none, but its head teacher has no account.
      const empty = await t.database.db
        .insertInto('classes')
        .values({
          county_code: COUNTY,
          school_code: SCHOOL_A,
          school_year: 2026,
          grade: 5,
          name: '2班',
          head_teacher_staff_id: staff.teacherA,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      try {
        await noRoll(['2026-11-26']);
        await noRoll(['2026-11-25'], classes.a2);
        // Friday: Tuesday to Thursday are looked at; Friday's roll may still be taken today.
        expect(await remind('2026-11-27')).toMatchObject({ days: 3, inboxItems: 2 });
        const filed = [
          {
            user_id: users.teacher.id,
            dedupe_key: `roll-call:2026-11-26:${classes.a1}`,
            title_zh: '2026-11-26未点名：三年级1班',
            link: `/absences?classId=${classes.a1}&day=2026-11-26`,
            due_on: '2026-11-27',
            done_at: null,
          },
          {
            user_id: teacherA2,
            dedupe_key: `roll-call:2026-11-25:${classes.a2}`,
            title_zh: '2026-11-25未点名：四年级1班',
            link: `/absences?classId=${classes.a2}&day=2026-11-25`,
            due_on: '2026-11-26',
            done_at: null,
          },
        ].sort((a, b) => a.user_id - b.user_id);
        expect(await reminders()).toEqual(filed);
        // Again the same day and on Monday: nothing new.
        expect(await remind('2026-11-27')).toMatchObject({ inboxItems: 0 });
        expect(await remind('2026-11-30')).toMatchObject({ inboxItems: 0 });
        expect(await reminders()).toEqual(filed);

        // The class teacher takes Thursday's roll late: the reminder is settled, and not filed again.
        const teacher = await login(t.app, users.teacher.username);
        const res = await teacher.request('PUT', `/api/absences/classes/${classes.a1}/2026-11-26`, {
          absences: [],
        });
        expect(res.statusCode, res.body).toBe(200);
        const settled = (await reminders()).find((r) => r.user_id === users.teacher.id);
        expect(settled?.done_at).not.toBeNull();
        expect(await remind('2026-11-30')).toMatchObject({ inboxItems: 0 });
        expect(await reminders()).toHaveLength(2);
      } finally {
        await t.database.db.deleteFrom('classes').where('id', '=', empty.id).execute();
        await dropAccount(teacherA2);
      }
    });

    it('reminds only recent school days before the job’s day, in a school that takes rolls, from its first roll call on', async () => {
      const { classes, users } = t.fixture;
      // A county that takes no roll yet is not reminded.
      await t.database.db.deleteFrom('roll_calls').execute();
      expect(await remind('2026-10-09')).toMatchObject({ days: 3, missing: 0, inboxItems: 0 });
      // Class A2 took its school's first roll on 30 September: A1 is reminded of that day and
      // of 8 October, not of 29 September, nor of the National Day holidays nor of Friday 9th
      // itself (A2's own 8 October counts too; its head teacher has no account). School B,
      // which takes no rolls yet, is not asked for any (class B1).
      await rollTaken([classes.a2], ['2026-09-30']);
      expect(await remind('2026-10-09')).toMatchObject({ days: 3, missing: 3, noTeacher: 1, inboxItems: 2 });
      // Rolls taken since September: the last three school days only, not 28 September.
      await rollTaken([classes.a2], ['2026-09-01']);
      expect(await remind('2026-10-09')).toMatchObject({ days: 3, missing: 5, inboxItems: 1 });
      const filed = await reminders();
      expect(filed.map((r) => [r.user_id, r.dedupe_key, r.due_on])).toEqual([
        [users.teacher.id, `roll-call:2026-09-29:${classes.a1}`, '2026-09-30'],
        [users.teacher.id, `roll-call:2026-09-30:${classes.a1}`, '2026-10-08'],
        [users.teacher.id, `roll-call:2026-10-08:${classes.a1}`, '2026-10-09'],
      ]);
    });
  });
});
