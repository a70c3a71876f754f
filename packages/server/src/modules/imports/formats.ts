// The four rosters a county imports (IMPORT-FORMATS.md), column by column: the Chinese
// header of the template, whether it is required, and how a cell becomes a value. Each
// format then assembles a typed record from its cells, applying the rules that span
// columns (birth date and gender from a valid identity number, one of two locations…).
import {
  ENROLLMENT_STATUS_LABELS,
  STUDY_MODE_LABELS,
  type EnrollmentStatus,
  type StudyMode,
} from '@baoxue/shared/enums';
import { formatDate, parseDate } from '@baoxue/shared/domain/dates';
import { parseGrade } from '@baoxue/shared/domain/grades';
import { maskIdNumber, maskIdNumbersIn, parseIdNumber, type ParsedId } from '@baoxue/shared/domain/identity';
import { normalizeName } from '@baoxue/shared/domain/names';
import { fullWidthToHalfWidth, parseGender, parseYesNo } from '@baoxue/shared/domain/values';
import type { ErrorMessage } from '../../errors';
import type { ImportWarningCode, RowErrorCode } from './errors';
import type { HeaderAlternatives, HeaderSpec } from './headers';

export type ImportKind = 'population' | 'enrollment' | 'out-of-county' | 'exemptions';
export const IMPORT_KINDS: readonly ImportKind[] = [
  'population',
  'enrollment',
  'out-of-county',
  'exemptions',
];

export type Gender = 'M' | 'F';

// ------------------------------------------------------------------ value parsers

/** What a parser returns for a cell it cannot read; the column's `problem` says why. */
export const INVALID: unique symbol = Symbol('invalid cell');
export type Invalid = typeof INVALID;

export interface ValueParser<T> {
  /** Called only for non-empty cells. */
  parse(raw: unknown): T | Invalid;
  problem: { code: RowErrorCode } & ErrorMessage;
  /**
   * What an empty cell of a column the file has means; without it, nothing (null). A
   * column the file lacks is always null: the file says nothing of it.
   */
  whenEmpty?: T;
}

/** Empty cells are skipped by the row parser before any value parser sees them. */
export function isEmptyCell(raw: unknown): boolean {
  if (raw === null || raw === undefined) return true;
  return typeof raw === 'string' && raw.trim() === '';
}

/** A cell as text: numbers without exponent where exact, dates as YYYY-MM-DD. */
export function cellString(raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw.toFixed(0) : String(raw);
  if (raw instanceof Date) return formatDate(raw);
  return raw === null || raw === undefined ? '' : String(raw).trim();
}

const text: ValueParser<string> = {
  parse: (raw) => cellString(raw),
  problem: { code: 'invalid_value', zh: '内容无法识别', en: 'value not recognised' },
};

/**
 * Names made only of Han characters are already normalised: nothing in them is
 * full-width, a space or a dot. Checking that is much cheaper than normalising, and it
 * is true of nearly every name on a county roster.
 */
function isPlainHan(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x3400 || c > 0x9fff) return false;
  }
  return true;
}

const name: ValueParser<string> = {
  parse: (raw) => {
    if (typeof raw === 'string' && isPlainHan(raw)) return raw;
    const n = normalizeName(cellString(raw));
    return n === '' ? INVALID : n;
  },
  problem: { code: 'invalid_value', zh: '姓名无法识别', en: 'name not recognised' },
};

/**
 * A cell's text as a message quotes it: a long one cut, so that a report stays readable,
 * and any identity number in it masked (a number slipped into another column): the
 * messages are kept on the import and read by users without the right to see it.
 */
export function shownValue(text: string): string {
  const masked = maskIdNumbersIn(text);
  return masked.length > 40 ? `${masked.slice(0, 40)}…` : masked;
}

export type IdCell = ParsedId & {
  /**
   * The cell holds no usable number: `lossy` when Excel kept it as a number and cut its
   * last digits (a number cell, or its text `6.10727E+17` in a CSV); `placeholder` when it
   * holds no digit at all (无, 暂无, /). Such a cell is read as no number: used as one, it
   * would make every child with the same cut or placeholder one child.
   */
  unusable?: 'lossy' | 'placeholder';
};

/**
 * Longer than any identity number with stray characters: text in the wrong column. Kept
 * out of the tables (an index takes a value of some 2,700 bytes at most, and a longer one
 * failed the whole import).
 */
