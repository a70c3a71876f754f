import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '@baoxue/shared';
import { ImportFileError } from '../imports/errors';
import { tempDir, writeCsv, writeXlsx } from '../imports/test-files';
import { reconcileFiles, runReconcileCommand, type CommandIO } from './file-mode';
import { comparable } from './engine/test-results';
import type { ReconciliationResult } from './engine/types';

const YEAR = 2026;
const VILLAGE = '610727100201';
const SCHOOL = '2161000001';
const ids = {
  enrolled: makeIdNumber('610727', '2017-03-04', 2, 'F'),
  outside: makeIdNumber('610727', '2016-05-06', 3, 'M'),
  exempt: makeIdNumber('610727', '2014-07-08', 4, 'F'),
  missing: makeIdNumber('610727', '2013-09-10', 5, 'M'),
  typo: makeIdNumber('610727', '2015-01-02', 6, 'F'),
  typoEnrolment: makeIdNumber('610727', '2015-01-02', 8, 'F'),
  toddler: makeIdNumber('610727', '2023-01-01', 7, 'M'),
  migrant: makeIdNumber('510101', '2016-02-02', 9, 'M'),
};

let dir: string;
let remove: () => Promise<void>;
let inputs: { population: string; enrollment: string; outOfCounty: string; exemptions: string };

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  inputs = {
    population: await writeCsv(
      dir,
      'population.csv',
      [
        ['姓名*', '性别*', '身份证号', '出生日期', '区划代码', '监护人电话'],
        ['李娜', '女', ids.enrolled, '', VILLAGE, '13800000000'],
        ['张伟', '男', ids.outside, '', '610727100202', ''],
        ['王芳', '女', ids.exempt, '', VILLAGE, ''],
        ['赵强', '男', ids.missing, '', VILLAGE, ''],
        ['李那', '女', ids.typo, '', VILLAGE, ''],
        ['小宝', '男', ids.toddler, '', VILLAGE, ''],
        ['', '男', ids.toddler, '', VILLAGE, ''],
      ],
      'utf-8-bom',
    ),
    enrollment: await writeXlsx(dir, 'enrollment.xlsx', [
      ['姓名', '性别', '身份证号', '学校标识码', '年级', '学籍状态', '就读方式'],
      ['李娜', '女', ids.enrolled, SCHOOL, '四年级', '在读', '送教上门'],
      ['李娜', '女', ids.typoEnrolment, SCHOOL, '六年级', '在读', ''],
      ['周杰', '男', ids.migrant, SCHOOL, '五年级', '在读', ''],
    ]),
    outOfCounty: await writeCsv(dir, 'out-of-county.csv', [
      ['姓名', '身份证号', '就读学校', '就读地区', '核实方式', '核实日期'],
      ['张伟', ids.outside, '汉中市实验小学', '陕西省汉中市汉台区', '学籍系统核查', '2026-09-10'],
    ]),
    exemptions: await writeCsv(dir, 'exemptions.csv', [
      ['姓名', '身份证号', '类型', '原因', '学年'],
      ['王芳', ids.exempt, '缓学', '身体原因', '2026'],
    ]),
  };
});
afterAll(async () => remove());

