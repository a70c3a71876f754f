import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENROLLMENT_STATUS_LABELS,
  ROSTER_KINDS,
  ROSTER_LABELS,
  gradeLabel,
  makeIdNumber,
  parseIdNumber,
  type ChildRecord,
  type InboxItem,
  type Page,
  type RosterRemovalRow,
  type RosterRow,
  type RosterStatistics,
  type StudentEvent,
} from '@baoxue/shared';
import { login, type Client } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import { createDemoApp, type DemoApp } from '../../../test/demo-app';
import { csvBuffer, importFile } from '../../../test/imports';
import { DEMO_PASSWORD } from '../../demo/generate';

const TOWN = '610727101';

describe.each(databaseKinds())('一表六册 and the child page on %s', (kind) => {
  let t: DemoApp;
  const USERS = ['admin', 'town', 'village', 'school', 'teacher', 'leader'] as const;
  const c = {} as Record<(typeof USERS)[number], Client>;
  let schoolCode: string;
  let villageCode: string;

  beforeAll(async () => {
    t = await createDemoApp(kind, 0.1);
    for (const name of USERS) c[name] = await login(t.app, name, DEMO_PASSWORD);
    const scopes = await t.database.db.selectFrom('users').select(['username', 'scope_code']).execute();
    schoolCode = scopes.find((u) => u.username === 'school')!.scope_code;
    villageCode = scopes.find((u) => u.username === 'village')!.scope_code;
    const res = await c.admin.request('POST', '/api/reconciliation/runs', { schoolYear: t.demo.schoolYear });
    expect(res.statusCode).toBe(202);
    await t.app.jobs.idle();
  }, 180_000);
  afterAll(async () => t?.close());

  /** The roster changes in a user's inbox. */
  async function rosterNews(client: Client): Promise<InboxItem[]> {
    const res = await client.request('GET', '/api/inbox?state=all&pageSize=100');
    expect(res.statusCode).toBe(200);
    return res.json<Page<InboxItem>>().items.filter((i) => i.kind === 'roster_change');
  }

  async function workbook(client: Client, query: string) {
    const res = await client.request('GET', `/api/rosters/workbook.xlsx?${query}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return book;
  }

  it('exports the seven sheets of a town, laid out for printing, with masked numbers', async () => {
    const book = await workbook(c.town, `townCode=${TOWN}`);
    expect(book.worksheets.map((s) => s.name)).toEqual(ROSTER_KINDS.map((k) => ROSTER_LABELS[k].zh));
    for (const sheet of book.worksheets) {
      expect(String(sheet.getCell(1, 1).value)).toContain('接官亭镇');
      expect(sheet.pageSetup).toMatchObject({
        orientation: 'landscape',
        paperSize: 9,
        fitToWidth: 1,
        printTitlesRow: '3:3',
      });
    }
    const population = book.worksheets[1]!;
    expect(population.getRow(3).getCell(7).value).toBe('身份证号');
    expect(String(population.getRow(4).getCell(7).value)).toMatch(/^\d{6}\*{12}$/);

    const stats = (
      await c.town.request('GET', `/api/rosters/statistics?townCode=${TOWN}`)
    ).json<RosterStatistics>();
    const sheet = book.worksheets[0]!;
    // Every column says what it counts: no header twice (县外就读 the status, and the roster's).
    const headers = (sheet.getRow(3).values as unknown[]).filter((v) => v !== undefined);
    expect(headers).toContain('县外就读(名册)');
    expect(new Set(headers).size).toBe(headers.length);
    const totalRow = sheet.getRow(3 + stats.rows.length + 1);
    expect(totalRow.getCell(2).value).toBe(stats.total.population);
    expect(population.rowCount - 3).toBe(stats.total.population);
    expect(stats.runId).not.toBeNull();
    const statuses = Object.values(stats.total.statuses).reduce((a, b) => a + b, 0);
    expect(statuses).toBeGreaterThan(0);
    expect(statuses).toBeLessThanOrEqual(stats.total.compulsory);
  });

  it('gives full numbers to a user allowed to see them who asks, audited as a full-identity view', async () => {
    const audit = () =>
      t.database.db
        .selectFrom('audit_log')
        .select(['action', 'username'])
        .where('entity', '=', 'roster')
        .execute();
    // Masked by default, for the admin too: a printed roster goes round a village.
    const masked = await workbook(c.admin, `townCode=${TOWN}`);
    expect(String(masked.worksheets[1]!.getRow(4).getCell(7).value)).toMatch(/^\d{6}\*{12}$/);
    expect(await audit()).not.toContainEqual({ action: 'view_identity', username: 'admin' });
    const book = await workbook(c.admin, `townCode=${TOWN}&fullId=true`);
    expect(String(book.worksheets[1]!.getRow(4).getCell(7).value)).toMatch(/^\d{17}[\dX]$|^$/);
    // Asking does not help a user who may not see full numbers.
    const town = await workbook(c.town, `townCode=${TOWN}&fullId=true`);
    expect(String(town.worksheets[1]!.getRow(4).getCell(7).value)).toMatch(/^\d{6}\*{12}$/);
    const entries = await audit();
    expect(entries).toContainEqual({ action: 'view_identity', username: 'admin' });
    expect(entries).toContainEqual({ action: 'export', username: 'town' });
    expect(entries).not.toContainEqual({ action: 'view_identity', username: 'town' });
  });

  it('lists each roster as JSON pages, consistent with the statistics table', async () => {
    const stats = (
      await c.admin.request('GET', `/api/rosters/statistics?townCode=${TOWN}`)
    ).json<RosterStatistics>();
    const count = async (roster: string) =>
      (await c.admin.request('GET', `/api/rosters/${roster}?townCode=${TOWN}&pageSize=200`)).json<
        Page<RosterRow>
      >();
    expect((await count('population')).total).toBe(stats.total.population);
    expect((await count('compulsory')).total).toBe(stats.total.compulsory);
    expect((await count('poverty')).total).toBe(stats.total.povertyRegistered);
    expect((await count('left_behind')).total).toBe(stats.total.leftBehind);
    expect((await count('disabled')).total).toBe(stats.total.disabled);
    const ooc = await count('out_of_county');
    expect(ooc.total).toBe(stats.total.outOfCounty);
    expect(ooc.items.every((r) => r.outOfCountySchool !== null)).toBe(true);
    const compulsory = await count('compulsory');
    expect(compulsory.items.every((r) => r.age >= 6 && r.age <= 15)).toBe(true);
    expect(compulsory.items.some((r) => r.status === 'enrolled_in_county' && r.schoolName)).toBe(true);
  });

  it('keeps every area to the user’s scope', async () => {
    expect((await c.village.request('GET', `/api/rosters/workbook.xlsx?townCode=${TOWN}`)).statusCode).toBe(
      404,
    );
    expect(
      (await c.village.request('GET', `/api/rosters/population?villageCode=${villageCode}`)).statusCode,
    ).toBe(200);
    expect(
      (await c.school.request('GET', `/api/rosters/statistics?schoolCode=${schoolCode}`)).statusCode,
    ).toBe(200);
    const other = await t.database.db
      .selectFrom('schools')
      .select('code')
      .where('code', '<>', schoolCode)
      .executeTakeFirstOrThrow();
    expect(
      (await c.school.request('GET', `/api/rosters/statistics?schoolCode=${other.code}`)).statusCode,
    ).toBe(404);
    expect((await c.teacher.request('GET', `/api/rosters/population`)).statusCode).toBe(403);
    expect((await c.leader.request('GET', `/api/rosters/workbook.xlsx`)).statusCode).toBe(400);
    // Without an area a town official gets their own town's villages.
    const mine = (await c.town.request('GET', '/api/rosters/population?pageSize=200')).json<
      Page<RosterRow>
    >();
    expect(mine.items.every((r) => r.townCode === TOWN)).toBe(true);
  });

  it('moves a student to another school on import, and both schools see the handover', async () => {
    const student = await t.database.db
      .selectFrom('students')
      .selectAll()
      .where('school_code', '=', schoolCode)
      .where('status', '=', 'enrolled')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const target = await t.database.db
      .selectFrom('schools')
      .select('code')
      .where('code', '<>', schoolCode)
      .where('type', 'in', ['primary', 'nine_year'])
      .executeTakeFirstOrThrow();
    const job = await importFile(
      t,
      c.admin,
      'enrollment',
      'transfer.csv',
      csvBuffer([
        ['姓名', '性别', '身份证号', '学校标识码', '年级', '学籍状态'],
        [
          student.name,
          student.gender === 'M' ? '男' : '女',
          student.id_number,
          target.code,
          gradeLabel(student.grade),
          ENROLLMENT_STATUS_LABELS.enrolled.zh,
        ],
      ]),
    );
    expect(job).toMatchObject({ status: 'succeeded', summary: { transferred: 1 } });
    const oldSchool = await c.school.request('GET', `/api/students/${student.id}/events`);
    expect(oldSchool.statusCode).toBe(200);
    // The pupil's history at the old school: registered there, then handed over.
    expect(oldSchool.json<StudentEvent[]>().map((e) => [e.kind, e.fromSchoolCode, e.toSchoolCode])).toEqual([
      ['enrol', null, schoolCode],
      ['transfer_within', schoolCode, target.code],
    ]);
    const list = (await c.school.request('GET', '/api/student-events?kind=transfer_within')).json<
      Page<StudentEvent>
    >();
    expect(list.items.map((e) => e.studentId)).toContain(student.id);
    expect((await c.school.request('GET', `/api/students/${student.id}`)).statusCode).toBe(404);
    expect(
      (await c.admin.request('GET', `/api/students/${student.id}/events`)).json<StudentEvent[]>(),
    ).toHaveLength(2);
  });

  it('shows a child page with the registries and the latest run', async () => {
    const row = await t.database.db
      .selectFrom('population as p')
      .innerJoin('students as s', 's.id_number', 'p.id_number')
      .select(['p.id', 's.id as student_id'])
      .where('p.village_code', 'like', `${TOWN}%`)
      .where('p.birth_date', '<', '2015-01-01')
      .where('p.birth_date', '>', '2012-01-01')
      .executeTakeFirstOrThrow();
    const res = await c.town.request('GET', `/api/population/${row.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const child = res.json<ChildRecord>();
    expect(child.students.map((s) => s.id)).toContain(row.student_id);
    expect(child.reconciliation?.status).toBeTruthy();
    expect(child.population.idNumberMasked).toMatch(/\*/);
    const outside = await t.database.db
      .selectFrom('population')
      .select('id')
      .where('village_code', 'not like', `${TOWN}%`)
      .executeTakeFirstOrThrow();
    expect((await c.town.request('GET', `/api/population/${outside.id}`)).statusCode).toBe(404);
  });
  it("lets a village official keep a child's household facts: the rosters follow at once, audited; refuses an earlier year's roster and a level without a category", async () => {
    const row = await t.database.db
      .selectFrom('population')
      .selectAll()
      .where('village_code', '=', villageCode)
      .where('school_year', '=', t.demo.schoolYear)
      .where('left_behind', '=', false)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const facts = {
      householdNo: '  ',
      guardianName: '示例祖母',
      guardianPhone: '13900000001',
      guardianRelation: '祖父母',
      povertyRegistered: row.poverty_registered,
      leftBehind: true,
      disabilityCategory: null,
      disabilityLevel: null,
    };
    const res = await c.village.request('PUT', `/api/population/${row.id}/household`, facts);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<RosterRow>()).toMatchObject({
      id: row.id,
      householdNo: null,
      guardianName: '示例祖母',
      guardianPhone: '13900000001',
      leftBehind: true,
    });
    const leftBehind = (
      await c.village.request('GET', `/api/rosters/left_behind?villageCode=${villageCode}&pageSize=200`)
    ).json<Page<RosterRow>>();
    expect(leftBehind.items.map((r) => r.id)).toContain(row.id);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['username', 'before', 'after'])
      .where('entity', '=', 'population')
      .where('entity_id', '=', String(row.id))
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      username: 'village',
      before: { leftBehind: false, guardianName: row.guardian_name },
      after: { leftBehind: true, guardianName: '示例祖母', householdNo: null },
    });

    const levelAlone = await c.village.request('PUT', `/api/population/${row.id}/household`, {
      ...facts,
      disabilityLevel: 2,
    });
    expect(levelAlone.statusCode).toBe(400);
    expect(levelAlone.body).toContain('残疾等级须与残疾类别一起填写');
    const { id: lastYear } = await t.database.db
      .insertInto('population')
      .values({ ...row, id: undefined, school_year: t.demo.schoolYear - 1, left_behind: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    const earlier = await c.village.request('PUT', `/api/population/${lastYear}/household`, facts);
    expect(earlier.statusCode).toBe(400);
    expect(earlier.body).toContain('只能修改本学年');
    const kept = await t.database.db
      .selectFrom('population')
      .select('left_behind')
      .where('id', '=', lastYear)
      .executeTakeFirstOrThrow();
    expect(kept.left_behind).toBe(false);
  });
  it('lets a village official add a child the roster misses (摸排), whom the next run accounts for; refuses a number on the roster, a wrong gender, no birth date and another village', async () => {
    // A child registered in another province, found living in the village.
    const idNumber = makeIdNumber('510104', '2016-04-05', 77, 'M');
    const child = {
      name: '摸排 新童',
      gender: 'M',
      idNumber,
      birthDate: null,
      villageCode,
      householdNo: null,
      guardianName: '示例父亲',
      guardianPhone: '13900000003',
      guardianRelation: '父亲',
      povertyRegistered: false,
      leftBehind: false,
      disabilityCategory: null,
      disabilityLevel: null,
    };
    const add = (body: object) => c.village.request('POST', '/api/population', body);
    const added = await add(child);
    expect(added.statusCode, added.body).toBe(200);
    const row = added.json<RosterRow>();
    expect(row).toMatchObject({
      name: '摸排新童',
      gender: 'M',
      birthDate: '2016-04-05',
      idValid: true,
      villageCode,
      schoolYear: t.demo.schoolYear,
      guardianPhone: '13900000003',
      byHand: true,
    });
    const imported = await t.database.db
      .selectFrom('population')
      .select('id')
      .where('village_code', '=', villageCode)
      .where('import_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const page = (await c.village.request('GET', `/api/population/${imported.id}`)).json<ChildRecord>();
    expect(page.population.byHand).toBe(false);

    const again = await add(child);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('该身份证号已在本学年人口花名册中');
    // A number on another village's roster: refused too, without naming where that child lives.
    const onAnotherRoster = await t.database.db
      .selectFrom('population as p')
      .innerJoin('regions as r', 'r.code', 'p.village_code')
      .select(['p.id_number', 'r.name'])
      .where('p.village_code', '<>', villageCode)
      .where('p.id_valid', '=', true)
      .where('p.school_year', '=', t.demo.schoolYear)
      .executeTakeFirstOrThrow();
    const other = await add({
      ...child,
      idNumber: onAnotherRoster.id_number,
      gender: parseIdNumber(onAnotherRoster.id_number).gender,
    });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('该身份证号已在本学年人口花名册中（不在您负责的村(社区)');
    expect(other.body).not.toContain(onAnotherRoster.name);
    const wrongGender = await add({
      ...child,
      idNumber: makeIdNumber('510104', '2016-04-05', 79, 'M'),
      gender: 'F',
    });
    expect(wrongGender.statusCode).toBe(400);
    expect(wrongGender.body).toContain('性别与身份证号不符');
    const noBirth = await add({ ...child, idNumber: null });
    expect(noBirth.statusCode).toBe(400);
    expect(noBirth.body).toContain('请填写出生日期');
    const elsewhere = await t.database.db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'village')
      .where('code', '<>', villageCode)
      .executeTakeFirstOrThrow();
    expect((await add({ ...child, villageCode: elsewhere.code })).statusCode).toBe(404);
    const rows = await t.database.db
      .selectFrom('population')
      .select('id')
      .where('id_number', 'like', '510104%')
      .execute();
    expect(rows.map((r) => r.id)).toEqual([row.id]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['username', 'action'])
      .where('entity', '=', 'population')
      .where('entity_id', '=', String(row.id))
      .execute();
    expect(audit).toEqual([{ username: 'village', action: 'create' }]);
    // The town's official hears of it; the official who added the child does not.
    expect(await rosterNews(c.town)).toContainEqual(
      expect.objectContaining({ title: expect.stringMatching(/^摸排登记：摸排新童（.+）$/) }),
    );
    expect(await rosterNews(c.village)).toEqual([]);

    // Enrolled nowhere: the next run counts the child as suspected out of school.
    const run = await c.admin.request('POST', '/api/reconciliation/runs', { schoolYear: t.demo.schoolYear });
    expect(run.statusCode).toBe(202);
    await t.app.jobs.idle();
    const reconciled = await t.database.db
      .selectFrom('reconciliation_children')
      .select(['status', 'population_id'])
      .where('run_id', '=', run.json<{ id: number }>().id)
      .where('id_number', '=', idNumber)
      .execute();
    expect(reconciled).toEqual([{ status: 'suspected_out_of_school', population_id: row.id }]);
  });
  it('lets a village official take a child off the roster (注销) with the grounds, audited with the row; "registered twice" only where the number stands twice', async () => {
    const [first, second] = await t.database.db
      .selectFrom('population')
      .selectAll()
      .where('village_code', '=', villageCode)
      .where('school_year', '=', t.demo.schoolYear)
      .where('id_number', '<>', '')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    const remove = (id: number, body: object) =>
      c.village.request('POST', `/api/population/${id}/removal`, body);

    const notTwice = await remove(first!.id, { reason: 'duplicate', note: '与另一条登记重复' });
    expect(notTwice.statusCode).toBe(400);
    expect(notTwice.body).toContain('没有该身份证号的另一条登记');
    const moved = await remove(first!.id, { reason: 'moved_out', note: '户籍已迁往外省，有迁移证明' });
    expect(moved.statusCode, moved.body).toBe(204);
    expect((await c.village.request('GET', `/api/population/${first!.id}`)).statusCode).toBe(404);
    const population = (
      await c.village.request('GET', `/api/rosters/population?villageCode=${villageCode}&pageSize=200`)
    ).json<Page<RosterRow>>();
    expect(population.items.map((r) => r.id)).not.toContain(first!.id);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['username', 'action', 'detail', 'before'])
      .where('entity', '=', 'population')
      .where('entity_id', '=', String(first!.id))
      .where('action', '=', 'delete')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      username: 'village',
      before: { name: first!.name, villageCode, schoolYear: t.demo.schoolYear },
    });
    expect(audit.detail).toContain('户籍迁出：户籍已迁往外省');
    // The year's removals list it, for the village and for the county, with the number masked.
    for (const client of [c.village, c.admin]) {
      const removals = await client.request('GET', '/api/population/removals');
      expect(removals.statusCode).toBe(200);
      expect(removals.json<Page<RosterRemovalRow>>().items).toContainEqual(
        expect.objectContaining({
          name: first!.name,
          villageCode,
          reason: 'moved_out',
          note: '户籍已迁往外省，有迁移证明',
          idNumberMasked: expect.stringMatching(/\*/),
        }),
      );
    }
    expect(await rosterNews(c.town)).toContainEqual(
      expect.objectContaining({
        title: expect.stringMatching(new RegExp(`^注销：${first!.name}（.+，户籍迁出）$`)),
        body: expect.stringContaining('依据：户籍已迁往外省，有迁移证明'),
      }),
    );

    // The same child registered twice: one registration goes, the other stays.
    const { id: twice } = await t.database.db
      .insertInto('population')
      .values({ ...second!, id: undefined })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await remove(twice, { reason: 'duplicate', note: '同一儿童登记两次' })).statusCode).toBe(204);
    const left = await t.database.db
      .selectFrom('population')
      .select('id')
      .where('id_number', '=', second!.id_number)
      .where('school_year', '=', t.demo.schoolYear)
      .execute();
    expect(left.map((r) => r.id)).toEqual([second!.id]);
    const outside = await t.database.db
      .selectFrom('population')
      .select('id')
      .where('village_code', '<>', villageCode)
      .executeTakeFirstOrThrow();
    expect((await remove(outside.id, { reason: 'death', note: '死亡证明' })).statusCode).toBe(404);
  });
});
