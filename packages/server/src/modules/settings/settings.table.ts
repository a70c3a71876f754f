import type { JSONColumnType } from 'kysely';

export interface SettingTable {
  county_code: string;
  key: string;
  value: JSONColumnType<Record<string, unknown>>;
}
