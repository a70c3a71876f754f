import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, maskIdNumber, parseIdNumber } from '@baoxue/shared';
import { FORMATS, IMPORT_KINDS, type ImportKind } from './formats';
import { createRowParser, openImportFile, readRecords, type ParsedRow } from './parse-rows';
import type { RawRow } from './readers';
import { tempDir, writeCsv, writeXlsx } from './test-files';

const GIRL = makeIdNumber('610727', '2017-03-04', 2, 'F');
const BOY = makeIdNumber('610727', '2015-11-30', 3, 'M');

function templateHeaders(kind: ImportKind): string[] {
  return Object.values(FORMATS[kind].columns).map((c) => c.header);
}

let rowNumber = 1;
function rawRow(values: Record<string, unknown>): RawRow {
  const headers = Object.keys(values);
  return { rowNumber: ++rowNumber, values, cells: headers.map((h) => values[h]) };
}

/** Parses one row given as header → cell, with the file's headers being exactly its keys. */
function parse<K extends ImportKind>(kind: K, values: Record<string, unknown>) {
  const parser = createRowParser(kind, 'test.csv', Object.keys(values));
  return parser.parse(rawRow(values));
}

function codes(parsed: ParsedRow<unknown>) {
  return {
    errors: parsed.errors.map((e) => `${e.column}:${e.code}`),
    warnings: parsed.warnings.map((w) => `${w.column}:${w.code}`),
  };
}

const POPULATION = { 姓名: '李娜', 性别: '女', 身份证号: GIRL, 区划代码: '610727100201' };

