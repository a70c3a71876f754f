import type { RegionLevel } from '@baoxue/shared';

/** 行政区划: county (6-digit code) → town/sub-district (9) → village/community (12). */
export interface RegionTable {
  county_code: string;
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
}
