import {
  beijingTime,
  makeIdNumber,
  maskIdNumber,
  type AuditEntry,
  type LoginEntry,
  type Page,
} from '@baoxue/shared';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { COUNTY } from '../../../test/fixtures';
import { TOTAL_CAP } from '../../lib/paging';
import { writeAudit } from '../../plugins/audit';
import { EXPORT_CAP } from './audit.service';

describe.each(databaseKinds())('audit and login logs on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // A log past the cap, as a county's becomes after a few years.
    await sql`insert into audit_log (county_code, username, action, entity, entity_id)
      select ${COUNTY}, case when g <= 3 then 'rare.user' else 'busy.user' end, 'update', 'school', g::text
      from generate_series(1, ${TOTAL_CAP + 5}) g`.execute(t.database.db);
    await sql`insert into login_log (county_code, username, outcome)
      select ${COUNTY}, 'busy.user', 'bad_password' from generate_series(1, ${TOTAL_CAP + 1}) g`.execute(
      t.database.db,
    );
  });
  afterAll(async () => t?.close());

  it('stops counting a long log at the cap and says there are more; a filter gets the exact count', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const all = (await admin.request('GET', '/api/audit?pageSize=5')).json<Page<AuditEntry>>();
    expect(all).toMatchObject({ total: TOTAL_CAP, totalIsLowerBound: true });
    expect(all.items).toHaveLength(5);

    const rare = (await admin.request('GET', '/api/audit?username=rare.user')).json<Page<AuditEntry>>();
    expect(rare.total).toBe(3);
    expect(rare.totalIsLowerBound).toBeUndefined();
    expect(rare.items.map((e) => e.username)).toEqual(['rare.user', 'rare.user', 'rare.user']);

    const logins = (await admin.request('GET', '/api/audit/logins?username=busy.user')).json<
      Page<LoginEntry>
    >();
    expect(logins).toMatchObject({ total: TOTAL_CAP, totalIsLowerBound: true });
  });

  it('masks an identity number a user searched for in the entry of their export', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const student = await t.database.db
      .selectFrom('students')
      .select('id_number')
      .where('id', '=', t.fixture.students.a1)
      .executeTakeFirstOrThrow();
    const q = student.id_number;
    expect((await admin.request('GET', `/api/students?format=xlsx&q=${q}`)).statusCode).toBe(200);
    const entries = (await admin.request('GET', '/api/audit?action=export&entity=student&pageSize=5')).json<
      Page<AuditEntry>
    >();
    const detail = entries.items[0]?.detail ?? '';
    expect(detail).toContain(maskIdNumber(q));
    expect(detail).not.toContain(q);
  });

  it('masks an identity number typed into a change, as its entry keeps it before and after', async () => {
    const typed = makeIdNumber('610727', '2016-05-05', 7, 'M');
    const who = { countyCode: COUNTY, userId: null, username: 'typist', ip: '127.0.0.1' };
    await writeAudit(t.database.db, who, {
      action: 'update',
      entity: 'student',
      entityId: 'typed',
      before: { note: '无' },
      after: { note: `原号 ${typed} 有误` },
    });
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const entry = (await admin.request('GET', '/api/audit?entity=student&entityId=typed')).json<
      Page<AuditEntry>
    >().items[0];
    expect(JSON.stringify(entry?.after)).toContain(maskIdNumber(typed));
    expect(JSON.stringify(entry)).not.toContain(typed);
  });

  it('refuses a filter by a day that does not exist, with a message rather than a server failure', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    for (const url of ['/api/audit?from=2026-02-30', '/api/audit/logins?to=2026-13-45']) {
      const res = await admin.request('GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation' } });
    }
  });

  it("finds one record's history by its kind and id", async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    const history = (await admin.request('GET', '/api/audit?entity=school&entityId=42')).json<
      Page<AuditEntry>
    >();
    expect(history.total).toBe(1);
    expect(history.items.map((e) => [e.entity, e.entityId])).toEqual([['school', '42']]);
    const none = (await admin.request('GET', '/api/audit?entity=student&entityId=42')).json<
      Page<AuditEntry>
    >();
    expect(none.total).toBe(0);
  });

  it('refuses to export more than the export cap with a message, and exports a filtered part', async () => {
    const admin = await login(t.app, t.fixture.users.county_admin.username);
    await sql`insert into audit_log (county_code, username, action, entity)
      select ${COUNTY}, 'busy.user', 'update', 'school'
      from generate_series(1, ${EXPORT_CAP - TOTAL_CAP}) g`.execute(t.database.db);
    const refused = await admin.request('GET', '/api/audit?format=xlsx');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'validation' } });
    expect(refused.body).toContain('请选择日期范围');

    const part = await admin.request('GET', '/api/audit?format=xlsx&username=rare.user');
    expect(part.statusCode).toBe(200);
    expect(part.headers['content-type']).toContain('spreadsheetml');
    // The kind of record in Chinese, as the page shows it.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(part.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const kinds = sheet.getColumn(5).values.slice(2);
    expect(sheet.getRow(1).getCell(5).value).toBe('对象');
    expect(kinds).toEqual(['学校', '学校', '学校']);
    // The time in Beijing time, as the page shows it, not the UTC instant.
    const first = await t.database.db
      .selectFrom('audit_log')
      .select('at')
      .where('username', '=', 'rare.user')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(sheet.getRow(2).getCell(1).value).toBe(beijingTime(first.at, { seconds: true }));
    expect(sheet.getRow(2).getCell(1).value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});
