// The 一表六册 workbook: seven sheets laid out for printing — a title over the table, the
// header row repeated on every page, A4 landscape fitted to the page width, thin borders.
import ExcelJS from 'exceljs';
import {
  CHILD_STATUS_LABELS,
  CHILD_STATUSES,
  DISABILITY_CATEGORY_LABELS,
  ENROLLMENT_STATUS_LABELS,
  GENDER_LABELS,
  ROSTER_LABELS,
  STUDY_MODE_LABELS,
  VERIFICATION_METHOD_LABELS,
  gradeLabel,
  schoolYearLabel,
  todayIso,
  type RosterListKind,
  type RosterRow,
  type StatisticsRow,
} from '@baoxue/shared';
import type { WorkbookData } from './rosters.service';

interface Column<T> {
  header: string;
  width: number;
  value: (row: T, index: number) => string | number | null;
}

const yes = (b: boolean) => (b ? '是' : '');
const LEVELS = ['', '一级', '二级', '三级', '四级'];

const PERSON: Column<RosterRow>[] = [
  { header: '序号', width: 6, value: (_r, i) => i + 1 },
  { header: '镇(街道)', width: 12, value: (r) => r.townName },
  { header: '村(社区)', width: 14, value: (r) => r.villageName },
  { header: '户号', width: 10, value: (r) => r.householdNo },
  { header: '姓名', width: 9, value: (r) => r.name },
  { header: '性别', width: 5, value: (r) => GENDER_LABELS[r.gender].zh },
  { header: '身份证号', width: 21, value: (r) => r.idNumberMasked },
  { header: '出生日期', width: 11, value: (r) => r.birthDate },
  { header: '年龄', width: 5, value: (r) => r.age },
];
const GUARDIAN: Column<RosterRow>[] = [
  { header: '监护人', width: 9, value: (r) => r.guardianName },
  { header: '关系', width: 7, value: (r) => r.guardianRelation },
  { header: '联系电话', width: 13, value: (r) => r.guardianPhone },
];
const SCHOOLING: Column<RosterRow>[] = [
  { header: '就学状态', width: 13, value: (r) => (r.status ? CHILD_STATUS_LABELS[r.status].zh : null) },
  { header: '就读学校', width: 24, value: (r) => r.schoolName ?? r.outOfCountySchool },
  { header: '年级', width: 7, value: (r) => (r.grade === null ? null : gradeLabel(r.grade)) },
];

const COLUMNS: Record<RosterListKind, Column<RosterRow>[]> = {
  population: [
    ...PERSON,
    ...GUARDIAN,
    { header: '建档立卡', width: 8, value: (r) => yes(r.povertyRegistered) },
    { header: '留守儿童', width: 8, value: (r) => yes(r.leftBehind) },
    {
      header: '残疾类别',
      width: 8,
      value: (r) => (r.disabilityCategory ? DISABILITY_CATEGORY_LABELS[r.disabilityCategory].zh : null),
    },
    ...SCHOOLING,
  ],
  compulsory: [
    ...PERSON,
    ...GUARDIAN,
    ...SCHOOLING,
    {
      header: '学籍状态',
      width: 8,
      value: (r) => (r.enrollmentStatus ? ENROLLMENT_STATUS_LABELS[r.enrollmentStatus].zh : null),
    },
    { header: '就读方式', width: 9, value: (r) => (r.studyMode ? STUDY_MODE_LABELS[r.studyMode].zh : null) },
  ],
  poverty: [
    ...PERSON,
    ...GUARDIAN,
    ...SCHOOLING,
    { header: '留守儿童', width: 8, value: (r) => yes(r.leftBehind) },
  ],
  left_behind: [
    ...PERSON,
    ...GUARDIAN,
    ...SCHOOLING,
    { header: '建档立卡', width: 8, value: (r) => yes(r.povertyRegistered) },
  ],
  disabled: [
    ...PERSON,
    ...GUARDIAN,
    {
      header: '残疾类别',
      width: 8,
      value: (r) => (r.disabilityCategory ? DISABILITY_CATEGORY_LABELS[r.disabilityCategory].zh : null),
    },
    { header: '残疾等级', width: 8, value: (r) => LEVELS[r.disabilityLevel ?? 0] ?? null },
    { header: '就读方式', width: 9, value: (r) => (r.studyMode ? STUDY_MODE_LABELS[r.studyMode].zh : null) },
    ...SCHOOLING,
  ],
  out_of_county: [
    ...PERSON,
    ...GUARDIAN,
    { header: '就读学校', width: 24, value: (r) => r.outOfCountySchool },
    { header: '就读地区', width: 20, value: (r) => r.outOfCountyRegion },
    {
      header: '年级',
      width: 7,
      value: (r) => (r.outOfCountyGrade === null ? null : gradeLabel(r.outOfCountyGrade)),
    },
    {
      header: '核实方式',
      width: 12,
      value: (r) => (r.verification ? VERIFICATION_METHOD_LABELS[r.verification].zh : null),
    },
    { header: '核实日期', width: 11, value: (r) => r.verifiedOn },
  ],
};

