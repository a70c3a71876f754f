import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChiefGap, ChiefRow, ResponsibilityChain } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import {
  COUNTY,
  SCHOOL_A,
  SCHOOL_B,
  SCHOOL_YEAR,
  TOWN_A,
  TOWN_B,
  VILLAGE_A1,
  VILLAGE_A2,
  VILLAGE_B1,
} from '../../../test/fixtures';
import { responsibilityChain } from './chain';

// The seven chiefs: who may keep them, what a unit must be for each duty, the audit trail,
// the coverage gaps, and the chain a child's record shows (each link and its fallbacks).

describe.each(databaseKinds())('seven chiefs on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  let town: Client;
  let teacher: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = await login(t.app, t.fixture.users.county_admin.username);
    town = await login(t.app, t.fixture.users.town_official.username);
    teacher = await login(t.app, t.fixture.users.teacher.username);
  }, 120_000);
  afterAll(async () => t?.close());

  const chief = (duty: string, unitCode: string, name: string, phone: string | null = '13900000000') => ({
    schoolYear: SCHOOL_YEAR,
    unitCode,
    duty,
    name,
    phone,
    staffId: null,
  });

  it('records a chief per duty and unit, lists it with the unit name, and audits the change', async () => {
    for (const row of [
      chief('county_head', COUNTY, '县长甲', '13900000001'),
      chief('bureau_director', COUNTY, '局长乙', '13900000002'),
      chief('town_head', TOWN_A, '镇长丙', '13900000003'),
      chief('village_head', VILLAGE_A1, '村长丁', '13900000004'),
    ]) {
      const res = await admin.request('PUT', '/api/chiefs', row);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as ChiefRow).name).toBe(row.name);
    }
    const list = (await teacher.request('GET', `/api/chiefs?schoolYear=${SCHOOL_YEAR}`)).json() as ChiefRow[];
    expect(list.map((c) => [c.duty, c.unitName, c.name])).toEqual([
      ['county_head', '略阳县', '县长甲'],
      ['bureau_director', '略阳县', '局长乙'],
      ['town_head', '接官亭镇', '镇长丙'],
      ['village_head', '蹇家坝村委会', '村长丁'],
    ]);
    const towns = (
      await town.request('GET', `/api/chiefs?schoolYear=${SCHOOL_YEAR}&duty=town_head`)
    ).json() as ChiefRow[];
    expect(towns.map((c) => c.unitCode)).toEqual([TOWN_A]);

    // A second PUT of the same key replaces the person: one row, an update in the audit log.
    const res = await admin.request(
      'PUT',
      '/api/chiefs',
      chief('town_head', TOWN_A, '镇长戊', '13900000005'),
    );
    expect(res.statusCode).toBe(200);
    const again = (await admin.request('GET', `/api/chiefs?duty=town_head`)).json() as ChiefRow[];
    expect(again.map((c) => c.name)).toEqual(['镇长戊']);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'before', 'after'])
      .where('entity', '=', 'chief')
      .where('entity_id', '=', `${SCHOOL_YEAR}/${TOWN_A}/town_head`)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(JSON.stringify(audit[1]!.before)).toContain('镇长丙');
    expect(JSON.stringify(audit[1]!.after)).toContain('镇长戊');
  });

  it('refuses a unit that does not match the duty, an unknown staff member and a bad phone', async () => {
    const cases = [
      chief('town_head', VILLAGE_A1, '错'),
      chief('village_head', TOWN_A, '错'),
      chief('county_head', TOWN_A, '错'),
      chief('bureau_director', '610728', '错'),
      chief('principal', TOWN_A, '错'),
      chief('principal', '2161999999', '错'),
    ];
    for (const body of cases) {
      const res = await admin.request('PUT', '/api/chiefs', body);
      expect(res.statusCode, `${body.duty} ${body.unitCode}`).toBe(400);
      expect(res.json().error.details[0].path).toBe('unitCode');
    }
    const staff = await admin.request('PUT', '/api/chiefs', {
      ...chief('principal', SCHOOL_B, '某'),
      staffId: 999999,
    });
    expect(staff.statusCode).toBe(400);
    expect(staff.json().error.details[0].path).toBe('staffId');
    const phone = await admin.request('PUT', '/api/chiefs', chief('principal', SCHOOL_B, '某', 'call me'));
    expect(phone.statusCode).toBe(400);
    const none = (await admin.request('GET', '/api/chiefs?duty=principal')).json() as ChiefRow[];
    expect(none).toEqual([]);
  });

  it('lets only the county admin change chiefs', async () => {
    expect((await town.request('PUT', '/api/chiefs', chief('town_head', TOWN_A, '越权'))).statusCode).toBe(
      403,
    );
    expect(
      (await teacher.request('DELETE', `/api/chiefs/${SCHOOL_YEAR}/${TOWN_A}/town_head`)).statusCode,
    ).toBe(403);
    const still = (await admin.request('GET', '/api/chiefs?duty=town_head')).json() as ChiefRow[];
    expect(still.map((c) => c.name)).toEqual(['镇长戊']);
  });

  it('lists the units without a chief, with the principal on staff as fallback', async () => {
    const gaps = (
      await admin.request('GET', `/api/chiefs/gaps?schoolYear=${SCHOOL_YEAR}`)
    ).json() as ChiefGap[];
    expect(gaps.map((g) => `${g.duty}:${g.unitCode}`)).toEqual([
      `town_head:${TOWN_B}`,
      `village_head:${VILLAGE_A2}`,
      `village_head:${VILLAGE_B1}`,
      `principal:${SCHOOL_A}`,
      `principal:${SCHOOL_B}`,
    ]);
    expect(gaps.find((g) => g.unitCode === SCHOOL_A)?.fallbackName).toBe('丁校长');
    expect(gaps.find((g) => g.unitCode === SCHOOL_B)?.fallbackName).toBeNull();
    // Another year has nobody at all.
    const next = (
      await admin.request('GET', `/api/chiefs/gaps?schoolYear=${SCHOOL_YEAR + 1}`)
    ).json() as ChiefGap[];
    expect(next).toHaveLength(2 + 2 + 3 + 2);
  });

  it('exports the list as a workbook and audits the export', async () => {
    const res = await admin.request('GET', `/api/chiefs?schoolYear=${SCHOOL_YEAR}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(5).value).toBe('姓名');
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(2).getCell(2).value).toBe('县长');
    const exported = await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', 'chief')
      .where('action', '=', 'export')
      .execute();
    expect(exported).toHaveLength(1);
  });

  it('deletes a chief (audited) and answers 404 for one that is not there', async () => {
    const url = `/api/chiefs/${SCHOOL_YEAR}/${VILLAGE_A1}/village_head`;
    await admin.request('PUT', '/api/chiefs', chief('village_head', VILLAGE_A2, '村长己'));
    expect((await admin.request('DELETE', url.replace(VILLAGE_A1, VILLAGE_A2))).statusCode).toBe(204);
    expect((await admin.request('DELETE', url.replace(VILLAGE_A1, VILLAGE_A2))).statusCode).toBe(404);
    const deleted = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'before'])
      .where('entity', '=', 'chief')
      .where('action', '=', 'delete')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(deleted.before)).toContain('村长己');
  });

  it('builds the chain of a child: every link, the principal from staff, then from the chiefs', async () => {
    const db = t.database.db;
    await db
      .updateTable('students')
      .set({ guardian_name: '赵父', guardian_phone: '13700000000' })
      .where('id', '=', t.fixture.students.a1)
      .execute();
    const res = await teacher.request('GET', `/api/students/${t.fixture.students.a1}/chain`);
    expect(res.statusCode, res.body).toBe(200);
    const chain = res.json() as ResponsibilityChain;
    expect(chain.schoolYear).toBe(SCHOOL_YEAR);
    // The class teacher's class comes with its grade: 三年级1班, "Grade 3, Class 1" in English.
    expect(chain.links.map((l) => [l.duty, l.line, l.unitName, l.classGrade, l.name, l.phone])).toEqual([
      ['county_head', 'government', '略阳县', null, '县长甲', '13900000001'],
      ['town_head', 'government', '接官亭镇', null, '镇长戊', '13900000005'],
      ['village_head', 'government', '蹇家坝村委会', null, '村长丁', '13900000004'],
      ['guardian', 'government', '蹇家坝村委会', null, '赵父', '13700000000'],
      ['bureau_director', 'education', '略阳县教体局', null, '局长乙', '13900000002'],
      ['principal', 'education', '接官亭镇中心小学', null, '丁校长', '10000000001'],
      ['class_teacher', 'education', '1班', 3, '甲老师', '10000000001'],
    ]);

    // A principal recorded as chief wins over the staff list.
    await admin.request('PUT', '/api/chiefs', chief('principal', SCHOOL_A, '校长庚', '13900000007'));
    const after = (
      await teacher.request('GET', `/api/students/${t.fixture.students.a1}/chain`)
    ).json() as ResponsibilityChain;
    expect(after.links.find((l) => l.duty === 'principal')).toMatchObject({
      name: '校长庚',
      phone: '13900000007',
    });
  });

  it('leaves a link empty where nobody is recorded, and a child without village or class', async () => {
    const db = t.database.db;
    // Child b1: town B has no head, village B1 none, school B no principal at all.
    const chain = await responsibilityChain(db, COUNTY, {
      schoolYear: SCHOOL_YEAR,
      villageCode: VILLAGE_B1,
      schoolCode: SCHOOL_B,
      classId: t.fixture.classes.b1,
      guardianName: null,
      guardianPhone: null,
    });
    const byDuty = Object.fromEntries(chain.links.map((l) => [l.duty, l]));
    expect(byDuty.town_head).toMatchObject({ unitName: '西淮坝镇', name: null, phone: null });
    expect(byDuty.village_head).toMatchObject({ unitName: '西淮坝村委会', name: null });
    expect(byDuty.guardian).toMatchObject({ name: null });
    expect(byDuty.principal).toMatchObject({ unitName: '西淮坝镇九年制学校', name: null });
    expect(byDuty.class_teacher).toMatchObject({ name: '丙老师' });
    expect(byDuty.county_head).toMatchObject({ name: '县长甲' });

    const bare = await responsibilityChain(db, COUNTY, {
      schoolYear: SCHOOL_YEAR,
      villageCode: null,
      schoolCode: null,
      classId: null,
      guardianName: '某',
      guardianPhone: null,
    });
    expect(bare.links).toHaveLength(7);
    expect(bare.links.map((l) => l.name)).toEqual(['县长甲', null, null, '某', '局长乙', null, null]);
    // Another year: the chiefs are per year, so only the child's own people remain.
    const other = await responsibilityChain(db, COUNTY, {
      schoolYear: SCHOOL_YEAR + 1,
      villageCode: VILLAGE_A1,
      schoolCode: SCHOOL_A,
      classId: t.fixture.classes.a1,
      guardianName: null,
      guardianPhone: null,
    });
    expect(other.links.map((l) => l.name)).toEqual([null, null, null, null, null, '丁校长', '甲老师']);
  });

  it('answers 404 for a child outside scope and audits the attempt', async () => {
    const res = await teacher.request('GET', `/api/students/${t.fixture.students.b1}/chain`);
    expect(res.statusCode).toBe(404);
    const denied = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'access_denied')
      .where('entity', '=', 'student')
      .execute();
    expect(denied.map((d) => d.entity_id)).toContain(String(t.fixture.students.b1));
    expect((await teacher.request('GET', '/api/students/99999/chain')).statusCode).toBe(404);
  });
});
