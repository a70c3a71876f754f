import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import type { UserListQuery } from '@baoxue/shared';
import type { Db } from '../../context';
import type { UserTable } from './users.table';
import type { Paging } from '../../lib/paging';
import { keptCount } from '../../lib/kept-rows';

type ListFilter = Omit<UserListQuery, 'page' | 'pageSize'> & { id?: number };

function filteredUsers(db: Db, countyCode: string, filter: ListFilter) {
  let query = db.selectFrom('users as u').where('u.county_code', '=', countyCode);
  if (filter.id !== undefined) query = query.where('u.id', '=', filter.id);
  if (filter.q) {
    const like = `%${filter.q}%`;
    query = query.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.display_name', 'like', like)]));
  }
  if (filter.role) query = query.where('u.role', '=', filter.role);
  return query;
}

/** Kept (lib/kept-rows.ts): users are added only through the services (and the CLI, seen within the keeping time). */
export function countUsers(db: Db, countyCode: string, filter: ListFilter): Promise<number> {
  return keptCount(
    db,
    filteredUsers(db, countyCode, filter).select((eb) => eb.fn.countAll<number>().as('n')),
  );
}

/**
 * Users with the name of their scope node, whatever kind of node it is. A teacher's or an
 * inspector's node is an id: compared as a number so the key finds it (as text it read every
 * staff row), cast only for those roles, whose scope codes are always numbers.
 */
export function listUsers(db: Db, countyCode: string, filter: ListFilter, page: Paging) {
  let query = filteredUsers(db, countyCode, filter)
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.phone',
      'u.role',
      'u.scope_code',
      'u.staff_id',
      'u.can_view_full_id',
      'u.active',
      'u.must_change_password',
      'u.is_demo',
      sql<boolean>`coalesce(u.locked_until > now(), false)`.as('locked'),
      sql<string | null>`coalesce(
        (select r.name from regions r where r.county_code = u.county_code and r.code = u.scope_code),
        (select s.name from schools s where s.county_code = u.county_code and s.code = u.scope_code),
        (select z.name from inspection_zones z where z.county_code = u.county_code
           and z.id = (case when u.role = 'inspector' then u.scope_code::int end)),
        (select t.name from staff t where t.county_code = u.county_code
           and t.id = (case when u.role = 'teacher' then u.scope_code::int end)))`.as('scope_name'),
    ])
    .orderBy('u.id');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

export async function usernameTaken(db: Db, countyCode: string, username: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('username', '=', username)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertUser(db: Db, row: Insertable<UserTable>): Promise<number> {
  const inserted = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateUser(db: Db, countyCode: string, id: number, patch: Updateable<UserTable>) {
  if (Object.keys(patch).length === 0) return;
  await db
    .updateTable('users')
    .set(patch)
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

/** Whether a scope code names an existing node of the kind the role needs. */
export async function scopeNodeExists(
  db: Db,
  countyCode: string,
  kind: string,
  code: string,
): Promise<boolean> {
  const numeric = /^\d{1,9}$/.test(code) ? Number(code) : -1;
  switch (kind) {
    case 'county':
    case 'town':
    case 'village': {
      const row = await db
        .selectFrom('regions')
        .select('code')
        .where('county_code', '=', countyCode)
        .where('code', '=', code)
        .where('level', '=', kind)
        .executeTakeFirst();
      return row !== undefined;
    }
    case 'school':
      return (
        (await db
          .selectFrom('schools')
          .select('code')
          .where('county_code', '=', countyCode)
          .where('code', '=', code)
          .executeTakeFirst()) !== undefined
      );
    case 'zone':
      return (
        (await db
          .selectFrom('inspection_zones')
          .select('id')
          .where('county_code', '=', countyCode)
          .where('id', '=', numeric)
          .executeTakeFirst()) !== undefined
      );
    default:
      return (
        (await db
          .selectFrom('staff')
          .select('id')
          .where('county_code', '=', countyCode)
          .where('id', '=', numeric)
          .where('school_code', 'is not', null)
          .executeTakeFirst()) !== undefined
      );
  }
}

/**
 * Who wrote a row, for showing who did something: the user's name. The row's table (under
 * `alias`) keeps the user's id and county beside their login name, which is shown where the
 * account is gone. Null where the row names nobody (the system).
 */
export function authorName(alias: string): RawBuilder<string | null> {
  return sql<string | null>`coalesce((select u.display_name from users u
    where u.county_code = ${sql.ref(`${alias}.county_code`)} and u.id = ${sql.ref(`${alias}.user_id`)}),
    ${sql.ref(`${alias}.username`)})`;
}