describe('population rows', () => {
  it('takes birth date and gender from a valid identity number', () => {
    const parsed = parse('population', POPULATION);
    expect(codes(parsed)).toEqual({ errors: [], warnings: [] });
    expect(parsed.record).toMatchObject({
      row: parsed.row,
      name: '李娜',
      idNumber: GIRL,
      idValid: true,
      birthDate: '2017-03-04',
      gender: 'F',
      villageCode: '610727100201',
      // Not in the file: the import keeps what the roster knew (imports.queries.ts).
      povertyRegistered: null,
      leftBehind: null,
    });
  });

  it('normalises identity numbers, names and codes as typed in Chinese input methods', () => {
    const fullWidth = GIRL.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const parsed = parse('population', {
      ...POPULATION,
      姓名: ' 买买提·艾力 ',
      身份证号: ` ${fullWidth} `,
      区划代码: '６１０７２７１００２０１',
    });
    expect(parsed.record).toMatchObject({
      name: '买买提·艾力',
      idNumber: GIRL,
      idValid: true,
      villageCode: '610727100201',
    });
  });

  it('warns when the row’s own birth date or gender contradicts the number, which wins', () => {
    const parsed = parse('population', { ...POPULATION, 性别: '男', 出生日期: '2017-03-05' });
    expect(codes(parsed).warnings).toEqual(['出生日期:birth_date_differs', '性别:gender_differs']);
    expect(parsed.record).toMatchObject({ birthDate: '2017-03-04', gender: 'F' });
  });

  it('keeps a row with an invalid number, flagged, when it has a birth date', () => {
    const parsed = parse('population', {
      ...POPULATION,
      身份证号: '61072720170304',
      出生日期: '2017年3月4日',
    });
    expect(codes(parsed)).toEqual({ errors: [], warnings: ['身份证号:invalid_id'] });
    expect(parsed.warnings[0]!.zh).not.toContain('61072720170304');
    expect(parsed.record).toMatchObject({
      idNumber: '61072720170304',
      idValid: false,
      birthDate: '2017-03-04',
      gender: 'F',
    });
  });

  it('refuses a row with neither a valid number nor a birth date', () => {
    const parsed = parse('population', { ...POPULATION, 身份证号: '123', 出生日期: '' });
    expect(parsed.record).toBeNull();
    expect(codes(parsed).errors).toEqual(['出生日期:required']);
    expect(parsed.errors[0]).toMatchObject({
      row: parsed.row,
      zh: expect.stringContaining('出生日期'),
      en: expect.any(String),
    });
  });

  it('refuses a row for the value it could not read, not as missing, when it needed that value', () => {
    const badDate = parse('population', { ...POPULATION, 身份证号: '123', 出生日期: '2015-13-01' });
    expect(codes(badDate)).toEqual({ errors: ['出生日期:invalid_date'], warnings: [] });
    expect(badDate.errors[0]?.zh).toContain('“2015-13-01”');
    expect(badDate.errors[0]?.en).toContain('"2015-13-01"');
    // With a valid number the bad date is only a warning: the number gives the birth date.
    const spare = parse('population', { ...POPULATION, 出生日期: '2015-13-01' });
    expect(codes(spare)).toEqual({ errors: [], warnings: ['出生日期:ignored_value'] });
    expect(spare.record).toMatchObject({ birthDate: '2017-03-04' });
    // A number Excel cut short is why there is no birth date.
    const cut = parse('population', { ...POPULATION, 身份证号: 610727201703040000 });
    expect(codes(cut).errors).toEqual(['身份证号:invalid_value']);
    expect(cut.errors[0]?.zh).toContain('文本格式');
  });

  it('accepts a child without any number when the birth date is given', () => {
    const parsed = parse('population', { ...POPULATION, 身份证号: '', 出生日期: '2017/3/4' });
    expect(parsed.record).toMatchObject({ idNumber: '', idValid: false, birthDate: '2017-03-04' });
  });

  it('needs a gender only where the number cannot give it', () => {
    expect(parse('population', { ...POPULATION, 性别: '' }).record).toMatchObject({ gender: 'F' });
    const noNumber = parse('population', { ...POPULATION, 身份证号: '', 出生日期: '2017-03-04', 性别: '' });
    expect(codes(noNumber).errors).toEqual(['性别:required']);
    // An unreadable gender is the number's, with a warning; without a valid number it refuses the row.
    const odd = parse('population', { ...POPULATION, 性别: '未知' });
    expect(codes(odd)).toEqual({ errors: [], warnings: ['性别:ignored_value'] });
    expect(odd.warnings[0]?.zh).toContain('以身份证号为准');
    expect(odd.record).toMatchObject({ gender: 'F' });
    const bad = parse('population', { ...POPULATION, 身份证号: '', 出生日期: '2017-03-04', 性别: '未知' });
    expect(codes(bad)).toEqual({ errors: ['性别:invalid_gender'], warnings: [] });
    expect(bad.errors[0]?.zh).toContain('“未知”');
  });

  it('needs a village code, or both town and village', () => {
    const byName = { 姓名: '李娜', 性别: '女', 身份证号: GIRL, '镇(街道)': '城关镇', '村(社区)': '东关村' };
    expect(parse('population', byName).record).toMatchObject({
      villageCode: null,
      town: '城关镇',
      village: '东关村',
    });
    expect(codes(parse('population', { ...byName, '村(社区)': '' })).errors).toEqual(['区划代码:required']);
    const short = parse('population', { ...POPULATION, 区划代码: '6107' });
    expect(codes(short)).toEqual({ errors: ['区划代码:invalid_value'], warnings: [] });
    expect(short.errors[0]?.zh).toBe('区划代码应为 12 位数字（“6107”）');
    // Given both ways, a bad code is only a warning: town and village place the child.
    expect(codes(parse('population', { ...byName, 区划代码: '6107' }))).toEqual({
      errors: [],
      warnings: ['区划代码:ignored_value'],
    });
  });

  it('reads yes/no and disability columns, leaving an unreadable optional value empty with a warning', () => {
    const parsed = parse('population', {
      ...POPULATION,
      建档立卡: '是',
      留守儿童: 'Y',
      残疾类别: '视力残疾',
      残疾等级: '二级',
    });
    expect(parsed.record).toMatchObject({
      povertyRegistered: true,
      leftBehind: true,
      disabilityCategory: 'visual',
      disabilityLevel: 2,
    });
    const odd = parse('population', { ...POPULATION, 建档立卡: '也许', 残疾类别: '其他' });
    expect(codes(odd)).toEqual({
      errors: [],
      warnings: ['建档立卡:ignored_value', '残疾类别:ignored_value'],
    });
    expect(odd.record).toMatchObject({ povertyRegistered: null, disabilityCategory: null });
    // "empty = no" in a column the file has; a file without the column says nothing.
    const no = parse('population', { ...POPULATION, 建档立卡: '否', 留守儿童: '' });
    expect(no.record).toMatchObject({ povertyRegistered: false, leftBehind: false });
    const silent = parse('population', { ...POPULATION, 建档立卡: 'N' });
    expect(silent.record).toMatchObject({ povertyRegistered: false, leftBehind: null });
  });

  it('masks an identity number slipped into another column where a message quotes the cell', () => {
    // A shifted column: the messages are kept on the import, read by users without the right to the number.
    const shifted = parse('population', { ...POPULATION, 建档立卡: BOY });
    const messages = shifted.warnings.flatMap((w) => [w.zh, w.en]);
    expect(messages.join(' ')).toContain(maskIdNumber(BOY));
    expect(messages.join(' ')).not.toContain(BOY);
  });

  it('reads identity numbers kept as text by Excel tricks, and warns when Excel made one a number', () => {
    expect(parse('population', { ...POPULATION, 身份证号: `'${GIRL}` }).record).toMatchObject({
      idNumber: GIRL,
      idValid: true,
    });
    expect(parse('population', { ...POPULATION, 身份证号: `="${GIRL}"` }).record).toMatchObject({
      idNumber: GIRL,
    });
    const lossy = parse('population', {
      ...POPULATION,
      身份证号: 610727201703040000,
      出生日期: '2017-03-04',
    });
    expect(codes(lossy)).toEqual({ errors: [], warnings: ['身份证号:id_stored_as_number'] });
    expect(lossy.record).toMatchObject({ idNumber: '', idValid: false, birthDate: '2017-03-04' });
  });

  it('reads a number Excel cut short as no number, even where its check character happens to fit', () => {
    // About one cut number in eight still ends in a fitting check character.
    const fitting = Array.from({ length: 200 }, (_, i) => makeIdNumber('610727', '2016-05-06', i + 1, 'M'))
      .map(Number)
      .find((n) => parseIdNumber(String(n)).valid);
    expect(fitting).toBeDefined();
    for (const cut of [fitting, '6.10727E+17', '6.10727201605E+17']) {
      const child = parse('population', { ...POPULATION, 身份证号: cut, 出生日期: '2016-05-06' });
      expect([cut, child.record]).toMatchObject([cut, { idNumber: '', idValid: false }]);
      expect(codes(child).warnings).toEqual(['身份证号:id_stored_as_number']);
      const noDate = parse('population', { ...POPULATION, 身份证号: cut });
      expect(noDate.record).toBeNull();
      expect(noDate.errors.map((e) => e.zh)).toEqual([expect.stringContaining('以数字格式保存')]);
      const student = parse('enrollment', { ...ENROLMENT, 身份证号: cut });
      expect(student.record).toBeNull();
      expect(codes(student).errors).toEqual(['身份证号:invalid_value']);
    }
  });

  it('refuses text far longer than an identity number in its column, quoting only its start', () => {
    const long = `${'说明文字'.repeat(750)}`;
    const child = parse('population', { ...POPULATION, 身份证号: long, 出生日期: '2016-05-06' });
    expect(child.record).toMatchObject({ idNumber: '', idValid: false });
    expect(codes(child).warnings).toEqual(['身份证号:ignored_value']);
    const student = parse('enrollment', { ...ENROLMENT, 身份证号: long });
    expect(student.record).toBeNull();
    expect(codes(student).errors).toEqual(['身份证号:invalid_value']);
    for (const p of [...child.warnings, ...student.errors])
      expect(p.zh.length + p.en.length).toBeLessThan(300);
  });

  it('reads a placeholder such as 无 as no number, so that children without one stay apart', () => {
    for (const placeholder of ['无', '暂无', '/', '－']) {
      const child = parse('population', { ...POPULATION, 身份证号: placeholder, 出生日期: '2016-05-06' });
      expect([placeholder, child.record]).toMatchObject([placeholder, { idNumber: '', idValid: false }]);
      expect(child.warnings.map((w) => `${w.code}:${w.zh}`)).toEqual([
        expect.stringMatching(/^id_placeholder:.*不是号码/),
      ]);
      const student = parse('enrollment', { ...ENROLMENT, 身份证号: placeholder });
      expect(student.record).toBeNull();
      expect(student.errors.map((e) => `${e.column}:${e.zh}`)).toEqual([
        expect.stringMatching(/^身份证号:.*不是号码/),
      ]);
      const exemption = { 姓名: '王芳', 身份证号: placeholder, 类型: '免学', 原因: '重度残疾', 学年: '2026' };
      expect(parse('exemptions', exemption).record).toBeNull();
    }
    // A wrong number with digits is still a number: kept, flagged, matched as it stands.
    expect(
      parse('population', { ...POPULATION, 身份证号: '12345', 出生日期: '2016-05-06' }).record,
    ).toMatchObject({
      idNumber: '12345',
      idValid: false,
    });
  });

  it('upgrades a legacy 15-digit number with a warning', () => {
    const eighteen = makeIdNumber('610727', '1998-05-06', 11, 'M');
    const fifteen = eighteen.slice(0, 6) + eighteen.slice(8, 17);
    const parsed = parse('population', { ...POPULATION, 身份证号: fifteen, 性别: '男' });
    expect(parsed.record).toMatchObject({ idNumber: eighteen, idValid: true, birthDate: '1998-05-06' });
    expect(codes(parsed).warnings).toEqual(['身份证号:legacy_id']);
    // The import keeps its warnings for whoever opens it: no full number in them.
    const [warning] = parsed.warnings;
    expect(`${warning!.zh} ${warning!.en}`).not.toContain(eighteen);
    expect(warning!.zh).toContain(maskIdNumber(eighteen));
  });

  it('tells a refused row by its errors only: no warning says it was imported', () => {
    const refused = parse('population', { ...POPULATION, 身份证号: '123', 性别: 'X' });
    expect(refused.record).toBeNull();
    expect(codes(refused)).toEqual({ errors: ['出生日期:required', '性别:invalid_gender'], warnings: [] });
  });

  it('reports every problem of a row at once, and no record', () => {
    const parsed = parse('population', {
      姓名: '',
      性别: '?',
      身份证号: '',
      出生日期: '2017-03-04',
      区划代码: 'x',
    });
    expect(codes(parsed)).toEqual({
      errors: ['姓名:required', '性别:invalid_gender', '区划代码:invalid_value'],
      warnings: [],
    });
    expect(parsed.record).toBeNull();
  });
});

