import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type ChildRecord, type Role, type StudentEvent } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../test/app';
import { databaseKinds } from '../../test/db';
import { COUNTY, SCHOOL_B, VILLAGE_B1 } from '../../test/fixtures';
import { loginEveryRole } from '../../test/matrix';
import { createMonitoringFixture } from '../../test/monitoring-fixture';
import { openCase } from '../modules/cases/cases.open';

// The child page is opened by where a child lives, and the child's records may lie beyond
// the user's scope: the fixture's crossLine child lives in village A1 (school A's service
// area) and studies at school B. Where a child lives answers for them wherever they study,
// so every school record is named; the history behind a record, and the child's case, only
// for users who may open them on their own pages. The school the child studies at opens the
// page too: it answers for its pupils wherever they live.

describe.each(databaseKinds())(
  'the child page of a child studying outside the user’s scope on %s',
  (kind) => {
    let t: TestApp;
    let clients: Record<Role, Client>;
    let populationId: number;
    let caseId: number;

    beforeAll(async () => {
      t = await createTestApp(kind);
      clients = await loginEveryRole(t);
      await createMonitoringFixture(t.database.db, t.fixture);
      const db = t.database.db;
      const student = await db
        .selectFrom('students')
        .selectAll()
        .where('id', '=', t.fixture.students.crossLine)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('student_events')
        .values({
          county_code: COUNTY,
          student_id: student.id,
          id_number: student.id_number,
          kind: 'enrol',
          event_date: '2026-09-01',
          from_school_code: null,
          to_school_code: SCHOOL_B,
          grade: student.grade,
          status_before: null,
          status_after: 'enrolled',
          note: '学校 B 的备注',
          import_id: null,
          user_id: null,
          username: null,
        })
        .execute();
      const row = await db
        .selectFrom('population')
        .select('id')
        .where('id_number', '=', student.id_number)
        .executeTakeFirstOrThrow();
      populationId = row.id;
      const opened = await openCase(db, {
        countyCode: COUNTY,
        source: 'inspector',
        studentId: student.id,
        openedOn: '2026-12-01',
        by: null,
      });
      caseId = opened.caseId;
    }, 120_000);
    afterAll(async () => t?.close());

    it.each(ROLES)(
      '%s sees the school record, and the history and case only where it may open them',
      async (role) => {
        const client = clients[role];
        const page = await client.request('GET', `/api/population/${populationId}`);
        if (role === 'teacher') return expect(page.statusCode).toBe(403);
        expect(page.statusCode, page.body.slice(0, 200)).toBe(200);
        const child = page.json<ChildRecord>();
        expect(child.students.map((s) => s.schoolCode)).toEqual([SCHOOL_B]);

        const history = await client.request('GET', `/api/students/${t.fixture.students.crossLine}/events`);
        const own = history.statusCode === 200 ? history.json<StudentEvent[]>() : [];
        expect(own.length > 0 || history.statusCode === 404, `${role}: ${history.statusCode}`).toBe(true);
        expect(child.events.map((e) => e.id)).toEqual(own.map((e) => e.id));

        const theCase = await client.request('GET', `/api/cases/${caseId}`);
        expect([200, 404]).toContain(theCase.statusCode);
        expect(child.openCase?.id ?? null).toBe(theCase.statusCode === 200 ? caseId : null);
      },
    );

    it('gives the school of the service area the record but neither the history nor the case', async () => {
      // The case of the matrix above that a mistake would reach: keep it said outright.
      const child = (
        await clients.school_admin.request('GET', `/api/population/${populationId}`)
      ).json<ChildRecord>();
      expect(child.students).toHaveLength(1);
      expect(child.events).toEqual([]);
      expect(child.openCase).toBeNull();
    });

    /** A second account like the fixture's account of `like`, with another scope. */
    async function accountOf(like: Role, role: Role, scopeCode: string): Promise<Client> {
      const db = t.database.db;
      const model = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', t.fixture.users[like].id)
        .executeTakeFirstOrThrow();
      const username = `${role}-${scopeCode}`;
      await db
        .insertInto('users')
        .values({
          county_code: COUNTY,
          username,
          display_name: `${role} ${scopeCode}`,
          password_hash: model.password_hash,
          role,
          scope_code: scopeCode,
          staff_id: null,
          can_view_full_id: false,
          must_change_password: false,
        })
        .execute();
      return login(t.app, username);
    }

    it('opens for the school the child studies at, with its history and case, though the child lives elsewhere', async () => {
      const schoolB = await accountOf('school_admin', 'school_admin', SCHOOL_B);
      const page = await schoolB.request('GET', `/api/population/${populationId}`);
      expect(page.statusCode, page.body.slice(0, 200)).toBe(200);
      const child = page.json<ChildRecord>();
      expect(child.events.map((e) => e.note)).toContain('学校 B 的备注');
      expect(child.openCase?.id).toBe(caseId);
    });

    it('stays closed to a village the child neither lives in nor studies in, and the attempt is audited', async () => {
      const villageB1 = await accountOf('village_official', 'village_official', VILLAGE_B1);
      expect((await villageB1.request('GET', `/api/population/${populationId}`)).statusCode).toBe(404);
      const denied = await t.database.db
        .selectFrom('audit_log')
        .select(['entity', 'entity_id'])
        .where('action', '=', 'access_denied')
        .where('username', '=', `village_official-${VILLAGE_B1}`)
        .execute();
      expect(denied).toEqual([{ entity: 'population', entity_id: String(populationId) }]);
    });
  },
);
