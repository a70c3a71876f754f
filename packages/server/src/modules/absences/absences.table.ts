import type { ColumnType, Generated } from 'kysely';
import type { AbsenceKind, ContactMethod, ContactResult } from '@baoxue/shared';

/** A class marked for a day; the absent are the absences rows of that class and day. */
export interface RollCallTable {
  county_code: string;
  class_id: number;
  day: string;
  present_count: number;
  absent_count: number;
  user_id: number | null;
  username: string | null;
  marked_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AbsenceTable {
  county_code: string;
  student_id: number;
  day: string;
  class_id: number;
  school_code: string;
  kind: AbsenceKind;
  note: string | null;
  user_id: number | null;
  username: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface GuardianContactTable {
  county_code: string;
  id: Generated<number>;
  student_id: number;
  day: string;
  contact_name: string;
  relation: string | null;
  method: ContactMethod;
  result: ContactResult;
  note: string | null;
  user_id: number | null;
  username: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}
