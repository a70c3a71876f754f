import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ROLE_SCOPE_KIND, type Role } from '@baoxue/shared';
import type { Database } from '../../db/schema';
import { AppError, detail } from '../../errors';
import { writeAudit } from '../../plugins/audit';
import { findUserByUsername } from '../auth/auth.queries';
import { assertStrongPassword, hashPassword } from '../auth/password';
import { getSettings } from '../settings/settings.service';
import * as q from './users.queries';

// The command line acts as the system itself: no session, audit entries name "cli".
const CLI_WHO = (countyCode: string) => ({ countyCode, userId: null, username: 'cli', ip: null });

/** A generated password that always meets the policy: all four character classes. */
export function generatePassword(): string {
  return `Bx-${randomBytes(9).toString('base64url')}7a`;
}

export async function addUserFromCli(
  db: Kysely<Database>,
  countyCode: string,
  input: {
    username: string;
    displayName: string;
    role: Role;
    scopeCode: string;
    password?: string;
    canViewFullId: boolean;
  },
): Promise<{ id: number; password: string }> {
  const password = input.password ?? generatePassword();
  assertStrongPassword(password, (await getSettings(db, countyCode)).security.passwordMinLength);
  const passwordHash = await hashPassword(password);
  const id = await db.transaction().execute(async (trx) => {
    if (await q.usernameTaken(trx, countyCode, input.username)) {
      throw new AppError('conflict', [
        detail('username', `用户名已存在: ${input.username}`, `The user name is taken: ${input.username}`),
      ]);
    }
    if (!(await q.scopeNodeExists(trx, countyCode, ROLE_SCOPE_KIND[input.role], input.scopeCode))) {
      throw new AppError('validation', [
        detail('scope', `范围代码无效: ${input.scopeCode}`, `Invalid scope code: ${input.scopeCode}`),
      ]);
    }
    const newId = await q.insertUser(trx, {
      county_code: countyCode,
      username: input.username,
      display_name: input.displayName,
      password_hash: passwordHash,
      role: input.role,
      scope_code: input.scopeCode,
      staff_id: input.role === 'teacher' ? Number(input.scopeCode) : null,
      can_view_full_id: input.canViewFullId,
      must_change_password: true,
    });
    await writeAudit(trx, CLI_WHO(countyCode), {
      action: 'create',
      entity: 'user',
      entityId: newId,
      after: { username: input.username, role: input.role, scopeCode: input.scopeCode },
    });
    return newId;
  });
  return { id, password };
}

export async function resetPasswordFromCli(
  db: Kysely<Database>,
  countyCode: string,
  username: string,
  password?: string,
): Promise<{ password: string }> {
  const newPassword = password ?? generatePassword();
  assertStrongPassword(newPassword, (await getSettings(db, countyCode)).security.passwordMinLength);
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    const user = await findUserByUsername(trx, countyCode, username);
    if (!user)
      throw new AppError('not_found', undefined, {
        zh: `用户不存在: ${username}`,
        en: `No such user: ${username}`,
      });
    await q.updateUser(trx, countyCode, user.id, {
      password_hash: passwordHash,
      must_change_password: true,
      failed_attempts: 0,
      locked_until: null,
    });
    await writeAudit(trx, CLI_WHO(countyCode), {
      action: 'password_reset',
      entity: 'user',
      entityId: user.id,
    });
  });
  return { password: newPassword };
}
