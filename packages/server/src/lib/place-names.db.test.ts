import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../test/app';
import { databaseKinds } from '../../test/db';
import { COUNTY, SCHOOL_A, TOWN_B, VILLAGE_A1 } from '../../test/fixtures';
import { placeNames } from './place-names';

describe.each(databaseKinds())('place names on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('names a school created after the names were read, and shows a rename made through the API at once', async () => {
    const db = t.database.db;
    const before = await placeNames(db, COUNTY, { schools: [SCHOOL_A] });
    expect(before.school(SCHOOL_A)).not.toBeNull();
    await db
      .insertInto('schools')
      .values({
        county_code: COUNTY,
        code: '2161000077',
        name: '新建测试小学',
        type: 'primary',
        town_code: TOWN_B,
        boarding: false,
        active: true,
      })
      .execute();
    expect((await placeNames(db, COUNTY, { schools: ['2161000077'] })).school('2161000077')).toBe(
      '新建测试小学',
    );

    const admin = await login(t.app, t.fixture.users.county_admin.username);
    expect(
      (await admin.request('PATCH', `/api/regions/${VILLAGE_A1}`, { name: '改名测试村' })).statusCode,
    ).toBe(200);
    expect((await placeNames(db, COUNTY, { regions: [VILLAGE_A1] })).region(VILLAGE_A1)).toBe('改名测试村');
    expect((await placeNames(db, COUNTY, {})).school('0000000000')).toBeNull();
  });

  it('keeps the names after a change that declares it touches none (an inbox mark), forgets them after others', async () => {
    const db = t.database.db;
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const userId = t.fixture.users.county_admin.id;
    const { id } = await db
      .insertInto('inbox_items')
      .values({
        county_code: COUNTY,
        user_id: userId,
        kind: 'case_opened',
        dedupe_key: 'place-names-test',
        title_zh: '测试',
        title_en: 'Test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const named = async () => (await placeNames(db, COUNTY, { regions: [VILLAGE_A1] })).region(VILLAGE_A1);
    const remembered = await named();
    // Renamed behind the services' back: the cache cannot know.
    await db.updateTable('regions').set({ name: '背后改名村' }).where('code', '=', VILLAGE_A1).execute();
    expect((await admin.request('POST', `/api/inbox/${id}/read`)).statusCode).toBe(200);
    expect(await named()).toBe(remembered);
    expect((await admin.request('PATCH', `/api/regions/${TOWN_B}`, { name: '西淮坝镇' })).statusCode).toBe(
      200,
    );
    expect(await named()).toBe('背后改名村');
  });
});
