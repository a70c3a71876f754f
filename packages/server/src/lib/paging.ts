import { sql, type SelectQueryBuilder } from 'kysely';
import type { Page, PageQuery } from '@baoxue/shared';
import type { Db } from '../context';
import type { Database } from '../db/schema';

/** A page of rows for a query; null asks for all of them (exports). */
export type Paging = { limit: number; offset: number } | null;

/** Every list answers the same way: the page's rows and the total, counted with the same filter. */
export async function fetchPage<R, T>(
  query: PageQuery,
  count: () => Promise<number>,
  list: (paging: Paging) => Promise<readonly R[]>,
  toItem: (row: R) => T,
): Promise<Page<T>> {
  const { page, pageSize } = query;
  const [total, rows] = await Promise.all([
    count(),
    list({ limit: pageSize, offset: (page - 1) * pageSize }),
  ]);
  return { items: rows.map(toItem), total, page, pageSize };
}

/**
 * The same answer for a list whose rows carry the filter's total (`count(*) over ()`): one
 * query instead of two, for lists whose filtered sets stay small (cases). A page past the
 * last one has no row to carry the total and counts apart.
 */
export async function fetchCountedPage<R, T>(
  query: PageQuery,
  list: (paging: { limit: number; offset: number }) => Promise<(R & { total_count: number })[]>,
  count: () => Promise<number>,
  toItem: (row: R) => T,
): Promise<Page<T>> {
  const { page, pageSize } = query;
  const offset = (page - 1) * pageSize;
  const rows = await list({ limit: pageSize, offset });
  const total = rows[0]?.total_count ?? (offset === 0 ? 0 : await count());
  return { items: rows.map(toItem), total, page, pageSize };
}

/**
 * Lists that grow without end (the audit and login logs: millions of entries after a few
 * years) count at most TOTAL_CAP + 1 rows for their total: counting all of a 3-million-entry
 * log cost PostgreSQL 0.3 s per page. Past the cap the page says "10,000+"; filters narrow it.
 */
export const TOTAL_CAP = 10_000;

/** How many rows a filtered query has, counting no further than cap + 1. */
export async function countUpTo<TB extends keyof Database>(
  db: Db,
  rows: SelectQueryBuilder<Database, TB, object>,
  cap: number,
): Promise<number> {
  const row = await db
    .selectFrom(
      rows
        .select(sql<number>`1`.as('one'))
        .limit(cap + 1)
        .as('t'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** fetchPage for such a list: `count` counts up to TOTAL_CAP + 1 (countUpTo). */
export async function fetchCappedPage<R, T>(
  query: PageQuery,
  count: () => Promise<number>,
  list: (paging: Paging) => Promise<readonly R[]>,
  toItem: (row: R) => T,
): Promise<Page<T>> {
  const page = await fetchPage(query, count, list, toItem);
  return page.total > TOTAL_CAP ? { ...page, total: TOTAL_CAP, totalIsLowerBound: true } : page;
}
