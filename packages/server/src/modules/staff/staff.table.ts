import type { Generated } from 'kysely';
import type { StaffKind } from '@baoxue/shared';

/** The people who carry responsibility: teachers, principals, officials, inspectors, leaders. */
export interface StaffTable {
  county_code: string;
  id: Generated<number>;
  name: string;
  gender: 'M' | 'F';
  phone: string | null;
  kind: StaffKind;
  title: string | null;
  school_code: string | null;
  region_code: string | null;
  zone_id: number | null;
  party_member: Generated<boolean>;
  /** False once the person has left (a teacher transferred or retired): kept, but no longer chosen. */
  active: Generated<boolean>;
}

/** 督学责任区: a zone of towns and schools that a group of inspectors covers. */
export interface InspectionZoneTable {
  county_code: string;
  id: Generated<number>;
  name: string;
}

export interface ZoneTownTable {
  county_code: string;
  zone_id: number;
  town_code: string;
}
