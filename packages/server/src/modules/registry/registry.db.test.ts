import {
  ENROLLMENT_STATUSES,
  type ChangeStatusResult,
  type EnrollmentStatus,
  type ErrorResponse,
  type Page,
  type PendingTransfer,
  type SchoolDirectoryEntry,
  type StudentEvent,
  type StudentEventListItem,
  type StudentSummary,
} from '@baoxue/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { sheetRows } from '../../../test/imports';
import { openCase } from '../cases/cases.open';
import { recordStatusChange } from './registry.queries';
import { runTransferOverduePass } from './transfers.overdue';
import {
  COUNTY,
  SCHOOL_A,
  SCHOOL_B,
  TOWN_B,
  VILLAGE_A1,
  VILLAGE_A2,
  VILLAGE_B1,
} from '../../../test/fixtures';

// The whole roster of a user is read in a kept order (registry.queries.ts): its pages must be
// the database's order of the user's scope, and never show a child outside it.

describe.each(databaseKinds())('the student list on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // Town A's roster mixes both lines: its school's pupils, and its villages' children
    // enrolled in town B.
    await sql`insert into students (county_code, id_number, name, gender, school_code, grade, status, village_code)
      select ${COUNTY}, '6107272015' || lpad(g::text, 8, '0'), '名单生' || g, 'F',
        case when g % 3 = 0 then ${SCHOOL_B} else ${SCHOOL_A} end, 1 + g % 9, 'enrolled',
        case g % 4 when 0 then ${VILLAGE_A1} when 1 then ${VILLAGE_A2} else ${VILLAGE_B1} end
      from generate_series(1, 40) g`.execute(t.database.db);
  });
  afterAll(async () => t?.close());

  /** Town A's students in the list's order, straight from the database. */
  async function townRosterIds(): Promise<number[]> {
    const rows = await t.database.db
      .selectFrom('students')
      .select('id')
      .where('county_code', '=', COUNTY)
      .where((eb) =>
        eb.or([eb('school_code', '=', SCHOOL_A), eb('village_code', 'in', [VILLAGE_A1, VILLAGE_A2])]),
      )
      .orderBy('school_code')
      .orderBy('grade')
      .orderBy('class_id')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  it("pages through a town official's whole roster in the database's order", async () => {
    const town = await login(t.app, t.fixture.users.town_official.username);
    const expected = await townRosterIds();
    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const answer = (await town.request('GET', `/api/students?page=${page}&pageSize=7`)).json<
        Page<StudentSummary>
      >();
      expect(answer.total).toBe(expected.length);
      if (answer.items.length === 0) break;
      seen.push(...answer.items.map((s) => s.id));
    }
    expect(seen).toEqual(expected);
    expect(expected.length).toBeGreaterThan(20);
  });

  it("counts the list's students by status, under the list's filters, each count the list it opens", async () => {
    const town = await login(t.app, t.fixture.users.town_official.username);
    for (const filter of ['', `villageCode=${VILLAGE_A1}`, `schoolCode=${SCHOOL_B}`, 'q=名单生1']) {
      const counts = (await town.request('GET', `/api/students/status-counts?${filter}`)).json<
        Record<EnrollmentStatus, number>
      >();
      expect(Object.keys(counts).sort()).toEqual([...ENROLLMENT_STATUSES].sort());
      const all = (await town.request('GET', `/api/students?${filter}`)).json<Page<StudentSummary>>();
      expect([filter, Object.values(counts).reduce((a, b) => a + b, 0)]).toEqual([filter, all.total]);
      for (const status of ENROLLMENT_STATUSES) {
        const one = (await town.request('GET', `/api/students?${filter}&status=${status}`)).json<
          Page<StudentSummary>
        >();
        expect([filter, status, counts[status]]).toEqual([filter, status, one.total]);
      }
    }
    const whole = (await town.request('GET', '/api/students/status-counts')).json<Record<string, number>>();
    expect(whole.enrolled).toBeGreaterThan(20);
  });

  it('never shows a child who has left the scope, though the roster was kept before', async () => {
    const town = await login(t.app, t.fixture.users.town_official.username);
    const ids = async () =>
      (await town.request('GET', '/api/students?pageSize=100'))
        .json<Page<StudentSummary>>()
        .items.map((s) => s.id);
    const before = await ids();
    const [leaving] = before;
    // Moved to town B behind the services' back, as another process would.
    await t.database.db
      .updateTable('students')
      .set({ school_code: SCHOOL_B, village_code: VILLAGE_B1 })
      .where('id', '=', leaving!)
      .execute();
    expect(await ids()).toEqual(before.slice(1));

    // A change through the API forgets the kept roster: the total follows.
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    expect((await admin.request('PATCH', `/api/regions/${TOWN_B}`, { name: '名单测试镇' })).statusCode).toBe(
      200,
    );
    const after = (await town.request('GET', '/api/students?pageSize=100')).json<Page<StudentSummary>>();
    expect(after.total).toBe(before.length - 1);
    expect(after.items.map((s) => s.id)).toEqual(await townRosterIds());
  });
});

