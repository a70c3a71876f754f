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
      error: {
        code: 'validation',
        details: [
          {
            path: 'body.serviceArea',
            message: '服务范围中有重复的村(社区)',
            messageEn: 'A village is listed twice in the service area',
          },
        ],
      },
    });
  });

  it('gives every field refusal in Chinese and English: of the schema, and of the service', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const empty = await admin.request('PATCH', `/api/regions/${VILLAGE_A1}`, { name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([
      { path: 'body.name', message: '不能为空', messageEn: 'Must not be empty' },
    ]);
    const missing = await admin.request('PATCH', `/api/regions/${VILLAGE_A1}`, {});
    expect(missing.json().error.details).toEqual([
      { path: 'body.name', message: '请填写此项', messageEn: 'Required' },
    ]);
    // A village's code where a town's belongs: refused by the service, on its field.
    const village = await admin.request('PATCH', `/api/schools/${SCHOOL_A}`, { townCode: VILLAGE_A1 });
    expect(village.statusCode).toBe(400);
    expect(village.json().error.details).toEqual([
      {
        path: 'townCode',
        message: `不是本县的镇(街道)代码: ${VILLAGE_A1}`,
        messageEn: `Not the code of a town of the county: ${VILLAGE_A1}`,
      },
    ]);
  });

  it('answers an address the router cannot read in the same bilingual form', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const res = await admin.request('GET', '/api/students/%FF%FE');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'bad_request', messageEn: 'Bad request' } });
  });
});
