import type { ColumnType, Generated } from 'kysely';
import type {
  CaseActionKind,
  CaseEnding,
  CaseSource,
  CaseStep,
  CaseTeamRole,
  Gender,
  ReturnPlacement,
} from '@baoxue/shared';

/** 一人一案: one case per child out of school, open until the child is back and stays. */
export interface CaseTable {
  county_code: string;
  id: Generated<number>;
  /** The reconciliation's child key (identity number, or population row): one open case per key. */
  child_key: string;
  id_number: string | null;
  name: string;
  gender: Gender | null;
  birth_date: string | null;
  student_id: number | null;
  village_code: string | null;
  town_code: string | null;
  school_code: string | null;
  class_id: number | null;
  guardian_name: string | null;
  guardian_phone: string | null;
  school_year: number;
  source: CaseSource;
  source_ref: string | null;
  source_note: string | null;
  reason_code: string | null;
  reason_note: string | null;
  step: CaseStep;
  step_started_on: string;
  step_due_on: string | null;
  overdue: Generated<boolean>;
  /** 0: on time; 1: escalated to the town head and principal; 2: to the bureau. */
  escalation_level: Generated<number>;
  confirmed_out_of_school: Generated<boolean>;
  confirmed_on: string | null;
  plan: string | null;
  placement: ReturnPlacement | null;
  return_school_code: string | null;
  returned_on: string | null;
  reopen_count: Generated<number>;
  ending: CaseEnding | null;
  ending_evidence: string | null;
  opened_on: string;
  closed_on: string | null;
  /** Optimistic locking: every change names the version it read and bumps it. */
  version: Generated<number>;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CaseMemberTable {
  county_code: string;
  case_id: number;
  role: CaseTeamRole;
  name: string;
  phone: string | null;
  staff_id: number | null;
  user_id: number | null;
}

export interface CaseActionTable {
  county_code: string;
  id: Generated<number>;
  case_id: number;
  step: CaseStep;
  kind: CaseActionKind;
  happened_on: string;
  participants: string | null;
  result: string | null;
  note: string | null;
  user_id: number | null;
  username: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** opened, step, reopened, escalated, closed …: the case's history. */
export interface CaseEventTable {
  county_code: string;
  id: Generated<number>;
  case_id: number;
  kind: string;
  from_step: CaseStep | null;
  to_step: CaseStep | null;
  note: string | null;
  user_id: number | null;
  username: string | null;
  at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CaseCheckInTable {
  county_code: string;
  case_id: number;
  /** Observation rounds: a check-in that finds the child out again ends the round. */
  round: number;
  seq: number;
  due_on: string;
  done_on: string | null;
  in_school: boolean | null;
  note: string | null;
  user_id: number | null;
  username: string | null;
}
