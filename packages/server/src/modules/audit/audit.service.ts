import type { AuditEntry, AuditQuery, LoginEntry, LoginQuery, Page } from '@baoxue/shared';
import type { RequestContext } from '../../context';
import { AppError, detail } from '../../errors';
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

/**
 * An export holds at most this many entries: a county's log grows to millions, which no
 * workbook opens (a sheet ends at 1,048,576 rows) and which would fill the server's memory.
 */
export const EXPORT_CAP = 100_000;

function tooManyToExport(): AppError {
  return new AppError('validation', [
    detail(
      '',
      `要导出的日志超过 ${EXPORT_CAP} 条，请选择日期范围或其他筛选条件`,
      `More than ${EXPORT_CAP} entries to export: choose a date range or another filter`,
    ),
  ]);
}

export async function allAudit(ctx: RequestContext, query: AuditQuery): Promise<AuditEntry[]> {
  const { page: _p, pageSize: _s, ...filter } = query;
  const county = ctx.actor.countyCode;
  if ((await q.countAudit(ctx.db, county, filter, EXPORT_CAP)) > EXPORT_CAP) throw tooManyToExport();
  return (await q.listAudit(ctx.db, county, filter, null)).map(toAuditEntry);
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
  const county = ctx.actor.countyCode;
  if ((await q.countLogins(ctx.db, county, filter, EXPORT_CAP)) > EXPORT_CAP) throw tooManyToExport();
  return (await q.listLogins(ctx.db, county, filter, null)).map(toLoginEntry);
}
