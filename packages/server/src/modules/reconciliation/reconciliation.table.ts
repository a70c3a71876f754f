import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type {
  CandidateRule,
  ChildFlag,
  ChildStatus,
  FindingCode,
  JobStatus,
  RecordSource,
  ReviewDecisionKind,
} from '@baoxue/shared';

export type RunPhase = 'queued' | 'reading' | 'matching' | 'writing' | 'done';

export interface InputFingerprintJson {
  rows: number;
  sha256: string;
}

export interface RunFingerprints {
  population: InputFingerprintJson;
  enrollment: InputFingerprintJson;
  outOfCounty: InputFingerprintJson;
  exemptions: InputFingerprintJson;
  decisions: InputFingerprintJson;
  compulsoryAge: { min: number; max: number };
}

/** One reconciliation of a county's school year: who, when, on what, with what outcome. */
export interface ReconciliationRunTable {
  county_code: string;
  id: Generated<number>;
  school_year: number;
  status: JobStatus;
  phase: Generated<RunPhase>;
  progress_rows: Generated<number>;
  children_count: number | null;
  findings_count: number | null;
  summary: JSONColumnType<Record<ChildStatus, number> | null, string | null | undefined, string | null>;
  finding_counts: JSONColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  fingerprints: JSONColumnType<RunFingerprints | null, string | null | undefined, string | null>;
  user_id: number | null;
  username: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  duration_ms: number | null;
  error_zh: string | null;
  error_en: string | null;
}

/** A candidate as the engine gave it (full identity number: never sent to clients as is). */
export interface StoredCandidate {
  source: RecordSource;
  idNumber: string;
  name: string;
  rule: CandidateRule;
  schoolCode: string | null;
}

/** A compulsory-age child of a run, as RECONCILIATION.md's `children`, plus where they live. */
export interface ReconciliationChildTable {
  county_code: string;
  run_id: number;
  /**
   * Position in the engine's output (village, then identity number), from 1: with the run,
   * the child's key, and its id in the API.
   */
  seq: number;
  /** What review decisions call the child: its identity number, or `row:<population id>`. */
  child_key: string;
  id_number: string | null;
  name: string;
  gender: 'M' | 'F' | null;
  birth_date: string | null;
  age: number;
  village_code: string | null;
  town_code: string | null;
  status: ChildStatus;
  school_code: string | null;
  /** Education line: the school serving the village for the child's stage. */
  responsible_school_code: string | null;
  flags: JSONColumnType<ChildFlag[], string, string>;
  candidates: JSONColumnType<StoredCandidate[], string, string>;
  population_id: number | null;
}

export interface ReconciliationFindingTable {
  county_code: string;
  run_id: number;
  id: Generated<number>;
  seq: number;
  code: FindingCode;
  source: 'population' | 'enrollment' | null;
  id_number: string | null;
  name: string;
  village_codes: JSONColumnType<(string | null)[], string, string>;
  school_codes: JSONColumnType<string[], string, string>;
  grade: number | null;
  age: number | null;
  count: number | null;
}

/** A person's decision on a candidate link, kept and reused by every later run. */
export interface ReviewDecisionTable {
  county_code: string;
  child_key: string;
  /** `<source>:<identity number>` of the candidate record. */
  record_key: string;
  decision: ReviewDecisionKind;
  note: string | null;
  run_id: number | null;
  user_id: number | null;
  username: string | null;
  decided_at: ColumnType<Date, Date | undefined, Date>;
}
