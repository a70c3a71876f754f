import type { SchoolClass, StaffMember } from '@baoxue/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { SCHOOL_A, SCHOOL_B, SCHOOL_YEAR } from '../../../test/fixtures';

// Setting up a school year: a school's staff, its classes and their head teachers, whose
// accounts then see the classes they head.
describe.each(databaseKinds())('classes and staff on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  let teacher: Client;
  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = await login(t.app, t.fixture.users.county_admin.username);
    teacher = await login(t.app, t.fixture.users.teacher.username);
  });
  afterAll(async () => t?.close());

  const classesOfSchoolA = async (client: Client) =>
    (await client.request('GET', `/api/schools/${SCHOOL_A}/classes`)).json<SchoolClass[]>();
  const auditOf = (entity: string, entityId: number) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['action', 'username', 'before', 'after'])
      .where('entity', '=', entity)
      .where('entity_id', '=', String(entityId))
      .orderBy('id')
      .execute();

  it('adds a teacher to a school and lists the school’s teachers and principal', async () => {
    const res = await admin.request('POST', `/api/schools/${SCHOOL_A}/staff`, {
      name: '戊老师',
      gender: 'F',
      phone: '13800000009',
    });
    expect(res.statusCode, res.body).toBe(201);
    const added = res.json<StaffMember>();
    expect(added).toMatchObject({ name: '戊老师', gender: 'F', kind: 'teacher', phone: '13800000009' });
    const staff = (await admin.request('GET', `/api/schools/${SCHOOL_A}/staff`)).json<StaffMember[]>();
    expect(staff.map((s) => s.name).sort()).toEqual(['丁校长', '乙老师', '戊老师', '甲老师'].sort());
    expect(await auditOf('staff', added.id)).toMatchObject([{ action: 'create', username: 'county-admin' }]);
  });

  it('creates a class of the current school year headed by a teacher, whose account then sees it', async () => {
    const before = await classesOfSchoolA(teacher);
    const res = await admin.request('POST', `/api/schools/${SCHOOL_A}/classes`, {
      grade: 3,
      name: '2班',
      headTeacherStaffId: t.fixture.staff.teacherA,
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<SchoolClass>();
    expect(created).toMatchObject({
      schoolYear: SCHOOL_YEAR,
      grade: 3,
      name: '2班',
      headTeacherName: '甲老师',
      studentCount: 0,
    });
    const after = await classesOfSchoolA(teacher);
    expect(after.map((c) => c.id)).toEqual(expect.arrayContaining([...before.map((c) => c.id), created.id]));
    expect(after).toHaveLength(before.length + 1);
    expect(await auditOf('class', created.id)).toMatchObject([
      { action: 'create', username: 'county-admin' },
    ]);
  });

  it('refuses a grade the school does not teach, a head teacher of another school and a name taken, writing nothing', async () => {
    const count = async () =>
      (
        await t.database.db
          .selectFrom('classes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const classes = Number(await count());
    const post = (body: unknown) => admin.request('POST', `/api/schools/${SCHOOL_A}/classes`, body);

    const tooHigh = await post({ grade: 8, name: '1班' }); // school A is a primary school
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json<{ error: { details: { path: string }[] } }>().error.details[0]?.path).toBe('grade');
    const elsewhere = await post({ grade: 5, name: '1班', headTeacherStaffId: t.fixture.staff.teacherB });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain('headTeacherStaffId');
    const taken = await post({ grade: 3, name: '1班' });
    expect(taken.statusCode).toBe(409);
    expect((await post({ grade: 'three', name: '1班' })).statusCode).toBe(400);
    expect(
      (await admin.request('POST', '/api/schools/2161999999/classes', { grade: 3, name: '9班' })).statusCode,
    ).toBe(404);
    expect(Number(await count())).toBe(classes);
  });

  it("lets a principal set up their own school's classes, and no other school's", async () => {
    const principal = await login(t.app, t.fixture.users.school_admin.username);
    const own = await principal.request('POST', `/api/schools/${SCHOOL_A}/classes`, {
      grade: 6,
      name: '1班',
    });
    expect(own.statusCode, own.body).toBe(201);
    const other = await principal.request('POST', `/api/schools/${SCHOOL_B}/classes`, {
      grade: 7,
      name: '2班',
    });
    expect(other.statusCode).toBe(404);
    const foreign = await principal.request('PATCH', `/api/classes/${t.fixture.classes.b1}`, { name: '2班' });
    expect(foreign.statusCode).toBe(404);
    const denied = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'access_denied')
      .where('username', '=', t.fixture.users.school_admin.username)
      .execute();
    expect(denied.map((d) => d.entity_id)).toContain(SCHOOL_B);
  });

  it("changes a teacher's phone and post; a principal only their own school's staff", async () => {
    const res = await admin.request('PATCH', `/api/staff/${t.fixture.staff.teacherA2}`, {
      phone: '13900000002',
      title: '数学教师',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<StaffMember>()).toMatchObject({
      name: '乙老师',
      phone: '13900000002',
      title: '数学教师',
    });
    const [entry] = await auditOf('staff', t.fixture.staff.teacherA2);
    expect(entry).toMatchObject({ action: 'update', after: { phone: '13900000002' } });
    const principal = await login(t.app, t.fixture.users.school_admin.username);
    const other = await principal.request('PATCH', `/api/staff/${t.fixture.staff.teacherB}`, {
      phone: '13900000003',
    });
    expect(other.statusCode).toBe(404);
    const emptyName = await admin.request('PATCH', `/api/staff/${t.fixture.staff.teacherA2}`, { name: ' ' });
    expect(emptyName.statusCode).toBe(400);
  });

  it('gives a class a new head teacher and name: the old head teacher no longer sees it', async () => {
    const id = t.fixture.classes.a1;
    const res = await admin.request('PATCH', `/api/classes/${id}`, {
      name: '三(1)班',
      headTeacherStaffId: t.fixture.staff.teacherA2,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<SchoolClass>()).toMatchObject({ id, name: '三(1)班', headTeacherName: '乙老师' });
    expect((await classesOfSchoolA(teacher)).map((c) => c.id)).not.toContain(id);
    const [entry] = await auditOf('class', id);
    expect(entry).toMatchObject({
      action: 'update',
      before: { name: '1班', head_teacher_staff_id: t.fixture.staff.teacherA },
      after: { name: '三(1)班', head_teacher_staff_id: t.fixture.staff.teacherA2 },
    });
    expect((await admin.request('PATCH', '/api/classes/999999', { name: 'x' })).statusCode).toBe(404);
  });
});
