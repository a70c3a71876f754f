import { createHash, randomBytes } from 'node:crypto';
import {
  ROLE_PERMISSIONS,
  ROLE_SCOPE_KIND,
  type ChangePasswordRequest,
  type Me,
  type Session,
} from '@baoxue/shared';
import type { Kysely } from 'kysely';
import type { Actor, RequestContext } from '../../context';
import type { Database } from '../../db/schema';
import { AppError } from '../../errors';
import { auditFor, writeAudit } from '../../plugins/audit';
import { resolveScope } from '../../plugins/scope';
import { getSettings } from '../settings/settings.service';
import * as q from './auth.queries';
import { cachedSession, forgetSession, rememberSession } from './session-cache';
import { assertStrongPassword, hashPassword, verifyPassword } from './password';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

// Verifying against a real hash even for unknown users keeps the response time from
// telling an attacker which usernames exist.
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-Aa1!');
  return dummyHash;
}

export interface LoginResult {
  token: string;
  session: Session;
}

export async function login(
  db: Kysely<Database>,
  countyCode: string,
  username: string,
  password: string,
  client: ClientInfo,
): Promise<LoginResult> {
  const settings = (await getSettings(db, countyCode)).security;
  const user = await q.findUserByUsername(db, countyCode, username);
  const log = (outcome: Parameters<typeof q.insertLoginLog>[1]['outcome'], userId: number | null) =>
    q.insertLoginLog(db, {
      countyCode,
      username,
      userId,
      ip: client.ip,
      userAgent: client.userAgent,
      outcome,
    });

  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    await log('unknown_user', null);
    throw new AppError('bad_credentials');
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    await log('locked', user.id);
    throw new AppError('account_locked');
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    await registerFailure(db, countyCode, user, settings, client, log);
    throw new AppError('bad_credentials');
  }
  if (!user.active) {
    await log('disabled', user.id);
    throw new AppError('account_disabled');
  }

  const token = newToken();
  const csrfToken = newToken();
  await db.transaction().execute(async (trx) => {
    await q.clearFailedAttempts(trx, countyCode, user.id);
    await q.insertSession(trx, {
      countyCode,
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    await q.insertLoginLog(trx, {
      countyCode,
      username,
      userId: user.id,
      ip: client.ip,
      userAgent: client.userAgent,
      outcome: 'success',
    });
  });
  const actor = await actorOf(db, { ...user, user_id: user.id, county_code: countyCode });
  return { token, session: { user: await describeMe(db, actor, user.locale), csrfToken } };
}

async function registerFailure(
  db: Kysely<Database>,
  countyCode: string,
  user: { id: number; username: string },
  settings: { lockoutThreshold: number; lockoutMinutes: number },
  client: ClientInfo,
  log: (outcome: 'bad_password', userId: number) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const state = await q.recordFailedAttempt(
      trx,
      countyCode,
      user.id,
      settings.lockoutThreshold,
      settings.lockoutMinutes,
    );
    if (state.failed_attempts === settings.lockoutThreshold) {
      await writeAudit(
        trx,
        { countyCode, userId: user.id, username: user.username, ip: client.ip },
        {
          action: 'login_locked',
          entity: 'user',
          entityId: user.id,
          detail: `连续 ${state.failed_attempts} 次密码错误，锁定 ${settings.lockoutMinutes} 分钟 / ${state.failed_attempts} failed attempts; locked for ${settings.lockoutMinutes} minutes`,
        },
      );
    }
  });
  await log('bad_password', user.id);
}

type SessionUser = NonNullable<Awaited<ReturnType<typeof q.findSession>>>;
type ActorSource = Pick<
  SessionUser,
  | 'county_code'
  | 'user_id'
  | 'username'
  | 'display_name'
  | 'role'
  | 'scope_code'
  | 'staff_id'
  | 'can_view_full_id'
  | 'must_change_password'
>;

export async function actorOf(db: Kysely<Database>, row: ActorSource): Promise<Actor> {
  const scope = await resolveScope(db, {
    countyCode: row.county_code,
    role: row.role,
    scopeCode: row.scope_code,
    staffId: row.staff_id,
  });
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    countyCode: row.county_code,
    staffId: row.staff_id,
    scope,
    permissions: new Set(ROLE_PERMISSIONS[row.role]),
    canViewFullId: row.can_view_full_id,
    mustChangePassword: row.must_change_password,
  };
}

