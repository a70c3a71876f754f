import { sql } from 'kysely';
import type { LoginOutcome } from '@baoxue/shared';
import type { Db } from '../../context';

export function findUserByUsername(db: Db, countyCode: string, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('username', '=', username)
    .executeTakeFirst();
}

export function findUserById(db: Db, countyCode: string, id: number) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Counts a failed password and locks the account once the threshold is reached; returns the new state. */
export function recordFailedAttempt(
  db: Db,
  countyCode: string,
  userId: number,
  threshold: number,
  lockMinutes: number,
) {
  return db
    .updateTable('users')
    .set((eb) => ({
      failed_attempts: eb('failed_attempts', '+', 1),
      locked_until: sql<Date | null>`case when failed_attempts + 1 >= ${threshold}
        then now() + make_interval(mins => ${lockMinutes}) else locked_until end`,
    }))
    .where('county_code', '=', countyCode)
    .where('id', '=', userId)
    .returning(['failed_attempts', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function clearFailedAttempts(db: Db, countyCode: string, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_attempts: 0, locked_until: null })
    .where('county_code', '=', countyCode)
    .where('id', '=', userId)
    .execute();
}

export async function setPassword(
  db: Db,
  countyCode: string,
  userId: number,
  passwordHash: string,
  mustChange: boolean,
) {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: mustChange,
      password_changed_at: sql<Date>`now()`,
      failed_attempts: 0,
      locked_until: null,
    })
    .where('county_code', '=', countyCode)
    .where('id', '=', userId)
    .execute();
}

export async function insertLoginLog(
  db: Db,
  entry: {
    countyCode: string;
    username: string;
    userId: number | null;
    ip: string | null;
    userAgent: string | null;
    outcome: LoginOutcome;
  },
): Promise<void> {
  await db
    .insertInto('login_log')
    .values({
      county_code: entry.countyCode,
      username: entry.username,
      user_id: entry.userId,
      ip: entry.ip,
      user_agent: entry.userAgent,
      outcome: entry.outcome,
    })
    .execute();
}

export async function insertSession(
  db: Db,
  session: {
    countyCode: string;
    tokenHash: string;
    userId: number;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      county_code: session.countyCode,
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      ip: session.ip,
      user_agent: session.userAgent,
      last_seen_at: sql<Date>`now()`,
    })
    .execute();
}

/**
 * The session and its user in one round trip; `idle_seconds` (since the last request) and
 * `age_seconds` (since the login) are measured by the database clock.
 */
export function findSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', (j) =>
      j.onRef('users.county_code', '=', 'sessions.county_code').onRef('users.id', '=', 'sessions.user_id'),
    )
    .select([
      'sessions.county_code',
      'sessions.token_hash',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      sql<number>`extract(epoch from (now() - sessions.last_seen_at))::float8`.as('idle_seconds'),
      sql<number>`extract(epoch from (now() - sessions.created_at))::float8`.as('age_seconds'),
      'users.id as user_id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.scope_code',
      'users.staff_id',
      'users.can_view_full_id',
      'users.must_change_password',
      'users.active',
      'users.locale',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, countyCode: string, tokenHash: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('county_code', '=', countyCode)
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Db, countyCode: string, tokenHash: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('county_code', '=', countyCode)
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteUserSessions(
  db: Db,
  countyCode: string,
  userId: number,
  exceptTokenHash?: string,
) {
  let query = db.deleteFrom('sessions').where('county_code', '=', countyCode).where('user_id', '=', userId);
  if (exceptTokenHash) query = query.where('token_hash', '<>', exceptTokenHash);
  await query.execute();
}

export function scopeName(db: Db, countyCode: string, kind: string, code: string) {
  switch (kind) {
    case 'school':
      return db
        .selectFrom('schools')
        .select('name')
        .where('county_code', '=', countyCode)
        .where('code', '=', code)
        .executeTakeFirst();
    case 'zone':
      return db
        .selectFrom('inspection_zones')
        .select('name')
        .where('county_code', '=', countyCode)
        .where('id', '=', Number(code))
        .executeTakeFirst();
    case 'teacher':
      return db
        .selectFrom('staff')
        .innerJoin('schools', (j) =>
          j
            .onRef('schools.county_code', '=', 'staff.county_code')
            .onRef('schools.code', '=', 'staff.school_code'),
        )
        .select(sql<string>`schools.name || ' · ' || staff.name`.as('name'))
        .where('staff.county_code', '=', countyCode)
        .where('staff.id', '=', Number(code))
        .executeTakeFirst();
    default:
      return db
        .selectFrom('regions')
        .select('name')
        .where('county_code', '=', countyCode)
        .where('code', '=', code)
        .executeTakeFirst();
  }
}

export function countyName(db: Db, countyCode: string) {
  return db.selectFrom('counties').select('name').where('county_code', '=', countyCode).executeTakeFirst();
}
