import type { Page, StudentSummary } from '@baoxue/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
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
