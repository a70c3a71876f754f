import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  AbsenceClassesResponse,
  AbsenceRow,
  AbsenceSummary,
  ClassRoll,
  GuardianContact,
  Page,
  SchoolCalendarResponse,
} from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { insertRollCalls } from '../../../test/cases';
import { databaseKinds } from '../../../test/db';
import { COUNTY, SCHOOL_A, SCHOOL_B } from '../../../test/fixtures';
import { ManualClock } from '../../lib/clock';
import { insertDemoCalendar } from '../../demo/calendar';

// Roll calls and guardian contacts through the HTTP API, on the 2026-2027 calendar of the
// demo (National Day week off with make-up days), with the clock on Monday 30 November 2026.

const MONDAY = '2026-11-30';

describe.each(databaseKinds())('absences on %s', (kind) => {
  let t: TestApp;
  const clock = new ManualClock('2026-11-30T09:00:00+08:00');
  const c = {} as Record<
    'admin' | 'leader' | 'town' | 'village' | 'school' | 'teacher' | 'inspector',
    Client
  >;

  beforeAll(async () => {
    t = await createTestApp(kind, { clock });
    await insertDemoCalendar(t.database.db, COUNTY, 2026);
    c.admin = await login(t.app, t.fixture.users.county_admin.username);
    c.leader = await login(t.app, t.fixture.users.county_leader.username);
    c.town = await login(t.app, t.fixture.users.town_official.username);
    c.village = await login(t.app, t.fixture.users.village_official.username);
    c.school = await login(t.app, t.fixture.users.school_admin.username);
    c.teacher = await login(t.app, t.fixture.users.teacher.username);
    c.inspector = await login(t.app, t.fixture.users.inspector.username);
  });
  afterAll(async () => t?.close());

  beforeEach(async () => {
    clock.setDay(MONDAY);
    const db = t.database.db;
    await db.deleteFrom('inbox_items').execute();
    await db.deleteFrom('guardian_contacts').execute();
    await db.deleteFrom('absences').execute();
    await db.deleteFrom('roll_calls').execute();
  });

  const mark = (client: Client, classId: number, day: string, absences: unknown[]) =>
    client.request('PUT', `/api/absences/classes/${classId}/${day}`, { absences });

  async function contactItems(studentId: number) {
    return t.database.db
      .selectFrom('inbox_items')
      .select(['user_id', 'kind', 'dedupe_key', 'done_at', 'link'])
      .where('student_id', '=', studentId)
      .where('kind', '=', 'contact_today')
      .execute();
  }

  describe('calendar', () => {
    it('is readable by everyone and kept by the county admin, audited', async () => {
      const res = await c.teacher.request('GET', '/api/calendar?schoolYear=2026');
      expect(res.statusCode).toBe(200);
      const cal = res.json() as SchoolCalendarResponse;
      expect(cal.terms.map((x) => [x.term, x.startsOn, x.endsOn])).toEqual([
        [1, '2026-09-01', '2027-01-22'],
        [2, '2027-02-24', '2027-07-09'],
      ]);
      expect(cal.days.find((d) => d.day === '2026-10-10')?.kind).toBe('makeup');

      expect(
        (await c.school.request('PUT', '/api/calendar/days/2026-12-04', { kind: 'holiday' })).statusCode,
      ).toBe(403);
      const put = await c.admin.request('PUT', '/api/calendar/days/2026-12-04', {
        kind: 'holiday',
        note: '雪灾停课',
      });
      expect(put.statusCode).toBe(200);
      const after = (await c.admin.request('GET', '/api/calendar')).json() as SchoolCalendarResponse;
      expect(after.days).toContainEqual({ day: '2026-12-04', kind: 'holiday', note: '雪灾停课' });
      expect((await c.admin.request('DELETE', '/api/calendar/days/2026-12-04')).statusCode).toBe(200);
      expect((await c.admin.request('DELETE', '/api/calendar/days/2026-12-04')).statusCode).toBe(404);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'calendar_day')
        .where('entity_id', '=', '2026-12-04')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
    });

    it('replaces the terms of a year and refuses overlapping terms', async () => {
      const bad = await c.admin.request('PUT', '/api/calendar/terms', {
        schoolYear: 2025,
        terms: [
          { term: 1, startsOn: '2025-09-01', endsOn: '2026-03-01' },
          { term: 2, startsOn: '2026-02-24', endsOn: '2026-07-09' },
        ],
      });
      expect(bad.statusCode).toBe(400);
      const ok = await c.admin.request('PUT', '/api/calendar/terms', {
        schoolYear: 2025,
        terms: [{ term: 1, startsOn: '2025-09-01', endsOn: '2026-01-16' }],
      });
      expect(ok.statusCode).toBe(200);
      expect((ok.json() as SchoolCalendarResponse).terms).toEqual([
        { schoolYear: 2025, term: 1, startsOn: '2025-09-01', endsOn: '2026-01-16' },
      ]);
      expect(
        (await c.town.request('PUT', '/api/calendar/terms', { schoolYear: 2025, terms: [] })).statusCode,
      ).toBe(403);
    });
  });

  describe('roll call', () => {
    it('lists the classes each marker may mark, and refuses the others', async () => {
      const teacher = (
        await c.teacher.request('GET', `/api/absences/classes?day=${MONDAY}`)
      ).json() as AbsenceClassesResponse;
      expect(teacher.classes.map((x) => x.classId)).toEqual([t.fixture.classes.a1]);
      expect(teacher).toMatchObject({ day: MONDAY, today: MONDAY, schoolDay: true });
      const school = (
        await c.school.request('GET', '/api/absences/classes')
      ).json() as AbsenceClassesResponse;
      expect(school.classes.map((x) => x.classId).sort()).toEqual(
        [t.fixture.classes.a1, t.fixture.classes.a2].sort(),
      );
      expect((await c.town.request('GET', '/api/absences/classes')).statusCode).toBe(403);
      expect(
        (await c.teacher.request('GET', `/api/absences/classes/${t.fixture.classes.a2}`)).statusCode,
      ).toBe(404);
      expect(
        (await c.teacher.request('GET', `/api/absences/classes/${t.fixture.classes.a1}`)).statusCode,
      ).toBe(200);
    });

    it('saves the absent children, everyone else present, and replaces on the next save', async () => {
      const { a1 } = t.fixture.students;
      const first = await mark(c.teacher, t.fixture.classes.a1, MONDAY, [
        { studentId: a1, kind: 'unexcused' },
      ]);
      expect(first.statusCode, first.body).toBe(200);
      const roll = first.json() as ClassRoll;
      expect(roll.marked).toBe(true);
      expect(roll.markedBy).toBe('teacher 用户');
      expect(roll.students.find((s) => s.studentId === a1)?.absence).toEqual({
        kind: 'unexcused',
        note: null,
      });

      const second = await mark(c.teacher, t.fixture.classes.a1, MONDAY, [
        { studentId: a1, kind: 'sick', note: '发烧' },
      ]);
      expect(second.statusCode).toBe(200);
      const rows = await t.database.db
        .selectFrom('absences')
        .select(['student_id', 'kind', 'note'])
        .execute();
      expect(rows).toEqual([{ student_id: a1, kind: 'sick', note: '发烧' }]);

      expect((await mark(c.teacher, t.fixture.classes.a1, MONDAY, [])).statusCode).toBe(200);
      expect(await t.database.db.selectFrom('absences').selectAll().execute()).toEqual([]);
      const call = await t.database.db.selectFrom('roll_calls').selectAll().executeTakeFirstOrThrow();
      expect([call.present_count, call.absent_count, call.username]).toEqual([
        1,
        0,
        t.fixture.users.teacher.username,
      ]);

      const classes = (
        await c.teacher.request('GET', '/api/absences/classes')
      ).json() as AbsenceClassesResponse;
      expect(classes.classes[0]).toMatchObject({ marked: true, absent: 0, enrolled: 1 });
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('entity', '=', 'roll_call')
        .execute();
      expect(audit.length).toBeGreaterThanOrEqual(3);
    });

    it('refuses a class out of scope, a child of another class, a future day and days without school', async () => {
      const { a1, a2 } = t.fixture.students;
      expect((await mark(c.teacher, t.fixture.classes.a2, MONDAY, [])).statusCode).toBe(404);
      expect((await mark(c.school, t.fixture.classes.b1, MONDAY, [])).statusCode).toBe(404);
      expect((await mark(c.town, t.fixture.classes.a1, MONDAY, [])).statusCode).toBe(403);
      const stranger = await mark(c.teacher, t.fixture.classes.a1, MONDAY, [{ studentId: a2, kind: 'sick' }]);
      expect(stranger.statusCode).toBe(400);

      const future = await mark(c.teacher, t.fixture.classes.a1, '2026-12-01', [
        { studentId: a1, kind: 'sick' },
      ]);
      expect([future.statusCode, (future.json() as { error: { code: string } }).error.code]).toEqual([
        400,
        'future_day',
      ]);
      for (const day of ['2026-11-28', '2026-10-05', '2026-08-31']) {
        const res = await mark(c.teacher, t.fixture.classes.a1, day, []);
        expect([day, (res.json() as { error: { code: string } }).error.code]).toEqual([
          day,
          'not_a_school_day',
        ]);
      }
      // Saturday 10 October is a make-up school day.
      expect((await mark(c.teacher, t.fixture.classes.a1, '2026-10-10', [])).statusCode).toBe(200);
      expect(
        (await mark(c.school, t.fixture.classes.a2, MONDAY, [{ studentId: a2, kind: 'personal' }]))
          .statusCode,
      ).toBe(200);
    });

    it('asks the head teacher for a same-day contact, and settles it when the mark is withdrawn', async () => {
      const { a1 } = t.fixture.students;
      await mark(c.school, t.fixture.classes.a1, MONDAY, [{ studentId: a1, kind: 'unexcused' }]);
      await mark(c.school, t.fixture.classes.a1, MONDAY, [{ studentId: a1, kind: 'unexcused' }]);
      let items = await contactItems(a1);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        user_id: t.fixture.users.teacher.id,
        dedupe_key: `contact:${MONDAY}:${a1}`,
        done_at: null,
        link: `/absences?classId=${t.fixture.classes.a1}&day=${MONDAY}`,
      });
      await mark(c.teacher, t.fixture.classes.a1, MONDAY, [{ studentId: a1, kind: 'sick' }]);
      items = await contactItems(a1);
      expect(items[0]?.done_at).not.toBeNull();
      // Marked unexcused again with no contact logged: the request is open again.
      await mark(c.teacher, t.fixture.classes.a1, MONDAY, [{ studentId: a1, kind: 'unexcused' }]);
      items = await contactItems(a1);
      expect(items[0]?.done_at).toBeNull();
    });

    it('files no contact request when the county turned it off', async () => {
      const { a1 } = t.fixture.students;
      await c.admin.request('PUT', '/api/settings', { cases: { sameDayContact: false } });
      try {
        await mark(c.teacher, t.fixture.classes.a1, MONDAY, [{ studentId: a1, kind: 'unexcused' }]);
        expect(await contactItems(a1)).toHaveLength(0);
      } finally {
        await c.admin.request('PUT', '/api/settings', { cases: { sameDayContact: true } });
      }
    });
  });

  describe('guardian contacts', () => {
    it('logs a contact, shows it on the roll and settles the contact request', async () => {
      const { a1 } = t.fixture.students;
      await mark(c.teacher, t.fixture.classes.a1, MONDAY, [{ studentId: a1, kind: 'unexcused' }]);
      const res = await c.teacher.request('POST', '/api/absences/contacts', {
        studentId: a1,
        day: MONDAY,
        contactName: '赵父',
        relation: '父亲',
        method: 'phone',
        result: 'not_reached',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json() as GuardianContact).toMatchObject({
        studentId: a1,
        result: 'not_reached',
        method: 'phone',
      });
      expect((await contactItems(a1))[0]?.done_at).not.toBeNull();
      const roll = (
        await c.teacher.request('GET', `/api/absences/classes/${t.fixture.classes.a1}?day=${MONDAY}`)
      ).json() as ClassRoll;
      expect(roll.students[0]?.contacts.map((x) => x.contactName)).toEqual(['赵父']);
      // Saving the roll again keeps the request settled: a contact was logged.
      await mark(c.teacher, t.fixture.classes.a1, MONDAY, [{ studentId: a1, kind: 'unexcused' }]);
      expect((await contactItems(a1))[0]?.done_at).not.toBeNull();
    });

    it('refuses a child out of scope, a future day and a day that is no school day', async () => {
      const body = { day: MONDAY, contactName: '家长', method: 'phone', result: 'reached' };
      const outside = await c.teacher.request('POST', '/api/absences/contacts', {
        ...body,
        studentId: t.fixture.students.a2,
      });
      expect(outside.statusCode).toBe(404);
      const future = await c.teacher.request('POST', '/api/absences/contacts', {
        ...body,
        studentId: t.fixture.students.a1,
        day: '2026-12-02',
      });
      expect(future.statusCode).toBe(400);
      for (const day of ['2026-11-28', '2026-10-05']) {
        const off = await c.teacher.request('POST', '/api/absences/contacts', {
          ...body,
          studentId: t.fixture.students.a1,
          day,
        });
        expect(off.json(), day).toMatchObject({ error: { code: 'not_a_school_day' } });
      }
      expect(
        (
          await c.town.request('POST', '/api/absences/contacts', {
            ...body,
            studentId: t.fixture.students.a1,
          })
        ).statusCode,
      ).toBe(403);
    });
  });

  describe('lists', () => {
    beforeEach(async () => {
      const { a1, a2, b1, crossLine } = t.fixture.students;
      const db = t.database.db;
      const row = (
        studentId: number,
        classId: number,
        school: string,
        day: string,
        k: 'sick' | 'unexcused',
      ) => ({
        county_code: COUNTY,
        student_id: studentId,
        class_id: classId,
        school_code: school,
        day,
        kind: k,
        note: null,
        user_id: null,
        username: 'test',
      });
      await db
        .insertInto('absences')
        .values([
          row(a1, t.fixture.classes.a1, SCHOOL_A, MONDAY, 'unexcused'),
          row(a2, t.fixture.classes.a2, SCHOOL_A, MONDAY, 'sick'),
          row(b1, t.fixture.classes.b1, SCHOOL_B, MONDAY, 'unexcused'),
          row(crossLine, t.fixture.classes.b1, SCHOOL_B, MONDAY, 'unexcused'),
          row(a1, t.fixture.classes.a1, SCHOOL_A, '2026-11-27', 'unexcused'),
        ])
        .execute();
      await db
        .insertInto('guardian_contacts')
        .values({
          county_code: COUNTY,
          student_id: b1,
          day: MONDAY,
          contact_name: '孙母',
          method: 'phone',
          result: 'reached',
        })
        .execute();
    });

    const names = async (client: Client, query: string) => {
      const res = await client.request('GET', `/api/absences?${query}`);
      expect(res.statusCode).toBe(200);
      return (res.json() as Page<AbsenceRow>).items.map((r) => r.name).sort();
    };

    it('lists today’s absences in each scope (the village sees its residents)', async () => {
      expect(await names(c.admin, '')).toEqual(['孙三', '李四', '赵一', '钱二'].sort());
      expect(await names(c.leader, '')).toHaveLength(4);
      // 李四 attends school B but lives in village A1: on town A's government line.
      expect(await names(c.town, '')).toEqual(['李四', '赵一', '钱二'].sort());
      expect(await names(c.inspector, '')).toEqual(['李四', '赵一', '钱二'].sort());
      expect(await names(c.school, '')).toEqual(['赵一', '钱二'].sort());
      expect(await names(c.teacher, '')).toEqual(['赵一']);
      expect(await names(c.village, '')).toEqual(['李四', '赵一'].sort());
      expect(await names(c.admin, `schoolCode=${SCHOOL_B}&kind=unexcused`)).toEqual(['孙三', '李四'].sort());
      expect(await names(c.admin, 'from=2026-11-23&to=2026-11-30')).toHaveLength(5);
      const b1 = (
        await c.admin.request('GET', `/api/absences?schoolCode=${SCHOOL_B}`)
      ).json() as Page<AbsenceRow>;
      expect(b1.items.find((r) => r.name === '孙三')).toMatchObject({ contacts: 1, reached: true });
    });

    it('sums per school, with the children and the unreached', async () => {
      const res = await c.admin.request('GET', '/api/absences/summary?from=2026-11-23&to=2026-11-30');
      expect(res.statusCode).toBe(200);
      const s = res.json() as AbsenceSummary;
      // Six school days, Monday 23 to Monday 30, of school A's two classes and school B's one,
      // none of whose rolls was taken (the absences were written straight into the table).
      expect(s.total).toEqual({
        absences: 5,
        sick: 1,
        personal: 0,
        unexcused: 4,
        children: 4,
        unreached: 3,
        rollsDue: 18,
        rollsTaken: 0,
      });
      expect(s.schools.map((x) => [x.schoolCode, x.absences, x.unreached])).toEqual([
        [SCHOOL_A, 3, 2],
        [SCHOOL_B, 2, 1],
      ]);
      const town = (await c.town.request('GET', '/api/absences/summary')).json() as AbsenceSummary;
      expect(town).toMatchObject({ from: MONDAY, to: MONDAY, today: MONDAY });
      expect(town.schools.map((x) => [x.schoolCode, x.absences])).toEqual([
        [SCHOOL_A, 2],
        [SCHOOL_B, 1],
      ]);
      const school = (await c.school.request('GET', '/api/absences/summary')).json() as AbsenceSummary;
      expect(school.schools.map((x) => x.schoolCode)).toEqual([SCHOOL_A]);
    });

    it('exports the list as a workbook, audited', async () => {
      const res = await c.town.request('GET', '/api/absences?format=xlsx');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('entity', '=', 'absence')
        .execute();
      expect(audit.length).toBeGreaterThan(0);
    });
  });
  describe('rolls', () => {
    const rolled = (classId: number, days: string[]) => insertRollCalls(t.database.db, [classId], days);
    const WEEK = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];
    const rollsOf = async (client: Client, query: string) => {
      const res = await client.request('GET', `/api/absences/summary?${query}`);
      expect(res.statusCode).toBe(200);
      const s = res.json() as AbsenceSummary;
      return {
        total: [s.total.rollsTaken, s.total.rollsDue],
        schools: s.schools.map((x) => [x.schoolCode, x.rollsTaken, x.rollsDue, x.absences]),
      };
    };

    it('lists a school whose classes took no roll, without absences, most rolls missing first', async () => {
      await rolled(t.fixture.classes.a1, [...WEEK, MONDAY]);
      await rolled(t.fixture.classes.a2, ['2026-11-27']);
      // School A: 7 of its 12 rolls; school B: none of its 6, so it comes first.
      expect(await rollsOf(c.admin, 'from=2026-11-23&to=2026-11-30')).toEqual({
        total: [7, 18],
        schools: [
          [SCHOOL_B, 0, 6, 0],
          [SCHOOL_A, 7, 12, 0],
        ],
      });
      // Today only, in town A (school B is in town B): a1's roll is taken, a2's not yet.
      expect(await rollsOf(c.town, '')).toEqual({ total: [1, 2], schools: [[SCHOOL_A, 1, 2, 0]] });
    });

    it('counts the rolls of the classes each user answers for, on school days up to today', async () => {
      await rolled(t.fixture.classes.a1, [MONDAY]);
      expect(await rollsOf(c.school, '')).toEqual({ total: [1, 2], schools: [[SCHOOL_A, 1, 2, 0]] });
      expect(await rollsOf(c.teacher, '')).toEqual({ total: [1, 1], schools: [[SCHOOL_A, 1, 1, 0]] });
      // A village official answers for the village's children, not for any class's roll.
      expect(await rollsOf(c.village, '')).toEqual({ total: [0, 0], schools: [] });
      // A Saturday, and days still to come, have no roll due.
      expect(await rollsOf(c.admin, 'from=2026-11-28&to=2026-11-29')).toEqual({ total: [0, 0], schools: [] });
      expect(await rollsOf(c.admin, 'from=2026-11-30&to=2026-12-04')).toEqual({
        total: [1, 3],
        schools: [
          [SCHOOL_A, 1, 2, 0],
          [SCHOOL_B, 0, 1, 0],
        ],
      });
    });
  });
});
