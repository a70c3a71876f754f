import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChiefGap, ChiefRow, Page, ResponsibilityChain, StudentSummary } from '@baoxue/shared';
import { login, type Client } from '../../test/app';
import { databaseKinds } from '../../test/db';
import { createDemoApp, type DemoApp } from '../../test/demo-app';
import { DEMO_VILLAGES_WITHOUT_HEAD } from './chiefs';
import { DEMO_PASSWORD } from './generate';
import { isSyntheticPhone } from './names';

// The demo county comes with its seven chiefs for its school year: every unit but two
// villages, synthetic people only, and a child's chain names its people.

describe.each(databaseKinds())('the demo county’s chiefs on %s', (kind) => {
  let t: DemoApp;
  let admin: Client;
  let teacher: Client;

  beforeAll(async () => {
    t = await createDemoApp(kind, 0.1);
    admin = await login(t.app, 'admin', DEMO_PASSWORD);
    teacher = await login(t.app, 'teacher', DEMO_PASSWORD);
  }, 180_000);
  afterAll(async () => t?.close());

  it('records a chief for every unit but two villages, with synthetic phone numbers', async () => {
    const year = t.demo.schoolYear;
    const chiefs = (await admin.request('GET', `/api/chiefs?schoolYear=${year}`)).json() as ChiefRow[];
    const count = (duty: string) => chiefs.filter((c) => c.duty === duty).length;
    expect(count('county_head')).toBe(1);
    expect(count('bureau_director')).toBe(1);
    expect(count('town_head')).toBe(t.demo.tables.regions.filter((r) => r.level === 'town').length);
    expect(count('principal')).toBe(t.demo.tables.schools.length);
    expect(chiefs.every((c) => c.phone !== null && isSyntheticPhone(c.phone))).toBe(true);
    const gaps = (await admin.request('GET', `/api/chiefs/gaps?schoolYear=${year}`)).json() as ChiefGap[];
    expect(gaps.map((g) => g.duty)).toEqual(Array(DEMO_VILLAGES_WITHOUT_HEAD).fill('village_head'));
  });

  it('names the people of a teacher’s pupil on both lines', async () => {
    const students = (
      await teacher.request('GET', '/api/students?pageSize=1')
    ).json() as Page<StudentSummary>;
    const id = students.items[0]!.id;
    const chain = (await teacher.request('GET', `/api/students/${id}/chain`)).json() as ResponsibilityChain;
    const named = chain.links.filter((l) => l.name !== null).map((l) => l.duty);
    expect(named).toEqual(
      expect.arrayContaining(['county_head', 'town_head', 'bureau_director', 'principal', 'class_teacher']),
    );
  });
});