const STATISTICS: Column<StatisticsRow>[] = [
  { header: '村(社区)', width: 16, value: (r) => r.name },
  { header: '0–17周岁', width: 8, value: (r) => r.population },
  { header: '0–5岁', width: 7, value: (r) => r.ages0to5 },
  { header: '6–11岁', width: 7, value: (r) => r.ages6to11 },
  { header: '12–14岁', width: 7, value: (r) => r.ages12to14 },
  { header: '15–17岁', width: 7, value: (r) => r.ages15to17 },
  { header: '义务教育适龄', width: 8, value: (r) => r.compulsory },
  ...CHILD_STATUSES.map((s) => ({
    header: CHILD_STATUS_LABELS[s].zh,
    width: 8,
    value: (r: StatisticsRow) => r.statuses[s],
  })),
  { header: '小学在校', width: 7, value: (r) => r.primaryStudents },
  { header: '初中在校', width: 7, value: (r) => r.juniorStudents },
  { header: '建档立卡', width: 7, value: (r) => r.povertyRegistered },
  { header: '留守儿童', width: 7, value: (r) => r.leftBehind },
  { header: '残疾儿童', width: 7, value: (r) => r.disabled },
  // The roster's count; 县外就读 among the statuses above is the run's.
  { header: '县外就读(名册)', width: 8, value: (r) => r.outOfCounty },
];

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Title, subtitle, then the header row: the header is row 3, repeated on every printed page. */
const HEADER_ROW = 3;

function addSheet<T>(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  columns: Column<T>[],
  rows: readonly T[],
  totals?: T,
): void {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `${name}  第 &P 页，共 &N 页` },
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const last = columns.length;
  sheet.getCell(1, 1).value = title;
  sheet.mergeCells(1, 1, 1, last);
  sheet.getRow(1).height = 28;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getCell(2, 1).value = subtitle;
  sheet.mergeCells(2, 1, 2, last);
  sheet.getCell(2, 1).font = { size: 10 };
  const header = sheet.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
  });
  const all = totals === undefined ? rows : [...rows, totals];
  all.forEach((row, index) => {
    const added = sheet.addRow(columns.map((c) => c.value(row, index)));
    added.eachCell({ includeEmpty: true }, (cell) => (cell.border = BORDER));
    if (totals !== undefined && index === rows.length) added.font = { bold: true };
  });
}

export async function buildWorkbook(data: WorkbookData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Baoxue 保学';
  const place = data.area.kind === 'school' ? `${data.area.name}服务区` : data.area.name;
  const year = schoolYearLabel(data.schoolYear);
  const subtitle = [
    `单位：${data.countyName}${place}`,
    `年龄按 ${data.schoolYear} 年 8 月 31 日计算`,
    `制表日期：${todayIso()}`,
    data.fullIds ? '含完整身份证号，注意保密' : '身份证号已脱敏',
    data.statistics.runId === null
      ? '本学年尚未比对，就学状态为空'
      : `就学状态取自第 ${data.statistics.runId} 次比对`,
  ].join('    ');
  addSheet(
    workbook,
    ROSTER_LABELS.statistics.zh,
    `${data.countyName}${place}${year}${ROSTER_LABELS.statistics.zh}`,
    subtitle,
    STATISTICS,
    data.statistics.rows,
    data.statistics.total,
  );
  for (const kind of Object.keys(COLUMNS) as RosterListKind[]) {
    const label = ROSTER_LABELS[kind].zh;
    addSheet(
      workbook,
      label,
      `${data.countyName}${place}${year}${label}`,
      subtitle,
      COLUMNS[kind],
      data.rosters[kind],
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function workbookFileName(data: WorkbookData): string {
  return `${data.area.name}${schoolYearLabel(data.schoolYear)}一表六册.xlsx`;
}
