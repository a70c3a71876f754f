import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseOverview, CaseSummary, InboxKind, Page } from '@baoxue/shared';
import { openCaseOfPupil } from '../../../test/cases';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY, SCHOOL_A } from '../../../test/fixtures';
import { ManualClock } from '../../lib/clock';
import { runDailyJobs } from '../schedule/schedule.service';

// Working a case after it opened: observation check-ins in order and not long before they
// are due, the inbox items a step, a late check-in or a reopening leave without object, and
// the endings that take a child out of the dropout ledger. Each test starts with no cases.

describe.each(databaseKinds())('working cases on %s', (kind) => {
  let t: TestApp;
  const clock = new ManualClock('2026-12-01T09:00:00+08:00');
  let town: Client;
  let teacher: Client;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp(kind, { clock });
    town = await login(t.app, 'town-official');
    teacher = await login(t.app, 'teacher');
    admin = await login(t.app, 'county-admin');
  }, 60_000);
  afterAll(async () => t?.close());

  beforeEach(async () => {
    const db = t.database.db;
    for (const table of [
      'outbound_messages',
      'inbox_items',
      'case_check_ins',
      'case_actions',
      'case_events',
      'case_members',
      'cases',
      'job_runs',
    ] as const) {
      await db.deleteFrom(table).execute();
    }
    clock.setDay('2026-12-01');
  });

  const openFor = (studentId: number) => openCaseOfPupil(t.database.db, studentId);

  async function post(client: Client, url: string, body: object) {
    const res = await client.request('POST', url, body);
    return { status: res.statusCode, body: res.json<CaseDetail & { error?: ErrorBody }>() };
  }

  interface ErrorBody {
    code: string;
    message: string;
    details?: { path: string; message: string; messageEn: string }[];
  }

  async function ok(client: Client, url: string, body: object): Promise<CaseDetail> {
    const res = await client.request('POST', url, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CaseDetail>();
  }

  /** Verification → persuasion → return → observation, back at school on `returnedOn`. */
  async function observed(studentId: number, returnedOn = '2026-12-01'): Promise<CaseDetail> {
    const id = await openFor(studentId);
    let d = (await town.request('GET', `/api/cases/${id}`)).json<CaseDetail>();
    d = await ok(town, `/api/cases/${id}/advance`, {
      to: 'persuasion',
      reasonCode: 'learning_difficulty',
      version: d.version,
    });
    d = await ok(town, `/api/cases/${id}/advance`, {
      to: 'return',
      placement: 'school',
      returnSchoolCode: SCHOOL_A,
      version: d.version,
    });
    return ok(town, `/api/cases/${id}/advance`, { to: 'observation', returnedOn, version: d.version });
  }

  /** The open inbox items of a case: `kind:dedupe key`, once per key. */
  async function openItems(caseId: number, kinds?: InboxKind[]): Promise<string[]> {
    let query = t.database.db
      .selectFrom('inbox_items')
      .select(['kind', 'dedupe_key'])
      .where('case_id', '=', caseId)
      .where('done_at', 'is', null);
    if (kinds) query = query.where('kind', 'in', kinds);
    const rows = await query.orderBy('id').execute();
    return [...new Set(rows.map((r) => `${r.kind}:${r.dedupe_key}`))];
  }

  const checkIn = (d: CaseDetail, seq: number, doneOn: string, inSchool = true) =>
    post(teacher, `/api/cases/${d.id}/check-ins/1/${seq}`, { doneOn, inSchool, version: d.version });

  it('refuses a check-in in school long before it is due, out of order or dated before the one before', async () => {
    let d = await observed(t.fixture.students.a1);
    expect(d.checkIns.map((x) => x.dueOn)).toEqual(['2026-12-31', '2027-01-30', '2027-03-01', '2027-03-31']);

    // All four on the day of the return would clear the case without any observation.
    let res = await checkIn(d, 1, '2026-12-01');
    expect(res.status).toBe(400);
    expect(res.body.error?.details).toEqual([
      {
        path: 'doneOn',
        message: '第1次回访应于 2026-12-31 进行，最早可于 2026-12-24 登记（至多提前 7 天）',
        messageEn:
          'Check-in 1 is due on 2026-12-31; it can be recorded from 2026-12-24 (at most 7 days early)',
      },
    ]);
    res = await checkIn(d, 2, '2026-12-01');
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.[0]).toMatchObject({
      path: 'seq',
      message: expect.stringContaining('第1次'),
    });
    d = (await town.request('GET', `/api/cases/${d.id}`)).json<CaseDetail>();
    expect(d).toMatchObject({ step: 'observation', stepDueOn: '2026-12-31' });
    expect(d.checkIns.every((x) => x.doneOn === null)).toBe(true);

    // A visit a week early is a visit.
    clock.setDay('2026-12-24');
    res = await checkIn(d, 1, '2026-12-24');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    d = res.body;
    expect(d.stepDueOn).toBe('2027-01-30');

    clock.setDay('2027-01-30');
    res = await checkIn(d, 2, '2026-12-23');
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.[0]).toMatchObject({
      path: 'doneOn',
      message: expect.stringContaining('2026-12-24'),
    });
    res = await checkIn(d, 2, '2027-01-22');
    expect(res.status).toBe(400);
    res = await checkIn(d, 2, '2027-01-23');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    d = res.body;

    // Finding the child out of school needs no due day: persuasion starts again at once.
    clock.setDay('2027-02-02');
    res = await checkIn(d, 3, '2027-02-02', false);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ step: 'persuasion', reopenCount: 1 });
  });

  it('settles the overdue items when a late check-in clears the lateness', async () => {
    let d = await observed(t.fixture.students.a1);
    for (const day of ['2026-12-30', '2027-01-02', '2027-01-10']) {
      clock.setDay(day);
      await runDailyJobs(t.database.db, COUNTY, clock);
    }
    d = (await town.request('GET', `/api/cases/${d.id}`)).json<CaseDetail>();
    expect(d).toMatchObject({ overdue: true, escalationLevel: 2 });
    expect(await openItems(d.id, ['step_overdue', 'case_escalated'])).toEqual([
      `step_overdue:step-overdue:${d.id}:observation:2026-12-31`,
      `case_escalated:case-escalated:1:${d.id}:observation:2026-12-31`,
      `case_escalated:case-escalated:2:${d.id}:observation:2026-12-31`,
    ]);

    const res = await checkIn(d, 1, '2027-01-10');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ overdue: false, escalationLevel: 0, stepDueOn: '2027-01-30' });
    expect(await openItems(d.id, ['step_overdue', 'case_escalated'])).toEqual([]);
    clock.setDay('2027-01-11');
    await runDailyJobs(t.database.db, COUNTY, clock);
    expect(await openItems(d.id, ['step_overdue', 'case_escalated'])).toEqual([]);
  });

  it('settles the reminders of the check-ins a check-in out of school drops', async () => {
    // Back at school since 2 December, observation recorded only in March: three check-ins due.
    clock.setDay('2027-03-05');
    const d = await observed(t.fixture.students.a1, '2026-12-02');
    await runDailyJobs(t.database.db, COUNTY, clock);
    expect(await openItems(d.id, ['check_in_due'])).toEqual([
      `check_in_due:check-in-due:${d.id}:1:1`,
      `check_in_due:check-in-due:${d.id}:1:2`,
      `check_in_due:check-in-due:${d.id}:1:3`,
    ]);
    const res = await checkIn(d, 1, '2027-03-05', false);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.step).toBe('persuasion');
    expect(res.body.checkIns).toHaveLength(1);
    expect(await openItems(d.id, ['check_in_due'])).toEqual([]);
  });

  it('settles the home-visit task of a new case when it leaves verification', async () => {
    const id = await openFor(t.fixture.students.a1);
    const opened = await openItems(id, ['case_opened']);
    expect(opened.length).toBeGreaterThan(0);
    const d = (await town.request('GET', `/api/cases/${id}`)).json<CaseDetail>();
    await ok(town, `/api/cases/${id}/advance`, {
      to: 'persuasion',
      reasonCode: 'learning_difficulty',
      version: d.version,
    });
    expect(await openItems(id, ['case_opened'])).toEqual([]);
  });

  it('takes a record found wrong or duplicated out of the dropout ledger and the return rate, not out of the clearing history', async () => {
    const confirmed = async (studentId: number) => {
      const id = await openFor(studentId);
      const d = (await admin.request('GET', `/api/cases/${id}`)).json<CaseDetail>();
      return ok(admin, `/api/cases/${id}/advance`, {
        to: 'persuasion',
        reasonCode: 'learning_difficulty',
        version: d.version,
      });
    };
    const wrong = await confirmed(t.fixture.students.a1);
    const twice = await confirmed(t.fixture.students.a2);
    const moved = await confirmed(t.fixture.students.b1);
    const close = (d: CaseDetail, ending: string, evidence: string) =>
      ok(admin, `/api/cases/${d.id}/close`, { ending, evidence, version: d.version });
    expect(await close(wrong, 'not_out_of_school', '入户核实在校就读')).toMatchObject({
      confirmedOutOfSchool: false,
      confirmedOn: null,
    });
    expect(await close(twice, 'duplicate', '同一儿童两条记录')).toMatchObject({
      confirmedOutOfSchool: false,
    });
    // Moved out of the county after confirmation: a dropout who did not come back here.
    expect(await close(moved, 'moved_out', '迁入地学校接收证明')).toMatchObject({
      confirmedOutOfSchool: true,
    });

    const dropouts = (await admin.request('GET', '/api/cases/ledgers/dropouts')).json<Page<CaseSummary>>();
    expect(dropouts.items.map((i) => i.id)).toEqual([moved.id]);
    const clearing = (await admin.request('GET', '/api/cases/ledgers/clearing')).json<Page<CaseSummary>>();
    expect(clearing.items.map((i) => [i.id, i.ending]).sort()).toEqual(
      [
        [wrong.id, 'not_out_of_school'],
        [twice.id, 'duplicate'],
        [moved.id, 'moved_out'],
      ].sort(),
    );
    const overview = (await admin.request('GET', '/api/cases/overview')).json<CaseOverview>();
    expect(overview.total).toMatchObject({ confirmed: 1, returned: 0, returnRate: 0, closed: 3 });
  });
});