const MAX_ID_LENGTH = 30;

/** A number as Excel writes a long one it holds as a number: 6.10727E+17. */
const SCIENTIFIC = /^\d+(\.\d+)?E\+?\d+$/i;
const DIGIT = /\d/;

/**
 * Identity numbers as they arrive: with the `'` or `="…"` that keep Excel from turning
 * them into numbers, or as a number cell where Excel did. Normalised, upgraded and
 * validated by the shared rules.
 */
const idNumber: ValueParser<IdCell> = {
  parse: (raw) => {
    let s = cellString(raw);
    if (s.charCodeAt(0) === 0x27) s = s.slice(1);
    else if (s.startsWith('="') && s.endsWith('"')) s = s.slice(2, -1);
    const id = parseIdNumber(s);
    if (id.normalized === '' || id.normalized.length > MAX_ID_LENGTH) return INVALID;
    // A number cell above 2^53 lost digits even where its check character happens to fit.
    if (typeof raw === 'number' && !Number.isSafeInteger(raw)) return { ...id, unusable: 'lossy' };
    if (id.valid) return id;
    if (SCIENTIFIC.test(id.normalized)) return { ...id, unusable: 'lossy' };
    if (!DIGIT.test(id.normalized)) return { ...id, unusable: 'placeholder' };
    return id;
  },
  problem: { code: 'invalid_value', zh: '身份证号无法识别', en: 'identity number not recognised' },
};

const gender: ValueParser<Gender> = {
  // The two spellings nearly every file uses first, without the general parser's cleaning.
  parse: (raw) => (raw === '男' ? 'M' : raw === '女' ? 'F' : (parseGender(raw) ?? INVALID)),
  problem: { code: 'invalid_gender', zh: '性别应为“男”或“女”', en: 'gender must be 男 or 女 (M/F)' },
};

const date: ValueParser<string> = {
  parse: (raw) => parseDate(raw) ?? INVALID,
  problem: {
    code: 'invalid_date',
    zh: '日期无法识别，应为 2020-01-05、2020/1/5、20200105 或 2020年1月5日',
    en: 'date not recognised; use 2020-01-05, 2020/1/5, 20200105 or 2020年1月5日',
  },
};

const yesNo: ValueParser<boolean> = {
  parse: (raw) => (raw === '否' ? false : raw === '是' ? true : (parseYesNo(raw) ?? INVALID)),
  problem: { code: 'invalid_value', zh: '应为“是”或“否”', en: 'must be 是 or 否 (yes/no)' },
  // IMPORT-FORMATS.md: "empty = no".
  whenEmpty: false,
};

/** A cache for values a roster repeats endlessly (grades, statuses…), bounded against garbage. */
function remembered<T>(read: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined && !known.has(text)) {
      value = read(text);
      if (known.size < 1000) known.set(text, value);
    }
    return value as T;
  };
}

const gradeOfText = remembered((text) => parseGrade(cellString(text)) ?? INVALID);

const grade: ValueParser<number> = {
  parse: (raw) => {
    if (typeof raw === 'number') return parseGrade(raw) ?? INVALID;
    return gradeOfText(String(raw));
  },
  problem: {
    code: 'invalid_grade',
    zh: '年级无法识别，应为 小班/中班/大班、一年级…九年级、高一…高三 或 1–12',
    en: 'grade not recognised; use 小班/中班/大班, 一年级…九年级, 高一…高三 or 1–12',
  },
};

function digits(length: number, what: ErrorMessage): ValueParser<string> {
  const pattern = new RegExp(`^\\d{${length}}$`);
  return {
    parse: (raw) => {
      const plain = cellString(raw);
      if (pattern.test(plain)) return plain;
      const s = fullWidthToHalfWidth(plain).replace(/\s+/g, '');
      return pattern.test(s) ? s : INVALID;
    },
    problem: {
      code: 'invalid_value',
      zh: `${what.zh}应为 ${length} 位数字`,
      en: `${what.en} must be ${length} digits`,
    },
  };
}

