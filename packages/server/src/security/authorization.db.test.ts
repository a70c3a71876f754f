import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@baoxue/shared';
import { createTestApp, type Client, type TestApp } from '../../test/app';
import { databaseKinds } from '../../test/db';
import {
  NO_HOUSEHOLD_FACTS,
  SCHOOL_A,
  SCHOOL_B,
  TOWN_A,
  TOWN_B,
  VILLAGE_A1,
  VILLAGE_B1,
  type Fixture,
} from '../../test/fixtures';
import { csvBuffer } from '../../test/imports';
import { ADMIN_ONLY, ALL, VISIBLE_STUDENTS, loginEveryRole, type StudentKey } from '../../test/matrix';
import { createMonitoringFixture, type MonitoringFixture } from '../../test/monitoring-fixture';

// The authorization matrix: every role against every endpoint, inside and outside its scope.
// Expected answers are written out per role (who sees which child: test/matrix.ts) so a
// change in scope rules shows up here.

const VISIBLE_SCHOOLS: Record<Role, string[]> = {
  county_admin: [SCHOOL_A, SCHOOL_B],
  county_leader: [SCHOOL_A, SCHOOL_B],
  inspector: [SCHOOL_A],
  town_official: [SCHOOL_A],
  village_official: [],
  school_admin: [SCHOOL_A],
  teacher: [SCHOOL_A],
};

const VISIBLE_TOWNS: Record<Role, string[]> = {
  county_admin: [TOWN_A, TOWN_B],
  county_leader: [TOWN_A, TOWN_B],
  inspector: [TOWN_A],
  town_official: [TOWN_A],
  village_official: [],
  school_admin: [],
  teacher: [],
};

/** The monitoring data of the fixture county, made once in beforeAll (see test/monitoring-fixture.ts). */
let m: MonitoringFixture;
/** An enrolment file of school A's student a1, unchanged: a harmless import for the matrix. */
let enrolmentFile: Buffer;
/** A user no matrix client logs in as. */
let spareUserId: number;
let matrixClasses = 0;

type Area = 'a1' | 'a2' | 'b1';
/** Where the children each role sees live (by village), for the monitoring lists. */
const VISIBLE_AREAS: Record<Role, Area[] | 403> = {
  county_admin: ['a1', 'a2', 'b1'],
  county_leader: ['a1', 'a2', 'b1'],
  inspector: ['a1', 'a2'],
  town_official: ['a1', 'a2'],
  village_official: ['a1'],
  school_admin: ['a1', 'a2'],
  teacher: 403,
};

const UNBORN_CHILD = {
  name: '矩阵',
  gender: 'F',
  idNumber: null,
  birthDate: '2099-01-04',
  ...NO_HOUSEHOLD_FACTS,
};

