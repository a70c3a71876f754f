import type { ColumnType, Generated } from 'kysely';
import type { Role } from '@baoxue/shared';

export interface UserTable {
  county_code: string;
  id: Generated<number>;
  username: string;
  display_name: string;
  phone: string | null;
  password_hash: string;
  role: Role;
  /** The scope node: county/town/village code, school code, or inspection zone id; teachers: their staff id. */
  scope_code: string;
  staff_id: number | null;
  can_view_full_id: Generated<boolean>;
  must_change_password: Generated<boolean>;
  is_demo: Generated<boolean>;
  active: Generated<boolean>;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  locale: Generated<string>;
  created_at: ColumnType<Date, never, never>;
  password_changed_at: Date | null;
}

/** A login session; the browser holds the token, the table holds only its SHA-256. */
export interface SessionTable {
  county_code: string;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: ColumnType<Date, never, never>;
  last_seen_at: Date;
}
