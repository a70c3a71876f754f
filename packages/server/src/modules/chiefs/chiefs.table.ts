import type { MaintainedChiefDuty } from '@baoxue/shared';

/** 七长制: the named chief of a unit (county, town, village, bureau, school) for a school year. */
export interface ChiefTable {
  county_code: string;
  school_year: number;
  /** The county or a town or village code for the government line; the county code for the bureau; a school code for a principal. */
  unit_code: string;
  duty: MaintainedChiefDuty;
  name: string;
  phone: string | null;
  staff_id: number | null;
}
