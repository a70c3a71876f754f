import type { ColumnType } from 'kysely';

/** One run of a daily job for a day: the jobs are idempotent, this records that they ran. */
export interface JobRunTable {
  county_code: string;
  job: string;
  run_on: string;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  summary: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}
