import type { AuditEntry, AuditQuery, LoginEntry, LoginQuery, Page } from '@baoxue/shared';
import type { RequestContext } from '../../context';
import * as q from './audit.queries';
import { fetchCappedPage } from '../../lib/paging';

type AuditRow = Awaited<ReturnType<typeof q.listAudit>>[number];
type LoginRow = Awaited<ReturnType<typeof q.listLogins>>[number];

// The audit log is read-only by construction: this module has no update or delete path.

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    userId: row.user_id,
    username: row.username,
    ip: row.ip,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    detail: row.detail,
  };
}

function toLoginEntry(row: LoginRow): LoginEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    username: row.username,
    userId: row.user_id,
    ip: row.ip,
    userAgent: row.user_agent,
    outcome: row.outcome,
  };
}

export async function listAudit(ctx: RequestContext, query: AuditQuery): Promise<Page<AuditEntry>> {
  const { page: _p, pageSize: _s, ...filter } = query;
  const county = ctx.actor.countyCode;
  return fetchCappedPage(
    query,
    () => q.countAudit(ctx.db, county, filter),
    (paging) => q.listAudit(ctx.db, county, filter, paging),
    toAuditEntry,
  );
}

export async function allAudit(ctx: RequestContext, query: AuditQuery): Promise<AuditEntry[]> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return (await q.listAudit(ctx.db, ctx.actor.countyCode, filter, null)).map(toAuditEntry);
}

export async function listLogins(ctx: RequestContext, query: LoginQuery): Promise<Page<LoginEntry>> {
  const { page: _p, pageSize: _s, ...filter } = query;
  const county = ctx.actor.countyCode;
  return fetchCappedPage(
    query,
    () => q.countLogins(ctx.db, county, filter),
    (paging) => q.listLogins(ctx.db, county, filter, paging),
    toLoginEntry,
  );
}

export async function allLogins(ctx: RequestContext, query: LoginQuery): Promise<LoginEntry[]> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return (await q.listLogins(ctx.db, ctx.actor.countyCode, filter, null)).map(toLoginEntry);
}