describe('reconcileFiles', () => {
  it('streams the rosters through the engine and writes the spec’s JSON', async () => {
    const out = join(dir, 'result.json');
    const { result, imports } = await reconcileFiles({ schoolYear: YEAR, ...inputs, out });
    const written = JSON.parse(await readFile(out, 'utf8')) as ReconciliationResult;
    // The file is the spec's shape: the origins the app asks for stay out of it.
    const { origins, ...spec } = comparable(result);
    // Each child's population row: a row of the file, after its header.
    expect(origins).toHaveLength(result.children.length);
    expect(origins.every((o) => o.row >= 2)).toBe(true);
    expect(written).toEqual(spec);
    expect(written.summary).toEqual({
      enrolled_in_county: 1,
      enrolled_out_of_county: 1,
      exempt: 1,
      suspended: 0,
      completed_compulsory: 0,
      needs_review: 1,
      suspected_out_of_school: 1,
    });
    expect(written.children.map((c) => c.idNumber)).toEqual([
      ids.missing,
      ids.exempt,
      ids.typo,
      ids.enrolled,
      ids.outside,
    ]);
    expect(written.children.find((c) => c.idNumber === ids.enrolled)).toEqual({
      idNumber: ids.enrolled,
      name: '李娜',
      age: 9,
      villageCode: VILLAGE,
      status: 'enrolled_in_county',
      schoolCode: SCHOOL,
      flags: ['home_teaching'],
      candidates: [],
    });
    expect(written.findings).toEqual([
      {
        code: 'enrolled_not_in_population',
        idNumber: ids.migrant,
        name: '周杰',
        schoolCode: SCHOOL,
        grade: 5,
      },
    ]);
    // The nameless toddler row is refused and reported; the run goes on.
    expect(imports.map((r) => [r.kind, r.accepted, r.rejected])).toEqual([
      ['population', 6, 1],
      ['enrollment', 3, 0],
      ['out-of-county', 1, 0],
      ['exemptions', 1, 0],
    ]);
  });

  it('writes the children as CSV under Chinese headers, with a BOM for Excel', async () => {
    const out = join(dir, 'result.csv');
    await reconcileFiles({ schoolYear: YEAR, ...inputs, out });
    const text = await readFile(out, 'utf8');
    expect(
      text.startsWith('\ufeff身份证号,姓名,年龄,区划代码,状态,状态代码,学校标识码,标记,候选记录\r\n'),
    ).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines).toContain(
      `${ids.enrolled},李娜,9,${VILLAGE},县内在校,enrolled_in_county,${SCHOOL},送教上门,`,
    );
    const review = lines.find((l) => l.startsWith(ids.typo))!;
    expect(review).toContain('待核实,needs_review');
    expect(review).toContain(`学籍 ${ids.typoEnrolment} 李娜`);
  });

  it('writes an .xlsx with the sheets 比对结果, 问题清单 and 汇总', async () => {
    const out = join(dir, 'result.xlsx');
    await reconcileFiles({ schoolYear: YEAR, ...inputs, out });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['比对结果', '问题清单', '汇总']);
    const children = workbook.getWorksheet('比对结果')!;
    expect(children.rowCount).toBe(6);
    expect(children.getRow(2).getCell(1).value).toBe(ids.missing);
    expect(children.getRow(2).getCell(5).value).toBe('疑似失学辍学');
    const findings = workbook.getWorksheet('问题清单')!;
    expect(findings.getRow(2).values).toEqual([
      undefined,
      '在籍不在册',
      'enrolled_not_in_population',
      ids.migrant,
      '周杰',
      `学校 ${SCHOOL} 五年级在读，人口花名册中没有此人`,
    ]);
    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getRow(2).values).toEqual([undefined, '县内在校', 'enrolled_in_county', 1]);
    expect(summary.getRow(9).values).toEqual([undefined, '合计', 'total', 5]);
  });

  it('refuses a bad input file as a whole and leaves no output behind', async () => {
    const out = join(dir, 'refused.json');
    const noId = await writeCsv(dir, 'no-id.csv', [
      ['姓名', '性别', '学校标识码', '年级', '学籍状态'],
      ['周杰', '男', SCHOOL, '5', '在读'],
    ]);
    const error = await reconcileFiles({
      schoolYear: YEAR,
      population: inputs.population,
      enrollment: noId,
      out,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error).toMatchObject({ code: 'missing_column' });
    expect((await readdir(dir)).filter((f) => f.startsWith('refused.json'))).toEqual([]);
  });
});