/** Why a session ended by itself: left idle too long, or older than its lifetime however active. */
export type SessionEnd = 'idle' | 'lifetime';

export type SessionCheck =
  | { kind: 'none' }
  | { kind: 'expired'; why: SessionEnd; countyCode: string; userId: number; username: string }
  | { kind: 'ok'; actor: Actor; csrfToken: string; tokenHash: string; locale: string };

/**
 * Resolves a session cookie; an idle session, or one older than `lifetimeHours` since its
 * login, is removed and reported as expired.
 */
export async function checkSession(
  db: Kysely<Database>,
  token: string,
  lifetimeHours: number,
): Promise<SessionCheck> {
  const tokenHash = hashToken(token);
  const cached = cachedSession(tokenHash);
  if (cached) return { kind: 'ok', ...cached };
  const row = await q.findSession(db, tokenHash);
  if (!row || !row.active) return { kind: 'none' };
  const { idleMinutes } = (await getSettings(db, row.county_code)).security;
  const why = sessionEnd(row, idleMinutes, lifetimeHours);
  if (why) {
    await q.deleteSession(db, row.county_code, tokenHash);
    return { kind: 'expired', why, countyCode: row.county_code, userId: row.user_id, username: row.username };
  }
  // Writing last_seen_at on every request would double the writes; a minute of slack is harmless.
  if (row.idle_seconds > 60) await q.touchSession(db, row.county_code, tokenHash);
  const session = { actor: await actorOf(db, row), csrfToken: row.csrf_token, tokenHash, locale: row.locale };
  rememberSession(session);
  return { kind: 'ok', ...session };
}

function sessionEnd(
  row: { idle_seconds: number; age_seconds: number },
  idleMinutes: number,
  lifetimeHours: number,
): SessionEnd | undefined {
  if (row.age_seconds > lifetimeHours * 3600) return 'lifetime';
  if (row.idle_seconds > idleMinutes * 60) return 'idle';
  return undefined;
}

export async function logout(db: Kysely<Database>, countyCode: string, tokenHash: string): Promise<void> {
  forgetSession(tokenHash);
  await q.deleteSession(db, countyCode, tokenHash);
}

export async function describeMe(db: Kysely<Database>, actor: Actor, locale: string): Promise<Me> {
  const kind = ROLE_SCOPE_KIND[actor.role];
  const user = await q.findUserById(db, actor.countyCode, actor.userId);
  const scopeCode = user?.scope_code ?? '';
  const [county, scope] = await Promise.all([
    q.countyName(db, actor.countyCode),
    q.scopeName(db, actor.countyCode, kind, scopeCode),
  ]);
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    countyCode: actor.countyCode,
    countyName: county?.name ?? actor.countyCode,
    scopeKind: kind,
    scopeCode,
    scopeName: scope?.name ?? scopeCode,
    permissions: [...actor.permissions],
    canViewFullId: actor.canViewFullId,
    mustChangePassword: actor.mustChangePassword,
    locale,
  };
}

export async function changePassword(
  ctx: RequestContext,
  tokenHash: string,
  input: ChangePasswordRequest,
): Promise<void> {
  const county = ctx.actor.countyCode;
  const settings = (await getSettings(ctx.db, county)).security;
  const user = await q.findUserById(ctx.db, county, ctx.actor.userId);
  if (!user) throw new AppError('wrong_current_password');
  // A wrong current password counts as a failed login does: a session left open, or taken,
  // must not serve to guess the password without end.
  if (user.locked_until && user.locked_until.getTime() > Date.now()) throw new AppError('account_locked');
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    const client = { ip: ctx.ip, userAgent: null };
    await registerFailure(ctx.db, county, user, settings, client, (outcome, userId) =>
      q.insertLoginLog(ctx.db, { countyCode: county, username: user.username, userId, ...client, outcome }),
    );
    throw new AppError('wrong_current_password');
  }
  if (input.newPassword === input.currentPassword) throw new AppError('same_password');
  assertStrongPassword(input.newPassword, settings.passwordMinLength);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await q.setPassword(trx, county, user.id, passwordHash, false);
    await q.clearFailedAttempts(trx, county, user.id);
    // Other sessions of this user end: whoever knew the old password is logged out.
    await q.deleteUserSessions(trx, county, user.id, tokenHash);
    await auditFor(ctx, trx, { action: 'password_change', entity: 'user', entityId: user.id });
  });
}