const ENROLMENT = {
  姓名: '王芳',
  性别: '男',
  身份证号: BOY,
  学校标识码: '2161000001',
  年级: '五年级',
  学籍状态: '在读',
};

describe('enrolment rows', () => {
  it('reads grade, status and study mode, which defaults to 普通', () => {
    const parsed = parse('enrollment', ENROLMENT);
    expect(parsed.record).toMatchObject({
      grade: 5,
      status: 'enrolled',
      mode: 'regular',
      schoolCode: '2161000001',
      gender: 'M',
    });
    expect(
      parse('enrollment', { ...ENROLMENT, 年级: '高一', 就读方式: '送教上门', 学籍状态: '休学' }).record,
    ).toMatchObject({
      grade: 10,
      mode: 'home_teaching',
      status: 'suspended',
    });
    expect(parse('enrollment', { ...ENROLMENT, 年级: 3 }).record).toMatchObject({ grade: 3 });
  });

  it('refuses unknown statuses and grades, and school codes that are not 10 digits', () => {
    const parsed = parse('enrollment', {
      ...ENROLMENT,
      年级: '十三年级',
      学籍状态: '借读',
      学校标识码: '21610',
    });
    expect(codes(parsed).errors).toEqual([
      '学校标识码:invalid_value',
      '年级:invalid_grade',
      '学籍状态:invalid_value',
    ]);
    expect(parsed.errors[2]!.zh).toContain('在读');
  });

  it('keeps a student with an invalid number, whose birth date is then unknown', () => {
    const parsed = parse('enrollment', { ...ENROLMENT, 身份证号: 'L1234567' });
    expect(parsed.record).toMatchObject({
      idNumber: 'L1234567',
      idValid: false,
      birthDate: null,
      gender: 'M',
    });
  });

  it('refuses a student without any identity number', () => {
    expect(codes(parse('enrollment', { ...ENROLMENT, 身份证号: ' ' })).errors).toEqual(['身份证号:required']);
  });
});

