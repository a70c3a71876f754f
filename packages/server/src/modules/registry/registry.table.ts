import type { Generated } from 'kysely';
import type { EnrollmentStatus, Gender, StudyMode } from '@baoxue/shared';

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
}
