import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../test/app';
import { databaseKinds } from '../../test/db';
import { COUNTY, SCHOOL_A, SCHOOL_B, TOWN_B, VILLAGE_B1 } from '../../test/fixtures';
import { keptRows } from './kept-rows';

describe.each(databaseKinds())('kept figures on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  /** A pupil written behind the services' back, as another process would. */
  async function addStudentDirectly(idNumber: string) {
    await t.database.db
      .insertInto('students')
      .values({
        county_code: COUNTY,
        id_number: idNumber,
        name: '缓存测试生',
        gender: 'F',
        school_code: SCHOOL_B,
        grade: 3,
        status: 'enrolled',
        village_code: VILLAGE_B1,
      })
      .execute();
  }

  it('keeps a list total and a school figure until a change through the API, each scope its own', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const town = await login(t.app, t.fixture.users.town_official.username);
    const total = async (who: typeof admin) =>
      ((await who.request('GET', '/api/students?pageSize=5')).json() as { total: number }).total;
    const pupils = async () =>
      ((await admin.request('GET', `/api/schools/${SCHOOL_B}`)).json() as { studentCount: number })
        .studentCount;
    const [county, ofTown, ofSchool] = [await total(admin), await total(town), await pupils()];
    expect(ofTown).toBeLessThan(county);

    await addStudentDirectly('610727201501010025');
    expect(await total(admin)).toBe(county);
    expect(await pupils()).toBe(ofSchool);

    // Any successful change through the API forgets the kept figures.
    expect((await admin.request('PATCH', `/api/regions/${TOWN_B}`, { name: '缓存测试镇' })).statusCode).toBe(
      200,
    );
    expect(await total(admin)).toBe(county + 1);
    expect(await pupils()).toBe(ofSchool + 1);
    expect(await total(town)).toBe(ofTown);
  });

  it('keeps the overview and the region tree as written, per scope, until a change through the API', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const town = await login(t.app, t.fixture.users.town_official.username);
    type Overview = { totals: { students: number } };
    const students = async (who: typeof admin) => {
      const answer = await who.request('GET', '/api/overview');
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      return (answer.json() as Overview).totals.students;
    };
    const townNames = async () =>
      (
        (await admin.request('GET', '/api/regions/tree')).json() as { children: { name: string }[] }[]
      ).flatMap((county) => county.children.map((t) => t.name));
    const [county, ofTown, names] = [await students(admin), await students(town), await townNames()];
    expect(ofTown).toBeLessThan(county);

    await addStudentDirectly('610727201501010068');
    await t.database.db
      .updateTable('regions')
      .set({ name: '背后改的镇' })
      .where('code', '=', TOWN_B)
      .execute();
    expect(await students(admin)).toBe(county);
    expect(await townNames()).toEqual(names);

    expect((await admin.request('PATCH', `/api/regions/${TOWN_B}`, { name: '接口改的镇' })).statusCode).toBe(
      200,
    );
    expect(await students(admin)).toBe(county + 1);
    expect(await students(town)).toBe(ofTown);
    expect(await townNames()).toContain('接口改的镇');
  });

  it('reads afresh once the keeping time is over, and hands out rows no caller can change', async () => {
    const db = t.database.db;
    const count = () =>
      db
        .selectFrom('students')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('county_code', '=', COUNTY)
        .where('name', '=', '过期测试生');
    const start = Date.now();
    const [before] = await keptRows(db, count(), start);
    await db
      .insertInto('students')
      .values({
        county_code: COUNTY,
        id_number: '610727201501010041',
        name: '过期测试生',
        gender: 'M',
        school_code: SCHOOL_B,
        grade: 2,
        status: 'enrolled',
      })
      .execute();
    expect((await keptRows(db, count(), start + 29_000))[0]).toEqual(before);
    const [after] = await keptRows(db, count(), start + 31_000);
    expect(Number(after?.n)).toBe(Number(before?.n) + 1);
    expect(Object.isFrozen(after)).toBe(true);
  });

  it('reads inside a transaction from the database and keeps nothing of it', async () => {
    const db = t.database.db;
    const named = (on: typeof db) =>
      on.selectFrom('schools').select('name').where('county_code', '=', COUNTY).where('code', '=', SCHOOL_A);
    const [kept] = await keptRows(db, named(db));
    let inside: string | undefined;
    const rolledBack = await db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('schools').set({ name: '未提交的校名' }).where('code', '=', SCHOOL_A).execute();
        inside = (await keptRows(trx, named(trx)))[0]?.name;
        throw new Error('roll back');
      })
      .catch((error: unknown) => error);
    expect(rolledBack).toBeInstanceOf(Error);
    expect(inside).toBe('未提交的校名');
    expect((await keptRows(db, named(db)))[0]).toEqual(kept);
  });

  it('answers a school edit with the edited school, though its page was kept before', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    expect((await admin.request('GET', `/api/schools/${SCHOOL_A}`)).statusCode).toBe(200);
    const edited = await admin.request('PATCH', `/api/schools/${SCHOOL_A}`, { name: '改名后的小学' });
    expect(edited.json()).toMatchObject({ code: SCHOOL_A, name: '改名后的小学' });
  });
});
