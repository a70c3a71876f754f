// Grades as numbers: 小班 -2, 中班 -1, 大班 0, 一年级 1 … 九年级 9, 高一 10 … 高三 12,
// so that "grade 9 or above" and age arithmetic are plain comparisons.
import { fullWidthToHalfWidth } from './values';

export type Stage = 'kindergarten' | 'primary' | 'junior' | 'senior';

export interface GradeInfo {
  grade: number;
  zh: string;
  en: string;
  stage: Stage;
}

export const GRADES: readonly GradeInfo[] = Object.freeze([
  { grade: -2, zh: '小班', en: 'Kindergarten (junior class)', stage: 'kindergarten' },
  { grade: -1, zh: '中班', en: 'Kindergarten (middle class)', stage: 'kindergarten' },
  { grade: 0, zh: '大班', en: 'Kindergarten (senior class)', stage: 'kindergarten' },
  { grade: 1, zh: '一年级', en: 'Grade 1', stage: 'primary' },
  { grade: 2, zh: '二年级', en: 'Grade 2', stage: 'primary' },
  { grade: 3, zh: '三年级', en: 'Grade 3', stage: 'primary' },
  { grade: 4, zh: '四年级', en: 'Grade 4', stage: 'primary' },
  { grade: 5, zh: '五年级', en: 'Grade 5', stage: 'primary' },
  { grade: 6, zh: '六年级', en: 'Grade 6', stage: 'primary' },
  { grade: 7, zh: '七年级', en: 'Grade 7', stage: 'junior' },
  { grade: 8, zh: '八年级', en: 'Grade 8', stage: 'junior' },
  { grade: 9, zh: '九年级', en: 'Grade 9', stage: 'junior' },
  { grade: 10, zh: '高一', en: 'Grade 10', stage: 'senior' },
  { grade: 11, zh: '高二', en: 'Grade 11', stage: 'senior' },
  { grade: 12, zh: '高三', en: 'Grade 12', stage: 'senior' },
]);

const MIN_NUMERIC_GRADE = 1;
const MAX_NUMERIC_GRADE = 12;
const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** Every accepted spelling, built once: registries disagree on how to write grades. */
function buildGradeAliases(): Map<string, number> {
  const aliases = new Map<string, number>();
  const add = (grade: number, ...names: string[]) => names.forEach((name) => aliases.set(name, grade));
  for (const g of GRADES) add(g.grade, g.zh);
  add(-2, '幼儿园小班');
  add(-1, '幼儿园中班');
  add(0, '幼儿园大班', '学前班');
  for (let n = MIN_NUMERIC_GRADE; n <= MAX_NUMERIC_GRADE; n++) {
    add(n, String(n), `${n}年级`, `${CHINESE_NUMERALS[n - 1] ?? ''}年级`);
  }
  for (let n = 1; n <= 6; n++) add(n, `小学${CHINESE_NUMERALS[n - 1] ?? ''}年级`, `小学${n}年级`);
  for (let n = 1; n <= 3; n++) {
    const zh = CHINESE_NUMERALS[n - 1] ?? '';
    add(6 + n, `初${zh}`, `初${n}`, `初中${zh}年级`, `初中${n}年级`);
    add(9 + n, `高${n}`, `高中${zh}年级`, `高中${n}年级`);
  }
  return aliases;
}

const GRADE_ALIASES = buildGradeAliases();

/**
 * A grade number from a cell: the zh names (小班 … 九年级, 高一 … 高三), 1–12 as text or
 * number, 初一/初二/初三, 高中一年级, 小学三年级, 3年级 and the like; full-width digits
 * and spaces tolerated. Null when not recognised.
 */
export function parseGrade(raw: string | number): number | null {
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw >= MIN_NUMERIC_GRADE && raw <= MAX_NUMERIC_GRADE ? raw : null;
  }
  const key = fullWidthToHalfWidth(raw)
    .replace(/\s+/g, '')
    .replace(/^0+(?=\d)/, '');
  return GRADE_ALIASES.get(key) ?? null;
}

function gradeInfo(grade: number): GradeInfo | undefined {
  return GRADES.find((g) => g.grade === grade);
}

/** Display name of a grade; an unknown number is shown as itself rather than failing a page. */
export function gradeLabel(grade: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const info = gradeInfo(grade);
  if (!info) return String(grade);
  return locale === 'en' ? info.en : info.zh;
}

export function stageOfGrade(grade: number): Stage {
  if (grade <= 0) return 'kindergarten';
  if (grade <= 6) return 'primary';
  if (grade <= 9) return 'junior';
  return 'senior';
}

/** Children usually start grade 1 at 6, so the usual age is grade + 5 (小班 3 … 高三 17). */
export function usualAgeOfGrade(grade: number): number {
  return grade + 5;
}

/** RECONCILIATION.md `over_age`: two or more years older than usual for the grade. */
export function isOverAge(age: number, grade: number): boolean {
  return age - usualAgeOfGrade(grade) >= 2;
}
