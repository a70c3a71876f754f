import type { Generated } from 'kysely';
import type { SchoolType } from '@baoxue/shared';

/** A school, keyed by its 10-digit 学校标识码. */
export interface SchoolTable {
  county_code: string;
  code: string;
  name: string;
  type: SchoolType;
  town_code: string;
  address: string | null;
  boarding: boolean;
  phone: string | null;
  active: Generated<boolean>;
}

/** 划片: the villages a school serves. */
export interface SchoolServiceAreaTable {
  county_code: string;
  school_code: string;
  village_code: string;
}

/** A class of one school year; grade numbers as in shared/domain/grades (小班 -2 … 高三 12). */
export interface ClassTable {
  county_code: string;
  id: Generated<number>;
  school_code: string;
  school_year: number;
  grade: number;
  name: string;
  head_teacher_staff_id: number | null;
}
