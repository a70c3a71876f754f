// List filters and paging live in the URL: a filtered list can be bookmarked, shared and
// reached again with the back button, and the export link is built from the same values.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Page } from '@baoxue/shared';
import type { Paging } from './DataTable';

export interface ListParams<K extends string> {
  filters: Partial<Record<K, string>>;
  page: number;
  pageSize: number;
}

type Patch<K extends string> = Partial<Record<K, string | number | null | undefined>> & {
  page?: number;
  pageSize?: number;
};

const DEFAULT_PAGE_SIZE = 20;

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function useListParams<K extends string>(keys: readonly K[], defaultPageSize = DEFAULT_PAGE_SIZE) {
  const [search, setSearch] = useSearchParams();

  const params = useMemo<ListParams<K>>(() => {
    const filters: Partial<Record<K, string>> = {};
    for (const key of keys) {
      const v = search.get(key);
      if (v) filters[key] = v;
    }
    return {
      filters,
      page: positiveInt(search.get('page'), 1),
      pageSize: Math.min(200, positiveInt(search.get('pageSize'), defaultPageSize)),
    };
    // `keys` is a constant per page; its identity does not matter, so it is not a dependency.
  }, [search, defaultPageSize]);

  /** Changing any filter goes back to page 1: page 7 of another result set means nothing. */
  const update = useCallback(
    (patch: Patch<K>) => {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          let filterChanged = false;
          for (const [key, value] of Object.entries(patch) as [
            string,
            string | number | null | undefined,
          ][]) {
            if (key !== 'page' && key !== 'pageSize') filterChanged = true;
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (filterChanged && patch.page === undefined) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setSearch],
  );

  const clear = useCallback(() => setSearch(new URLSearchParams(), { replace: true }), [setSearch]);

  /** The paging a DataTable shows for this list, given the page the server answered (its total, and whether it stopped counting). */
  const pagingFor = (answer: Pick<Page<unknown>, 'total' | 'totalIsLowerBound'> | undefined): Paging => ({
    page: params.page,
    pageSize: params.pageSize,
    total: answer?.total ?? 0,
    totalIsLowerBound: answer?.totalIsLowerBound ?? false,
    onChange: (page, pageSize) => update({ page, pageSize } as Patch<K>),
  });

  return { ...params, update, clear, pagingFor };
}
