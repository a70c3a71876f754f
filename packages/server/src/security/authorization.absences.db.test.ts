import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type AbsenceRow, type Page, type Role } from '@baoxue/shared';
import { createTestApp, type Client, type TestApp } from '../../test/app';
import { databaseKinds } from '../../test/db';
import { COUNTY, SCHOOL_A, SCHOOL_B, type Fixture } from '../../test/fixtures';
import { ADMIN_ONLY, ALL, VISIBLE_STUDENTS, loginEveryRole, type StudentKey } from '../../test/matrix';
import { insertDemoCalendar } from '../demo/calendar';
import { ManualClock } from '../lib/clock';

// The authorization matrix of the school calendar and daily absences (C10): every role
// against every endpoint, inside and outside its scope.

const MONDAY = '2026-11-30';

/** absences.mark: the county admin, the school admin (their school), the teacher (their classes). */
const MARKERS = (inside: { school: number; teacher: number }, admin = 200) =>
  ALL(403, { county_admin: admin, school_admin: inside.school, teacher: inside.teacher });

const ROWS: {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  /** Puts in place what the request acts on, before each role asks. */
  before?: (t: TestApp) => Promise<void>;
  expect: Record<Role, number>;
}[] = [
  // ---------------------------------------------------------------- calendar
  { name: 'read the calendar', method: 'GET', url: () => '/api/calendar?schoolYear=2026', expect: ALL(200) },
  {
    name: 'set the terms',
    method: 'PUT',
    url: () => '/api/calendar/terms',
    body: () => ({ schoolYear: 2027, terms: [{ term: 1, startsOn: '2027-09-01', endsOn: '2028-01-21' }] }),
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'mark a holiday',
    method: 'PUT',
    url: () => '/api/calendar/days/2026-12-25',
    body: () => ({ kind: 'holiday', note: '测试' }),
    expect: ADMIN_ONLY(200),
  },
  {
    name: 'remove a marked day',
    method: 'DELETE',
    url: () => '/api/calendar/days/2026-12-24',
    before: async (t) => {
      await t.database.db
        .insertInto('calendar_days')
        .values({ county_code: COUNTY, day: '2026-12-24', kind: 'holiday', note: null })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    expect: ADMIN_ONLY(200),
  },
  // ---------------------------------------------------------------- roll call
  {
    name: 'classes to mark',
    method: 'GET',
    url: () => '/api/absences/classes',
    expect: MARKERS({ school: 200, teacher: 200 }),
  },
  {
    name: "class a1's roll (teacher A's class)",
    method: 'GET',
    url: (f) => `/api/absences/classes/${f.classes.a1}?day=${MONDAY}`,
    expect: MARKERS({ school: 200, teacher: 200 }),
  },
  {
    name: "class a2's roll (school A, not teacher A's)",
    method: 'GET',
    url: (f) => `/api/absences/classes/${f.classes.a2}`,
    expect: MARKERS({ school: 200, teacher: 404 }),
  },
  {
    name: "class b1's roll (school B)",
    method: 'GET',
    url: (f) => `/api/absences/classes/${f.classes.b1}`,
    expect: MARKERS({ school: 404, teacher: 404 }),
  },
  {
    name: 'mark class a1',
    method: 'PUT',
    url: (f) => `/api/absences/classes/${f.classes.a1}/${MONDAY}`,
    body: (f) => ({ absences: [{ studentId: f.students.a1, kind: 'sick' }] }),
    expect: MARKERS({ school: 200, teacher: 200 }),
  },
  {
    name: 'mark class a2',
    method: 'PUT',
    url: (f) => `/api/absences/classes/${f.classes.a2}/${MONDAY}`,
    body: (f) => ({ absences: [{ studentId: f.students.a2, kind: 'sick' }] }),
    expect: MARKERS({ school: 200, teacher: 404 }),
  },
  {
    name: 'mark class b1',
    method: 'PUT',
    url: (f) => `/api/absences/classes/${f.classes.b1}/${MONDAY}`,
    body: () => ({ absences: [] }),
    expect: MARKERS({ school: 404, teacher: 404 }),
  },
  {
    name: "log a contact with a1's guardian",
    method: 'POST',
    url: () => '/api/absences/contacts',
    body: (f) => ({
      studentId: f.students.a1,
      day: MONDAY,
      contactName: '赵父',
      method: 'phone',
      result: 'reached',
    }),
    expect: MARKERS({ school: 201, teacher: 201 }, 201),
  },
  {
    name: "log a contact with a2's guardian",
    method: 'POST',
    url: () => '/api/absences/contacts',
    body: (f) => ({
      studentId: f.students.a2,
      day: MONDAY,
      contactName: '钱母',
      method: 'visit',
      result: 'reached',
    }),
    expect: MARKERS({ school: 201, teacher: 404 }, 201),
  },
  {
    name: "log a contact with b1's guardian",
    method: 'POST',
    url: () => '/api/absences/contacts',
    body: (f) => ({
      studentId: f.students.b1,
      day: MONDAY,
      contactName: '孙母',
      method: 'phone',
      result: 'reached',
    }),
    expect: MARKERS({ school: 404, teacher: 404 }, 201),
  },
  // ---------------------------------------------------------------- lists
  { name: 'absence list', method: 'GET', url: () => `/api/absences?from=${MONDAY}`, expect: ALL(200) },
  { name: 'absence export', method: 'GET', url: () => '/api/absences?format=xlsx', expect: ALL(200) },
  {
    name: 'absence summary',
    method: 'GET',
    url: () => '/api/absences/summary?from=2026-11-23',
    expect: ALL(200),
  },
];

describe.each(databaseKinds())('authorization matrix of calendar and absences on %s', (kind) => {
  let t: TestApp;
  let clients: Record<Role, Client>;

  beforeAll(async () => {
    t = await createTestApp(kind, { clock: new ManualClock('2026-11-30T10:00:00+08:00') });
    await insertDemoCalendar(t.database.db, COUNTY, 2026);
    clients = await loginEveryRole(t);
    const f = t.fixture;
    const row = (key: StudentKey, classId: number, school: string) => ({
      county_code: COUNTY,
      student_id: f.students[key],
      class_id: classId,
      school_code: school,
      day: '2026-11-27',
      kind: 'unexcused' as const,
      note: null,
      user_id: null,
      username: 'test',
    });
    await t.database.db
      .insertInto('absences')
      .values([
        row('a1', f.classes.a1, SCHOOL_A),
        row('a2', f.classes.a2, SCHOOL_A),
        row('b1', f.classes.b1, SCHOOL_B),
        row('crossLine', f.classes.b1, SCHOOL_B),
      ])
      .execute();
  });
  afterAll(async () => t?.close());

  describe.each(ROLES)('%s', (role) => {
    it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
      await r.before?.(t);
      const res = await clients[role].request(r.method, r.url(t.fixture), r.body?.(t.fixture));
      expect(res.statusCode, res.body.slice(0, 300)).toBe(r.expect[role]);
    });

    // Whose absences each role sees: the children it sees, on either line, as everywhere.
    it('lists exactly the absences in scope, and sums only those', async () => {
      const res = await clients[role].request(
        'GET',
        '/api/absences?from=2026-11-27&to=2026-11-27&pageSize=200',
      );
      expect(res.statusCode).toBe(200);
      const ids = (res.json() as Page<AbsenceRow>).items.map((a) => a.studentId).sort();
      expect(ids).toEqual(VISIBLE_STUDENTS[role].map((k) => t.fixture.students[k]).sort());
      const sum = await clients[role].request('GET', '/api/absences/summary?from=2026-11-27&to=2026-11-27');
      expect((sum.json() as { total: { absences: number } }).total.absences).toBe(
        VISIBLE_STUDENTS[role].length,
      );
    });
  });
});
