import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseSummary, ImportJobDetail, Page, Role } from '@baoxue/shared';
import { openCaseOfPupil } from '../../../test/cases';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { makeIdNumber } from '@baoxue/shared';
import {
  COUNTY,
  PASSWORD,
  SCHOOL_A,
  SCHOOL_B,
  SCHOOL_YEAR,
  TOWN_A,
  VILLAGE_A1,
} from '../../../test/fixtures';
import { csvBuffer, importFile } from '../../../test/imports';
import { ManualClock } from '../../lib/clock';
import { hashPassword } from '../auth/password';
import { runDailyJobs } from '../schedule/schedule.service';
import { openCase } from './cases.open';

// A case (一人一案) follows its pupil (cases.registry.ts): whoever moves the pupil to another
// class or school — the school on the student's page, the school taking a transfer over, an
// enrolment import — the pupil's open case moves along, in scope and in its escalations.

describe.each(databaseKinds())('a case follows its pupil on %s', (kind) => {
  let t: TestApp;
  const clock = new ManualClock('2026-12-01T09:00:00+08:00');
  let admin: Client;
  let principal: Client;
  let teacher: Client;

  beforeAll(async () => {
    t = await createTestApp(kind, { clock });
    admin = await login(t.app, t.fixture.users.county_admin.username);
    principal = await login(t.app, t.fixture.users.school_admin.username);
    teacher = await login(t.app, t.fixture.users.teacher.username);
  }, 60_000);
  afterAll(async () => t?.close());

  async function addUser(username: string, role: Role, scope: string, staffId: number | null) {
    const row = await t.database.db
      .insertInto('users')
      .values({
        county_code: COUNTY,
        username,
        display_name: username,
        password_hash: await hashPassword(PASSWORD),
        role,
        scope_code: scope,
        staff_id: staffId,
        must_change_password: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, client: await login(t.app, username) };
  }

  const openFor = (studentId: number) => openCaseOfPupil(t.database.db, studentId);

  async function detail(client: Client, id: number): Promise<CaseDetail> {
    const res = await client.request('GET', `/api/cases/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CaseDetail>();
  }

  const status = async (client: Client, id: number) =>
    (await client.request('GET', `/api/cases/${id}`)).statusCode;

  const inbox = (caseId: number, userId: number) =>
    t.database.db
      .selectFrom('inbox_items')
      .select(['kind', 'link'])
      .where('case_id', '=', caseId)
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();

  const openItems = async (caseId: number, userId: number) =>
    (
      await t.database.db
        .selectFrom('inbox_items')
        .select('id')
        .where('case_id', '=', caseId)
        .where('user_id', '=', userId)
        .where('done_at', 'is', null)
        .execute()
    ).length;

  const record = (id: number) =>
    t.database.db
      .selectFrom('students')
      .select(['id_number', 'name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('moves an open case to the new class of its pupil: the new head teacher sees it, joins the team and is told; the old one no longer sees it', async () => {
    const db = t.database.db;
    const { id: classId } = await db
      .insertInto('classes')
      .values({
        county_code: COUNTY,
        school_code: SCHOOL_A,
        school_year: SCHOOL_YEAR,
        grade: 3,
        name: '2班',
        head_teacher_staff_id: t.fixture.staff.teacherA2,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const staffId = t.fixture.staff.teacherA2;
    const newTeacher = await addUser('teacher-a2', 'teacher', String(staffId), staffId);
    const id = await openFor(t.fixture.students.a1);
    expect(await status(newTeacher.client, id)).toBe(404);
    const oldTeacher = t.fixture.users.teacher.id;
    expect(await openItems(id, oldTeacher)).toBeGreaterThan(0);

    const res = await principal.request('PUT', `/api/students/${t.fixture.students.a1}/class`, { classId });
    expect(res.statusCode, res.body).toBe(200);

    const d = await detail(newTeacher.client, id);
    expect(d).toMatchObject({ schoolCode: SCHOOL_A, classId, studentId: t.fixture.students.a1 });
    expect(d.team).toContainEqual(
      expect.objectContaining({ role: 'class_teacher', staffId, userId: newTeacher.id }),
    );
    // The head teacher of the class the pupil left leaves the team, their open items settled:
    // the case is out of their scope, its reminders would lead to a page they may not open.
    expect(d.team).not.toContainEqual(
      expect.objectContaining({ role: 'class_teacher', staffId: t.fixture.staff.teacherA }),
    );
    expect(await openItems(id, oldTeacher)).toBe(0);
    expect(d.events.at(-1)).toMatchObject({ kind: 'team' });
    expect(d.events.at(-1)!.note).toContain('调班');
    expect(d.events.at(-1)!.note).toContain('离开工作组');
    expect(await inbox(id, newTeacher.id)).toEqual([{ kind: 'case_opened', link: `/cases/${id}` }]);
    const mine = await newTeacher.client.request('GET', '/api/cases?mine=true');
    expect(mine.json<Page<CaseSummary>>().items.map((i) => i.id)).toContain(id);
    // The head teacher of the class the pupil left neither sees nor works the case.
    expect(await status(teacher, id)).toBe(404);
    const audit = await db
      .selectFrom('audit_log')
      .select(['detail', 'user_id'])
      .where('entity', '=', 'case')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'update')
      .execute();
    expect(audit).toEqual([{ detail: 'follow:class', user_id: t.fixture.users.school_admin.id }]);
  });

  it('moves an open case to the school that takes its pupil over: its principal sees it and is told, and its escalations go there', async () => {
    const db = t.database.db;
    const schoolB = await addUser('school-b', 'school_admin', SCHOOL_B, null);
    const pupil = t.fixture.students.a2;
    const id = await openFor(pupil);
    expect(await status(schoolB.client, id)).toBe(404);

    const { id_number, name } = await record(pupil);
    const res = await admin.request('POST', '/api/students/transfers', {
      idNumber: id_number,
      name,
      schoolCode: SCHOOL_B,
      grade: 7,
      classId: t.fixture.classes.b1,
      date: '2026-12-01',
    });
    expect(res.statusCode, res.body).toBe(200);

    const d = await detail(schoolB.client, id);
    expect(d).toMatchObject({ schoolCode: SCHOOL_B, classId: t.fixture.classes.b1 });
    expect(d.team).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'principal', userId: schoolB.id }),
        expect.objectContaining({ role: 'class_teacher', staffId: t.fixture.staff.teacherB }),
      ]),
    );
    expect(d.events.at(-1)!.note).toContain('转学');
    expect(await inbox(id, schoolB.id)).toEqual([{ kind: 'case_opened', link: `/cases/${id}` }]);
    // The school the pupil left no longer works the case.
    expect(await status(principal, id)).toBe(404);
    const action = await principal.request('POST', `/api/cases/${id}/actions`, {
      kind: 'home_visit',
      happenedOn: '2026-12-01',
    });
    expect(action.statusCode).toBe(404);

    // Verification was due on 12-04: at the first escalation the new school's principal is
    // told, not the old one.
    clock.setDay('2026-12-05');
    await runDailyJobs(db, COUNTY, clock);
    clock.setDay('2026-12-01');
    const escalated = await db
      .selectFrom('inbox_items')
      .select('user_id')
      .where('case_id', '=', id)
      .where('kind', '=', 'case_escalated')
      .execute();
    expect(escalated.map((e) => e.user_id)).toContain(schoolB.id);
    expect(escalated.map((e) => e.user_id)).not.toContain(t.fixture.users.school_admin.id);
  });

  it('moves the open case of a pupil an enrolment import moves, and leaves a closed case where it was', async () => {
    const db = t.database.db;
    const pupil = t.fixture.students.crossLine;
    const closedBefore = await openFor(pupil);
    await db
      .updateTable('cases')
      .set({ step: 'closed', ending: 'not_out_of_school', closed_on: '2026-12-01' })
      .where('id', '=', closedBefore)
      .execute();
    const id = await openFor(pupil);
    expect(await status(teacher, id)).toBe(404);

    const { id_number, name } = await record(pupil);
    const job: ImportJobDetail = await importFile(
      t,
      admin,
      'enrollment',
      'xueji.csv',
      csvBuffer([
        ['姓名', '性别', '身份证号', '学校标识码', '年级', '班级', '学籍状态', '就读方式'],
        [name, '女', id_number, SCHOOL_A, '三年级', '1班', '在读', '普通'],
      ]),
    );
    expect(job).toMatchObject({ status: 'succeeded', acceptedRows: 1 });

    const d = await detail(teacher, id);
    expect(d).toMatchObject({ schoolCode: SCHOOL_A, classId: t.fixture.classes.a1 });
    expect(job.summary).toMatchObject({ transferred: 1, casesMoved: 1 });
    expect(d.team).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'principal', userId: t.fixture.users.school_admin.id }),
        expect.objectContaining({ role: 'class_teacher', userId: t.fixture.users.teacher.id }),
      ]),
    );
    expect(await inbox(id, t.fixture.users.teacher.id)).toEqual([
      { kind: 'case_opened', link: `/cases/${id}` },
    ]);
    const closed = await db
      .selectFrom('cases')
      .select(['school_code', 'class_id'])
      .where('id', '=', closedBefore)
      .executeTakeFirstOrThrow();
    expect(closed).toEqual({ school_code: SCHOOL_B, class_id: t.fixture.classes.b1 });
  });

  it('gives the case of a child a run found out of school the record a school then enrols the child with, and the case follows it (入学)', async () => {
    const db = t.database.db;
    const idNumber = makeIdNumber(COUNTY, '2017-03-03', 951, 'M');
    const { caseId: id } = await openCase(db, {
      countyCode: COUNTY,
      source: 'reconciliation',
      sourceRef: 'run:1',
      child: {
        childKey: idNumber,
        idNumber,
        name: '周入学',
        gender: 'M',
        birthDate: '2017-03-03',
        villageCode: VILLAGE_A1,
        townCode: TOWN_A,
        // The school serving the village works the case until the child is enrolled.
        schoolCode: SCHOOL_B,
        guardianName: null,
        guardianPhone: null,
      },
      openedOn: '2026-12-01',
      by: null,
    });
    expect(await status(teacher, id)).toBe(404);

    const job: ImportJobDetail = await importFile(
      t,
      admin,
      'enrollment',
      'ruxue.csv',
      csvBuffer([
        ['姓名', '性别', '身份证号', '学校标识码', '年级', '班级', '学籍状态', '就读方式'],
        ['周入学', '男', idNumber, SCHOOL_A, '三年级', '1班', '在读', '普通'],
      ]),
    );
    expect(job).toMatchObject({ status: 'succeeded', acceptedRows: 1 });
    expect(job.summary).toMatchObject({ inserted: 1, casesMoved: 1 });
    const pupil = await db
      .selectFrom('students')
      .select('id')
      .where('id_number', '=', idNumber)
      .executeTakeFirstOrThrow();

    const d = await detail(teacher, id);
    expect(d).toMatchObject({
      studentId: pupil.id,
      schoolCode: SCHOOL_A,
      classId: t.fixture.classes.a1,
      villageCode: VILLAGE_A1,
    });
    expect(d.team).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'principal', userId: t.fixture.users.school_admin.id }),
        expect.objectContaining({ role: 'class_teacher', userId: t.fixture.users.teacher.id }),
        expect.objectContaining({ role: 'village_cadre', userId: t.fixture.users.village_official.id }),
      ]),
    );
    expect(d.events.find((e) => e.kind === 'team')?.note).toMatch(/^入学：.+ → .+1班/);
    expect(await inbox(id, t.fixture.users.teacher.id)).toEqual([
      { kind: 'case_opened', link: `/cases/${id}` },
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select('detail')
      .where('entity', '=', 'case')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'update')
      .execute();
    expect(audit.map((a) => a.detail)).toEqual(['follow:enrolled']);
  });
});
