import { sql } from 'kysely';
import type { Db } from '../../context';

export type InboxState = 'open' | 'done' | 'all';

/** One user's items: every query here is keyed by (county, user), so nobody reads another's inbox. */
function ownItems(db: Db, countyCode: string, userId: number, state: InboxState) {
  let query = db
    .selectFrom('inbox_items')
    .where('county_code', '=', countyCode)
    .where('user_id', '=', userId);
  if (state === 'open') query = query.where('done_at', 'is', null);
  if (state === 'done') query = query.where('done_at', 'is not', null);
  return query;
}

export async function countItems(
  db: Db,
  countyCode: string,
  userId: number,
  state: InboxState,
): Promise<number> {
  const row = await ownItems(db, countyCode, userId, state)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

const ITEM_COLUMNS = [
  'id',
  'kind',
  'title_zh',
  'title_en',
  'body_zh',
  'body_en',
  'link',
  'case_id',
  'student_id',
  'due_on',
  'created_at',
  'read_at',
  'done_at',
] as const;

/**
 * A page of the user's items, open ones first by due date (the most pressing on top), then
 * newest first. Each row carries how many items the user has in that state, so a page is one
 * query (lib/paging.ts fetchCountedPage): one person's inbox is tens of items, not millions.
 */
export function pageOfItems(
  db: Db,
  countyCode: string,
  userId: number,
  state: InboxState,
  paging: { limit: number; offset: number },
) {
  return ownItems(db, countyCode, userId, state)
    .select(ITEM_COLUMNS)
    .select(sql<number>`count(*) over ()`.as('total_count'))
    .orderBy(sql`done_at is not null`)
    .orderBy(sql`due_on asc nulls last`)
    .orderBy('id', 'desc')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
}

export type InboxRow = Omit<Awaited<ReturnType<typeof pageOfItems>>[number], 'total_count'>;

/** The header badge's figures in one index scan of the user's open items. */
export async function openCounts(db: Db, countyCode: string, userId: number) {
  const row = await ownItems(db, countyCode, userId, 'open')
    .select([
      (eb) => eb.fn.countAll<number>().as('open'),
      sql<number>`count(*) filter (where read_at is null)`.as('unread'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), unread: Number(row.unread) };
}

/** Marks one of the user's own items; undefined when the item is not theirs (or not there). */
export function markItem(
  db: Db,
  countyCode: string,
  userId: number,
  id: number,
  mark: 'read' | 'done',
  at: Date,
) {
  return db
    .updateTable('inbox_items')
    .set(
      mark === 'read'
        ? { read_at: sql`coalesce(read_at, ${at})` }
        : { read_at: sql`coalesce(read_at, ${at})`, done_at: sql`coalesce(done_at, ${at})` },
    )
    .where('county_code', '=', countyCode)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
