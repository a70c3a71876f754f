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
    expect((await placeNames(db, COUNTY, { schools: ['2161000077'] })).school('2161000077')).toBe('新建测试小学');

    const admin = await login(t.app, t.fixture.users.county_admin.username);
    expect((await admin.request('PATCH', `/api/regions/${VILLAGE_A1}`, { name: '改名测试村' })).statusCode).toBe(200);
    expect((await placeNames(db, COUNTY, { regions: [VILLAGE_A1] })).region(VILLAGE_A1)).toBe('改名测试村');
    expect((await placeNames(db, COUNTY, {})).school('0000000000')).toBeNull();
  });
});
