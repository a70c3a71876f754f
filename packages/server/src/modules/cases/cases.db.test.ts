import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeIdNumber,
  type CaseDetail,
  type CaseOverview,
  type CaseSummary,
  type Page,
} from '@baoxue/shared';
import { openCaseOfPupil } from '../../../test/cases';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY, PASSWORD, SCHOOL_A, SCHOOL_B, TOWN_A, TOWN_B, VILLAGE_A1 } from '../../../test/fixtures';
import { ManualClock } from '../../lib/clock';
import { hashPassword } from '../auth/password';
import { runDailyJobs } from '../schedule/schedule.service';

describe.each(databaseKinds())('cases on %s', (kind) => {
  let t: TestApp;
  const clock = new ManualClock('2026-12-01T09:00:00+08:00');
  const c = {} as Record<
    'admin' | 'town' | 'townB' | 'village' | 'school' | 'teacher' | 'inspector' | 'leader',
    Client
  >;

  beforeAll(async () => {
    t = await createTestApp(kind, { clock });
    await t.database.db
      .insertInto('users')
      .values({
        county_code: COUNTY,
        username: 'town-b',
        display_name: '西淮坝镇干部',
        password_hash: await hashPassword(PASSWORD),
        role: 'town_official',
        scope_code: TOWN_B,
        staff_id: null,
        must_change_password: false,
      })
      .execute();
    const names = {
      admin: 'county-admin',
      town: 'town-official',
      townB: 'town-b',
      village: 'village-official',
      school: 'school-admin',
      teacher: 'teacher',
      inspector: 'inspector',
      leader: 'county-leader',
    } as const;
    for (const [key, username] of Object.entries(names))
      c[key as keyof typeof c] = await login(t.app, username);
  }, 60_000);
  afterAll(async () => t?.close());

  const openFor = (studentId: number) => openCaseOfPupil(t.database.db, studentId);

  async function detail(client: Client, id: number): Promise<CaseDetail> {
    const res = await client.request('GET', `/api/cases/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CaseDetail>();
  }

  it('works a case through every step to its closing, with the history and the ledgers', async () => {
    const id = await openFor(t.fixture.students.a1);
    let d = await detail(c.town, id);
    expect(d).toMatchObject({
      step: 'verification',
      stepDueOn: '2026-12-04',
      canWork: true,
      townCode: TOWN_A,
      // The pupil's class, with its grade: 三年级1班 (the web writes "Grade 3, Class 1" in English).
      className: '1班',
      classGrade: 3,
    });
    expect(d.idNumberMasked).toMatch(/\*{8}/);
    expect(d.chain.links).toHaveLength(7);
    expect(d.team.map((m) => m.role)).toEqual(['town_cadre', 'village_cadre', 'principal', 'class_teacher']);

    let res = await c.town.request('POST', `/api/cases/${id}/advance`, {
      to: 'return',
      placement: 'school',
      returnSchoolCode: SCHOOL_A,
      version: d.version,
    });
    expect(res.json().error.code).toBe('case_step_invalid');

    res = await c.town.request('POST', `/api/cases/${id}/actions`, {
      kind: 'home_visit',
      happenedOn: '2026-12-01',
      result: '确认未到校',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<CaseDetail>().version).toBe(d.version);
    // The visit is told with the name of the official who made it, not their login.
    expect(res.json<CaseDetail>().actions.find((a) => a.kind === 'home_visit')?.by).toBe(
      'town_official 用户',
    );

    res = await c.town.request('POST', `/api/cases/${id}/advance`, {
      to: 'persuasion',
      reasonCode: 'learning_difficulty',
      version: d.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json<CaseDetail>();
    expect(d).toMatchObject({
      step: 'persuasion',
      confirmedOutOfSchool: true,
      confirmedOn: '2026-12-01',
      stepDueOn: '2026-12-16',
      reasonCode: 'learning_difficulty',
    });

    const ledger = await c.school.request('GET', '/api/cases/ledgers/dropouts');
    expect(ledger.json<Page<CaseSummary>>().items.map((i) => i.id)).toContain(id);

    res = await c.school.request('POST', `/api/cases/${id}/actions`, {
      kind: 'legal_notice',
      happenedOn: '2026-12-02',
    });
    expect(res.json().error.code, 'no future days').toBe('future_day');
    clock.setDay('2026-12-05');
    res = await c.school.request('POST', `/api/cases/${id}/advance`, {
      to: 'return',
      placement: 'school',
      returnSchoolCode: SCHOOL_A,
      version: d.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json<CaseDetail>();
    expect(d).toMatchObject({
      step: 'return',
      placement: 'school',
      returnSchoolName: '接官亭镇中心小学',
      stepDueOn: '2026-12-12',
    });

    res = await c.teacher.request('POST', `/api/cases/${id}/advance`, {
      to: 'observation',
      returnedOn: '2026-12-05',
      version: d.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json<CaseDetail>();
    expect(d.step).toBe('observation');
    expect(d.checkIns.map((x) => [x.round, x.seq, x.dueOn])).toEqual([
      [1, 1, '2027-01-04'],
      [1, 2, '2027-02-03'],
      [1, 3, '2027-03-05'],
      [1, 4, '2027-04-04'],
    ]);
    expect(d.stepDueOn).toBe('2027-01-04');

    let overview = (await c.admin.request('GET', '/api/cases/overview')).json<CaseOverview>();
    expect(overview.total).toMatchObject({ confirmed: 1, returned: 1, returnRate: 1 });

    for (const [seq, day] of [
      [1, '2027-01-04'],
      [2, '2027-02-03'],
      [3, '2027-03-05'],
    ] as const) {
      clock.setDay(day);
      res = await c.teacher.request('POST', `/api/cases/${id}/check-ins/1/${seq}`, {
        doneOn: day,
        inSchool: true,
        version: d.version,
      });
      expect(res.statusCode, res.body).toBe(200);
      d = res.json<CaseDetail>();
    }
    expect(d.step).toBe('observation');
    expect(d.stepDueOn).toBe('2027-04-04');
    clock.setDay('2027-04-04');
    res = await c.teacher.request('POST', `/api/cases/${id}/check-ins/1/4`, {
      doneOn: '2027-04-04',
      inSchool: true,
      version: d.version,
    });
    d = res.json<CaseDetail>();
    expect(d).toMatchObject({ step: 'closed', ending: 'returned', closedOn: '2027-04-04', stepDueOn: null });
    expect(d.events.map((e) => e.kind)).toEqual([
      'opened',
      'action',
      'step',
      'step',
      'step',
      'check_in',
      'check_in',
      'check_in',
      'check_in',
      'closed',
    ]);
    expect(d.actions.filter((a) => a.kind === 'check_in')).toHaveLength(4);

    const clearing = (await c.town.request('GET', '/api/cases/ledgers/clearing')).json<Page<CaseSummary>>();
    expect(clearing.items.find((i) => i.id === id)).toMatchObject({ ending: 'returned' });
    overview = (await c.admin.request('GET', '/api/cases/overview')).json<CaseOverview>();
    expect(overview.total).toMatchObject({
      confirmed: 1,
      returned: 1,
      closed: 1,
      checkInsInSchool: 4,
      checkInsOut: 0,
    });
    expect(overview.towns.find((r) => r.code === TOWN_A)).toMatchObject({ closed: 1, name: '接官亭镇' });

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('entity', '=', 'case')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.detail)).toEqual(
      expect.arrayContaining(['advance:persuasion', 'advance:return', 'advance:observation', 'check-in:1:4']),
    );
    clock.setDay('2026-12-01');
  });

  it('refuses the second of two saves made on the same version, and keeps the first', async () => {
    const id = await openFor(t.fixture.students.a2);
    const d = await detail(c.school, id);
    const first = await c.school.request('PATCH', `/api/cases/${id}`, {
      version: d.version,
      plan: '校长家访',
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await c.town.request('PATCH', `/api/cases/${id}`, {
      version: d.version,
      plan: '镇干部约谈',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'case_version_conflict',
      message: expect.stringContaining('刷新'),
    });
    const after = await detail(c.town, id);
    expect(after).toMatchObject({ plan: '校长家访', version: d.version + 1 });
    const team = await c.town.request('PUT', `/api/cases/${id}/team`, { version: d.version, members: [] });
    expect(team.json().error.code).toBe('case_version_conflict');
    expect((await detail(c.town, id)).team.length).toBeGreaterThan(0);

    // Closing needs evidence; with it, any open step closes.
    let res = await c.town.request('POST', `/api/cases/${id}/close`, {
      version: after.version,
      ending: 'moved_out',
      evidence: '',
    });
    expect(res.statusCode).toBe(400);
    res = await c.town.request('POST', `/api/cases/${id}/close`, {
      version: after.version,
      ending: 'moved_out',
      evidence: '迁入地学校接收证明',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<CaseDetail>()).toMatchObject({
      step: 'closed',
      ending: 'moved_out',
      endingEvidence: '迁入地学校接收证明',
      confirmedOutOfSchool: false,
    });
    res = await c.town.request('POST', `/api/cases/${id}/actions`, {
      kind: 'call',
      happenedOn: '2026-12-01',
    });
    expect(res.json().error.code).toBe('case_step_invalid');
    const ledger = (await c.admin.request('GET', '/api/cases/ledgers/dropouts')).json<Page<CaseSummary>>();
    expect(ledger.items.map((i) => i.id)).not.toContain(id);
    const clearing = await c.admin.request('GET', '/api/cases/ledgers/clearing?format=xlsx');
    expect(clearing.headers['content-type']).toContain('spreadsheetml');
  });

  it('sends a case found out of school at a check-in back to persuasion, and a later return starts a new round', async () => {
    const id = await openFor(t.fixture.students.crossLine);
    const step = async (body: object) => {
      const d = await detail(c.admin, id);
      const res = await c.admin.request('POST', `/api/cases/${id}/advance`, { ...body, version: d.version });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<CaseDetail>();
    };
    await step({ to: 'persuasion', reasonCode: 'work' });
    await step({ to: 'return', placement: 'home_teaching' });
    let d = await step({ to: 'observation', returnedOn: '2026-12-01' });
    clock.setDay('2026-12-31');
    let res = await c.admin.request('POST', `/api/cases/${id}/check-ins/1/1`, {
      doneOn: '2026-12-31',
      inSchool: false,
      note: '又外出',
      version: d.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    d = res.json<CaseDetail>();
    expect(d).toMatchObject({ step: 'persuasion', reopenCount: 1, stepDueOn: '2027-01-15', overdue: false });
    expect(d.checkIns).toEqual([
      expect.objectContaining({ round: 1, seq: 1, inSchool: false, doneOn: '2026-12-31' }),
    ]);
    expect(d.events.at(-1)).toMatchObject({
      kind: 'reopened',
      fromStep: 'observation',
      toStep: 'persuasion',
    });
    res = await c.admin.request('POST', `/api/cases/${id}/check-ins/1/2`, {
      doneOn: '2026-12-31',
      inSchool: true,
      version: d.version,
    });
    expect(res.json().error.code).toBe('case_step_invalid');
    await step({ to: 'return', placement: 'school', returnSchoolCode: SCHOOL_A });
    d = await step({ to: 'observation', returnedOn: '2026-12-31' });
    expect(d.checkIns.filter((x) => x.round === 2).map((x) => x.seq)).toEqual([1, 2, 3, 4]);
    const overview = (await c.admin.request('GET', '/api/cases/overview')).json<CaseOverview>();
    expect(overview.total.checkInsOut).toBeGreaterThanOrEqual(1);
    clock.setDay('2026-12-01');
  });

  it('pages the case list with its total, past the last page too, with the names of places', async () => {
    await openFor(t.fixture.students.a1);
    const list = (client: Client, query: string) =>
      client.request('GET', `/api/cases?state=all&${query}`).then((r) => {
        expect(r.statusCode, r.body).toBe(200);
        return r.json<Page<CaseSummary>>();
      });
    const all = await list(c.admin, 'pageSize=100');
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThan(0);
    expect(all.items.every((i) => i.townName !== null && i.villageName !== null)).toBe(true);
    const first = await list(c.admin, 'pageSize=1');
    expect(first).toMatchObject({ total: all.total, page: 1, pageSize: 1 });
    expect(first.items.map((i) => i.id)).toEqual([all.items[0]!.id]);
    const past = await list(c.admin, `pageSize=1&page=${all.total + 2}`);
    expect(past).toMatchObject({ items: [], total: all.total });
    const none = await list(c.admin, 'pageSize=5&q=nobody-by-this-name');
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('keeps each official to the cases of their scope', async () => {
    const a = await openFor(t.fixture.students.a1);
    const a2 =
      (
        await t.database.db
          .selectFrom('cases')
          .select('id')
          .where('step', '<>', 'closed')
          .where('student_id', '=', t.fixture.students.a2)
          .executeTakeFirst()
      )?.id ?? (await openFor(t.fixture.students.a2));
    const d = await detail(c.town, a);
    // Town B's official: neither sees nor acts on a town A case, and the attempt is audited.
    expect((await c.townB.request('GET', `/api/cases/${a}`)).statusCode).toBe(404);
    const res = await c.townB.request('PATCH', `/api/cases/${a}`, { version: d.version, plan: 'x' });
    expect(res.statusCode).toBe(404);
    const denied = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'access_denied')
      .where('entity', '=', 'case')
      .execute();
    expect(denied.map((r) => r.entity_id)).toContain(String(a));
    const listB = (await c.townB.request('GET', '/api/cases?state=all')).json<Page<CaseSummary>>();
    expect(listB.items.every((i) => i.townCode === TOWN_B || i.schoolCode === '2161000002')).toBe(true);
    // The teacher of class A1 only: not class A2's child.
    expect((await c.teacher.request('GET', `/api/cases/${a}`)).statusCode).toBe(200);
    expect((await c.teacher.request('GET', `/api/cases/${a2}`)).statusCode).toBe(404);
    const mine = (await c.teacher.request('GET', '/api/cases?state=all')).json<Page<CaseSummary>>();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.classId === t.fixture.classes.a1)).toBe(true);
    // A list names the class with its grade too (class A1 is 三年级1班).
    expect(mine.items.every((i) => i.className === '1班' && i.classGrade === 3)).toBe(true);
    // A leader sees but may not work.
    expect((await detail(c.leader, a)).canWork).toBe(false);
    expect(
      (await c.leader.request('PATCH', `/api/cases/${a}`, { version: d.version, plan: 'x' })).statusCode,
    ).toBe(403);
    // The full identity number: only with the grant, and audited.
    expect((await c.town.request('POST', `/api/cases/${a}/identity`)).statusCode).toBe(403);
    const id = await c.admin.request('POST', `/api/cases/${a}/identity`);
    expect(id.json().idNumber).toMatch(/^\d{17}[\dX]$/);
    const views = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'view_identity')
      .where('entity', '=', 'case')
      .execute();
    expect(views.map((v) => v.entity_id)).toContain(String(a));
  });

  it('opens a case by hand once, for a child in scope', async () => {
    const open = await openFor(t.fixture.students.a1);
    let res = await c.village.request('POST', '/api/cases', {
      source: 'village_report',
      sourceNote: '村民反映',
      studentId: t.fixture.students.a1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'case_open_exists',
      details: [{ path: 'caseId', message: String(open), messageEn: String(open) }],
    });
    res = await c.village.request('POST', '/api/cases', {
      source: 'village_report',
      sourceNote: '村民反映',
      studentId: t.fixture.students.b1,
    });
    expect(res.statusCode).toBe(404);
    res = await c.village.request('POST', '/api/cases', {
      source: 'village_report',
      sourceNote: '外出务工',
      name: '王小五',
      villageCode: '610727102200',
    });
    expect(res.statusCode).toBe(400);
    const body = {
      source: 'village_report',
      sourceNote: '外出务工',
      name: '王小五',
      villageCode: '610727101201',
      guardianName: '王大五',
      reasonCode: 'work',
    };
    // A number that says another birth date or gender than the one typed: refused on the field.
    const numbered = makeIdNumber('610727', '2014-01-01', 41, 'M');
    for (const [slip, path] of [
      [{ birthDate: '2099-12-31' }, 'birthDate'],
      [{ gender: 'F' }, 'gender'],
    ] as const) {
      res = await c.village.request('POST', '/api/cases', { ...body, idNumber: numbered, ...slip });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details).toEqual([expect.objectContaining({ path })]);
    }
    res = await c.village.request('POST', '/api/cases', body);
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json<CaseDetail>();
    expect(made).toMatchObject({
      source: 'village_report',
      townCode: TOWN_A,
      schoolCode: SCHOOL_A,
      guardianName: '王大五',
      step: 'verification',
    });
    expect(made.team.map((m) => m.role)).toEqual(expect.arrayContaining(['village_cadre', 'guardian']));
    res = await c.village.request('POST', '/api/cases', body);
    expect(res.json().error.code).toBe('case_open_exists');
    expect((await c.teacher.request('POST', '/api/cases', body)).statusCode).toBe(403);

    // A child reported by the number of a child whose case is in town B: the village is told
    // a case is open, not which (that case is town B's, and 404 to this user).
    const elsewhere = await openFor(t.fixture.students.b1);
    const b1 = await t.database.db
      .selectFrom('students')
      .select('id_number')
      .where('id', '=', t.fixture.students.b1)
      .executeTakeFirstOrThrow();
    res = await c.village.request('POST', '/api/cases', { ...body, name: '孙三', idNumber: b1.id_number });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('case_open_exists');
    expect(res.body).not.toContain(String(elsewhere));
    expect((await c.village.request('GET', `/api/cases/${elsewhere}`)).statusCode).toBe(404);
  });

  it('marks late steps overdue at night, escalates up both lines and then to the bureau, once', async () => {
    const db = t.database.db;
    clock.setDay('2026-12-01');
    const id = await openFor(t.fixture.students.b1);
    const items = (userId: number) =>
      db
        .selectFrom('inbox_items')
        .select(['kind', 'dedupe_key', 'done_at'])
        .where('case_id', '=', id)
        .where('user_id', '=', userId)
        .orderBy('id')
        .execute();
    const townB = (
      await db.selectFrom('users').select('id').where('username', '=', 'town-b').executeTakeFirstOrThrow()
    ).id;
    const admin = t.fixture.users.county_admin.id;
    const pass = async (day: string) => {
      clock.setDay(day);
      const runs = await runDailyJobs(db, COUNTY, clock);
      return runs.find((r) => r.job === 'case-overdue')!.summary;
    };

    await pass('2026-12-03');
    expect((await items(townB)).map((i) => i.kind)).toEqual(['case_opened', 'step_due']);
    await pass('2026-12-04');
    expect((await items(townB)).map((i) => i.kind)).toEqual(['case_opened', 'step_due']);
    let row = await db
      .selectFrom('cases')
      .select(['overdue', 'escalation_level'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ overdue: false, escalation_level: 0 });

    let summary = await pass('2026-12-05');
    expect(summary.markedOverdue).toBeGreaterThanOrEqual(1);
    row = await db
      .selectFrom('cases')
      .select(['overdue', 'escalation_level'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ overdue: true, escalation_level: 1 });
    expect((await items(townB)).map((i) => i.kind)).toEqual([
      'case_opened',
      'step_due',
      'step_overdue',
      'case_escalated',
    ]);
    expect(await items(admin)).toEqual([]);
    const listed = (await c.townB.request('GET', '/api/cases?overdue=true')).json<Page<CaseSummary>>();
    expect(listed.items.map((i) => i.id)).toContain(id);

    summary = await pass('2026-12-05');
    expect(summary).toMatchObject({ markedOverdue: 0, secondLevel: 0, inboxItems: 0 });
    await pass('2026-12-10');
    expect(await items(admin)).toEqual([]);
    summary = await pass('2026-12-11');
    expect(summary.secondLevel).toBeGreaterThanOrEqual(1);
    expect((await items(admin)).map((i) => [i.kind, i.dedupe_key])).toEqual([
      ['case_escalated', `case-escalated:2:${id}:verification:2026-12-04`],
    ]);
    summary = await pass('2026-12-11');
    expect(summary).toMatchObject({ markedOverdue: 0, secondLevel: 0, inboxItems: 0 });
    const events = await db
      .selectFrom('case_events')
      .select('kind')
      .where('case_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['opened', 'overdue', 'escalated']);
    // The system's marks are audited like any change of the case: the opening, then the two marks.
    const bySystem = await db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'case')
      .where('entity_id', '=', String(id))
      .where('user_id', 'is', null)
      .orderBy('id')
      .execute();
    expect(bySystem.map((a) => [a.action, a.after])).toEqual([
      ['create', expect.anything()],
      ['update', { overdue: true }],
      ['update', { escalationLevel: 2 }],
    ]);
    const overview = (
      await c.admin.request('GET', `/api/cases/overview?townCode=${TOWN_B}`)
    ).json<CaseOverview>();
    expect(overview.total.overdue).toBeGreaterThanOrEqual(1);
    expect(overview.total.escalated).toBeGreaterThanOrEqual(1);

    // A step change settles the lateness and its inbox items.
    const d = await detail(c.townB, id);
    const res = await c.townB.request('POST', `/api/cases/${id}/advance`, {
      to: 'persuasion',
      reasonCode: 'illness',
      version: d.version,
    });
    expect(res.json<CaseDetail>()).toMatchObject({
      overdue: false,
      escalationLevel: 0,
      stepDueOn: '2026-12-26',
    });
    expect(
      (await items(townB)).filter((i) => i.kind !== 'case_opened').every((i) => i.done_at !== null),
    ).toBe(true);
    clock.setDay('2026-12-01');
  });

  it('opens a case reported by the number of a pupil in school from the pupil record: school, class and class teacher', async () => {
    const db = t.database.db;
    // In school B and class B1, living in village A1: the village official sees the pupil.
    const idNumber = makeIdNumber(COUNTY, '2013-05-05', 131, 'F');
    const { id: pupil } = await db
      .insertInto('students')
      .values({
        county_code: COUNTY,
        id_number: idNumber,
        name: '周七',
        gender: 'F',
        birth_date: '2013-05-05',
        school_code: SCHOOL_B,
        class_id: t.fixture.classes.b1,
        grade: 7,
        status: 'enrolled',
        village_code: VILLAGE_A1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await c.village.request('POST', '/api/cases', {
      source: 'village_report',
      sourceNote: '村民反映',
      name: '周七',
      idNumber,
      villageCode: VILLAGE_A1,
    });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json<CaseDetail>();
    expect(made).toMatchObject({
      studentId: pupil,
      schoolCode: SCHOOL_B,
      classId: t.fixture.classes.b1,
      villageCode: VILLAGE_A1,
      townCode: TOWN_A,
      source: 'village_report',
    });
    expect(made.team).toContainEqual(
      expect.objectContaining({ role: 'class_teacher', staffId: t.fixture.staff.teacherB }),
    );
    const audit = await db
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'case')
      .where('entity_id', '=', String(made.id))
      .where('action', '=', 'create')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ studentId: pupil });
  });
});