describe('out-of-county and exemption rows', () => {
  it('reads an out-of-county record', () => {
    const parsed = parse('out-of-county', {
      姓名: '王芳',
      身份证号: BOY,
      就读学校: '汉中市实验小学',
      就读地区: '陕西省汉中市汉台区',
      核实方式: '电话核实',
      核实日期: '20260915',
    });
    expect(parsed.record).toMatchObject({
      birthDate: '2015-11-30',
      gender: 'M',
      verification: 'phone',
      verifiedOn: '2026-09-15',
      grade: null,
    });
  });

  it('reads an exemption and the school year in its usual spellings', () => {
    const row = { 姓名: '王芳', 身份证号: BOY, 类型: '免学', 原因: '重度残疾', 学年: '2026' };
    expect(parse('exemptions', row).record).toMatchObject({
      type: 'exemption',
      schoolYear: 2026,
      approvalNo: null,
    });
    expect(parse('exemptions', { ...row, 学年: '2026-2027学年' }).record).toMatchObject({ schoolYear: 2026 });
    expect(parse('exemptions', { ...row, 学年: 2025 }).record).toMatchObject({ schoolYear: 2025 });
    expect(codes(parse('exemptions', { ...row, 学年: '2026-2028' })).errors).toEqual(['学年:invalid_value']);
    expect(codes(parse('exemptions', { ...row, 类型: '休学' })).errors).toEqual(['类型:invalid_value']);
  });
});