const PRIVILEGED: {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: (f: Fixture) => string;
  body?: unknown | ((f: Fixture) => unknown);
  /** A file upload: the body is sent as it is. */
  raw?: () => Buffer;
  expect: Record<Role, number>;
}[] = [
  { name: 'list users', method: 'GET', url: () => '/api/users', expect: ADMIN_ONLY(200) },
  {
    name: 'create user',
    method: 'POST',
    url: () => '/api/users',
    body: {
      username: 'new.clerk',
      displayName: '新文员',
      role: 'town_official',
      scopeCode: TOWN_B,
      initialPassword: 'Clerk#2026x',
    },
    expect: ADMIN_ONLY(201),
  },
  {
    name: 'unlock user',
    method: 'POST',
    url: (f) => `/api/users/${f.users.teacher.id}/unlock`,
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'edit user',
    method: 'PATCH',
    url: (f) => `/api/users/${f.users.teacher.id}`,
    body: { phone: '13800000000' },
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'reset a password',
    method: 'POST',
    // A spare account: resetting a password ends that user's sessions, and the matrix's own must stay.
    url: () => `/api/users/${spareUserId}/reset-password`,
    body: { newPassword: 'Reset#2026abc' },
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'audit log',
    method: 'GET',
    url: () => '/api/audit',
    expect: { ...ADMIN_ONLY(200), county_leader: 200 },
  },
  {
    name: 'login log',
    method: 'GET',
    url: () => '/api/audit/logins',
    expect: { ...ADMIN_ONLY(200), county_leader: 200 },
  },
  {
    name: 'edit school',
    method: 'PATCH',
    url: () => `/api/schools/${SCHOOL_A}`,
    body: { boarding: true },
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'staff of a school',
    method: 'GET',
    url: () => `/api/schools/${SCHOOL_A}/staff`,
    expect: { ...ADMIN_ONLY(200), school_admin: 200 },
  },
  {
    name: 'add a teacher',
    method: 'POST',
    url: () => `/api/schools/${SCHOOL_A}/staff`,
    body: { name: '矩阵老师', gender: 'M' },
    expect: { ...ADMIN_ONLY(201), school_admin: 201 },
  },
  {
    name: 'edit a teacher',
    method: 'PATCH',
    url: (f) => `/api/staff/${f.staff.teacherA2}`,
    body: { phone: '13800000002' },
    expect: { ...ADMIN_ONLY(200), school_admin: 200 },
  },
  {
    name: 'create a class',
    method: 'POST',
    url: () => `/api/schools/${SCHOOL_A}/classes`,
    // In a later school year, so the lists of this one keep the fixture's classes; each role
    // that gets through makes its own (a class's grade and name are unique).
    body: () => ({ schoolYear: 2030, grade: 5, name: `矩阵${++matrixClasses}班` }),
    expect: { ...ADMIN_ONLY(201), school_admin: 201 },
  },
  {
    name: 'edit a class',
    method: 'PATCH',
    url: (f) => `/api/classes/${f.classes.a2}`,
    body: { name: '1班' },
    expect: { ...ADMIN_ONLY(200), school_admin: 200 },
  },
  {
    // A class with a pupil is never deleted: whoever gets past permission and scope is told why.
    name: 'delete a class (one with a pupil)',
    method: 'DELETE',
    url: (f) => `/api/classes/${f.classes.a2}`,
    expect: { ...ADMIN_ONLY(409), school_admin: 409 },
  },
  {
    name: 'move a pupil to a class (their own: nothing changes)',
    method: 'PUT',
    url: (f) => `/api/students/${f.students.a2}/class`,
    body: (f: Fixture) => ({ classId: f.classes.a2 }),
    expect: { ...ADMIN_ONLY(200), school_admin: 200 },
  },
  {
    // The pupil's own status again: refused as unchanged once permission and scope are passed.
    name: "record a pupil's registry status (unchanged: nothing written)",
    method: 'POST',
    url: (f) => `/api/students/${f.students.a2}/status`,
    body: { status: 'enrolled', date: '2026-09-01', note: '矩阵' },
    expect: { ...ADMIN_ONLY(400), school_admin: 400 },
  },
  {
    // Nobody of that number and name: refused once permission and scope are passed.
    name: 'receive a transfer within the county (no such pupil: nothing moves)',
    method: 'POST',
    url: () => '/api/students/transfers',
    body: {
      idNumber: '610727201001010000',
      name: '无此人',
      schoolCode: SCHOOL_A,
      grade: 3,
      date: '2026-09-01',
    },
    expect: { ...ADMIN_ONLY(400), school_admin: 400 },
  },
  {
    name: 'list the transfers waiting for my schools (待接收转入)',
    method: 'GET',
    url: () => '/api/students/pending-transfers',
    expect: { ...ADMIN_ONLY(200), school_admin: 200 },
  },
  {
    // Nobody handed this pupil over: not found for whoever may receive, before anything moves.
    name: 'take over a pupil nobody handed over',
    method: 'POST',
    url: (f) => `/api/students/pending-transfers/${f.students.b1}/receive`,
    body: { grade: 3, date: '2026-09-01' },
    expect: { ...ADMIN_ONLY(404), school_admin: 404 },
  },
  {
    name: 'the directory of the county schools (to name one in a 转出)',
    method: 'GET',
    url: () => '/api/school-directory',
    expect: { ...ADMIN_ONLY(200), school_admin: 200 },
  },
  {
    name: 'create school',
    method: 'POST',
    url: () => '/api/schools',
    body: { code: '2161000099', name: '测试新校', type: 'primary', townCode: TOWN_B },
    expect: ADMIN_ONLY(201),
  },
  {
    name: 'rename region',
    method: 'PATCH',
    url: () => `/api/regions/${VILLAGE_A1}`,
    body: { name: '蹇家坝村' },
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'edit settings',
    method: 'PUT',
    url: () => '/api/settings',
    body: { security: { idleMinutes: 30 } },
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'add dictionary entry',
    method: 'POST',
    url: () => '/api/dictionaries/guardian_relation',
    body: { code: 'aunt', labelZh: '姑姑', labelEn: 'Aunt' },
    expect: ADMIN_ONLY(201),
  },
  {
    name: 'edit dictionary entry',
    method: 'PATCH',
    url: () => '/api/dictionaries/guardian_relation/other',
    body: { labelEn: 'Other relative' },
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'read dictionaries',
    method: 'GET',
    url: () => '/api/dictionaries',
    expect: ALL(200),
  },
  {
    name: 'read settings',
    method: 'GET',
    url: () => '/api/settings',
    expect: ALL(200),
  },
  {
    name: 'overview',
    method: 'GET',
    url: () => '/api/overview',
    expect: ALL(200),
  },
  // ---------------------------------------------------------------- imports
  {
    name: 'upload an enrolment file',
    method: 'POST',
    url: () => '/api/imports?kind=enrollment&schoolYear=2026&fileName=a.csv',
    raw: () => enrolmentFile,
    expect: { ...ADMIN_ONLY(202), school_admin: 202 },
  },
  {
    name: 'upload a population file',
    method: 'POST',
    url: () => '/api/imports?kind=population&schoolYear=2025&fileName=p.csv',
    raw: () => Buffer.from('姓名,性别\n'),
    expect: ADMIN_ONLY(202),
  },
  {
    name: 'list imports',
    method: 'GET',
    url: () => '/api/imports',
    expect: { ...ADMIN_ONLY(200), county_leader: 200, school_admin: 200 },
  },
  {
    name: "open the county's import job",
    method: 'GET',
    url: () => `/api/imports/${m.populationImport.id}`,
    expect: { ...ADMIN_ONLY(200), county_leader: 200, school_admin: 404 },
  },
  {
    name: "download the county's error workbook",
    method: 'GET',
    url: () => `/api/imports/${m.populationImport.id}/errors.xlsx`,
    expect: { ...ADMIN_ONLY(200), school_admin: 404 },
  },
  {
    name: 'import template',
    method: 'GET',
    url: () => '/api/imports/templates/population.xlsx',
    expect: ALL(200),
  },
  // --------------------------------------------------------- reconciliation
  {
    name: 'start a reconciliation run',
    method: 'POST',
    url: () => '/api/reconciliation/runs',
    body: { schoolYear: 2026 },
    expect: ADMIN_ONLY(202),
  },
  {
    name: 'list runs',
    method: 'GET',
    url: () => '/api/reconciliation/runs',
    expect: ALL(200, { teacher: 403 }),
  },
  {
    name: 'open a run',
    method: 'GET',
    url: () => `/api/reconciliation/runs/${m.run.id}`,
    expect: ALL(200, { teacher: 403 }),
  },
  {
    name: 'export a run’s children',
    method: 'GET',
    url: () => `/api/reconciliation/runs/${m.run.id}/children?format=xlsx`,
    expect: ALL(200, { teacher: 403 }),
  },
  {
    name: 'findings',
    method: 'GET',
    url: () => `/api/reconciliation/runs/${m.run.id}/findings`,
    expect: ALL(200, { teacher: 403 }),
  },
  {
    name: 'export the compulsory-age ledger',
    method: 'GET',
    url: () => `/api/reconciliation/runs/${m.run.id}/ledgers/compulsory?format=xlsx`,
    expect: ALL(200, { teacher: 403 }),
  },
  {
    name: 'compare runs',
    method: 'GET',
    url: () => `/api/reconciliation/compare?from=${m.run.id}&to=${m.run.id}`,
    expect: ALL(200, { teacher: 403 }),
  },
  {
    name: 'review queue',
    method: 'GET',
    url: () => '/api/reconciliation/reviews',
    expect: ALL(200, { teacher: 403 }),
  },
  {
    name: 'decide on a candidate of town A',
    method: 'POST',
    url: () => '/api/reconciliation/reviews',
    body: () => ({ runId: m.run.id, childId: m.review.townA, recordKey: 'c0', decision: 'rejected' }),
    expect: { ...ADMIN_ONLY(200), town_official: 200 },
  },
  {
    name: 'decide on a candidate of town B',
    method: 'POST',
    url: () => '/api/reconciliation/reviews',
    body: () => ({ runId: m.run.id, childId: m.review.townB, recordKey: 'c0', decision: 'rejected' }),
    expect: { ...ADMIN_ONLY(200), town_official: 404 },
  },
  {
    name: 'reconciliation overview',
    method: 'GET',
    url: () => '/api/overview/reconciliation',
    expect: ALL(200),
  },
  // ----------------------------------------------------------------- rosters
  {
    name: 'statistics of town A',
    method: 'GET',
    url: () => `/api/rosters/statistics?townCode=${TOWN_A}`,
    expect: ALL(200, { village_official: 404, school_admin: 404, teacher: 403 }),
  },
  {
    name: 'statistics of town B',
    method: 'GET',
    url: () => `/api/rosters/statistics?townCode=${TOWN_B}`,
    expect: ALL(404, { county_admin: 200, county_leader: 200, teacher: 403 }),
  },
  {
    name: '一表六册 of school A’s service area',
    method: 'GET',
    url: () => `/api/rosters/workbook.xlsx?schoolCode=${SCHOOL_A}`,
    expect: ALL(200, { village_official: 404, teacher: 403 }),
  },
  {
    name: '一表六册 of school B’s service area',
    method: 'GET',
    url: () => `/api/rosters/workbook.xlsx?schoolCode=${SCHOOL_B}`,
    expect: ALL(404, { county_admin: 200, county_leader: 200, teacher: 403 }),
  },
  {
    name: 'child page in village A1',
    method: 'GET',
    url: () => `/api/population/${m.population.a1}`,
    expect: ALL(200, { teacher: 403 }),
  },
  {
    name: 'child page in village B1',
    method: 'GET',
    url: () => `/api/population/${m.population.b1}`,
    expect: ALL(404, { county_admin: 200, county_leader: 200, teacher: 403 }),
  },
  {
    name: 'removals of the year in town A',
    method: 'GET',
    url: () => `/api/population/removals?townCode=${TOWN_A}`,
    expect: ALL(200, { village_official: 404, school_admin: 404, teacher: 403 }),
  },
  {
    name: 'removals of the year in town B',
    method: 'GET',
    url: () => `/api/population/removals?townCode=${TOWN_B}`,
    expect: ALL(404, { county_admin: 200, county_leader: 200, teacher: 403 }),
  },
  {
    // The facts the fixture's rows were imported with (none): nothing changes but the audit log.
    name: "a child's household facts in village A1",
    method: 'PUT',
    url: () => `/api/population/${m.population.a1}/household`,
    body: NO_HOUSEHOLD_FACTS,
    expect: ALL(403, { county_admin: 200, town_official: 200, village_official: 200 }),
  },
  {
    name: "a child's household facts in village B1",
    method: 'PUT',
    url: () => `/api/population/${m.population.b1}/household`,
    body: NO_HOUSEHOLD_FACTS,
    expect: ALL(403, { county_admin: 200, town_official: 404, village_official: 404 }),
  },
  {
    // Born in the future: refused once permission and scope are passed, nobody added.
    name: 'add a child to the roster of village A1',
    method: 'POST',
    url: () => '/api/population',
    body: { ...UNBORN_CHILD, villageCode: VILLAGE_A1 },
    expect: ALL(403, { county_admin: 400, town_official: 400, village_official: 400 }),
  },
  {
    name: 'add a child to the roster of village B1',
    method: 'POST',
    url: () => '/api/population',
    body: { ...UNBORN_CHILD, villageCode: VILLAGE_B1 },
    expect: ALL(403, { county_admin: 400, town_official: 404, village_official: 404 }),
  },
  {
    // "Registered twice" of a number that stands once: refused once permission and scope are passed.
    name: 'take a child of village A1 off the roster',
    method: 'POST',
    url: () => `/api/population/${m.population.a1}/removal`,
    body: { reason: 'duplicate', note: '矩阵' },
    expect: ALL(403, { county_admin: 400, town_official: 400, village_official: 400 }),
  },
  {
    name: 'take a child of village B1 off the roster',
    method: 'POST',
    url: () => `/api/population/${m.population.b1}/removal`,
    body: { reason: 'duplicate', note: '矩阵' },
    expect: ALL(403, { county_admin: 400, town_official: 404, village_official: 404 }),
  },
  {
    name: 'registry events',
    method: 'GET',
    url: () => '/api/student-events',
    expect: ALL(200, { teacher: 403 }),
  },
];

