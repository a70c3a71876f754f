import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../test/app';
import { databaseKinds } from '../../test/db';
import { SCHOOL_A, VILLAGE_A1 } from '../../test/fixtures';

describe.each(databaseKinds())('input the database refuses, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('answers a text the database cannot store (a NUL) as invalid input, in both languages, not as a server failure', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const res = await admin.request('PATCH', `/api/regions/${VILLAGE_A1}`, { name: 'a\u0000b' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'validation', message: '输入内容不符合要求', messageEn: 'The input is not valid' },
    });
  });

  it('refuses a service area naming a village twice on its field, before the database would', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const res = await admin.request('PATCH', `/api/schools/${SCHOOL_A}`, {
      serviceArea: [VILLAGE_A1, VILLAGE_A1],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'validation', details: [{ path: 'body.serviceArea' }] },
    });
  });

  it('answers an address the router cannot read in the same bilingual form', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const res = await admin.request('GET', '/api/students/%FF%FE');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'bad_request', messageEn: 'Bad request' } });
  });
});