describe('the enrolment read on a second thread', () => {
  it('gives the same result and reports, and tells its refused rows as they are found', async () => {
    const enrollment = await writeCsv(dir, 'enrollment-bad-row.csv', [
      ['姓名', '性别', '身份证号', '学校标识码', '年级', '学籍状态'],
      ['李娜', '女', ids.enrolled, SCHOOL, '四年级', '在读'],
      ['周杰', '男', ids.migrant, '21610', '五年级', '在读'],
      ['', '', '', SCHOOL, '一年级', '在读'],
    ]);
    const read = async (enrollmentOnThread: boolean) => {
      const told: string[] = [];
      const { result, imports } = await reconcileFiles({
        ...inputs,
        enrollment,
        schoolYear: YEAR,
        out: join(dir, `thread-${enrollmentOnThread}.json`),
        enrollmentOnThread,
        onRowError: (file, e) => told.push(`${file}:${e.row}:${e.column}`),
      });
      return { result, imports, told };
    };
    const [here, there] = [await read(false), await read(true)];
    expect(comparable(there.result)).toEqual(comparable(here.result));
    expect(there.imports).toEqual(here.imports);
    // Told as found: the two files' rows may come interleaved from two threads.
    expect(there.told.filter((t) => t.startsWith(enrollment))).toEqual([
      `${enrollment}:3:学校标识码`,
      `${enrollment}:4:姓名`,
      `${enrollment}:4:身份证号`,
      `${enrollment}:4:性别`,
    ]);
    expect([...there.told].sort()).toEqual([...here.told].sort());
    expect(there.imports[1]).toMatchObject({ kind: 'enrollment', rows: 3, accepted: 1 });
  });

  it('refuses a bad enrolment file as the first thread would, and the population’s problem first', async () => {
    const noId = await writeCsv(dir, 'no-id-thread.csv', [
      ['姓名', '性别', '学校标识码', '年级', '学籍状态'],
      ['周杰', '男', SCHOOL, '5', '在读'],
    ]);
    const options = { schoolYear: YEAR, out: join(dir, 'refused-thread.json'), enrollmentOnThread: true };
    const enrolment = await reconcileFiles({
      ...options,
      population: inputs.population,
      enrollment: noId,
    }).catch((e: unknown) => e);
    expect(enrolment).toBeInstanceOf(ImportFileError);
    expect(enrolment).toMatchObject({ code: 'missing_column', file: 'no-id-thread.csv' });
    const both = await reconcileFiles({
      ...options,
      population: join(dir, 'nope.csv'),
      enrollment: noId,
    }).catch((e: unknown) => e);
    expect(both).toMatchObject({ code: 'unreadable', file: 'nope.csv' });
  });
});