/** An enrolment event for every fixture student, at the school they attend. */
async function enrolEveryStudent(t: TestApp): Promise<void> {
  const students = await t.database.db
    .selectFrom('students')
    .select(['id', 'county_code', 'id_number', 'school_code', 'grade', 'status'])
    .where('id', 'in', Object.values(t.fixture.students))
    .execute();
  await t.database.db
    .insertInto('student_events')
    .values(
      students.map((s) => ({
        county_code: s.county_code,
        student_id: s.id,
        id_number: s.id_number,
        kind: 'enrol' as const,
        event_date: '2026-09-01',
        from_school_code: null,
        to_school_code: s.school_code,
        grade: s.grade,
        status_before: null,
        status_after: s.status,
        note: '入学',
        import_id: null,
        user_id: null,
        username: null,
      })),
    )
    .execute();
}

describe.each(databaseKinds())('authorization matrix on %s', (kind) => {
  let t: TestApp;
  let clients: Record<Role, Client>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    clients = await loginEveryRole(t);
    m = await createMonitoringFixture(t.database.db, t.fixture);
    const spare = await t.database.db
      .insertInto('users')
      .columns(['county_code', 'username', 'display_name', 'password_hash', 'role', 'scope_code'])
      .expression((eb) =>
        eb
          .selectFrom('users')
          .select([
            'county_code',
            eb.val('spare.clerk').as('username'),
            eb.val('备用账号').as('display_name'),
            'password_hash',
            'role',
            'scope_code',
          ])
          .where('id', '=', t.fixture.users.village_official.id),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    spareUserId = spare.id;
    await enrolEveryStudent(t);
    const a1 = await t.database.db
      .selectFrom('students')
      .selectAll()
      .where('id', '=', t.fixture.students.a1)
      .executeTakeFirstOrThrow();
    enrolmentFile = csvBuffer([
      ['姓名', '性别', '身份证号', '学校标识码', '年级', '学籍状态'],
      [a1.name, a1.gender === 'M' ? '男' : '女', a1.id_number, a1.school_code, String(a1.grade), '在读'],
    ]);
  });
  afterAll(async () => t?.close());

  describe.each(ROLES)('%s', (role) => {
    it('lists exactly the students in scope', async () => {
      const res = await clients[role].request('GET', '/api/students?pageSize=200');
      expect(res.statusCode).toBe(200);
      const ids = (res.json() as { items: { id: number }[] }).items.map((s) => s.id).sort();
      expect(ids).toEqual(VISIBLE_STUDENTS[role].map((k) => t.fixture.students[k]).sort());
    });

    it('counts by status exactly the students in scope', async () => {
      const res = await clients[role].request('GET', '/api/students/status-counts');
      expect(res.statusCode).toBe(200);
      const counts = res.json() as Record<string, number>;
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      expect(total).toBe(VISIBLE_STUDENTS[role].length);
    });

    it('opens each student inside scope and gets 404 outside', async () => {
      for (const key of Object.keys(t.fixture.students) as StudentKey[]) {
        const res = await clients[role].request('GET', `/api/students/${t.fixture.students[key]}`);
        expect([key, res.statusCode]).toEqual([key, VISIBLE_STUDENTS[role].includes(key) ? 200 : 404]);
      }
    });

    it('lists and opens exactly the schools in scope', async () => {
      const res = await clients[role].request('GET', '/api/schools');
      expect(res.statusCode).toBe(200);
      // Other tests in this file create schools; the fixture's two are the ones with known answers.
      const codes = (res.json() as { items: { code: string }[] }).items.map((s) => s.code);
      expect(codes.filter((c) => c === SCHOOL_A || c === SCHOOL_B)).toEqual(VISIBLE_SCHOOLS[role]);
      for (const code of [SCHOOL_A, SCHOOL_B]) {
        const one = await clients[role].request('GET', `/api/schools/${code}`);
        expect([code, one.statusCode]).toEqual([code, VISIBLE_SCHOOLS[role].includes(code) ? 200 : 404]);
      }
    });

    it('sees the classes of school A it answers for', async () => {
      const res = await clients[role].request('GET', `/api/schools/${SCHOOL_A}/classes`);
      if (!VISIBLE_SCHOOLS[role].includes(SCHOOL_A)) return expect(res.statusCode).toBe(404);
      const ids = (res.json() as { id: number }[]).map((c) => c.id).sort();
      const expected =
        role === 'teacher' ? [t.fixture.classes.a1] : [t.fixture.classes.a1, t.fixture.classes.a2].sort();
      expect(ids).toEqual(expected);
    });

    it('opens the towns in scope and gets 404 for the others', async () => {
      for (const code of [TOWN_A, TOWN_B]) {
        const res = await clients[role].request('GET', `/api/regions/${code}`);
        expect([code, res.statusCode]).toEqual([code, VISIBLE_TOWNS[role].includes(code) ? 200 : 404]);
      }
      const tree = await clients[role].request('GET', '/api/regions/tree');
      expect(tree.statusCode).toBe(200);
      const flat: string[] = [];
      const walk = (nodes: { code: string; level: string; children: unknown[] }[]) =>
        nodes.forEach((n) => {
          if (n.level === 'town') flat.push(n.code);
          walk(n.children as never);
        });
      walk(tree.json());
      expect(flat.sort()).toEqual(VISIBLE_TOWNS[role]);
    });

    it.each(PRIVILEGED.map((p) => [p.name, p] as const))('%s', async (_name, p) => {
      const client = clients[role];
      const res = p.raw
        ? await t.app.inject({
            method: p.method,
            url: p.url(t.fixture),
            headers: {
              cookie: client.cookie,
              'x-csrf-token': client.csrf,
              'content-type': 'application/octet-stream',
            },
            payload: p.raw(),
          })
        : await client.request(
            p.method,
            p.url(t.fixture),
            typeof p.body === 'function' ? p.body(t.fixture) : p.body,
          );
      // Imports and runs go on in the background: the next check starts from a quiet county.
      await t.app.jobs.idle();
      expect(res.statusCode, res.body.slice(0, 300)).toBe(p.expect[role]);
    });

    const namesIn = (role: Role) => {
      const areas = VISIBLE_AREAS[role];
      return areas === 403 ? 403 : areas.flatMap((a) => m.names[a]).sort();
    };

    it('lists exactly the reconciled children in scope', async () => {
      const res = await clients[role].request(
        'GET',
        `/api/reconciliation/runs/${m.run.id}/children?pageSize=200`,
      );
      const expected = namesIn(role);
      if (expected === 403) return expect(res.statusCode).toBe(403);
      const names = (res.json() as { items: { name: string; idNumberMasked: string }[] }).items;
      expect(names.map((c) => c.name).sort()).toEqual(expected);
      expect(names.every((c) => /\*{8}/.test(c.idNumberMasked))).toBe(true);
    });

    it('lists exactly the suspected children in scope in the suspected ledger', async () => {
      const res = await clients[role].request(
        'GET',
        `/api/reconciliation/runs/${m.run.id}/ledgers/suspected`,
      );
      const expected = namesIn(role);
      if (expected === 403) return expect(res.statusCode).toBe(403);
      const names = (res.json() as { items: { name: string }[] }).items.map((c) => c.name).sort();
      expect(names).toEqual(expected.filter((n) => n.startsWith('失学')));
    });

    it('lists exactly the population in scope in the rosters', async () => {
      const res = await clients[role].request('GET', '/api/rosters/population?pageSize=200');
      const expected = namesIn(role);
      if (expected === 403) return expect(res.statusCode).toBe(403);
      expect((res.json() as { items: { name: string }[] }).items.map((c) => c.name).sort()).toEqual(expected);
    });

    it('sees the registry events of the students it may see, and 404 for the others', async () => {
      // Every fixture student has an event (beforeAll), so a history shown out of scope shows.
      for (const key of Object.keys(t.fixture.students) as StudentKey[]) {
        const res = await clients[role].request('GET', `/api/students/${t.fixture.students[key]}/events`);
        expect([key, res.statusCode]).toEqual([key, VISIBLE_STUDENTS[role].includes(key) ? 200 : 404]);
      }
    });

    it('reveals a full identity number only with the permission, and audits it', async () => {
      const res = await clients[role].request('POST', `/api/students/${t.fixture.students.a1}/identity`);
      if (role !== 'county_admin') return expect(res.statusCode).toBe(403);
      expect(res.statusCode).toBe(200);
      expect((res.json() as { idNumber: string }).idNumber).toMatch(/^\d{17}[\dX]$/);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'view_identity')
        .where('entity_id', '=', String(t.fixture.students.a1))
        .execute();
      expect(audit.length).toBeGreaterThan(0);
    });
  });

  it('keeps the rest of a school when one field is edited (service area included)', async () => {
    const res = await clients.county_admin.request('PATCH', `/api/schools/${SCHOOL_A}`, { boarding: false });
    expect(res.statusCode).toBe(200);
    const area = await t.database.db
      .selectFrom('school_service_areas')
      .select('village_code')
      .where('school_code', '=', SCHOOL_A)
      .execute();
    expect(area).toHaveLength(2);
  });

  it('masks identity numbers in every list', async () => {
    const res = await clients.county_admin.request('GET', '/api/students');
    for (const s of (res.json() as { items: { idNumberMasked: string }[] }).items) {
      expect(s.idNumberMasked).toMatch(/^\d{6}\*{12}$/);
    }
  });

  it('leaves an audit entry when a record outside scope is requested', async () => {
    const res = await clients.town_official.request('GET', `/api/schools/${SCHOOL_B}`);
    expect(res.statusCode).toBe(404);
    const denied = await t.database.db
      .selectFrom('audit_log')
      .select(['username', 'entity', 'entity_id'])
      .where('action', '=', 'access_denied')
      .where('entity_id', '=', SCHOOL_B)
      .execute();
    expect(denied).toContainEqual({
      username: t.fixture.users.town_official.username,
      entity: 'school',
      entity_id: SCHOOL_B,
    });
  });

  it('answers 404 without an audit entry for a record that does not exist', async () => {
    const before = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await clients.town_official.request('GET', '/api/schools/2161999999');
    expect(res.statusCode).toBe(404);
    const after = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