/** A value from a closed list, written as its Chinese label (or, for machines, its code). */
function oneOf<T extends string>(labels: Readonly<Record<T, string>>, what: ErrorMessage): ValueParser<T> {
  const byText = new Map<string, T>();
  for (const code of Object.keys(labels) as T[]) {
    byText.set(code, code);
    byText.set(labels[code], code);
  }
  const list = Object.values<string>(labels).join('、');
  return {
    // Most cells hold a label exactly as the template writes it: look that up first.
    parse: (raw) =>
      (typeof raw === 'string' ? byText.get(raw) : undefined) ??
      byText.get(fullWidthToHalfWidth(cellString(raw)).replace(/\s+/g, '')) ??
      INVALID,
    problem: {
      code: 'invalid_value',
      zh: `${what.zh}应为：${list}`,
      en: `${what.en} must be one of: ${list}`,
    },
  };
}

function zhLabels<T extends string>(labels: Readonly<Record<T, { zh: string }>>): Record<T, string> {
  const out = {} as Record<T, string>;
  for (const code of Object.keys(labels) as T[]) out[code] = labels[code].zh;
  return out;
}

export const DISABILITY_CATEGORY_LABELS = {
  visual: '视力',
  hearing: '听力',
  speech: '言语',
  physical: '肢体',
  intellectual: '智力',
  mental: '精神',
  multiple: '多重',
} as const;
export type DisabilityCategory = keyof typeof DISABILITY_CATEGORY_LABELS;

const disabilityCategory: ValueParser<DisabilityCategory> = (() => {
  const base = oneOf(DISABILITY_CATEGORY_LABELS, { zh: '残疾类别', en: 'Disability category' });
  // Registries write both 视力 and 视力残疾.
  return { ...base, parse: (raw) => base.parse(cellString(raw).replace(/残疾$/, '')) };
})();

const disabilityLevel: ValueParser<1 | 2 | 3 | 4> = {
  parse: (raw) => {
    const s = fullWidthToHalfWidth(cellString(raw)).replace(/\s+/g, '').replace(/级$/, '');
    const level = ['一', '二', '三', '四'].indexOf(s) + 1 || Number(s);
    return level === 1 || level === 2 || level === 3 || level === 4 ? level : INVALID;
  },
  problem: {
    code: 'invalid_value',
    zh: '残疾等级应为一级至四级',
    en: 'disability level must be 一级 to 四级 (1–4)',
  },
};

export const VERIFICATION_METHOD_LABELS = {
  registry_check: '学籍系统核查',
  school_certificate: '学校证明',
  phone: '电话核实',
  other: '其他',
} as const;
export type VerificationMethod = keyof typeof VERIFICATION_METHOD_LABELS;

export const EXEMPTION_TYPE_LABELS = { deferral: '缓学', exemption: '免学' } as const;
export type ExemptionType = keyof typeof EXEMPTION_TYPE_LABELS;

/** 2026, '2026', '2026学年', '2026-2027' or '2026-2027学年': the year the school year starts. */
const schoolYear: ValueParser<number> = {
  parse: (raw) => {
    const s = fullWidthToHalfWidth(cellString(raw)).replace(/\s+/g, '');
    const m = /^(\d{4})(?:[-/~至—–](\d{4}))?(?:学年)?$/.exec(s);
    if (!m) return INVALID;
    const year = Number(m[1]);
    if (m[2] !== undefined && Number(m[2]) !== year + 1) return INVALID;
    return year >= 2000 && year <= 2100 ? year : INVALID;
  },
  problem: {
    code: 'invalid_value',
    zh: '学年应为起始年份，如 2026',
    en: 'school year must be its starting year, e.g. 2026',
  },
};

// ---------------------------------------------------------------------- columns

export interface ColumnSpec<T> extends HeaderSpec {
  parser: ValueParser<T>;
  /** Required, but an empty cell is fine where a valid identity number supplies the value. */
  derivedFromId?: boolean;
  /** When the column is needed only in some rows, say when (templates show it). */
  condition?: ErrorMessage;
  /** A sample value for templates. */
  example: string;
}

export type ColumnSpecs = Record<string, ColumnSpec<unknown>>;
export type CellsOf<C extends ColumnSpecs> = {
  [K in keyof C]: C[K] extends ColumnSpec<infer T> ? T | null : never;
};

function column<T>(
  header: string,
  en: string,
  required: boolean,
  parser: ValueParser<T>,
  example: string,
  extra: Pick<ColumnSpec<T>, 'derivedFromId' | 'condition'> = {},
): ColumnSpec<T> {
  return { header, en, required, parser, example, ...extra };
}

