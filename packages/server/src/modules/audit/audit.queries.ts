import { sql } from 'kysely';
import type { AuditQuery, LoginQuery } from '@baoxue/shared';
import type { Db } from '../../context';
import { countUpTo, TOTAL_CAP, type Paging } from '../../lib/paging';

type AuditFilter = Omit<AuditQuery, 'page' | 'pageSize'>;
type LoginFilter = Omit<LoginQuery, 'page' | 'pageSize'>;

// Dates in filters are calendar days in China Standard Time, the county's clock.
const dayStart = (day: string) => sql<Date>`(${day}::date)::timestamp at time zone 'Asia/Shanghai'`;
const dayEnd = (day: string) => sql<Date>`(${day}::date + 1)::timestamp at time zone 'Asia/Shanghai'`;

function filteredAudit(db: Db, countyCode: string, f: AuditFilter) {
  let query = db.selectFrom('audit_log').where('county_code', '=', countyCode);
  if (f.username) query = query.where('username', '=', f.username);
  if (f.action) query = query.where('action', '=', f.action);
  if (f.entity) query = query.where('entity', '=', f.entity);
  if (f.entityId) query = query.where('entity_id', '=', f.entityId);
  if (f.from) query = query.where('at', '>=', dayStart(f.from));
  if (f.to) query = query.where('at', '<', dayEnd(f.to));
  return query;
}

// The columns named, not `*`: a read that names its columns goes out as a prepared statement
// (db/prepared.ts), so PostgreSQL does not parse and plan the log's page anew on every view.
const AUDIT_COLUMNS = [
  'id',
  'at',
  'user_id',
  'username',
  'ip',
  'action',
  'entity',
  'entity_id',
  'before',
  'after',
  'detail',
] as const;
const LOGIN_COLUMNS = ['id', 'at', 'username', 'user_id', 'ip', 'user_agent', 'outcome'] as const;

/** Counts no further than cap + 1 (lib/paging.ts): the log grows without end. */
export function countAudit(db: Db, countyCode: string, f: AuditFilter, cap = TOTAL_CAP): Promise<number> {
  return countUpTo(db, filteredAudit(db, countyCode, f), cap);
}

export function listAudit(db: Db, countyCode: string, f: AuditFilter, page: Paging) {
  let query = filteredAudit(db, countyCode, f)
    .select(AUDIT_COLUMNS)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

function filteredLogins(db: Db, countyCode: string, f: LoginFilter) {
  let query = db.selectFrom('login_log').where('county_code', '=', countyCode);
  if (f.username) query = query.where('username', '=', f.username);
  if (f.outcome) query = query.where('outcome', '=', f.outcome);
  if (f.from) query = query.where('at', '>=', dayStart(f.from));
  if (f.to) query = query.where('at', '<', dayEnd(f.to));
  return query;
}

/** Counts no further than cap + 1 (lib/paging.ts): the log grows without end. */
export function countLogins(db: Db, countyCode: string, f: LoginFilter, cap = TOTAL_CAP): Promise<number> {
  return countUpTo(db, filteredLogins(db, countyCode, f), cap);
}

export function listLogins(db: Db, countyCode: string, f: LoginFilter, page: Paging) {
  let query = filteredLogins(db, countyCode, f)
    .select(LOGIN_COLUMNS)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}
