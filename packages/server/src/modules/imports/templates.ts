// Import templates (IMPORT-FORMATS.md): the first sheet holds the header row only, with
// `*` on required columns, identity numbers formatted as text (so Excel keeps every
// digit) and drop-down lists on the enumerated columns; the second sheet explains each
// column. No example row sits in the first sheet: an unchanged template imported by
// mistake must not add a made-up child.
import ExcelJS from 'exceljs';
import {
  DISABILITY_CATEGORY_LABELS,
  ENROLLMENT_STATUS_LABELS,
  EXEMPTION_TYPE_LABELS,
  GRADES,
  IMPORT_KIND_LABELS,
  STUDY_MODE_LABELS,
  VERIFICATION_METHOD_LABELS,
  type ImportKind,
} from '@baoxue/shared';
import { FORMATS, type ColumnSpec } from './formats';

/** Rows the drop-down lists and text format cover. */
const TEMPLATE_ROWS = 20_000;

const zh = (labels: Record<string, { zh: string }>) => Object.values(labels).map((l) => l.zh);
const YES_NO = ['是', '否'];

/** The closed lists of each format's enumerated columns, by column key. */
const CHOICES: Record<ImportKind, Record<string, readonly string[]>> = {
  population: {
    gender: ['男', '女'],
    povertyRegistered: YES_NO,
    leftBehind: YES_NO,
    disabilityCategory: zh(DISABILITY_CATEGORY_LABELS),
    disabilityLevel: ['一级', '二级', '三级', '四级'],
  },
  enrollment: {
    gender: ['男', '女'],
    grade: GRADES.map((g) => g.zh),
    status: zh(ENROLLMENT_STATUS_LABELS),
    mode: zh(STUDY_MODE_LABELS),
  },
  'out-of-county': {
    grade: GRADES.map((g) => g.zh),
    verification: zh(VERIFICATION_METHOD_LABELS),
  },
  exemptions: { type: zh(EXEMPTION_TYPE_LABELS) },
};

/** Columns typed as text: long digit strings Excel would otherwise turn into numbers. */
const TEXT_COLUMNS = new Set([
  'idNumber',
  'villageCode',
  'schoolCode',
  'studentNo',
  'householdNo',
  'guardianPhone',
]);

export function templateHeader(spec: ColumnSpec<unknown>): string {
  return spec.required ? `${spec.header}*` : spec.header;
}

/** The template's headers without marks, in column order (the demo feeds its rows in this order). */
export function templateColumns(kind: ImportKind): { key: string; header: string }[] {
  return Object.entries(FORMATS[kind].columns).map(([key, spec]) => ({ key, header: spec.header }));
}

export function templateFileName(kind: ImportKind): string {
  return `${IMPORT_KIND_LABELS[kind].zh}导入模板.xlsx`;
}

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** ExcelJS 4.4 has range validations at run time but leaves them out of its typings. */
function validationsOf(sheet: ExcelJS.Worksheet): { add(range: string, rule: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } })
    .dataValidations;
}

export async function buildTemplate(kind: ImportKind): Promise<Buffer> {
  const format = FORMATS[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Baoxue 保学';
  const sheet = workbook.addWorksheet(IMPORT_KIND_LABELS[kind].zh, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const entries = Object.entries(format.columns);
  sheet.columns = entries.map(([key, spec]) => ({
    header: templateHeader(spec),
    key,
    width: Math.max(10, spec.header.length * 2 + 6, TEXT_COLUMNS.has(key) ? 22 : 0),
    ...(TEXT_COLUMNS.has(key) ? { style: { numFmt: '@' } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  entries.forEach(([, spec], i) => {
    const cell = header.getCell(i + 1);
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: spec.required ? 'FFFCE4D6' : 'FFEDEDED' },
    };
    cell.note = [
      spec.condition?.zh ?? (spec.required ? '必填' : '选填'),
      `示例：${spec.example || '（空）'}`,
    ].join('\n');
  });
  const choices = CHOICES[kind];
  entries.forEach(([key, spec], i) => {
    const list = choices[key];
    if (!list) return;
    const letter = columnLetter(i);
    validationsOf(sheet).add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${list.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: spec.header,
      error: `请从下拉列表中选择：${list.join('、')}`,
    });
  });

  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 14 },
    { header: '是否必填', width: 22 },
    { header: '可填写的值', width: 60 },
    { header: '示例', width: 24 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [key, spec] of entries) {
    help.addRow([
      spec.header,
      spec.required ? '必填' : (spec.condition?.zh ?? '选填'),
      choices[key]?.join('、') ?? '',
      spec.example,
    ]);
  }
  help.addRow([]);
  for (const line of NOTES[kind]) help.addRow([line]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const COMMON_NOTES = [
  '说明：表头须保留在第一行（可在其上方保留不超过三行标题）；带 * 的列为必填列。',
  '身份证号请按文本填写；15 位旧号码会自动升级为 18 位；无效号码仍会导入并标记。',
  '日期可写作 2020-01-05、2020/1/5、20200105 或 2020年1月5日。',
];

const NOTES: Record<ImportKind, string[]> = {
  population: [
    ...COMMON_NOTES,
    '导入人口花名册时，文件中出现的村(社区)在该学年的名单整体替换为本文件的内容；文件中没有的村不受影响。',
    '住址填写 12 位区划代码，或同时填写镇(街道)和村(社区)名称。',
  ],
  enrollment: [
    ...COMMON_NOTES,
    '同一身份证号在本校已有学籍的，更新该学籍；在县内其他学校有学籍的，视为县内转学（籍随人走），两校均可看到转学记录。',
    '学校管理员只能导入本校的学籍，其他学校的行会被拒绝并说明原因。',
  ],
  'out-of-county': [...COMMON_NOTES, '同一学年同一身份证号再次导入时，以最新导入的核实信息为准。'],
  exemptions: [
    ...COMMON_NOTES,
    '学年填写起始年份，如 2026 表示 2026-2027 学年；同一学年同一身份证号以最新导入为准。',
  ],
};
