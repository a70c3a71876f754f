import type { Page, PageQuery } from '@baoxue/shared';

/** A page of rows for a query; null asks for all of them (exports). */
export type Paging = { limit: number; offset: number } | null;

/** Every list answers the same way: the page's rows and the total, counted with the same filter. */
export async function fetchPage<R, T>(
  query: PageQuery,
  count: () => Promise<number>,
  list: (paging: Paging) => Promise<R[]>,
  toItem: (row: R) => T,
): Promise<Page<T>> {
  const { page, pageSize } = query;
  const [total, rows] = await Promise.all([
    count(),
    list({ limit: pageSize, offset: (page - 1) * pageSize }),
  ]);
  return { items: rows.map(toItem), total, page, pageSize };
}
