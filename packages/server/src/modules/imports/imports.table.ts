import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ImportKind, ImportMode, JobStatus } from '@baoxue/shared';

/** A problem of one row as kept with the job (the first few hundred of them). */
export interface StoredRowProblem {
  row: number;
  column: string;
  code: string;
  zh: string;
  en: string;
}

/** An import job: one uploaded file of one kind, its progress and its outcome. */
export interface ImportTable {
  county_code: string;
  id: Generated<number>;
  kind: ImportKind;
  school_year: number;
  file_name: string;
  file_bytes: Generated<number>;
  mode: ImportMode;
  status: JobStatus;
  /** Set for a school administrator's import: only this school's rows are accepted. */
  school_code: string | null;
  progress_rows: Generated<number>;
  total_rows: number | null;
  accepted_rows: Generated<number>;
  rejected_rows: Generated<number>;
  warning_count: Generated<number>;
  error_code: string | null;
  error_zh: string | null;
  error_en: string | null;
  headers: JSONColumnType<string[], string | undefined, string>;
  errors: JSONColumnType<StoredRowProblem[], string | undefined, string>;
  warnings: JSONColumnType<StoredRowProblem[], string | undefined, string>;
  summary: JSONColumnType<Record<string, number>, string | undefined, string>;
  user_id: number | null;
  username: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The rejected rows of an import as the file had them, for the error workbook. */
export interface ImportRejectedRowTable {
  county_code: string;
  import_id: number;
  row_no: number;
  cells: JSONColumnType<unknown[], string, string>;
  reasons: string;
  reasons_en: string;
}
