import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, todayIso, type ImportJob } from '@baoxue/shared';
import { createTestApp, login, type Client, type TestApp } from '../../../test/app';
import { databaseKinds } from '../../../test/db';
import {
  COUNTY,
  NO_HOUSEHOLD_FACTS,
  SCHOOL_A,
  SCHOOL_B,
  VILLAGE_A1,
  VILLAGE_A2,
  VILLAGE_B1,
} from '../../../test/fixtures';
import { csvBuffer, importFile, sheetRows, upload, xlsxBuffer } from '../../../test/imports';
import { main } from '../../cli';
import { openCase } from '../cases/cases.open';
import { runImportCommand } from './imports.cli';

const POP_HEADER = [
  '姓名*',
  '性别*',
  '身份证号',
  '出生日期',
  '区划代码',
  '镇(街道)',
  '村(社区)',
  '建档立卡',
  '留守儿童',
  '残疾类别',
  '残疾等级',
];
const kid = (seq: number, birth = '2017-05-06', gender: 'M' | 'F' = 'F') =>
  makeIdNumber('610727', birth, seq, gender);

describe.each(databaseKinds())('imports on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  let school: Client;
  let town: Client;

  const count = async (
    table: 'population' | 'students' | 'out_of_county_records' | 'exemptions' | 'student_events',
  ) => {
    const row = await t.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = await login(t.app, t.fixture.users.county_admin.username);
    school = await login(t.app, t.fixture.users.school_admin.username);
    town = await login(t.app, t.fixture.users.town_official.username);
  });
  afterAll(async () => t?.close());

  /** 摸排: a child added to the roster by hand, as the form sends it. */
  async function registerByHand(child: {
    name: string;
    gender: 'M' | 'F';
    idNumber: string;
    villageCode: string;
  }) {
    const added = await admin.request('POST', '/api/population', {
      ...child,
      birthDate: null,
      ...NO_HOUSEHOLD_FACTS,
    });
    expect(added.statusCode, added.body).toBe(200);
  }

  describe('population', () => {
    /** The county admin's import of a population CSV given as rows. */
    const importPopulation = (file: string, rows: string[][]) =>
      importFile(t, admin, 'population', file, csvBuffer(rows));

    it('imports the valid rows of an .xlsx, resolves villages by code or by name, and reports the others', async () => {
      const body = await xlsxBuffer([
        POP_HEADER,
        ['王小芳', '女', kid(1), '', VILLAGE_A1, '', '', '是', '否', '', ''],
        [
          '赵小明',
          '男',
          kid(3, '2016-01-02', 'M'),
          '',
          '',
          '接官亭镇',
          '甲村',
          '否',
          '是',
          '肢体残疾',
          '二级',
        ],
        ['钱无号', '女', '', '2015-07-08', VILLAGE_B1, '', '', '', '', '', ''],
        ['孙错误', '女', '12345', '', VILLAGE_A1, '', '', '', '', '', ''],
        ['外县', '男', kid(5, '2016-02-02', 'M'), '', '610000000000', '', '', '', '', '', ''],
      ]);
      const job = await importFile(t, admin, 'population', '人口.xlsx', body);
      expect(job).toMatchObject({ status: 'succeeded', totalRows: 5, acceptedRows: 3, rejectedRows: 2 });
      expect(job.summary).toMatchObject({ inserted: 3, villages: 3 });
      expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([
        [5, '出生日期', 'required'],
        [6, '区划代码', 'not_in_county'],
      ]);
      // Row 5 is refused: no warning says it was "imported and flagged".
      expect(job.warnings.map((w) => w.row)).not.toContain(5);
      const rows = await t.database.db
        .selectFrom('population')
        .select([
          'name',
          'village_code',
          'id_valid',
          'birth_date',
          'gender',
          'poverty_registered',
          'disability_category',
          'disability_level',
        ])
        .orderBy('row_no')
        .execute();
      expect(rows).toEqual([
        {
          name: '王小芳',
          village_code: VILLAGE_A1,
          id_valid: true,
          birth_date: '2017-05-06',
          gender: 'F',
          poverty_registered: true,
          disability_category: null,
          disability_level: null,
        },
        {
          name: '赵小明',
          village_code: VILLAGE_A2,
          id_valid: true,
          birth_date: '2016-01-02',
          gender: 'M',
          poverty_registered: false,
          disability_category: 'physical',
          disability_level: 2,
        },
        {
          name: '钱无号',
          village_code: VILLAGE_B1,
          id_valid: false,
          birth_date: '2015-07-08',
          gender: 'F',
          poverty_registered: false,
          disability_category: null,
          disability_level: null,
        },
      ]);
    });

    it('gives the rejected rows back in an error workbook with a red 错误原因 column', async () => {
      const list = await admin.request('GET', '/api/imports?kind=population');
      const [latest] = list.json<{ items: ImportJob[] }>().items;
      const res = await admin.request('GET', `/api/imports/${latest!.id}/errors.xlsx`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const { rows, sheet } = await sheetRows(res.rawPayload);
      expect(rows[0]).toEqual(['行号', ...POP_HEADER, '错误原因']);
      expect(rows.map((r) => r[0])).toEqual(['行号', 5, 6]);
      expect(String(rows[1]?.[POP_HEADER.length + 1])).toMatch(/出生日期/);
      const reasonCell = sheet.getRow(2).getCell(POP_HEADER.length + 2);
      expect(reasonCell.font?.color?.argb).toBe('FFFF0000');
    });

    it('replaces the villages present in a new file and leaves the others', async () => {
      const body = csvBuffer([
        ['姓名', '性别', '身份证号', '区划代码'],
        ['王小芳', '女', kid(1), VILLAGE_A1],
        ['周新生', '男', kid(7, '2018-03-03', 'M'), VILLAGE_A1],
      ]);
      const job = await importFile(t, admin, 'population', '补充.csv', body);
      expect(job).toMatchObject({
        status: 'succeeded',
        acceptedRows: 2,
        summary: { inserted: 2, replaced: 1, villages: 1 },
      });
      expect(await count('population')).toBe(4);
    });

    it('keeps the earlier row of a child whose row the new file has but the import refused', async () => {
      const header = ['姓名', '性别', '身份证号', '区划代码', '监护人电话'];
      const [first, second, third] = [kid(41), kid(43), kid(45)];
      const rowsOf = (id: string) =>
        t.database.db
          .selectFrom('population')
          .select(['name', 'guardian_phone'])
          .where('id_number', '=', id)
          .execute();
      const before = await importPopulation('甲村全.csv', [
        header,
        ['甲一', '女', first, VILLAGE_A1, '10000000001'],
        ['乙二', '女', second, VILLAGE_A1, '10000000002'],
        ['丙三', '女', third, VILLAGE_A1, '10000000003'],
      ]);
      expect(before).toMatchObject({ status: 'succeeded', acceptedRows: 3 });

      // 丙三's name is blank and 乙二 stands twice, once refused: only 丙三's row is kept.
      const after = await importPopulation('甲村新.csv', [
        header,
        ['甲一', '女', first, VILLAGE_A1, ''],
        ['', '女', third, VILLAGE_A1, ''],
        ['乙二', '?', second, '123', ''],
        ['乙二', '女', second, VILLAGE_A1, '10000000022'],
      ]);
      expect(after).toMatchObject({ status: 'succeeded', acceptedRows: 2, rejectedRows: 2 });
      expect(after.summary).toMatchObject({ inserted: 2, replaced: 2, keptRefused: 1 });
      expect(await rowsOf(third)).toEqual([{ name: '丙三', guardian_phone: '10000000003' }]);
      expect(await rowsOf(second)).toEqual([{ name: '乙二', guardian_phone: '10000000022' }]);
      expect(await rowsOf(first)).toEqual([{ name: '甲一', guardian_phone: '10000000001' }]);

      // The village as the tests after this one expect it.
      const restored = await importPopulation('甲村还原.csv', [
        ['姓名', '性别', '身份证号', '区划代码'],
        ['王小芳', '女', kid(1), VILLAGE_A1],
        ['周新生', '男', kid(7, '2018-03-03', 'M'), VILLAGE_A1],
      ]);
      expect(restored.summary).toMatchObject({ inserted: 2, replaced: 3 });
    });

    it('keeps a child registered by hand (摸排) that the file lacks, until a file has the child', async () => {
      const handChild = makeIdNumber('510104', '2016-04-05', 77, 'M');
      await registerByHand({ name: '摸排新童', gender: 'M', idNumber: handChild, villageCode: VILLAGE_A1 });
      const byHand = () =>
        t.database.db
          .selectFrom('population')
          .select(['name', 'village_code', 'import_id'])
          .where('id_number', '=', handChild)
          .execute();

      const without = await importPopulation('甲村.csv', [
        ['姓名', '性别', '身份证号', '区划代码'],
        ['王小芳', '女', kid(1), VILLAGE_A1],
      ]);
      expect(without.summary).toMatchObject({ inserted: 1, replaced: 2, kept: 1, villages: 1 });
      expect(await byHand()).toEqual([{ name: '摸排新童', village_code: VILLAGE_A1, import_id: null }]);

      // Household registration now lists the child, in another village: its row takes the place of the hand-made one.
      const withChild = await importPopulation('乙村.csv', [
        ['姓名', '性别', '身份证号', '区划代码'],
        ['摸排新童', '男', handChild, VILLAGE_A2],
      ]);
      expect(withChild.summary).toMatchObject({ inserted: 1, kept: 0, villages: 1 });
      expect(await byHand()).toEqual([
        { name: '摸排新童', village_code: VILLAGE_A2, import_id: withChild.id },
      ]);
    });

    it('keeps a household fact the file leaves blank or lacks (a phone kept by hand stays), takes the one it fills in, and reads a blank yes/no cell as 否', async () => {
      const child = kid(41, '2016-06-06');
      const facts = () =>
        t.database.db
          .selectFrom('population')
          .select(['id', 'guardian_phone', 'guardian_name', 'left_behind', 'poverty_registered'])
          .where('id_number', '=', child)
          .executeTakeFirstOrThrow();
      const header = [
        '姓名',
        '性别',
        '身份证号',
        '区划代码',
        '监护人姓名',
        '监护人电话',
        '留守儿童',
        '建档立卡',
      ];
      await importFile(
        t,
        admin,
        'population',
        '丙村.csv',
        csvBuffer([header, ['户籍童', '女', child, VILLAGE_A2, '户籍父', '13900000001', '是', '是']]),
      );
      // The village official keeps the phone number current after a home visit.
      const kept = await town.request('PUT', `/api/population/${(await facts()).id}/household`, {
        ...NO_HOUSEHOLD_FACTS,
        guardianName: '户籍父',
        guardianPhone: '13900000002',
        povertyRegistered: true,
        leftBehind: true,
      });
      expect(kept.statusCode, kept.body).toBe(200);

      // The next household list has neither a phone nor a 留守 column, and no guardian's name.
      const blank = await importFile(
        t,
        admin,
        'population',
        '丙村.csv',
        csvBuffer([
          header.filter((h) => h !== '监护人电话' && h !== '留守儿童'),
          ['户籍童', '女', child, VILLAGE_A2, '', '否'],
        ]),
      );
      expect(blank.status).toBe('succeeded');
      expect(await facts()).toMatchObject({
        guardian_phone: '13900000002',
        guardian_name: '户籍父',
        left_behind: true,
        poverty_registered: false,
      });

      // A list that fills the cells in is the household registration's word, and a blank
      // 留守 cell in a column it has is 否 (IMPORT-FORMATS.md: "empty = no").
      await importFile(
        t,
        admin,
        'population',
        '丙村.csv',
        csvBuffer([header, ['户籍童', '女', child, VILLAGE_A2, '户籍母', '13900000003', '', '否']]),
      );
      expect(await facts()).toMatchObject({
        guardian_phone: '13900000003',
        guardian_name: '户籍母',
        left_behind: false,
        poverty_registered: false,
      });
    });

    it('leaves out a child taken off the roster for a death (注销) until the child is registered again; a duplicate removal keeps the number', async () => {
      const gone = kid(31, '2015-02-02');
      const twice = kid(32, '2015-03-03');
      const file = csvBuffer([
        ['姓名', '性别', '身份证号', '区划代码'],
        ['李已故', '女', gone, VILLAGE_B1],
        ['周两次', '女', twice, VILLAGE_B1],
        ['周两次', '女', twice, VILLAGE_B1],
      ]);
      const first = await importFile(t, admin, 'population', '丙村.csv', file);
      expect(first.summary).toMatchObject({ inserted: 3, removed: 0 });
      const rowsOf = (id: string) =>
        t.database.db
          .selectFrom('population')
          .select(['id', 'import_id'])
          .where('id_number', '=', id)
          .orderBy('id')
          .execute();
      const remove = async (id: number, reason: string) => {
        const res = await admin.request('POST', `/api/population/${id}/removal`, { reason, note: '依据' });
        expect(res.statusCode, res.body).toBe(204);
      };
      await remove((await rowsOf(gone))[0]!.id, 'death');
      await remove((await rowsOf(twice))[1]!.id, 'duplicate');

      // The household list has not caught up: the child who died is left out, with the reason.
      const again = await importFile(t, admin, 'population', '丙村.csv', file);
      expect(again).toMatchObject({ status: 'succeeded', acceptedRows: 2, rejectedRows: 0 });
      expect(again.summary).toMatchObject({ inserted: 2, removed: 1 });
      const warning = again.warnings.find((w) => w.code === 'removed');
      expect(warning).toMatchObject({ row: 2, column: '身份证号' });
      expect(warning?.message).toMatch(/^李已故已于 \d{4}-\d{2}-\d{2} 注销（死亡：依据），本行未导入/);
      expect(await rowsOf(gone)).toEqual([]);
      expect(await rowsOf(twice)).toHaveLength(2);

      // Registered again by hand (the removal was a mistake): the next file brings the child back.
      await registerByHand({ name: '李已故', gender: 'F', idNumber: gone, villageCode: VILLAGE_B1 });
      const back = await importFile(t, admin, 'population', '丙村.csv', file);
      expect(back.summary).toMatchObject({ inserted: 3, removed: 0, kept: 0 });
      expect(await rowsOf(gone)).toEqual([{ id: expect.any(Number), import_id: back.id }]);
    });

    it('writes nothing under "all or nothing" while a row is invalid', async () => {
      const before = await count('population');
      const body = csvBuffer([
        ['姓名', '性别', '身份证号', '区划代码'],
        ['好孩子', '女', kid(9), VILLAGE_A2],
        ['坏数据', '女', '', VILLAGE_A2],
      ]);
      const job = await importFile(t, admin, 'population', 'aon.csv', body, { mode: 'all_or_nothing' });
      expect(job).toMatchObject({
        status: 'failed',
        errorCode: 'rows_invalid',
        acceptedRows: 0,
        rejectedRows: 1,
      });
      expect(job.error).toMatch(/未写入任何数据/);
      expect(await count('population')).toBe(before);
    });

    it('refuses a corrupted workbook with one clear message and writes nothing', async () => {
      const before = await count('population');
      const good = await xlsxBuffer([POP_HEADER, ['王', '女', kid(11), '', VILLAGE_A1]]);
      const job = await importFile(t, admin, 'population', 'broken.xlsx', good.subarray(0, good.length >> 1));
      expect(job).toMatchObject({ status: 'failed', errorCode: 'not_a_workbook', totalRows: null });
      expect(job.error).toContain('broken.xlsx');
      expect(job.errorEn).toMatch(/damaged|not a workbook/);
      expect(await count('population')).toBe(before);
    });

    it('refuses a file that lacks a required column, naming it', async () => {
      const body = csvBuffer([
        ['姓名', '身份证号', '区划代码'],
        ['王', kid(13), VILLAGE_A1],
      ]);
      const job = await importFile(t, admin, 'population', 'nogender.csv', body);
      expect(job).toMatchObject({ status: 'failed', errorCode: 'missing_column' });
      expect(job.error).toContain('性别');
    });

    it('refuses an empty file', async () => {
      const job = await importFile(t, admin, 'population', 'empty.csv', Buffer.alloc(0));
      expect(job).toMatchObject({ status: 'failed', errorCode: 'empty' });
    });

    it('with 1,000 bad rows writes nothing half-way and lists every bad row in the error workbook', async () => {
      const before = await count('population');
      const rows: string[][] = [['姓名', '性别', '身份证号', '出生日期', '区划代码']];
      for (let i = 0; i < 1000; i++) rows.push([`坏${i}`, '女', '', '不是日期', VILLAGE_B1]);
      for (let i = 0; i < 50; i++) rows.push([`好${i}`, '女', kid(100 + i, '2014-06-06'), '', VILLAGE_B1]);
      const strict = await importFile(t, admin, 'population', 'bad1000.csv', csvBuffer(rows), {
        mode: 'all_or_nothing',
      });
      expect(strict).toMatchObject({
        status: 'failed',
        errorCode: 'rows_invalid',
        rejectedRows: 1000,
        totalRows: 1050,
      });
      expect(strict.errors).toHaveLength(200);
      expect(await count('population')).toBe(before);
      const res = await admin.request('GET', `/api/imports/${strict.id}/errors.xlsx`);
      expect((await sheetRows(res.rawPayload)).rows).toHaveLength(1001);

      const lenient = await importFile(t, admin, 'population', 'bad1000.csv', csvBuffer(rows));
      expect(lenient).toMatchObject({ status: 'succeeded', acceptedRows: 50, rejectedRows: 1000 });
      // Village B1 is replaced by the 50 valid rows.
      const b1 = await t.database.db
        .selectFrom('population')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('village_code', '=', VILLAGE_B1)
        .executeTakeFirstOrThrow();
      expect(Number(b1.n)).toBe(50);
    });

    it('audits every import, failed ones included', async () => {
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['entity_id', 'username'])
        .where('action', '=', 'import')
        .execute();
      expect(audit.length).toBeGreaterThanOrEqual(8);
      expect(audit.every((a) => a.username === t.fixture.users.county_admin.username)).toBe(true);
    });

    it('names who started each import by their name, not their login', async () => {
      const list = await admin.request('GET', '/api/imports?kind=population');
      expect(list.statusCode, list.body).toBe(200);
      const jobs = list.json<{ items: ImportJob[] }>().items;
      expect(jobs.length).toBeGreaterThan(0);
      expect(new Set(jobs.map((j) => j.createdBy))).toEqual(new Set(['county_admin 用户']));
      const one = await admin.request('GET', `/api/imports/${jobs[0]?.id}`);
      expect(one.json<ImportJob>().createdBy).toBe('county_admin 用户');
    });
  });

  describe('enrolment', () => {
    const HEADER = ['姓名', '性别', '身份证号', '学校标识码', '年级', '班级', '学籍状态', '就读方式'];

    it('updates, transfers and adds records, writing the registry events both schools see', async () => {
      const students = await t.database.db
        .selectFrom('students')
        .select(['id', 'id_number', 'school_code'])
        .orderBy('id')
        .execute();
      const [a1, , b1] = students;
      const eventsBefore = await count('student_events');
      const body = csvBuffer([
        HEADER,
        ['赵一', '男', a1!.id_number, SCHOOL_B, '四年级', '', '在读', '普通'],
        ['孙三', '男', b1!.id_number, SCHOOL_B, '7', '1班', '休学', ''],
        ['新同学', '女', kid(21, '2019-02-02'), SCHOOL_A, '一年级', '', '在读', '送教上门'],
      ]);
      const job = await importFile(t, admin, 'enrollment', 'xueji.csv', body);
      expect(job).toMatchObject({ status: 'succeeded', acceptedRows: 3 });
      expect(job.summary).toEqual({ inserted: 1, updated: 2, transferred: 1, events: 3 });
      const moved = await t.database.db
        .selectFrom('students')
        .selectAll()
        .where('id', '=', a1!.id)
        .executeTakeFirstOrThrow();
      expect(moved).toMatchObject({ school_code: SCHOOL_B, grade: 4, class_id: null });
      const events = await t.database.db
        .selectFrom('student_events')
        .select(['student_id', 'kind', 'from_school_code', 'to_school_code', 'status_before', 'status_after'])
        .orderBy('id')
        .execute();
      expect(events.slice(eventsBefore)).toEqual([
        {
          student_id: a1!.id,
          kind: 'transfer_within',
          from_school_code: SCHOOL_A,
          to_school_code: SCHOOL_B,
          status_before: 'enrolled',
          status_after: 'enrolled',
        },
        {
          student_id: b1!.id,
          kind: 'suspend',
          from_school_code: SCHOOL_B,
          to_school_code: SCHOOL_B,
          status_before: 'enrolled',
          status_after: 'suspended',
        },
        expect.objectContaining({
          kind: 'enrol',
          from_school_code: null,
          to_school_code: SCHOOL_A,
          status_after: 'enrolled',
        }),
      ]);
      const added = await t.database.db
        .selectFrom('students')
        .selectAll()
        .where('id_number', '=', kid(21, '2019-02-02'))
        .executeTakeFirstOrThrow();
      expect(added).toMatchObject({
        study_mode: 'home_teaching',
        status: 'enrolled',
        birth_date: '2019-02-02',
      });
    });

    it('lets a school administrator import only rows of their own school', async () => {
      const body = csvBuffer([
        HEADER,
        ['本校生', '女', kid(23, '2018-08-08'), SCHOOL_A, '二年级', '', '在读', ''],
        ['外校生', '女', kid(25, '2018-08-08'), SCHOOL_B, '二年级', '', '在读', ''],
        ['外县校', '女', kid(27, '2018-08-08'), '9999999999', '二年级', '', '在读', ''],
      ]);
      const job = await importFile(t, school, 'enrollment', 'own.csv', body);
      expect(job).toMatchObject({
        status: 'succeeded',
        acceptedRows: 1,
        rejectedRows: 2,
        schoolCode: SCHOOL_A,
      });
      expect(job.errors.map((e) => e.code)).toEqual(['not_own_school', 'not_in_county']);
      expect(job.errors[0]?.message).toContain(SCHOOL_A);
      const other = await upload(t, school, 'population', 'p.csv', body);
      expect(other.statusCode).toBe(403);
      const list = await school.request('GET', '/api/imports');
      expect(list.json<{ items: ImportJob[] }>().items.map((j) => j.id)).toEqual([job.id]);
      const adminJob = await school.request('GET', '/api/imports/1');
      expect(adminJob.statusCode).toBe(404);
    });

    it("lets a school take over another school's pupil only when number and name agree (接收转入)", async () => {
      const pupil = await t.database.db
        .selectFrom('students')
        .selectAll()
        .where('school_code', '=', SCHOOL_B)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const row = (name: string) => [name, '男', pupil.id_number, SCHOOL_A, '七年级', '', '在读', ''];
      const newcomer = ['新生', '女', kid(29, '2019-03-03'), SCHOOL_A, '一年级', '', '在读', ''];
      const wrong = await importFile(
        t,
        school,
        'enrollment',
        'guess.csv',
        csvBuffer([HEADER, row('随便写'), newcomer]),
      );
      expect(wrong).toMatchObject({ status: 'succeeded', acceptedRows: 1, rejectedRows: 1 });
      expect(wrong.errors.map((e) => `${e.column}:${e.code}`)).toEqual(['姓名:transfer_name_differs']);
      const untouched = await t.database.db
        .selectFrom('students')
        .selectAll()
        .where('id', '=', pupil.id)
        .executeTakeFirstOrThrow();
      expect(untouched).toMatchObject({ school_code: SCHOOL_B, name: pupil.name, grade: pupil.grade });

      const right = await importFile(t, school, 'enrollment', 'in.csv', csvBuffer([HEADER, row(pupil.name)]));
      expect(right).toMatchObject({ status: 'succeeded', acceptedRows: 1, rejectedRows: 0 });
      expect(right.summary).toMatchObject({ transferred: 1, inserted: 0 });
      const moved = await t.database.db
        .selectFrom('students')
        .selectAll()
        .where('id', '=', pupil.id)
        .executeTakeFirstOrThrow();
      expect(moved).toMatchObject({ school_code: SCHOOL_A, grade: 7 });
    });

    it('opens a case for each pupil the file records as 辍学, new to the registry or not, as the student page does, and no second one for a child with a case open', async () => {
      const db = t.database.db;
      const [left, known, late] = [kid(31, '2018-04-04'), kid(33, '2018-04-04'), kid(35, '2018-04-04')];
      const rows = (status: string, ...more: string[][]) =>
        csvBuffer([
          HEADER,
          ['辍学甲', '女', left, SCHOOL_A, '二年级', '', status, ''],
          ['辍学乙', '女', known, SCHOOL_A, '二年级', '', status, ''],
          ...more,
        ]);
      await importFile(t, school, 'enrollment', 'in.csv', rows('在读'));
      const ids = await db
        .selectFrom('students')
        .select(['id', 'id_number'])
        .where('id_number', 'in', [left, known])
        .execute();
      const idOf = (idNumber: string) => ids.find((r) => r.id_number === idNumber)!.id;
      const [leftId, knownId] = [idOf(left), idOf(known)];
      const { caseId: openBefore } = await openCase(db, {
        countyCode: COUNTY,
        source: 'absence',
        studentId: knownId,
        openedOn: '2026-11-30',
        by: null,
      });

      // 辍学丙 comes into the registry already as 辍学: a school registering a dropout late.
      const newcomer = ['辍学丙', '男', late, SCHOOL_A, '二年级', '', '辍学', ''];
      const job = await importFile(t, school, 'enrollment', 'out.csv', rows('辍学', newcomer));
      expect(job).toMatchObject({ status: 'succeeded', acceptedRows: 3 });
      const lateId = (
        await db.selectFrom('students').select('id').where('id_number', '=', late).executeTakeFirstOrThrow()
      ).id;
      const cases = await db
        .selectFrom('cases')
        .select(['id', 'student_id', 'source', 'source_ref', 'source_note', 'school_code', 'created_by'])
        .where('student_id', 'in', [leftId, knownId, lateId])
        .orderBy('id')
        .execute();
      expect(cases).toEqual([
        expect.objectContaining({ id: openBefore, student_id: knownId, source: 'absence' }),
        {
          id: expect.any(Number),
          student_id: leftId,
          source: 'registry',
          source_ref: `student:${leftId}`,
          source_note: `学籍登记为辍学（${todayIso()}）：导入 / import #${job.id}: out.csv`,
          school_code: SCHOOL_A,
          created_by: t.fixture.users.school_admin.id,
        },
        expect.objectContaining({ student_id: lateId, source: 'registry', source_ref: `student:${lateId}` }),
      ]);
      expect(job.summary).toMatchObject({ inserted: 1, events: 3, casesOpened: 2 });
      // The team a case opened on the student page has, told the same way.
      const opened = cases[1]!.id;
      const team = await db
        .selectFrom('case_members')
        .select('role')
        .where('case_id', '=', opened)
        .orderBy('role')
        .execute();
      expect(team.map((m) => m.role)).toEqual(['principal', 'town_cadre']);
      const told = await db
        .selectFrom('inbox_items')
        .select('user_id')
        .where('case_id', '=', opened)
        .where('kind', '=', 'case_opened')
        .execute();
      expect(told.map((i) => i.user_id).sort()).toEqual(
        [t.fixture.users.school_admin.id, t.fixture.users.town_official.id].sort(),
      );
    });

    it('refuses imports from roles that may not import', async () => {
      const res = await upload(t, town, 'enrollment', 'x.csv', csvBuffer([HEADER]));
      expect(res.statusCode).toBe(403);
      expect((await town.request('GET', '/api/imports')).statusCode).toBe(403);
    });
  });

  describe('out-of-county and exemptions', () => {
    it('upserts out-of-county records per school year and identity number', async () => {
      const header = ['姓名', '身份证号', '就读学校', '就读地区', '年级', '核实方式', '核实日期'];
      const first = await importFile(
        t,
        admin,
        'out-of-county',
        'ooc.csv',
        csvBuffer([
          header,
          [
            '外出甲',
            kid(31, '2015-01-01'),
            '汉中市实验小学',
            '陕西省汉中市',
            '五年级',
            '电话核实',
            '2026-09-15',
          ],
        ]),
      );
      expect(first).toMatchObject({ status: 'succeeded', acceptedRows: 1 });
      const second = await importFile(
        t,
        admin,
        'out-of-county',
        'ooc2.xlsx',
        await xlsxBuffer([
          header,
          ['外出甲', kid(31, '2015-01-01'), '宝鸡市一小', '陕西省宝鸡市', '五年级', '学校证明', '2026/10/1'],
        ]),
      );
      expect(second).toMatchObject({ status: 'succeeded', acceptedRows: 1 });
      const rows = await t.database.db.selectFrom('out_of_county_records').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        school: '宝鸡市一小',
        verification: 'school_certificate',
        verified_on: '2026-10-01',
        birth_date: '2015-01-01',
        gender: 'F',
      });
    });

    it('keys exemptions by the row’s own school year', async () => {
      const header = ['姓名', '身份证号', '类型', '原因', '批准文号', '学年'];
      const job = await importFile(
        t,
        admin,
        'exemptions',
        'ex.csv',
        csvBuffer([
          header,
          ['缓学甲', kid(41, '2020-01-01'), '缓学', '身体原因', '略教发〔2026〕1号', '2026'],
          ['缓学甲', kid(41, '2020-01-01'), '缓学', '身体原因', '略教发〔2025〕9号', '2025-2026学年'],
          ['免学乙', kid(43, '2016-01-01'), '免学', '重度残疾', '', '2026'],
          ['错学年', kid(45, '2016-01-01'), '免学', '重度残疾', '', '明年'],
        ]),
      );
      expect(job).toMatchObject({ status: 'succeeded', acceptedRows: 3, rejectedRows: 1 });
      const rows = await t.database.db
        .selectFrom('exemptions')
        .select(['school_year', 'type'])
        .orderBy('school_year')
        .orderBy('type')
        .execute();
      expect(rows).toEqual([
        { school_year: 2025, type: 'deferral' },
        { school_year: 2026, type: 'deferral' },
        { school_year: 2026, type: 'exemption' },
      ]);
    });
  });

  describe('templates', () => {
    it.each(['population', 'enrollment', 'out-of-county', 'exemptions'])(
      '%s: required marks and drop-downs',
      async (k) => {
        const res = await town.request('GET', `/api/imports/templates/${k}.xlsx`);
        expect(res.statusCode).toBe(200);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const sheet = workbook.worksheets[0]!;
        const header = (sheet.getRow(1).values as unknown[]).slice(1);
        expect(header[0]).toBe('姓名*');
        expect(sheet.rowCount).toBe(1);
        const validations = (
          sheet as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }
        ).dataValidations.model;
        expect(Object.keys(validations).length).toBeGreaterThan(0);
        if (k === 'enrollment') {
          expect(header).toContain('学籍状态*');
          expect(JSON.stringify(validations)).toContain('在读,休学,转出,辍学,毕业');
        }
        if (k === 'population') expect(JSON.stringify(validations)).toContain('是,否');
        expect(workbook.worksheets[1]?.name).toBe('填写说明');
      },
    );

    it('a downloaded template, filled in, imports as it is', async () => {
      const res = await admin.request('GET', '/api/imports/templates/population.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      sheet.getRow(2).values = ['模板娃', '男', kid(51, '2017-09-09', 'M'), '', VILLAGE_A2];
      const job = await importFile(
        t,
        admin,
        'population',
        'filled.xlsx',
        Buffer.from(await workbook.xlsx.writeBuffer()),
      );
      expect(job).toMatchObject({ status: 'succeeded', acceptedRows: 1 });
    });
  });

  describe('command line', () => {
    it('imports a file, prints counts and row errors, and exits 2 when nothing is written', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bx-cli-import-'));
      const file = join(dir, 'ex.csv');
      writeFileSync(
        file,
        csvBuffer([
          ['姓名', '身份证号', '类型', '原因', '学年'],
          ['命令行', kid(61, '2016-01-01'), '免学', '病', '2026'],
          ['坏', kid(63), '不知道', '病', '2026'],
        ]),
      );
      const out: string[] = [];
      const err: string[] = [];
      const code = await runImportCommand(
        t.database.db,
        '610727',
        { kind: 'exemptions', file, schoolYear: 2026, mode: 'valid_rows' },
        (l) => out.push(l),
        (l) => err.push(l),
      );
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/导入 1 行，1 行有误/);
      expect(err.join('\n')).toMatch(/第 3 行 类型/);
      const strict = await runImportCommand(
        t.database.db,
        '610727',
        { kind: 'exemptions', file, schoolYear: 2026, mode: 'all_or_nothing' },
        () => undefined,
        () => undefined,
      );
      expect(strict).toBe(2);
      writeFileSync(join(dir, 'x.xlsx'), 'not a workbook at all');
      const messages: string[] = [];
      const bad = await runImportCommand(
        t.database.db,
        '610727',
        { kind: 'exemptions', file: join(dir, 'x.xlsx'), schoolYear: 2026, mode: 'valid_rows' },
        () => undefined,
        (l) => messages.push(l),
      );
      expect(bad).toBe(2);
      expect(messages.join('')).toMatch(/x\.xlsx/);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('username')
        .where('action', '=', 'import')
        .where('username', '=', 'cli')
        .execute();
      expect(audit).toHaveLength(3);
    });

    it('writes a template, and refuses an unknown kind with exit status 2', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bx-cli-template-'));
      const file = join(dir, 't.xlsx');
      expect(await main(['template', 'exemptions', '--out', file])).toBe(0);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toContain('批准文号');
      expect(await main(['template', 'pupils'])).toBe(2);
      expect(await main(['import', 'pupils', file, '--school-year', '2026'])).toBe(2);
      expect(await main(['import', 'population', join(dir, 'missing.xlsx'), '--school-year', '2026'])).toBe(
        2,
      );
    });
  });

  describe('uploads', () => {
    it('refuses a body that is no file, and leaves no uploaded roster on disk when the job cannot be written', async () => {
      const json = await admin.request(
        'POST',
        '/api/imports?kind=population&schoolYear=2026&fileName=a.csv',
        {},
      );
      expect(json.statusCode).toBe(415);
      expect(json.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });

      // Uploads go to the temporary folder of this test alone, to see what stays behind.
      const tmp = mkdtempSync(join(tmpdir(), 'baoxue-upload-test-'));
      const before = process.env.TMPDIR;
      process.env.TMPDIR = tmp;
      try {
        const file = csvBuffer([
          ['姓名', '性别', '出生日期', '区划代码'],
          ['李娜', '女', '2016-03-01', '610727101201'],
        ]);
        const refused = await upload(t, admin, 'population', 'a\u0000.csv', file);
        expect(refused.statusCode).toBe(400);
        expect(readdirSync(tmp)).toEqual([]);
      } finally {
        if (before === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = before;
      }
    });

    it('reads a file only on the upload: another route does not take a body of the upload types', async () => {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/settings',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
        payload: 'a,b\n1,2',
      });
      expect(res.statusCode).toBe(415);
    });
  });
});
