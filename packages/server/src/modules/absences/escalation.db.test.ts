import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AbsenceKind, ContactResult } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY, SCHOOL_A } from '../../../test/fixtures';
import { ManualClock } from '../../lib/clock';
import { insertDemoCalendar } from '../../demo/calendar';
import { DAILY_JOBS, runDailyJobs } from '../schedule/schedule.service';
import { runEscalation } from './escalation';

// The escalation rules on the demo calendar of 2026-2027 (National Day week off, Sunday
// 27 September and Saturday 10 October worked), with a controlled day.

describe.each(databaseKinds())('absence escalation on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  const clock = new ManualClock('2026-11-30T09:00:00+08:00');

  beforeAll(async () => {
    t = await createTestApp(kind, { clock });
    await insertDemoCalendar(t.database.db, COUNTY, 2026);
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
    ] as const) {
      await db.deleteFrom(table).execute();
    }
  });

  /** Child a1 (class a1, school A) marked on these days; `reached` logs a guardian reached each day. */
  async function absent(
    days: string[],
    options: { kind?: AbsenceKind; contact?: ContactResult | null } = {},
  ) {
    const { a1 } = t.fixture.students;
    const db = t.database.db;
    await db
      .insertInto('absences')
      .values(
        days.map((day) => ({
          county_code: COUNTY,
          student_id: a1,
          day,
          class_id: t.fixture.classes.a1,
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
          student_id: a1,
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
});