describe('headers of each format', () => {
  it.each(IMPORT_KINDS)('%s: the template headers are accepted, with their * marks', (kind) => {
    const headers = Object.values(FORMATS[kind].columns).map((c) => (c.required ? `${c.header}*` : c.header));
    expect(createRowParser(kind, 't.csv', headers).headerWarnings).toEqual([]);
  });

  it.each(IMPORT_KINDS)('%s: a file lacking a required column is refused', (kind) => {
    const required = Object.values(FORMATS[kind].columns).find((c) => c.required)!;
    const headers = templateHeaders(kind).filter((h) => h !== required.header);
    expect(() => createRowParser(kind, 't.csv', headers)).toThrow(
      expect.objectContaining({ code: 'missing_column' }),
    );
  });
});

describe('whole files', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => ({ dir, remove } = await tempDir()));
  afterAll(async () => remove());

  it('streams valid records and reports refused rows with their numbers', async () => {
    const path = await writeCsv(dir, 'population.csv', [
      ['姓名*', '性别*', '身份证号', '出生日期', '区划代码', '备注'],
      ['李娜', '女', GIRL, '', '610727100201', ''],
      ['', '女', GIRL, '', '610727100201', ''],
      ['王芳', '男', BOY, '', '610727100202', '转学'],
    ]);
    const names: string[] = [];
    const report = await readRecords('population', path, (r) => names.push(r.name));
    expect(names).toEqual(['李娜', '王芳']);
    expect(report).toMatchObject({ rows: 3, accepted: 2, rejected: 1, errorCount: 1, warningCount: 1 });
    expect(report.errors).toEqual([expect.objectContaining({ row: 3, column: '姓名', code: 'required' })]);
    expect(report.warnings).toEqual([
      expect.objectContaining({ row: 0, code: 'unknown_column', column: '备注' }),
    ]);
  });

  it('keeps only the first problems in full, counting the rest', async () => {
    const rows = [
      ['姓名', '性别', '出生日期', '区划代码'],
      ...Array.from({ length: 30 }, () => ['', '女', '2017-01-01', '610727100201']),
    ];
    const report = await readRecords('population', await writeCsv(dir, 'bad.csv', rows), () => undefined, {
      keep: 5,
    });
    expect(report).toMatchObject({ rows: 30, rejected: 30, errorCount: 30 });
    expect(report.errors).toHaveLength(5);
  });

  it('reads only the optional columns asked for', async () => {
    const path = await writeCsv(dir, 'lean.csv', [
      ['姓名', '性别', '身份证号', '区划代码', '监护人电话', '建档立卡'],
      ['李娜', '女', GIRL, '610727100201', '138', '也许'],
    ]);
    const records: unknown[] = [];
    const report = await readRecords('population', path, (r) => records.push(r), {
      optionalColumns: ['idNumber', 'villageCode'],
    });
    expect(report.warningCount).toBe(0);
    expect(records).toEqual([
      expect.objectContaining({ idNumber: GIRL, villageCode: '610727100201', guardianPhone: null }),
    ]);
  });

  it('reads an .xlsx roster with date cells and numeric grades', async () => {
    const path = await writeXlsx(dir, 'enrollment.xlsx', [
      ['姓名', '性别', '身份证号', '学校标识码', '年级', '学籍状态'],
      ['王芳', '男', BOY, 2161000001, 5, '在读'],
    ]);
    const file = await openImportFile('enrollment', path);
    const rows: ParsedRow<unknown>[] = [];
    for await (const row of file.rows()) rows.push(row);
    expect(rows[0]!.record).toMatchObject({ schoolCode: '2161000001', grade: 5, row: 2 });
  });

  it('refuses a file with a header but no data rows as empty', async () => {
    const path = await writeCsv(dir, 'header-only.csv', [templateHeaders('exemptions')]);
    await expect(readRecords('exemptions', path, () => undefined)).rejects.toMatchObject({ code: 'empty' });
  });

  it('refuses a file lacking a required column before reading any row', async () => {
    const path = await writeCsv(dir, 'no-id.csv', [
      ['姓名', '性别', '学校标识码', '年级', '学籍状态'],
      ['王芳', '男', '2161000001', '5', '在读'],
    ]);
    await expect(openImportFile('enrollment', path)).rejects.toMatchObject({ code: 'missing_column' });
  });
});