/** Where a row reports what the format's cross-column rules find. */
export interface RowContext {
  row: number;
  error(column: string, code: RowErrorCode, message: ErrorMessage): void;
  warn(column: string, code: ImportWarningCode, message: ErrorMessage): void;
}

export interface ImportFormat<C extends ColumnSpecs, R> {
  kind: ImportKind;
  zh: string;
  en: string;
  columns: C;
  alternatives: readonly HeaderAlternatives<keyof C & string>[];
  /** Called once the cells are read without error; returns null after reporting an error. */
  build(cells: CellsOf<C>, ctx: RowContext): R | null;
}

// ---------------------------------------------------------------------- records

/** Who a record is about; identity number normalised, birth date and gender resolved. */
export interface PersonFields {
  row: number;
  name: string;
  /** Normalised (and upgraded) identity number; '' when the row has none. */
  idNumber: string;
  idValid: boolean;
  /** From a valid identity number, else from the row's own column, else null. */
  birthDate: string | null;
  gender: Gender | null;
}

export interface PopulationRecord extends PersonFields {
  birthDate: string;
  gender: Gender;
  villageCode: string | null;
  town: string | null;
  village: string | null;
  householdNo: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
  guardianRelation: string | null;
  /** Null where the cell was blank: the child's fact known before the import stands. */
  povertyRegistered: boolean | null;
  leftBehind: boolean | null;
  disabilityCategory: DisabilityCategory | null;
  disabilityLevel: 1 | 2 | 3 | 4 | null;
}

export interface EnrollmentRecord extends PersonFields {
  gender: Gender;
  studentNo: string | null;
  schoolCode: string;
  schoolName: string | null;
  grade: number;
  className: string | null;
  status: EnrollmentStatus;
  mode: StudyMode;
}

export interface OutOfCountyRecord extends PersonFields {
  school: string;
  region: string;
  grade: number | null;
  verification: VerificationMethod;
  verifiedOn: string;
}

export interface ExemptionRecord extends PersonFields {
  type: ExemptionType;
  reason: string;
  approvalNo: string | null;
  schoolYear: number;
}

// ------------------------------------------------------- shared cross-column rules

const ID_HEADER = '身份证号';

interface ResolvedPerson {
  idNumber: string;
  idValid: boolean;
  birthDate: string | null;
  gender: Gender | null;
}

/**
 * The one object `resolvePerson` fills in: rows are parsed one at a time and `build`
 * copies the fields into its record at once, so a million rows need no million objects.
 */
const scratch: ResolvedPerson = { idNumber: '', idValid: false, birthDate: null, gender: null };

function resolved(
  idNumber: string,
  idValid: boolean,
  birthDate: string | null,
  gender: Gender | null,
): ResolvedPerson {
  scratch.idNumber = idNumber;
  scratch.idValid = idValid;
  scratch.birthDate = birthDate;
  scratch.gender = gender;
  return scratch;
}

const NO_OWN_COLUMNS: { birthDate?: string; gender?: string } = {};
const OWN_GENDER = { gender: '性别' };
const OWN_BIRTH_DATE_AND_GENDER = { birthDate: '出生日期', gender: '性别' };

const LOSSY_ID: ErrorMessage = {
  zh: '身份证号以数字格式保存，末几位已丢失；请将该列设为文本格式后重新导出',
  en: 'the identity number was saved as a number and lost its last digits; format the column as text and export again',
};

function unusableId(cell: IdCell): ErrorMessage {
  if (cell.unusable === 'lossy') return LOSSY_ID;
  const shown = shownValue(cell.normalized);
  return {
    zh: `身份证号一栏填的是“${shown}”，不是号码`,
    en: `the identity number column holds "${shown}", which is not a number`,
  };
}

/**
 * Identity number, birth date and gender of a row. A valid number wins over the row's
 * own columns (a different value there is a warning); an invalid number is kept, flagged.
 * A cell with no usable number (IdCell.unusable) counts as no number: where the format
 * requires one (`idRequired`) the row is refused; otherwise, with a birth date, it is
 * imported without one and the clerk is warned (without one, the missing birth date is
 * the row's error).
 */
