import type { SchoolClass, StaffMember, StudentSummary } from '@baoxue/shared';
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
    expect((await principal.request('DELETE', `/api/classes/${t.fixture.classes.b1}`)).statusCode).toBe(404);
    const denied = await t.database.db
      .selectFrom('audit_log')
      .select(['entity', 'entity_id'])
      .where('action', '=', 'access_denied')
      .where('username', '=', t.fixture.users.school_admin.username)
      .execute();
    expect(denied).toContainEqual({ entity: 'school', entity_id: SCHOOL_B });
    // Both attempts on the other school's class are kept, as any out-of-scope request is.
    const onClass = denied.filter((d) => d.entity === 'class');
    expect(onClass).toEqual([
      { entity: 'class', entity_id: String(t.fixture.classes.b1) },
      { entity: 'class', entity_id: String(t.fixture.classes.b1) },
    ]);
    expect(
      await t.database.db
        .selectFrom('classes')
        .select('name')
        .where('id', '=', t.fixture.classes.b1)
        .executeTakeFirst(),
    ).toBeDefined();
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
    expect(await auditOf('staff', t.fixture.staff.teacherB)).toEqual([
      expect.objectContaining({ action: 'access_denied', username: t.fixture.users.school_admin.username }),
    ]);
    expect((await principal.request('PATCH', '/api/staff/999999', { phone: '13900000003' })).statusCode).toBe(
      404,
    );
    expect(await auditOf('staff', 999999)).toEqual([]);
    const emptyName = await admin.request('PATCH', `/api/staff/${t.fixture.staff.teacherA2}`, { name: ' ' });
    expect(emptyName.statusCode).toBe(400);
  });

  it("moves a pupil to another class of their grade (调班): the old class's head teacher no longer sees them", async () => {
    const principal = await login(t.app, t.fixture.users.school_admin.username);
    const pupil = t.fixture.students.a1;
    const created = await principal.request('POST', `/api/schools/${SCHOOL_A}/classes`, {
      grade: 3,
      name: '3班',
      headTeacherStaffId: t.fixture.staff.teacherA2,
    });
    expect(created.statusCode, created.body).toBe(201);
    const target = created.json<SchoolClass>();
    expect((await teacher.request('GET', `/api/students/${pupil}`)).statusCode).toBe(200);

    const res = await principal.request('PUT', `/api/students/${pupil}/class`, { classId: target.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<StudentSummary>()).toMatchObject({
      id: pupil,
      classId: target.id,
      className: '3班',
      grade: 3,
    });
    expect((await teacher.request('GET', `/api/students/${pupil}`)).statusCode).toBe(404);
    // The head teacher's look afterwards is an access_denied entry of its own.
    expect((await auditOf('student', pupil)).filter((e) => e.action === 'update')).toMatchObject([
      {
        username: t.fixture.users.school_admin.username,
        before: { classId: t.fixture.classes.a1 },
        after: { classId: target.id, className: '3班' },
      },
    ]);
    // Back where the pupil was, for the tests after this one.
    expect(
      (await admin.request('PUT', `/api/students/${pupil}/class`, { classId: t.fixture.classes.a1 }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses a class of another grade, another school or another year, and a pupil outside the school', async () => {
    const principal = await login(t.app, t.fixture.users.school_admin.username);
    const move = (client: Client, student: number, classId: number) =>
      client.request('PUT', `/api/students/${student}/class`, { classId });
    const pupil = t.fixture.students.a1;
    const refusals = [
      [t.fixture.classes.a2, '所选班级在四年级，该生在三年级'],
      [t.fixture.classes.b1, '所选班级不是该生所在学校的班级'],
      [999_999, '所选班级不是该生所在学校的班级'],
    ] as const;
    for (const [classId, message] of refusals) {
      const res = await move(principal, pupil, classId);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain(message);
    }
    const later = await admin.request('POST', `/api/schools/${SCHOOL_A}/classes`, {
      schoolYear: SCHOOL_YEAR + 1,
      grade: 3,
      name: '明年1班',
    });
    expect(later.statusCode, later.body).toBe(201);
    const nextYear = await move(principal, pupil, later.json<SchoolClass>().id);
    expect(nextYear.statusCode).toBe(400);
    expect(nextYear.body).toContain(`只能调入本学年（${SCHOOL_YEAR} 学年）的班级`);
    // Another school's pupil is not the principal's to see: 404, as for anything out of scope.
    expect((await move(principal, t.fixture.students.b1, t.fixture.classes.a1)).statusCode).toBe(404);
    expect((await move(teacher, pupil, t.fixture.classes.a1)).statusCode).toBe(403);
    const [student] = await t.database.db
      .selectFrom('students')
      .select('class_id')
      .where('id', '=', pupil)
      .execute();
    expect(student?.class_id).toBe(t.fixture.classes.a1);
  });

  it('lets a teacher leave (离岗) once they head no class of the year and their account is closed, and come back', async () => {
    const added = await admin.request('POST', `/api/schools/${SCHOOL_A}/staff`, {
      name: '己老师',
      gender: 'M',
    });
    const leaver = added.json<StaffMember>();
    expect(leaver.active).toBe(true);
    const headed = await admin.request('POST', `/api/schools/${SCHOOL_A}/classes`, {
      grade: 5,
      name: '离岗测试班',
      headTeacherStaffId: leaver.id,
    });
    expect(headed.statusCode, headed.body).toBe(201);
    const leave = (id: number) => admin.request('PATCH', `/api/staff/${id}`, { active: false });

    const refused = await leave(leaver.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('仍是本学年 五年级离岗测试班 的班主任');
    // The fixture's teacher heads class A1 and has an account: both stand in the way.
    const withAccount = await leave(t.fixture.staff.teacherA);
    expect(withAccount.statusCode).toBe(409);
    expect(withAccount.body).toContain(`账号“${t.fixture.users.teacher.username}”仍在使用`);

    const klass = headed.json<SchoolClass>();
    expect(
      (await admin.request('PATCH', `/api/classes/${klass.id}`, { headTeacherStaffId: null })).statusCode,
    ).toBe(200);
    const left = await leave(leaver.id);
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json<StaffMember>().active).toBe(false);
    const staff = (await admin.request('GET', `/api/schools/${SCHOOL_A}/staff`)).json<StaffMember[]>();
    expect(staff.at(-1)).toMatchObject({ id: leaver.id, active: false });
    expect(await auditOf('staff', leaver.id)).toMatchObject([
      { action: 'create' },
      { action: 'update', before: { active: true }, after: { active: false } },
    ]);

    const asHead = await admin.request('PATCH', `/api/classes/${klass.id}`, {
      headTeacherStaffId: leaver.id,
    });
    expect(asHead.statusCode).toBe(400);
    expect(asHead.body).toContain('己老师已离岗，不能担任班主任');
    const back = await admin.request('PATCH', `/api/staff/${leaver.id}`, { active: true });
    expect(back.json<StaffMember>().active).toBe(true);
    expect(
      (await admin.request('PATCH', `/api/classes/${klass.id}`, { headTeacherStaffId: leaver.id }))
        .statusCode,
    ).toBe(200);
  });

  it('deletes a class set up by mistake while nothing names it, and says why it keeps one that has pupils', async () => {
    const principal = await login(t.app, t.fixture.users.school_admin.username);
    const created = await principal.request('POST', `/api/schools/${SCHOOL_A}/classes`, {
      grade: 6,
      name: '错建班',
    });
    const mistake = created.json<SchoolClass>();
    expect((await principal.request('DELETE', `/api/classes/${mistake.id}`)).statusCode).toBe(204);
    expect((await classesOfSchoolA(admin)).map((c) => c.id)).not.toContain(mistake.id);
    expect(await auditOf('class', mistake.id)).toMatchObject([
      { action: 'create' },
      { action: 'delete', before: { name: '错建班', grade: 6 }, after: null },
    ]);
    expect((await principal.request('DELETE', `/api/classes/${mistake.id}`)).statusCode).toBe(404);

    const kept = await principal.request('DELETE', `/api/classes/${t.fixture.classes.a1}`);
    expect(kept.statusCode).toBe(409);
    expect(kept.body).toContain('班里还有 1 名学生：请先为他们调班');
    // Another school's class is not the principal's: 404, as for anything out of scope.
    expect((await principal.request('DELETE', `/api/classes/${t.fixture.classes.b1}`)).statusCode).toBe(404);
    expect((await teacher.request('DELETE', `/api/classes/${t.fixture.classes.a1}`)).statusCode).toBe(403);
    expect((await classesOfSchoolA(admin)).map((c) => c.id)).toContain(t.fixture.classes.a1);
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