// 学籍变动 by hand: a school keeps a pupil's status current between imports, and the change is
// the same event in the pupil's history that an import would have written.
describe.each(databaseKinds())('a change of registry status on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  const statusOf = async (id: number) =>
    (
      await t.database.db
        .selectFrom('students')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;

  it('lets a principal suspend a pupil and take them back, each an event with its reason and an audited change', async () => {
    const principal = await login(t.app, t.fixture.users.school_admin.username);
    const pupil = t.fixture.students.a1;
    const change = (status: string, note: string) =>
      principal.request('POST', `/api/students/${pupil}/status`, { status, date: '2026-09-14', note });

    const counts = async () =>
      (await principal.request('GET', '/api/students/status-counts')).json<
        Record<EnrollmentStatus, number>
      >();
    const before = await counts();
    const suspended = await change('suspended', '因病休学一学期');
    expect(suspended.statusCode, suspended.body).toBe(200);
    // The kept counts are forgotten with the change.
    expect(await counts()).toEqual({
      ...before,
      enrolled: before.enrolled - 1,
      suspended: before.suspended + 1,
    });
    expect(suspended.json<StudentSummary>()).toMatchObject({ id: pupil, status: 'suspended' });
    const resumed = await change('enrolled', '病愈复学');
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(await statusOf(pupil)).toBe('enrolled');

    const events = (await principal.request('GET', `/api/students/${pupil}/events`)).json<StudentEvent[]>();
    expect(events.map((e) => [e.kind, e.statusBefore, e.statusAfter, e.note, e.date, e.by])).toEqual([
      [
        'suspend',
        'enrolled',
        'suspended',
        '因病休学一学期',
        '2026-09-14',
        'school_admin 用户',
      ],
      // Who recorded it, by name rather than by login.
      ['resume', 'suspended', 'enrolled', '病愈复学', '2026-09-14', 'school_admin 用户'],
    ]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'student')
      .where('entity_id', '=', String(pupil))
      .orderBy('id')
      .execute();
    expect(audit).toMatchObject([
      {
        action: 'update',
        before: { status: 'enrolled' },
        after: { status: 'suspended', note: '因病休学一学期' },
      },
      { action: 'update', before: { status: 'suspended' }, after: { status: 'enrolled', note: '病愈复学' } },
    ]);
  });

  it('names a return as an import would: back from 转出 is 转入, back from 毕业 a new enrolment', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const pupil = t.fixture.students.b1;
    for (const [status, note] of [
      ['transferred_out', '随父母转往外省'],
      ['enrolled', '返回本县就读'],
      ['graduated', '小学毕业'],
      ['enrolled', '重新注册'],
    ]) {
      const res = await admin.request('POST', `/api/students/${pupil}/status`, {
        status,
        date: '2026-10-08',
        note,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const events = (await admin.request('GET', `/api/students/${pupil}/events`)).json<StudentEvent[]>();
    expect(events.map((e) => e.kind)).toEqual(['transfer_out', 'transfer_in', 'graduate', 'enrol']);
  });

  it('writes nothing when another change came first: the status it starts from must still stand', async () => {
    const pupil = t.fixture.students.a2;
    const stale = {
      county_code: COUNTY,
      student_id: pupil,
      id_number: '',
      kind: 'drop_out' as const,
      event_date: '2026-10-08',
      from_school_code: SCHOOL_A,
      to_school_code: SCHOOL_A,
      grade: null,
      status_before: 'suspended' as const,
      status_after: 'dropped_out' as const,
      note: '读到的是旧状态',
      user_id: null,
      username: null,
    };
    expect(await recordStatusChange(t.database.db, stale)).toBe(false);
    expect(await statusOf(pupil)).toBe('enrolled');
    const written = await t.database.db
      .selectFrom('student_events')
      .select('id')
      .where('student_id', '=', pupil)
      .execute();
    expect(written).toEqual([]);
  });

  it('refuses an unchanged status, a future day, a missing reason, a pupil outside the school and a teacher, changing nothing', async () => {
    const principal = await login(t.app, t.fixture.users.school_admin.username);
    const teacher = await login(t.app, t.fixture.users.teacher.username);
    const pupil = t.fixture.students.a1;
    const post = (client: Client, id: number, body: object) =>
      client.request('POST', `/api/students/${id}/status`, body);
    const ok = { status: 'dropped_out', date: '2026-10-08', note: '外出务工' };

    const unchanged = await post(principal, pupil, { ...ok, status: 'enrolled' });
    expect(unchanged.statusCode).toBe(400);
    expect(unchanged.body).toContain('该生学籍状态已是“在读”');
    const future = await post(principal, pupil, { ...ok, date: '2099-01-04' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('不能登记未来日期');
    const unborn = await post(principal, pupil, { ...ok, date: '2016-01-04' });
    expect(unborn.statusCode).toBe(400);
    expect(unborn.json<ErrorResponse>().error.details).toEqual([
      {
        path: 'date',
        message: expect.stringContaining('日期早于该生出生日期'),
        messageEn: expect.stringContaining("before the pupil's birth"),
      },
    ]);
    const noReason = await post(principal, pupil, { ...ok, note: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('请写明变动原因');
    expect((await post(principal, t.fixture.students.b1, ok)).statusCode).toBe(404);
    expect((await post(teacher, pupil, ok)).statusCode).toBe(403);

    expect(await statusOf(pupil)).toBe('enrolled');
    const events = await t.database.db
      .selectFrom('student_events')
      .select('kind')
      .where('student_id', '=', pupil)
      .where('kind', '=', 'drop_out')
      .execute();
    expect(events).toEqual([]);
  });

  it('opens a case at once for a pupil recorded as 辍学, and finds it again while it is open', async () => {
    const principal = await login(t.app, t.fixture.users.school_admin.username);
    const pupil = t.fixture.students.a1;
    const record = async (status: string, note: string) => {
      const res = await principal.request('POST', `/api/students/${pupil}/status`, {
        status,
        date: '2026-10-12',
        note,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ChangeStatusResult>();
    };
    const dropped = await record('dropped_out', '外出务工');
    expect(dropped.status).toBe('dropped_out');
    expect(dropped.caseId).toEqual(expect.any(Number));
    const opened = await t.database.db
      .selectFrom('cases')
      .select(['student_id', 'source', 'source_ref', 'source_note', 'step', 'school_code'])
      .where('id', '=', dropped.caseId!)
      .executeTakeFirstOrThrow();
    expect(opened).toEqual({
      student_id: pupil,
      source: 'registry',
      source_ref: `student:${pupil}`,
      source_note: '学籍登记为辍学（2026-10-12）：外出务工',
      step: 'verification',
      school_code: SCHOOL_A,
    });
    // The team hears of it now: the town official among them.
    const told = await t.database.db
      .selectFrom('inbox_items')
      .select('user_id')
      .where('kind', '=', 'case_opened')
      .where('case_id', '=', dropped.caseId!)
      .execute();
    expect(told.map((r) => r.user_id)).toContain(t.fixture.users.town_official.id);

    // Back in school and out again while the case is open: the same case, no second one.
    expect((await record('enrolled', '劝返复学')).caseId).toBeNull();
    expect((await record('dropped_out', '再次辍学')).caseId).toBe(dropped.caseId);
    const cases = await t.database.db
      .selectFrom('cases')
      .select('id')
      .where('student_id', '=', pupil)
      .execute();
    expect(cases).toHaveLength(1);
  });
  it("writes where a pupil went (转出 with a destination) as the year's out-of-county record: the next run counts the pupil 县外就读, one gone without a destination suspected out of school", async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const gone = t.fixture.students.a2;
    const lost = t.fixture.students.crossLine;
    const destination = {
      school: '示例市实验小学',
      region: '四川省示例市示例区',
      verification: 'school_certificate',
      verifiedOn: '2026-10-09',
    };
    const post = (id: number, body: object) =>
      admin.request('POST', `/api/students/${id}/status`, { date: '2026-10-08', ...body });

    const notTransfer = await post(gone, { status: 'suspended', note: '休学', destination });
    expect(notTransfer.statusCode).toBe(400);
    expect(notTransfer.body).toContain('只有转出需要登记去向');
    const laterDay = await post(gone, {
      status: 'transferred_out',
      note: '转学',
      destination: { ...destination, verifiedOn: '2099-01-04' },
    });
    expect(laterDay.statusCode).toBe(400);
    expect(await statusOf(gone)).toBe('enrolled');

    const moved = await post(gone, { status: 'transferred_out', note: '随父母外出务工转学', destination });
    expect(moved.statusCode, moved.body).toBe(200);
    const vanished = await post(lost, { status: 'transferred_out', note: '家长称已转学，去向不明' });
    expect(vanished.statusCode, vanished.body).toBe(200);

    const pupils = await t.database.db
      .selectFrom('students')
      .select(['id', 'id_number', 'name', 'gender', 'birth_date', 'village_code'])
      .where('id', 'in', [gone, lost])
      .execute();
    const goneRow = pupils.find((p) => p.id === gone)!;
    const records = await t.database.db
      .selectFrom('out_of_county_records')
      .select(['school_year', 'id_number', 'name', 'school', 'region', 'grade', 'verification', 'import_id'])
      .select(sql<string>`verified_on::text`.as('verified_on'))
      .where('county_code', '=', COUNTY)
      .execute();
    expect(records).toEqual([
      {
        school_year: 2026,
        id_number: goneRow.id_number,
        name: '钱二',
        school: destination.school,
        region: destination.region,
        grade: 4,
        verification: 'school_certificate',
        verified_on: '2026-10-09',
        import_id: null,
      },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['detail', 'after'])
      .where('entity', '=', 'student')
      .where('entity_id', '=', String(gone))
      .executeTakeFirstOrThrow();
    expect(audit.detail).toContain('转往 四川省示例市示例区 示例市实验小学');
    expect(audit.after).toMatchObject({ status: 'transferred_out', destination });

    // Both children in the population roster of the year: the run tells them apart.
    await t.database.db
      .insertInto('population')
      .values(
        pupils.map((p, i) => ({
          county_code: COUNTY,
          school_year: 2026,
          row_no: i + 1,
          id_number: p.id_number,
          id_valid: true,
          name: p.name,
          gender: p.gender,
          birth_date: p.birth_date!,
          village_code: p.village_code!,
        })),
      )
      .execute();
    const run = await admin.request('POST', '/api/reconciliation/runs', { schoolYear: 2026 });
    expect(run.statusCode, run.body).toBe(202);
    await t.app.jobs.idle();
    const statuses = await t.database.db
      .selectFrom('reconciliation_children')
      .select(['name', 'status'])
      .where('run_id', '=', run.json<{ id: number }>().id)
      .orderBy('name')
      .execute();
    expect(statuses).toEqual([
      { name: '李四', status: 'suspected_out_of_school' },
      { name: '钱二', status: 'enrolled_out_of_county' },
    ]);
  });

  it('gives the case of a pupil gone without a destination the record again once the school takes the pupil back, so it follows the pupil', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const db = t.database.db;
    const pupil = t.fixture.students.crossLine;
    await db.updateTable('students').set({ status: 'transferred_out' }).where('id', '=', pupil).execute();
    const child = await db
      .selectFrom('students')
      .select(['id_number', 'name', 'birth_date'])
      .where('id', '=', pupil)
      .executeTakeFirstOrThrow();
    // As a run opens it for a suspected child: keyed on the number, without the record.
    const { caseId } = await openCase(db, {
      countyCode: COUNTY,
      source: 'reconciliation',
      sourceRef: 'run:1',
      child: {
        childKey: child.id_number,
        idNumber: child.id_number,
        name: child.name,
        gender: 'F',
        birthDate: child.birth_date,
        villageCode: VILLAGE_A1,
        schoolCode: SCHOOL_A,
        guardianName: null,
        guardianPhone: null,
      },
      openedOn: '2026-10-12',
      by: null,
    });
    await db.updateTable('cases').set({ student_id: null }).where('id', '=', caseId).execute();

    const back = await admin.request('POST', `/api/students/${pupil}/status`, {
      status: 'enrolled',
      date: '2026-10-13',
      note: '劝返回校',
    });
    expect(back.statusCode, back.body).toBe(200);
    const linked = await db
      .selectFrom('cases')
      .select(['student_id', 'school_code', 'class_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(linked).toEqual({ student_id: pupil, school_code: SCHOOL_B, class_id: t.fixture.classes.b1 });
  });
});

// 接收转入 (一人一籍，籍随人走): a school takes over the record of a pupil from another school of
// the county, as an import of that one row would; both schools see the handover.
describe.each(databaseKinds())('a transfer within the county received by hand on %s', (kind) => {
  let t: TestApp;
  let principal: Client;
  beforeAll(async () => {
    t = await createTestApp(kind);
    principal = await login(t.app, t.fixture.users.school_admin.username);
  });
  afterAll(async () => t?.close());

  const recordOf = (id: number) =>
    t.database.db
      .selectFrom('students')
      .select(['id_number', 'name', 'school_code', 'grade', 'class_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const receive = (client: Client, body: object) => client.request('POST', '/api/students/transfers', body);

  it('refuses a wrong name, an unknown number, its own pupil, a grade or class it does not have, another school and a teacher, moving nothing', async () => {
    const teacher = await login(t.app, t.fixture.users.teacher.username);
    const pupil = await recordOf(t.fixture.students.b1);
    const own = await recordOf(t.fixture.students.a1);
    const ok = {
      idNumber: pupil.id_number,
      name: pupil.name,
      schoolCode: SCHOOL_A,
      grade: 3,
      date: '2026-10-08',
    };
    const refusals: [object, number, string][] = [
      [{ ...ok, name: '别人' }, 400, '本县学籍中没有身份证号与姓名都相符的学生'],
      [{ ...ok, idNumber: '610727201001010000' }, 400, '本县学籍中没有身份证号与姓名都相符的学生'],
      [{ ...ok, idNumber: own.id_number, name: own.name }, 400, '该生在本校已有学籍（在读）'],
      [{ ...ok, grade: 7 }, 400, '不设七年级'],
      [{ ...ok, classId: t.fixture.classes.a2 }, 400, '所选班级不是本校本学年该年级的班级'],
      [{ ...ok, date: '2099-01-04' }, 400, '不能登记未来日期'],
      [{ ...ok, date: '2001-01-04' }, 400, '日期早于该生出生日期'],
      [{ ...ok, schoolCode: SCHOOL_B }, 404, ''],
    ];
    for (const [body, status, message] of refusals) {
      const res = await receive(principal, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.body).toContain(message);
    }
    expect((await receive(teacher, ok)).statusCode).toBe(403);
    expect(await recordOf(t.fixture.students.b1)).toEqual(pupil);

    // Left school A (转出), 在读 at school B, and back: A's own record is the one to change.
    const returning = { id_number: '610727201301010011', name: '回流生', gender: 'M' as const, grade: 3 };
    await t.database.db
      .insertInto('students')
      .values([
        { ...returning, county_code: COUNTY, school_code: SCHOOL_A, status: 'transferred_out' },
        { ...returning, county_code: COUNTY, school_code: SCHOOL_B, status: 'enrolled' },
      ])
      .execute();
    const back = await receive(principal, { ...ok, idNumber: returning.id_number, name: returning.name });
    expect(back.statusCode).toBe(400);
    expect(back.body).toContain('该生在本校已有学籍（转出），请在学生详情中登记学籍变动');
  });

  it('moves the record into a class of the school, one event both schools see, audited', async () => {
    const pupil = await recordOf(t.fixture.students.b1);
    const res = await receive(principal, {
      idNumber: pupil.id_number,
      name: pupil.name,
      schoolCode: SCHOOL_A,
      grade: 3,
      classId: t.fixture.classes.a1,
      date: '2026-10-08',
      note: '随父母迁居',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<StudentSummary>()).toMatchObject({
      id: t.fixture.students.b1,
      schoolCode: SCHOOL_A,
      grade: 3,
      classId: t.fixture.classes.a1,
      status: 'enrolled',
    });
    const events = (await principal.request('GET', `/api/students/${t.fixture.students.b1}/events`)).json<
      StudentEvent[]
    >();
    expect(events.map((e) => [e.kind, e.fromSchoolCode, e.toSchoolCode, e.grade, e.note])).toEqual([
      ['transfer_within', SCHOOL_B, SCHOOL_A, 3, '随父母迁居'],
    ]);
    // The school the pupil left sees the handover among its events.
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const ofB = (await admin.request('GET', `/api/student-events?schoolCode=${SCHOOL_B}`)).json<
      Page<StudentEvent>
    >();
    expect(ofB.items.map((e) => [e.studentId, e.kind])).toContainEqual([
      t.fixture.students.b1,
      'transfer_within',
    ]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail', 'before', 'after'])
      .where('entity', '=', 'student')
      .where('entity_id', '=', String(t.fixture.students.b1))
      .execute();
    // The entry names both schools as a county official knows them.
    const names = await t.database.db
      .selectFrom('schools')
      .select('name')
      .where('code', 'in', [SCHOOL_B, SCHOOL_A])
      .orderBy(sql`code = ${SCHOOL_A}`)
      .execute();
    expect(audit[0]?.detail).toBe(`接收转入 / transfer in: ${names[0]!.name} → ${names[1]!.name}`);
    expect(audit).toMatchObject([
      {
        action: 'update',
        before: { schoolCode: SCHOOL_B, status: 'enrolled' },
        after: { schoolCode: SCHOOL_A, grade: 3, classId: t.fixture.classes.a1, status: 'enrolled' },
      },
    ]);
  });

  it('takes back a pupil who had left (转出) as 在读: the transfer and the return, as an import writes them', async () => {
    const id = t.fixture.students.crossLine;
    await t.database.db
      .updateTable('students')
      .set({ status: 'transferred_out' })
      .where('id', '=', id)
      .execute();
    const pupil = await recordOf(id);
    const res = await receive(principal, {
      idNumber: pupil.id_number,
      name: ` ${pupil.name} `,
      schoolCode: SCHOOL_A,
      grade: 4,
      date: '2026-10-09',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await recordOf(id)).toMatchObject({
      school_code: SCHOOL_A,
      grade: 4,
      class_id: null,
      status: 'enrolled',
    });
    const kinds = await t.database.db
      .selectFrom('student_events')
      .select(['kind', 'status_before', 'status_after'])
      .where('student_id', '=', id)
      .orderBy('id')
      .execute();
    expect(kinds).toEqual([
      { kind: 'transfer_within', status_before: 'transferred_out', status_after: 'enrolled' },
      { kind: 'transfer_in', status_before: 'transferred_out', status_after: 'enrolled' },
    ]);
  });
});

describe.each(databaseKinds())(
  'a transfer within the county handed over by the sending school on %s',
  (kind) => {
    let t: TestApp;
    let principal: Client;
    let admin: Client;
    beforeAll(async () => {
      t = await createTestApp(kind);
      principal = await login(t.app, t.fixture.users.school_admin.username);
      admin = await login(t.app, t.fixture.users.county_admin.username);
    });
    afterAll(async () => t?.close());

    const recordOf = (id: number) =>
      t.database.db
        .selectFrom('students')
        .select(['school_code', 'grade', 'class_id', 'status', 'pending_school_code'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const transferOut = (client: Client, id: number, body: object) =>
      client.request('POST', `/api/students/${id}/status`, {
        status: 'transferred_out',
        date: '2026-10-12',
        note: '随父母到县城居住',
        ...body,
      });
    const pendingOf = async (client: Client) =>
      (await client.request('GET', '/api/students/pending-transfers')).json<PendingTransfer[]>();

    it('refuses a school with another status, beside an out-of-county destination, its own, or not of the county, changing nothing', async () => {
      const id = t.fixture.students.b1;
      const before = await recordOf(id);
      const refusals: [object, string][] = [
        [{ status: 'suspended', toSchoolCode: SCHOOL_A }, '只有转出需要选择转入学校'],
        [
          {
            toSchoolCode: SCHOOL_A,
            destination: {
              school: '外县一中',
              region: '某省某县',
              verification: 'phone',
              verifiedOn: '2026-10-12',
            },
          },
          '转往县外的去向与县内转入学校只能选一个',
        ],
        [{ toSchoolCode: SCHOOL_B }, '转入学校不能是本校'],
        [{ toSchoolCode: '9999999999' }, '本县没有该学校'],
        // The pupil is in grade 7: school A is a primary school.
        [{ toSchoolCode: SCHOOL_A }, '不设七年级'],
      ];
      for (const [body, message] of refusals) {
        const res = await transferOut(admin, id, body);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.body).toContain(message);
      }
      expect(await recordOf(id)).toEqual(before);
      const teacher = await login(t.app, t.fixture.users.teacher.username);
      expect((await teacher.request('GET', '/api/students/pending-transfers')).statusCode).toBe(403);
    });

    it('tells the school named, which sees the pupil waiting and takes them over without the full number; both schools see the handover', async () => {
      // A pupil of grade 3 at school B (nine-year), on the way to school A (primary).
      const { id } = await t.database.db
        .insertInto('students')
        .values({
          county_code: COUNTY,
          id_number: '610727201701010031',
          name: '转学生',
          gender: 'M',
          school_code: SCHOOL_B,
          grade: 3,
          status: 'enrolled',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const res = await transferOut(admin, id, { toSchoolCode: SCHOOL_A });
      expect(res.statusCode, res.body).toBe(200);
      expect(await recordOf(id)).toMatchObject({
        school_code: SCHOOL_B,
        status: 'transferred_out',
        pending_school_code: SCHOOL_A,
      });

      // The receiving school's principal is told, and finds the pupil waiting, number masked.
      const items = await t.database.db
        .selectFrom('inbox_items')
        .select(['kind', 'title_zh', 'link'])
        .where('user_id', '=', t.fixture.users.school_admin.id)
        .where('kind', '=', 'transfer_pending')
        .execute();
      expect(items).toHaveLength(1);
      expect(items[0]?.title_zh).toMatch(/^待接收转入：/);
      expect(items[0]?.link).toBe('/students?pending=1');
      const pending = await pendingOf(principal);
      expect(pending).toMatchObject([
        {
          studentId: id,
          fromSchoolCode: SCHOOL_B,
          toSchoolCode: SCHOOL_A,
          date: '2026-10-12',
          note: '随父母到县城居住',
        },
      ]);
      expect(pending[0]?.idNumberMasked).toContain('*');
      // The 转出 names the receiving school: both schools see it among their events.
      const eventsOfA = async () =>
        (await principal.request('GET', `/api/student-events?schoolCode=${SCHOOL_A}`)).json<
          Page<StudentEventListItem>
        >().items;
      // Named with the pupil, number masked; not the school's pupil yet, so not to be opened.
      const handedOver = (await eventsOfA()).find((e) => e.studentId === id && e.kind === 'transfer_out');
      expect(handedOver).toMatchObject({
        toSchoolCode: SCHOOL_A,
        studentName: pending[0]?.name,
        studentVisible: false,
      });
      expect(handedOver?.idNumberMasked).toMatch(/^\d{6}\*{12}$/);

      const received = await principal.request('POST', `/api/students/pending-transfers/${id}/receive`, {
        grade: 3,
        classId: t.fixture.classes.a1,
        date: '2026-10-13',
      });
      expect(received.statusCode, received.body).toBe(200);
      expect(await recordOf(id)).toMatchObject({
        school_code: SCHOOL_A,
        grade: 3,
        class_id: t.fixture.classes.a1,
        status: 'enrolled',
        pending_school_code: null,
      });
      // Taken over, the pupil is the school's: every event of theirs opens the record now.
      expect(
        (await eventsOfA()).filter((e) => e.studentId === id).map((e) => [e.kind, e.studentVisible]),
      ).toEqual([
        ['transfer_in', true],
        ['transfer_within', true],
        ['transfer_out', true],
      ]);
      // The same list as a workbook, numbers masked, the export audited.
      const sheet = await principal.request('GET', `/api/student-events?kind=transfer_within&format=xlsx`);
      expect(sheet.statusCode).toBe(200);
      const { rows } = await sheetRows(sheet.rawPayload);
      expect(rows[0]).toEqual(['日期', '变动', '姓名', '身份证号', '学校', '年级', '原因或说明', '登记']);
      const row = rows.find((r) => r[2] === pending[0]?.name);
      expect(row?.slice(1, 3)).toEqual(['县内转学', pending[0]?.name]);
      expect(String(row?.[3])).toMatch(/^\d{6}\*{12}$/);
      expect(row?.[4]).toMatch(/^从 .+ 到 .+$/);
      expect(rows.slice(1).every((r) => r[1] === '县内转学')).toBe(true);
      const exported = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'export')
        .where('detail', 'like', '%transfer_within%')
        .execute();
      expect(exported).toHaveLength(1);
      const kinds = await t.database.db
        .selectFrom('student_events')
        .select(['kind', 'from_school_code', 'to_school_code'])
        .where('student_id', '=', id)
        .orderBy('id')
        .execute();
      expect(kinds).toEqual([
        { kind: 'transfer_out', from_school_code: SCHOOL_B, to_school_code: SCHOOL_A },
        { kind: 'transfer_within', from_school_code: SCHOOL_B, to_school_code: SCHOOL_A },
        { kind: 'transfer_in', from_school_code: SCHOOL_A, to_school_code: SCHOOL_A },
      ]);
      expect(await pendingOf(principal)).toEqual([]);
    });

    it('lets only the school named take the pupil over, and ends the wait when the sending school takes the pupil back', async () => {
      // School A hands a pupil to school B: A's principal does not see it among its own, nor may take it.
      const id = t.fixture.students.a1;
      expect((await transferOut(principal, id, { toSchoolCode: SCHOOL_B })).statusCode).toBe(200);
      expect(await pendingOf(principal)).toEqual([]);
      expect((await pendingOf(admin)).map((p) => [p.studentId, p.toSchoolCode])).toEqual([[id, SCHOOL_B]]);
      const taken = await principal.request('POST', `/api/students/pending-transfers/${id}/receive`, {
        grade: 3,
        date: '2026-10-13',
      });
      expect(taken.statusCode).toBe(404);
      expect(await recordOf(id)).toMatchObject({ school_code: SCHOOL_A, status: 'transferred_out' });

      // The family stayed after all: back to 在读 at school A, and nobody waits for the pupil.
      const back = await principal.request('POST', `/api/students/${id}/status`, {
        status: 'enrolled',
        date: '2026-10-14',
        note: '家长决定不转学',
      });
      expect(back.statusCode, back.body).toBe(200);
      expect(await recordOf(id)).toMatchObject({
        school_code: SCHOOL_A,
        status: 'enrolled',
        pending_school_code: null,
      });
      expect(await pendingOf(admin)).toEqual([]);
    });

    it('reminds the school named and tells the county when the pupil waits more than three days, once', async () => {
      const { id } = await t.database.db
        .insertInto('students')
        .values({
          county_code: COUNTY,
          id_number: '610727201801010042',
          name: '久候生',
          gender: 'F',
          school_code: SCHOOL_B,
          grade: 2,
          status: 'enrolled',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect((await transferOut(admin, id, { toSchoolCode: SCHOOL_A })).statusCode).toBe(200);
      const lateItems = () =>
        t.database.db
          .selectFrom('inbox_items')
          .select('user_id')
          .where('title_zh', 'like', '转入逾期未接收：久候生%')
          .orderBy('user_id')
          .execute();

      expect(await runTransferOverduePass(t.database.db, COUNTY, '2026-10-14')).toEqual({
        late: 0,
        inboxItems: 0,
      });
      expect(await runTransferOverduePass(t.database.db, COUNTY, '2026-10-15')).toEqual({
        late: 1,
        inboxItems: 2,
      });
      expect((await lateItems()).map((i) => i.user_id)).toEqual(
        [t.fixture.users.county_admin.id, t.fixture.users.school_admin.id].sort((a, b) => a - b),
      );
      expect(await runTransferOverduePass(t.database.db, COUNTY, '2026-10-16')).toEqual({
        late: 1,
        inboxItems: 0,
      });

      const taken = await principal.request('POST', `/api/students/pending-transfers/${id}/receive`, {
        grade: 2,
        date: '2026-10-16',
      });
      expect(taken.statusCode, taken.body).toBe(200);
      expect(await runTransferOverduePass(t.database.db, COUNTY, '2026-10-17')).toEqual({
        late: 0,
        inboxItems: 0,
      });
    });

    it('waits as many days as the county set before the handover counts as lying', async () => {
      const { id } = await t.database.db
        .insertInto('students')
        .values({
          county_code: COUNTY,
          id_number: '610727201801010069',
          name: '五日生',
          gender: 'M',
          school_code: SCHOOL_B,
          grade: 2,
          status: 'enrolled',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const set = (days: number) =>
        admin.request('PUT', '/api/settings', { monitoring: { transferTakeoverDays: days } });
      expect((await set(0)).statusCode).toBe(400);
      expect((await set(5)).statusCode).toBe(200);
      try {
        expect((await transferOut(admin, id, { toSchoolCode: SCHOOL_A })).statusCode).toBe(200);
        const lateOf = async (day: string) => {
          await runTransferOverduePass(t.database.db, COUNTY, day);
          return t.database.db
            .selectFrom('inbox_items')
            .select('body_zh')
            .where('title_zh', 'like', '转入逾期未接收：五日生%')
            .execute();
        };
        // Recorded on 2026-10-12: three days later it is not yet lying, five days later it is.
        expect(await lateOf('2026-10-15')).toEqual([]);
        expect(await lateOf('2026-10-16')).toEqual([]);
        const told = await lateOf('2026-10-17');
        expect(told).toHaveLength(2);
        expect(told[0]?.body_zh).toContain('已超过 5 天未接收');
      } finally {
        expect((await set(3)).statusCode).toBe(200);
      }
    });

    it('lists the schools of the county any school may name, without kindergartens', async () => {
      const directory = (await principal.request('GET', '/api/school-directory')).json<
        SchoolDirectoryEntry[]
      >();
      expect(directory.map((s) => s.code)).toEqual(expect.arrayContaining([SCHOOL_A, SCHOOL_B]));
      expect(directory.every((s) => s.type !== 'kindergarten' && s.townName !== '')).toBe(true);
    });
  },
);
