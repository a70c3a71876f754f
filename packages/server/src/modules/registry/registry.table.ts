import type { ColumnType, Generated } from 'kysely';
import type {
  DisabilityCategory,
  EnrollmentStatus,
  ExemptionType,
  Gender,
  RosterRemoval,
  StudentEventKind,
  StudyMode,
  VerificationMethod,
} from '@baoxue/shared';

/** 学籍: one record per child in the student registry (一人一籍). */
export interface StudentTable {
  county_code: string;
  id: Generated<number>;
  id_number: string;
  name: string;
  gender: Gender;
  birth_date: string | null;
  national_student_no: string | null;
  school_code: string;
  class_id: number | null;
  grade: number;
  status: EnrollmentStatus;
  study_mode: Generated<StudyMode>;
  village_code: string | null;
  guardian_name: string | null;
  guardian_phone: string | null;
  poverty_registered: Generated<boolean>;
  left_behind: Generated<boolean>;
  /**
   * 转出 to this school of the county, waiting to be taken over (待接收转入). It counts only
   * while the pupil is 转出 at another school: an import that moves or re-enrols them ends it.
   */
  pending_school_code: Generated<string | null>;
}

/** 人口花名册: one row per child of the household-registration roster of a school year. */
export interface PopulationTable {
  county_code: string;
  id: Generated<number>;
  school_year: number;
  /** Row of the imported file: keys a child without an identity number. */
  row_no: number;
  /** Normalised (and upgraded) identity number; '' when the row had none. */
  id_number: string;
  id_valid: boolean;
  name: string;
  gender: Gender;
  birth_date: string;
  village_code: string;
  household_no: string | null;
  guardian_name: string | null;
  guardian_phone: string | null;
  guardian_relation: string | null;
  poverty_registered: Generated<boolean>;
  left_behind: Generated<boolean>;
  disability_category: DisabilityCategory | null;
  disability_level: number | null;
  import_id: number | null;
}

/**
 * 注销 of a child from a school year's roster because the household moved away or at a
 * death: later imports of the year leave the number out (a child registered twice is
 * removed without one, as the number stays on the roster).
 */
export interface PopulationRemovalTable {
  county_code: string;
  school_year: number;
  id_number: string;
  /** The village whose roster the child left: who may see the removal. */
  village_code: string;
  reason: Exclude<RosterRemoval, 'duplicate'>;
  note: string;
  /** The name on the row removed, for the import's message. */
  name: string;
  user_id: number | null;
  username: string | null;
  removed_at: ColumnType<Date, Date | undefined, Date>;
}

/** 县外就读名册: a child of the county verified to study outside it in a school year. */
export interface OutOfCountyRecordTable {
  county_code: string;
  id: Generated<number>;
  school_year: number;
  id_number: string;
  id_valid: boolean;
  name: string;
  /** From a valid identity number; the roster has no columns of its own for them. */
  birth_date: string | null;
  gender: Gender | null;
  school: string;
  region: string;
  grade: number | null;
  verification: VerificationMethod;
  verified_on: string;
  import_id: number | null;
}

/** 缓学免学: an approved deferral or exemption for one school year. */
export interface ExemptionTable {
  county_code: string;
  id: Generated<number>;
  school_year: number;
  id_number: string;
  id_valid: boolean;
  name: string;
  birth_date: string | null;
  gender: Gender | null;
  type: ExemptionType;
  reason: string;
  approval_no: string | null;
  import_id: number | null;
}

/** The registry's history (一人一籍，籍随人走): both schools of a transfer see its event. */
export interface StudentEventTable {
  county_code: string;
  id: Generated<number>;
  student_id: number;
  id_number: string;
  kind: StudentEventKind;
  event_date: string;
  from_school_code: string | null;
  to_school_code: string | null;
  grade: number | null;
  status_before: EnrollmentStatus | null;
  status_after: EnrollmentStatus | null;
  note: string | null;
  import_id: number | null;
  user_id: number | null;
  username: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}
