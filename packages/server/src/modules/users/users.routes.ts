import {
  CreateUserRequest,
  ExportQuery,
  IdParam,
  Ok,
  ROLE_LABELS,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserListQuery,
  UserSummary,
  pageOf,
} from '@baoxue/shared';
import type { ApiInstance } from '../../plugins/api';
import { auditFor } from '../../plugins/audit';
import { contextOf } from '../../plugins/auth';
import { sendXlsx, yesNo, type XlsxColumn } from '../../lib/xlsx';
import * as service from './users.service';

const EXPORT_COLUMNS: XlsxColumn<UserSummary>[] = [
  { header: '用户名', value: (u) => u.username },
  { header: '姓名', value: (u) => u.displayName, width: 10 },
  { header: '电话', value: (u) => u.phone, width: 14 },
  { header: '角色', value: (u) => ROLE_LABELS[u.role].zh, width: 24 },
  { header: '范围代码', value: (u) => u.scopeCode, width: 14 },
  { header: '范围', value: (u) => u.scopeName, width: 24 },
  { header: '可查看完整证件号', value: (u) => yesNo(u.canViewFullId) },
  { header: '启用', value: (u) => yesNo(u.active), width: 6 },
  { header: '已锁定', value: (u) => yesNo(u.locked), width: 8 },
];

const manage = { permission: 'users.manage' } as const;

export async function usersRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/users',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: '用户列表（?format=xlsx 导出）',
        querystring: UserListQuery.extend(ExportQuery.shape),
        response: { 200: pageOf(UserSummary) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      if (format !== 'xlsx') return service.listUsers(ctx, query);
      await auditFor(ctx, ctx.db, { action: 'export', entity: 'user', detail: JSON.stringify(query) });
      return sendXlsx(reply, '用户名单', '用户', EXPORT_COLUMNS, await service.allUsers(ctx, query));
    },
  );
  app.post(
    '/users',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: '新增用户',
        body: CreateUserRequest,
        response: { 201: UserSummary },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createUser(contextOf(request), request.body)),
  );
  app.patch(
    '/users/:id',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: '修改用户',
        params: IdParam,
        body: UpdateUserRequest,
        response: { 200: UserSummary },
      },
    },
    (request) => service.updateUser(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/users/:id/reset-password',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: '重置密码（下次登录须修改）',
        params: IdParam,
        body: ResetPasswordRequest,
        response: { 200: Ok },
      },
    },
    async (request) => {
      await service.resetPassword(contextOf(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/users/:id/unlock',
    {
      config: manage,
      schema: { tags: ['users'], summary: '解除锁定', params: IdParam, response: { 200: Ok } },
    },
    async (request) => {
      await service.unlockUser(contextOf(request), request.params.id);
      return { ok: true as const };
    },
  );
}
