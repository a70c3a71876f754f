// What goes wrong with an import file, in the two kinds IMPORT-FORMATS.md separates:
// a file-level problem refuses the whole file with one clear message, while a row-level
// problem is reported against that row and never stops the other rows.
import type { ErrorMessage } from '../../errors';

export type ImportFileErrorCode =
  | 'not_a_workbook'
  | 'empty'
  | 'missing_column'
  | 'unreadable'
  /** Every row refused (file mode; the app's import fails the job the same way). */
  | 'no_valid_rows';

/**
 * A file refused as a whole. It carries the same fields as `AppError` (an HTTP status,
 * a stable code, zh/en messages) so the error plugin can present it the same way, and the
 * CLI prints `messages.zh` then `messages.en` and exits with status 2.
 */
export class ImportFileError extends Error {
  readonly status = 400;
  readonly messages: ErrorMessage;

  constructor(
    readonly code: ImportFileErrorCode,
    /** The file's base name, as the user knows it. */
    readonly file: string,
    messages: ErrorMessage,
    options?: { cause?: unknown },
  ) {
    super(messages.en, options);
    this.name = 'ImportFileError';
    this.messages = messages;
  }
}

export function notAWorkbook(file: string, why: ErrorMessage, cause?: unknown): ImportFileError {
  return new ImportFileError(
    'not_a_workbook',
    file,
    {
      zh: `文件“${file}”不是可导入的表格：${why.zh}。请上传 .xlsx 或 .csv 文件。`,
      en: `File "${file}" is not a workbook that can be imported: ${why.en}. Please upload an .xlsx or .csv file.`,
    },
    { cause },
  );
}

export function emptyFile(file: string, headerOnly: boolean): ImportFileError {
  return new ImportFileError(
    'empty',
    file,
    headerOnly
      ? { zh: `文件“${file}”只有表头，没有数据行。`, en: `File "${file}" has a header row but no data rows.` }
      : {
          zh: `文件“${file}”是空的，没有表头和数据。`,
          en: `File "${file}" is empty: no header row and no data.`,
        },
  );
}

/** `columns` are alternatives already phrased for the reader, e.g. `身份证号 或 出生日期`. */
export function missingColumns(file: string, columns: readonly ErrorMessage[]): ImportFileError {
  return new ImportFileError('missing_column', file, {
    zh: `文件“${file}”缺少必填列：${columns.map((c) => c.zh).join('、')}。请使用导入模板的表头。`,
    en: `File "${file}" lacks required column(s): ${columns.map((c) => c.en).join('; ')}. Please use the template's header row.`,
  });
}

export function unreadable(file: string, why: ErrorMessage, cause?: unknown): ImportFileError {
  return new ImportFileError(
    'unreadable',
    file,
    { zh: `无法读取文件“${file}”：${why.zh}。`, en: `Cannot read file "${file}": ${why.en}.` },
    { cause },
  );
}

/** Why one row (or one cell of it) was refused. Row numbers are those the user sees in Excel. */
export interface RowError {
  row: number;
  /** The column's Chinese header as in the template; empty when the problem is the whole row. */
  column: string;
  code: RowErrorCode;
  zh: string;
  en: string;
}

/** Something worth telling that does not stop the row (or the file) from being imported. */
export interface ImportWarning {
  /** 0 for a warning about the file (an unknown column), else the row number. */
  row: number;
  column: string;
  code: ImportWarningCode;
  zh: string;
  en: string;
}

export type RowErrorCode =
  | 'required'
  | 'invalid_value'
  | 'invalid_date'
  | 'invalid_gender'
  | 'invalid_grade'
  /** A village or school code that is not the county's (checked by the app's import, not the parser). */
  | 'not_in_county'
  /** A school administrator's row of another school. */
  | 'not_own_school'
  /** A school administrator's row naming another school's pupil by number but not by name. */
  | 'transfer_name_differs';

export type ImportWarningCode =
  | 'unknown_column'
  | 'ignored_value'
  | 'duplicate_column'
  | 'invalid_id'
  | 'legacy_id'
  | 'id_stored_as_number'
  /** A placeholder (无, 暂无, /) in the identity-number column: read as no number. */
  | 'id_placeholder'
  | 'birth_date_differs'
  | 'gender_differs'
  /** A population row of a child taken off the year's roster (注销), left out. */
  | 'removed';