function resolvePerson(
  cell: IdCell | null,
  ownBirthDate: string | null,
  ownGender: Gender | null,
  ctx: RowContext,
  columns: { birthDate?: string; gender?: string } = NO_OWN_COLUMNS,
  idRequired = true,
): ResolvedPerson {
  if (cell === null) return resolved('', false, ownBirthDate, ownGender);
  const id = cell;
  if (cell.unusable) {
    if (idRequired) ctx.error(ID_HEADER, 'invalid_value', unusableId(cell));
    else if (ownBirthDate !== null) {
      const message = unusableId(cell);
      ctx.warn(ID_HEADER, cell.unusable === 'lossy' ? 'id_stored_as_number' : 'id_placeholder', {
        zh: `${message.zh}；已按无身份证号导入，将按姓名和出生日期比对`,
        en: `${message.en}; imported without a number, matched by name and birth date`,
      });
    }
    return resolved('', false, ownBirthDate, ownGender);
  }
  // Warnings are kept with the import and read by whoever opens it: the number is masked
  // there as everywhere, and the row number leads the clerk to it in the file.
  if (!id.valid) {
    const shown = maskIdNumber(id.normalized);
    ctx.warn(ID_HEADER, 'invalid_id', {
      zh: `身份证号“${shown}”无效，已导入并标记，将按姓名和出生日期比对`,
      en: `identity number "${shown}" is not valid; imported, flagged, and matched by name and birth date`,
    });
    return resolved(id.normalized, false, ownBirthDate, ownGender);
  }
  if (id.legacy) {
    const shown = maskIdNumber(id.normalized);
    ctx.warn(ID_HEADER, 'legacy_id', {
      zh: `15 位身份证号已升级为 18 位：${shown}`,
      en: `15-digit identity number upgraded to 18 digits: ${shown}`,
    });
  }
  if (columns.birthDate && ownBirthDate !== null && ownBirthDate !== id.birthDate) {
    ctx.warn(columns.birthDate, 'birth_date_differs', {
      zh: `出生日期 ${ownBirthDate} 与身份证号不符，以身份证号为准（${id.birthDate ?? ''}）`,
      en: `birth date ${ownBirthDate} differs from the identity number's; the number's (${id.birthDate ?? ''}) is used`,
    });
  }
  if (columns.gender && ownGender !== null && ownGender !== id.gender) {
    ctx.warn(columns.gender, 'gender_differs', {
      zh: '性别与身份证号不符，以身份证号为准',
      en: "gender differs from the identity number's; the number's is used",
    });
  }
  return resolved(id.normalized, true, id.birthDate, id.gender);
}

function requireGender(person: ResolvedPerson, ctx: RowContext): Gender | null {
  if (person.gender === null) {
    ctx.error('性别', 'required', {
      zh: '缺少性别（身份证号无效时必须填写）',
      en: 'gender is missing (required when the identity number is not valid)',
    });
  }
  return person.gender;
}

// ------------------------------------------------------------------ population

const populationColumns = {
  name: column('姓名', 'Name', true, name, '张三'),
  gender: column('性别', 'Gender', true, gender, '男', { derivedFromId: true }),
  idNumber: column('身份证号', 'Identity number', false, idNumber, '610727201801010017', {
    condition: { zh: '无出生日期时必填', en: 'required unless 出生日期 is given' },
  }),
  birthDate: column('出生日期', 'Birth date', false, date, '2018-01-01', {
    condition: { zh: '无有效身份证号时必填', en: 'required when there is no valid identity number' },
  }),
  villageCode: column(
    '区划代码',
    'Village code',
    false,
    digits(12, { zh: '区划代码', en: 'Village code' }),
    '610727100201',
    {
      condition: { zh: '或填写镇(街道)与村(社区)', en: 'or give 镇(街道) and 村(社区)' },
    },
  ),
  town: column('镇(街道)', 'Town', false, text, '城关镇'),
  village: column('村(社区)', 'Village', false, text, '东关社区'),
  householdNo: column('户号', 'Household number', false, text, '000123'),
  guardianName: column('监护人姓名', 'Guardian name', false, name, '张大山'),
  guardianPhone: column('监护人电话', 'Guardian phone', false, text, '13800000000'),
  guardianRelation: column('与儿童关系', 'Relation to the child', false, text, '父亲'),
  povertyRegistered: column('建档立卡', 'Poverty-registered household', false, yesNo, '否'),
  leftBehind: column('留守儿童', 'Left-behind child', false, yesNo, '否'),
  disabilityCategory: column('残疾类别', 'Disability category', false, disabilityCategory, ''),
  disabilityLevel: column('残疾等级', 'Disability level', false, disabilityLevel, ''),
};

