import {
  AUDIT_ACTION_LABELS,
  AUDIT_ENTITY_LABELS,
  type AuditEntity,
  AuditEntry,
  AuditQuery,
  ExportQuery,
  LOGIN_OUTCOME_LABELS,
  LoginEntry,
  LoginQuery,
  beijingTime,
  pageOf,
} from '@baoxue/shared';
import type { ApiInstance } from '../../plugins/api';
import { auditFor } from '../../plugins/audit';
import { contextOf } from '../../plugins/auth';
import { sendXlsx, type XlsxColumn } from '../../lib/xlsx';
import * as service from './audit.service';

/** The kind of record in Chinese; an entry older than the list shows its code. */
function entityLabel(entity: string): string {
  return Object.hasOwn(AUDIT_ENTITY_LABELS, entity) ? AUDIT_ENTITY_LABELS[entity as AuditEntity].zh : entity;
}

// Times as the county reads them, in Beijing time (the entries carry UTC instants).
const AUDIT_COLUMNS: XlsxColumn<AuditEntry>[] = [
  { header: '时间', value: (e) => beijingTime(e.at, { seconds: true }), width: 20 },
  { header: '用户', value: (e) => e.username },
  { header: 'IP', value: (e) => e.ip },
  { header: '操作', value: (e) => AUDIT_ACTION_LABELS[e.action].zh },
  { header: '对象', value: (e) => entityLabel(e.entity) },
  { header: '对象编号', value: (e) => e.entityId },
  { header: '修改前', value: (e) => (e.before ? JSON.stringify(e.before) : null), width: 40 },
  { header: '修改后', value: (e) => (e.after ? JSON.stringify(e.after) : null), width: 40 },
  { header: '说明', value: (e) => e.detail, width: 30 },
];

const LOGIN_COLUMNS: XlsxColumn<LoginEntry>[] = [
  { header: '时间', value: (e) => beijingTime(e.at, { seconds: true }), width: 20 },
  { header: '用户名', value: (e) => e.username },
  { header: 'IP', value: (e) => e.ip },
  { header: '结果', value: (e) => LOGIN_OUTCOME_LABELS[e.outcome].zh },
  { header: '浏览器', value: (e) => e.userAgent, width: 40 },
];

const view = { permission: 'audit.view' } as const;

export async function auditRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/audit',
    {
      config: view,
      schema: {
        tags: ['audit'],
        summary: '操作审计日志（只读；?format=xlsx 导出）',
        querystring: AuditQuery.extend(ExportQuery.shape),
        response: { 200: pageOf(AuditEntry) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.listAudit(ctx, query);
      await auditFor(ctx, ctx.db, { action: 'export', entity: 'audit_log', detail: JSON.stringify(query) });
      return sendXlsx(reply, '审计日志', '审计日志', AUDIT_COLUMNS, await service.allAudit(ctx, query));
    },
  );
  app.get(
    '/audit/logins',
    {
      config: view,
      schema: {
        tags: ['audit'],
        summary: '登录日志（只读；?format=xlsx 导出）',
        querystring: LoginQuery.extend(ExportQuery.shape),
        response: { 200: pageOf(LoginEntry) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.listLogins(ctx, query);
      await auditFor(ctx, ctx.db, { action: 'export', entity: 'login_log', detail: JSON.stringify(query) });
      return sendXlsx(reply, '登录日志', '登录日志', LOGIN_COLUMNS, await service.allLogins(ctx, query));
    },
  );
}