describe('runReconcileCommand', () => {
  function capture(): CommandIO & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
  }

  /** The command line for a population file (and the shared enrolment), without --out. */
  function argsFor(population: string): string[] {
    return ['--school-year', '2026', '--population', population, '--enrollment', inputs.enrollment];
  }

  it('reconciles and prints the summary; exit 0', async () => {
    const io = capture();
    const out = join(dir, 'cli.json');
    const argv = argsFor(inputs.population);
    const code = await runReconcileCommand(
      [...argv, `--out-of-county=${inputs.outOfCounty}`, '--out', out],
      io,
    );
    expect(code).toBe(0);
    expect(io.out.join('\n')).toContain('疑似失学辍学 suspected_out_of_school: 2');
    expect(io.out.at(-1)).toMatch(
      /^ {2}用时 time: 读取 reading \d+\.\d s, 比对 matching \d+\.\d s, 写出 writing \d+\.\d s$/,
    );
    // The refused row is told with its row, column and reason in both languages, then counted.
    expect(io.err).toEqual([
      'population.csv 第 8 行 姓名：缺少姓名 / population.csv row 8, 姓名: Name is missing',
      'population.csv：1 行未导入（共 7 行） / 1 row(s) not imported (of 7)',
    ]);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ schoolYear: 2026 });
  });

  it('says that a CSV result holds the children only', async () => {
    const io = capture();
    const argv = argsFor(inputs.population);
    // A failure says why: the command's own error lines go with it.
    const csv = await runReconcileCommand([...argv, '--out', join(dir, 'cli.csv')], io);
    expect(csv, io.err.join('\n')).toBe(0);
    expect(io.out).toContainEqual(expect.stringContaining('CSV 只含比对结果'));
    const xlsx = capture();
    const code = await runReconcileCommand([...argv, '--out', join(dir, 'cli.xlsx')], xlsx);
    expect(code, xlsx.err.join('\n')).toBe(0);
    expect(xlsx.out.join('\n')).not.toContain('CSV 只含比对结果');
  });

  it('tells every refused row, not the first few, and the warnings with every ignored column', async () => {
    const io = capture();
    const rows = Array.from({ length: 12 }, (_, i) => [
      '',
      '女',
      makeIdNumber('610727', '2015-06-01', 100 + i, 'F'),
      VILLAGE,
    ]);
    const population = await writeCsv(dir, 'many-bad.csv', [
      ['姓名', '性别', '身份证号', '区划代码', '备注'],
      ['李娜', '女', ids.enrolled, VILLAGE, '新迁入'],
      ['王芳', '女', 'ABC123', VILLAGE, ''],
      ...rows,
    ]);
    const argv = argsFor(population);
    expect(await runReconcileCommand([...argv, '--out', join(dir, 'many.json')], io)).toBe(0);
    const refused = io.err.filter((l) => l.startsWith('many-bad.csv 第 '));
    expect(refused).toHaveLength(13);
    expect(refused[0]).toBe(
      'many-bad.csv 第 3 行 出生日期：缺少出生日期（没有有效身份证号时必须填写） / many-bad.csv row 3, 出生日期: birth date is missing (required when there is no valid identity number)',
    );
    expect(io.err).toContain('many-bad.csv：13 行未导入（共 14 行） / 13 row(s) not imported (of 14)');
    expect(io.err).toContainEqual(expect.stringMatching(/^ {2}备注：.*忽略.* \/ 备注: .*ignored/));
  });

  it('refuses a file none of whose rows is valid: exit 2 naming it, after its rows', async () => {
    const io = capture();
    const population = await writeCsv(dir, 'all-bad.csv', [
      ['姓名', '性别', '身份证号', '区划代码'],
      ['', '女', ids.enrolled, VILLAGE],
      ['王芳', '女', ids.exempt, '6107'],
    ]);
    const out = join(dir, 'all-bad.json');
    const argv = argsFor(population);
    expect(await runReconcileCommand([...argv, '--out', out], io)).toBe(2);
    expect(io.err).toEqual([
      expect.stringContaining('all-bad.csv 第 2 行 姓名：缺少姓名'),
      expect.stringContaining('all-bad.csv 第 3 行 区划代码：区划代码应为 12 位数字（“6107”）'),
      '文件“all-bad.csv”的 2 行都不符合要求（见上），未比对 / none of the 2 row(s) of file "all-bad.csv" is valid (see above); nothing was reconciled',
    ]);
    expect((await readdir(dir)).filter((f) => f.startsWith('all-bad.json'))).toEqual([]);
  });

  it('refuses an output folder that does not exist before reading anything: exit 2', async () => {
    const io = capture();
    const out = join(dir, 'no-such-folder', 'r.json');
    const argv = argsFor(join(dir, 'nope.csv'));
    expect(await runReconcileCommand([...argv, '--out', out], io)).toBe(2);
    expect(io.err).toEqual([
      `输出文件夹“${join(dir, 'no-such-folder')}”不存在 / the output folder "${join(dir, 'no-such-folder')}" does not exist`,
    ]);
  });

  it.each([
    [['--population', 'p.csv', '--enrollment', 'e.csv', '--out', 'r.json'], '--school-year'],
    [
      ['--school-year', '26', '--population', 'p.csv', '--enrollment', 'e.csv', '--out', 'r.json'],
      '学年无效',
    ],
    [['--school-year', '2026', '--population', 'p.csv', '--enrollment', 'e.csv', '--out', 'r.txt'], '.xlsx'],
    [['--school-year', '2026', '--bogus'], 'bogus'],
  ])('bad command line %j: exit 2 with one line, Chinese then English', async (argv, mention) => {
    const io = capture();
    expect(await runReconcileCommand(argv, io)).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toContain(mention);
    expect(io.err[0]).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  });

  it('a missing input file: exit 2 naming it', async () => {
    const io = capture();
    const argv = argsFor(join(dir, 'nope.csv'));
    expect(await runReconcileCommand([...argv, '--out', join(dir, 'x.json')], io)).toBe(2);
    expect(io.err).toEqual([
      expect.stringMatching(/^无法读取文件“nope\.csv”.* \/ Cannot read file "nope\.csv"/),
    ]);
  });

  it('prints its usage with --help', async () => {
    const io = capture();
    expect(await runReconcileCommand(['--help'], io)).toBe(0);
    expect(io.out[0]).toContain('baoxue reconcile');
  });
});