export const POPULATION_FORMAT: ImportFormat<typeof populationColumns, PopulationRecord> = {
  kind: 'population',
  zh: '人口花名册',
  en: 'Population roster',
  columns: populationColumns,
  alternatives: [
    [['idNumber'], ['birthDate']],
    [['villageCode'], ['town', 'village']],
  ],
  build(c, ctx) {
    const person = resolvePerson(c.idNumber, c.birthDate, c.gender, ctx, OWN_BIRTH_DATE_AND_GENDER, false);
    const birthDate = person.birthDate;
    // A number Excel cut short is why there is no birth date: that is what to fix.
    if (birthDate === null && c.idNumber?.unusable === 'lossy')
      ctx.error(ID_HEADER, 'invalid_value', LOSSY_ID);
    else if (birthDate === null) {
      ctx.error('出生日期', 'required', {
        zh: '缺少出生日期（没有有效身份证号时必须填写）',
        en: 'birth date is missing (required when there is no valid identity number)',
      });
    }
    const sex = requireGender(person, ctx);
    if (c.villageCode === null && (c.town === null || c.village === null)) {
      ctx.error('区划代码', 'required', {
        zh: '缺少住址：请填写区划代码，或同时填写镇(街道)和村(社区)',
        en: 'location is missing: give 区划代码, or both 镇(街道) and 村(社区)',
      });
    }
    if (
      birthDate === null ||
      sex === null ||
      (c.villageCode === null && (c.town === null || c.village === null))
    ) {
      return null;
    }
    return {
      row: ctx.row,
      name: c.name ?? '',
      idNumber: person.idNumber,
      idValid: person.idValid,
      birthDate,
      gender: sex,
      villageCode: c.villageCode,
      town: c.town,
      village: c.village,
      householdNo: c.householdNo,
      guardianName: c.guardianName,
      guardianPhone: c.guardianPhone,
      guardianRelation: c.guardianRelation,
      povertyRegistered: c.povertyRegistered,
      leftBehind: c.leftBehind,
      disabilityCategory: c.disabilityCategory,
      disabilityLevel: c.disabilityLevel,
    };
  },
};

// ------------------------------------------------------------------ enrolment

const enrollmentColumns = {
  name: column('姓名', 'Name', true, name, '张三'),
  gender: column('性别', 'Gender', true, gender, '男', { derivedFromId: true }),
  idNumber: column('身份证号', 'Identity number', true, idNumber, '610727201801010017'),
  studentNo: column('全国学籍号', 'National student number', false, text, 'G610727201801010017'),
  schoolCode: column(
    '学校标识码',
    'School code',
    true,
    digits(10, { zh: '学校标识码', en: 'School code' }),
    '2161000001',
  ),
  schoolName: column('学校名称', 'School name', false, text, '城关小学'),
  grade: column('年级', 'Grade', true, grade, '三年级'),
  className: column('班级', 'Class', false, text, '2班'),
  status: column(
    '学籍状态',
    'Registration status',
    true,
    oneOf(zhLabels(ENROLLMENT_STATUS_LABELS), { zh: '学籍状态', en: 'Registration status' }),
    '在读',
  ),
  mode: column(
    '就读方式',
    'Study mode',
    false,
    oneOf(zhLabels(STUDY_MODE_LABELS), { zh: '就读方式', en: 'Study mode' }),
    '普通',
  ),
};

export const ENROLLMENT_FORMAT: ImportFormat<typeof enrollmentColumns, EnrollmentRecord> = {
  kind: 'enrollment',
  zh: '学籍名册',
  en: 'Enrolment registry',
  columns: enrollmentColumns,
  alternatives: [],
  build(c, ctx) {
    const person = resolvePerson(c.idNumber, null, c.gender, ctx, OWN_GENDER);
    const sex = requireGender(person, ctx);
    if (person.idNumber === '' || sex === null) return null;
    if (c.schoolCode === null || c.grade === null || c.status === null) return null;
    return {
      row: ctx.row,
      name: c.name ?? '',
      idNumber: person.idNumber,
      idValid: person.idValid,
      birthDate: person.birthDate,
      gender: sex,
      studentNo: c.studentNo,
      schoolCode: c.schoolCode,
      schoolName: c.schoolName,
      grade: c.grade,
      className: c.className,
      status: c.status,
      mode: c.mode ?? 'regular',
    };
  },
};

