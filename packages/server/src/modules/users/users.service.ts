import {
  ROLE_SCOPE_KIND,
  type CreateUserRequest,
  type Page,
  type ResetPasswordRequest,
  type Role,
  type ScopeKind,
  type UpdateUserRequest,
  type UserListQuery,
  type UserSummary,
} from '@baoxue/shared';
import type { Db, RequestContext } from '../../context';
import { AppError, detail, notFound } from '../../errors';
import { auditFor } from '../../plugins/audit';
import { deleteUserSessions } from '../auth/auth.queries';
import { assertStrongPassword, hashPassword } from '../auth/password';
import { findStaffMember } from '../schools/schools.queries';
import { getSettings } from '../settings/settings.service';
import * as q from './users.queries';
import { fetchPage } from '../../lib/paging';

type UserRow = Awaited<ReturnType<typeof q.listUsers>>[number];

export function toSummary(row: UserRow): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    phone: row.phone,
    role: row.role,
    scopeCode: row.scope_code,
    scopeName: row.scope_name ?? row.scope_code,
    canViewFullId: row.can_view_full_id,
    active: row.active,
    locked: row.locked,
    mustChangePassword: row.must_change_password,
    isDemo: row.is_demo,
  };
}

export async function listUsers(ctx: RequestContext, query: UserListQuery): Promise<Page<UserSummary>> {
  const { page: _p, pageSize: _s, ...filter } = query;
  const county = ctx.actor.countyCode;
  return fetchPage(
    query,
    () => q.countUsers(ctx.db, county, filter),
    (paging) => q.listUsers(ctx.db, county, filter, paging),
    toSummary,
  );
}

export async function allUsers(ctx: RequestContext, query: UserListQuery): Promise<UserSummary[]> {
  const { page: _p, pageSize: _s, ...filter } = query;
  return (await q.listUsers(ctx.db, ctx.actor.countyCode, filter, null)).map(toSummary);
}

async function findUser(db: Db, countyCode: string, id: number): Promise<UserRow> {
  const [row] = await q.listUsers(db, countyCode, { id }, null);
  if (!row) throw notFound();
  return row;
}

/** What a role's scope code names, as the refusal of a wrong one says it. */
const SCOPE_KIND_NAMES: Record<ScopeKind, { zh: string; en: string }> = {
  county: { zh: '县', en: 'county' },
  town: { zh: '镇(街道)', en: 'town' },
  village: { zh: '村(社区)', en: 'village' },
  zone: { zh: '督学责任区', en: 'inspection zone' },
  school: { zh: '学校', en: 'school' },
  teacher: { zh: '教职工', en: 'staff member' },
};

async function assertScope(db: Db, countyCode: string, role: Role, scopeCode: string): Promise<void> {
  const kind = ROLE_SCOPE_KIND[role];
  if (!(await q.scopeNodeExists(db, countyCode, kind, scopeCode))) {
    const name = SCOPE_KIND_NAMES[kind];
    throw new AppError('validation', [
      detail(
        'scopeCode',
        `范围代码 ${scopeCode} 不是本县的${name.zh}`,
        `The scope code ${scopeCode} is not a ${name.en} of the county`,
      ),
    ]);
  }
}

/** The staff member an account is linked to must be one of the county's (else the database refuses it, unexplained). */
async function assertStaff(db: Db, countyCode: string, staffId: number | null): Promise<void> {
  if (staffId === null || (await findStaffMember(db, countyCode, staffId))) return;
  throw new AppError('validation', [
    detail('staffId', `找不到教职工 ${staffId}`, `No staff member ${staffId}`),
  ]);
}

export async function createUser(ctx: RequestContext, input: CreateUserRequest): Promise<UserSummary> {
  const county = ctx.actor.countyCode;
  const { security } = await getSettings(ctx.db, county);
  assertStrongPassword(input.initialPassword, security.passwordMinLength);
  const passwordHash = await hashPassword(input.initialPassword);
  return ctx.db.transaction().execute(async (trx) => {
    if (await q.usernameTaken(trx, county, input.username)) {
      throw new AppError('conflict', [
        detail('username', `用户名已存在: ${input.username}`, `The user name is taken: ${input.username}`),
      ]);
    }
    await assertScope(trx, county, input.role, input.scopeCode);
    const staffId = input.role === 'teacher' ? Number(input.scopeCode) : input.staffId;
    await assertStaff(trx, county, staffId);
    const id = await q.insertUser(trx, {
      county_code: county,
      username: input.username,
      display_name: input.displayName,
      phone: input.phone,
      password_hash: passwordHash,
      role: input.role,
      scope_code: input.scopeCode,
      staff_id: staffId,
      can_view_full_id: input.canViewFullId,
      must_change_password: true,
    });
    const created = await findUser(trx, county, id);
    await auditFor(ctx, trx, { action: 'create', entity: 'user', entityId: id, after: toSummary(created) });
    return toSummary(created);
  });
}

export async function updateUser(
  ctx: RequestContext,
  id: number,
  patch: UpdateUserRequest,
): Promise<UserSummary> {
  const county = ctx.actor.countyCode;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findUser(trx, county, id);
    const role = patch.role ?? before.role;
    const scopeCode = patch.scopeCode ?? before.scope_code;
    if (patch.role !== undefined || patch.scopeCode !== undefined)
      await assertScope(trx, county, role, scopeCode);
    if (id === ctx.actor.userId && (patch.active === false || (patch.role && patch.role !== before.role))) {
      // An administrator cannot lock themselves out of administration by accident.
      throw new AppError('validation', [
        detail(
          'role',
          '不能停用自己的账号或更改自己的角色',
          'You cannot disable your own account or change your own role',
        ),
      ]);
    }
    await q.updateUser(trx, county, id, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.scopeCode !== undefined ? { scope_code: patch.scopeCode } : {}),
      ...(role === 'teacher' && patch.scopeCode !== undefined ? { staff_id: Number(patch.scopeCode) } : {}),
      ...(patch.canViewFullId !== undefined ? { can_view_full_id: patch.canViewFullId } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    });
    if (patch.active === false || patch.role !== undefined || patch.scopeCode !== undefined) {
      await deleteUserSessions(trx, county, id);
    }
    const after = await findUser(trx, county, id);
    await auditFor(ctx, trx, {
      action: 'update',
      entity: 'user',
      entityId: id,
      before: toSummary(before),
      after: toSummary(after),
    });
    return toSummary(after);
  });
}

export async function resetPassword(
  ctx: RequestContext,
  id: number,
  input: ResetPasswordRequest,
): Promise<void> {
  const county = ctx.actor.countyCode;
  const { security } = await getSettings(ctx.db, county);
  assertStrongPassword(input.newPassword, security.passwordMinLength);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await findUser(trx, county, id);
    await q.updateUser(trx, county, id, {
      password_hash: passwordHash,
      must_change_password: true,
      failed_attempts: 0,
      locked_until: null,
    });
    await deleteUserSessions(trx, county, id);
    await auditFor(ctx, trx, { action: 'password_reset', entity: 'user', entityId: id });
  });
}

export async function unlockUser(ctx: RequestContext, id: number): Promise<void> {
  const county = ctx.actor.countyCode;
  await ctx.db.transaction().execute(async (trx) => {
    await findUser(trx, county, id);
    await q.updateUser(trx, county, id, { failed_attempts: 0, locked_until: null });
    await auditFor(ctx, trx, { action: 'unlock', entity: 'user', entityId: id });
  });
}
