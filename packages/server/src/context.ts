import type { Kysely, Transaction } from 'kysely';
import type { Permission, Role, ScopeKind } from '@baoxue/shared';
import type { Database } from './db/schema';
import type { Clock } from './lib/clock';

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * What a user may see, resolved once per request from their role and scope node.
 * `null` means "no restriction on this axis"; an empty list means "nothing".
 */
export interface DataScope {
  countyCode: string;
  kind: ScopeKind;
  /** Regions (towns and villages) the user may browse. */
  regionCodes: string[] | null;
  /** Villages whose resident children the user answers for (government line). */
  villageCodes: string[] | null;
  /** Schools whose records the user answers for (education line). */
  schoolCodes: string[] | null;
  /** A teacher's own classes; null for everyone else. */
  classIds: number[] | null;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  countyCode: string;
  staffId: number | null;
  scope: DataScope;
  permissions: ReadonlySet<Permission>;
  canViewFullId: boolean;
  mustChangePassword: boolean;
}

/** Everything a service needs to act for one request. */
export interface RequestContext {
  db: Kysely<Database>;
  actor: Actor;
  ip: string;
  /** The app's clock: deadlines and "today" come from it, so tests can set the day. */
  clock: Clock;
}