// -------------------------------------------------------------- out of county

const outOfCountyColumns = {
  name: column('姓名', 'Name', true, name, '张三'),
  idNumber: column('身份证号', 'Identity number', true, idNumber, '610727201801010017'),
  school: column('就读学校', 'School attended', true, text, '汉中市实验小学'),
  region: column('就读地区', 'Region', true, text, '陕西省汉中市汉台区'),
  grade: column('年级', 'Grade', false, grade, '三年级'),
  verification: column(
    '核实方式',
    'Verified by',
    true,
    oneOf(VERIFICATION_METHOD_LABELS, { zh: '核实方式', en: 'Verified by' }),
    '学籍系统核查',
  ),
  verifiedOn: column('核实日期', 'Verified on', true, date, '2026-09-15'),
};

export const OUT_OF_COUNTY_FORMAT: ImportFormat<typeof outOfCountyColumns, OutOfCountyRecord> = {
  kind: 'out-of-county',
  zh: '县外就读名册',
  en: 'Out-of-county roster',
  columns: outOfCountyColumns,
  alternatives: [],
  build(c, ctx) {
    const person = resolvePerson(c.idNumber, null, null, ctx);
    if (person.idNumber === '') return null;
    if (c.school === null || c.region === null || c.verification === null || c.verifiedOn === null)
      return null;
    return {
      row: ctx.row,
      name: c.name ?? '',
      ...person,
      school: c.school,
      region: c.region,
      grade: c.grade,
      verification: c.verification,
      verifiedOn: c.verifiedOn,
    };
  },
};

// ------------------------------------------------------------------ exemptions

const exemptionColumns = {
  name: column('姓名', 'Name', true, name, '张三'),
  idNumber: column('身份证号', 'Identity number', true, idNumber, '610727201801010017'),
  type: column('类型', 'Type', true, oneOf(EXEMPTION_TYPE_LABELS, { zh: '类型', en: 'Type' }), '缓学'),
  reason: column('原因', 'Reason', true, text, '身体原因'),
  approvalNo: column('批准文号', 'Approval number', false, text, '略教发〔2026〕1号'),
  schoolYear: column('学年', 'School year', true, schoolYear, '2026'),
};

export const EXEMPTIONS_FORMAT: ImportFormat<typeof exemptionColumns, ExemptionRecord> = {
  kind: 'exemptions',
  zh: '缓学免学名册',
  en: 'Deferrals and exemptions',
  columns: exemptionColumns,
  alternatives: [],
  build(c, ctx) {
    const person = resolvePerson(c.idNumber, null, null, ctx);
    if (person.idNumber === '') return null;
    if (c.type === null || c.reason === null || c.schoolYear === null) return null;
    return {
      row: ctx.row,
      name: c.name ?? '',
      ...person,
      type: c.type,
      reason: c.reason,
      approvalNo: c.approvalNo,
      schoolYear: c.schoolYear,
    };
  },
};

// ---------------------------------------------------------------------- lookup

export interface RecordByKind {
  population: PopulationRecord;
  enrollment: EnrollmentRecord;
  'out-of-county': OutOfCountyRecord;
  exemptions: ExemptionRecord;
}

/** Any format, with its columns erased to the common shape the row parser works with. */
export type AnyImportFormat<K extends ImportKind = ImportKind> = ImportFormat<ColumnSpecs, RecordByKind[K]>;

// The casts erase each format's column names: `build` reads its cells by name, which the
// generic row parser cannot type, and the parser fills every declared column (null when
// absent or empty), so each `build` gets exactly the cells it declares.
export const FORMATS: { readonly [K in ImportKind]: AnyImportFormat<K> } = {
  population: POPULATION_FORMAT as unknown as AnyImportFormat<'population'>,
  enrollment: ENROLLMENT_FORMAT as unknown as AnyImportFormat<'enrollment'>,
  'out-of-county': OUT_OF_COUNTY_FORMAT as unknown as AnyImportFormat<'out-of-county'>,
  exemptions: EXEMPTIONS_FORMAT as unknown as AnyImportFormat<'exemptions'>,
};
