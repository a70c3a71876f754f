import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { AuditAction, LoginOutcome } from '@baoxue/shared';

/** Append-only: the app has no update or delete path for these rows. */
export interface AuditLogTable {
  county_code: string;
  id: Generated<number>;
  at: ColumnType<Date, never, never>;
  user_id: number | null;
  username: string | null;
  ip: string | null;
  action: AuditAction;
  entity: string;
  entity_id: string | null;
  before: JSONColumnType<Record<string, unknown> | null> | null;
  after: JSONColumnType<Record<string, unknown> | null> | null;
  detail: string | null;
}

export interface LoginLogTable {
  county_code: string;
  id: Generated<number>;
  at: ColumnType<Date, never, never>;
  username: string;
  user_id: number | null;
  ip: string | null;
  user_agent: string | null;
  outcome: LoginOutcome;
}
