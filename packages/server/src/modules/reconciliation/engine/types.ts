// The reconciliation engine's inputs and its output, whose JSON form is exactly the one
// of RECONCILIATION.md. Inputs carry only what matching needs, so the import parsers'
// records and rows read back from the database both fit.
import type { AgeRange } from '@baoxue/shared/domain/school-year';
import type { EnrollmentStatus, StudyMode } from '@baoxue/shared/enums';

export type Gender = 'M' | 'F';

/** A person as every roster names them. Identity numbers arrive normalised (and upgraded). */
export interface PersonInput {
  /** Row in the source file (or any stable record number): keys children without a number. */
  row: number;
  name: string;
  /** Normalised identity number; '' when there is none. */
  idNumber: string;
  idValid: boolean;
  /** From a valid identity number, else the record's own column; null when unknown. */
  birthDate: string | null;
  gender: Gender | null;
}

export interface PopulationInput extends PersonInput {
  /** Every population row has a birth date and a gender: the import refuses rows without. */
  birthDate: string;
  gender: Gender;
  villageCode: string | null;
}

export interface EnrollmentInput extends PersonInput {
  schoolCode: string;
  grade: number;
  status: EnrollmentStatus;
  mode: StudyMode;
}

export type OutOfCountyInput = PersonInput;

export interface ExemptionInput extends PersonInput {
  schoolYear: number;
}

/** The rosters a candidate can come from. */
export type RecordSource = 'enrollment' | 'out_of_county' | 'exemption';

/** A person's confirmation or rejection of a candidate link, kept and reused by later runs. */
export interface ReviewDecision {
  /** `childKey` of the population child. */
  childKey: string;
  source: RecordSource;
  /** Identity number of the candidate record, as in `Candidate.idNumber`. */
  idNumber: string;
  decision: 'confirmed' | 'rejected';
}

export interface ReconcilerOptions {
  schoolYear: number;
  /** Compulsory ages, inclusive; 6–15 unless the county sets otherwise. */
  compulsoryAge?: AgeRange;
  decisions?: Iterable<ReviewDecision>;
}

// ----------------------------------------------------------------------- output

/** In the order of RECONCILIATION.md: the first that applies is the child's status. */
export const CHILD_STATUSES = [
  'enrolled_in_county',
  'enrolled_out_of_county',
  'exempt',
  'suspended',
  'completed_compulsory',
  'needs_review',
  'suspected_out_of_school',
] as const;
export type ChildStatus = (typeof CHILD_STATUSES)[number];

export const CHILD_STATUS_LABELS: Readonly<Record<ChildStatus, { zh: string; en: string }>> = {
  enrolled_in_county: { zh: '县内在校', en: 'Enrolled in the county' },
  enrolled_out_of_county: { zh: '县外就读', en: 'Studying outside the county' },
  exempt: { zh: '缓学免学', en: 'Deferred or exempted' },
  suspended: { zh: '休学', en: 'Suspended' },
  completed_compulsory: { zh: '义务教育已完成', en: 'Compulsory education completed' },
  needs_review: { zh: '待核实', en: 'Needs review' },
  suspected_out_of_school: { zh: '疑似失学辍学', en: 'Suspected out of school' },
};

export const CHILD_FLAGS = ['home_teaching', 'invalid_id', 'over_age'] as const;
export type ChildFlag = (typeof CHILD_FLAGS)[number];

export const CHILD_FLAG_LABELS: Readonly<Record<ChildFlag, { zh: string; en: string }>> = {
  home_teaching: { zh: '送教上门', en: 'Home-delivered education' },
  invalid_id: { zh: '身份证号无效', en: 'Invalid identity number' },
  over_age: { zh: '超龄', en: 'Over age for the grade' },
};

export type CandidateRule = 'same_birth_date_and_name' | 'similar_id_number';

export interface Candidate {
  source: RecordSource;
  idNumber: string;
  name: string;
  rule: CandidateRule;
  /** The school of an enrolment candidate; null for the other sources. */
  schoolCode: string | null;
}

export interface ChildResult {
  /** Null for a child without any identity number. */
  idNumber: string | null;
  name: string;
  age: number;
  villageCode: string | null;
  status: ChildStatus;
  /** The county school the status rests on (the last one for a child out of school), else null. */
  schoolCode: string | null;
  flags: readonly ChildFlag[];
  candidates: readonly Candidate[];
}

export const FINDING_CODES = [
  'invalid_id',
  'enrolled_not_in_population',
  'duplicate_enrollment',
  'duplicate_population',
  'over_age',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const FINDING_LABELS: Readonly<Record<FindingCode, { zh: string; en: string }>> = {
  invalid_id: { zh: '身份证号无效', en: 'Invalid identity number' },
  enrolled_not_in_population: { zh: '在籍不在册', en: 'Enrolled but not in the population roster' },
  duplicate_enrollment: { zh: '重复学籍', en: 'Duplicate enrolment' },
  duplicate_population: { zh: '重复户籍', en: 'Duplicate household registration' },
  over_age: { zh: '超龄', en: 'Over age for the grade' },
};

export type Finding =
  | {
      code: 'invalid_id';
      source: 'population';
      idNumber: string | null;
      name: string;
      villageCode: string | null;
    }
  | { code: 'invalid_id'; source: 'enrollment'; idNumber: string; name: string; schoolCode: string }
  | { code: 'enrolled_not_in_population'; idNumber: string; name: string; schoolCode: string; grade: number }
  | { code: 'duplicate_enrollment'; idNumber: string; name: string; schoolCodes: string[] }
  | {
      code: 'duplicate_population';
      idNumber: string;
      name: string;
      count: number;
      villageCodes: (string | null)[];
    }
  | { code: 'over_age'; idNumber: string; name: string; age: number; grade: number; schoolCode: string };

export type StatusSummary = Record<ChildStatus, number>;

/** Where a child of the result was taken from in the population roster. */
export interface ChildOrigin {
  /** The `row` of the population input the child is taken from (the lowest of its number). */
  row: number;
  gender: Gender;
  birthDate: string;
}

export interface ReconciliationResult {
  schoolYear: number;
  children: ChildResult[];
  /**
   * Where `children[index]` was taken from: the app stores each child with its population
   * row. Asked for one child at a time, so file mode (which never asks) builds none of the
   * half a million objects; a function, so no result file (JSON.stringify) carries it.
   */
  originOf(index: number): ChildOrigin;
  findings: Finding[];
  summary: StatusSummary;
}
