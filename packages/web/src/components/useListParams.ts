// List filters and paging live in the URL: a filtered list can be bookmarked, shared and
// reached again with the back button, and the export link is built from the same values.
// Except a search that may be a child's identity number: the browser keeps every address it
// visits, and a shared link travels, so such a search lives in the history entry's state
// instead. The back button still brings it back; a bookmark does not.
import { useCallback, useMemo } from 'react';
import { useLocation, useSearchParams } from 'react-router';
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

/** The free-text search, the one filter a user may type a child's identity number into. */
const SEARCH_KEY = 'q';
/** Six digits running: the region part of an identity number, or more of one. No name has them. */
const MAY_BE_IDENTITY = /\d{6}/;

/** The filters kept out of the address, in the history entry's state under this key. */
const HIDDEN = 'hiddenFilters';
type HiddenFilters = Record<string, string>;

function hiddenFiltersOf(state: unknown): HiddenFilters {
  const hidden = (state as { [HIDDEN]?: unknown } | null)?.[HIDDEN];
  return typeof hidden === 'object' && hidden !== null ? (hidden as HiddenFilters) : {};
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function useListParams<K extends string>(keys: readonly K[], defaultPageSize = DEFAULT_PAGE_SIZE) {
  const [search, setSearch] = useSearchParams();
  const location = useLocation();

  const params = useMemo<ListParams<K>>(() => {
    const filters: Partial<Record<K, string>> = {};
    const hidden = hiddenFiltersOf(location.state);
    for (const key of keys) {
      const v = search.get(key) ?? hidden[key];
      if (v) filters[key] = v;
    }
    return {
      filters,
      page: positiveInt(search.get('page'), 1),
      pageSize: Math.min(200, positiveInt(search.get('pageSize'), defaultPageSize)),
    };
    // `keys` is a constant per page; its identity does not matter, so it is not a dependency.
  }, [search, location.state, defaultPageSize]);

  /** Changing any filter goes back to page 1: page 7 of another result set means nothing. */
  const update = useCallback(
    (patch: Patch<K>) => {
      const next = new URLSearchParams(search);
      const nextHidden: HiddenFilters = { ...hiddenFiltersOf(location.state) };
      let filterChanged = false;
      for (const [key, value] of Object.entries(patch) as [string, string | number | null | undefined][]) {
        if (key !== 'page' && key !== 'pageSize') filterChanged = true;
        next.delete(key);
        delete nextHidden[key];
        if (value === undefined || value === null || value === '') continue;
        if (key === SEARCH_KEY && MAY_BE_IDENTITY.test(String(value))) nextHidden[key] = String(value);
        else next.set(key, String(value));
      }
      if (filterChanged && patch.page === undefined) next.delete('page');
      const state = { ...((location.state as object | null) ?? {}), [HIDDEN]: nextHidden };
      setSearch(next, { replace: true, state });
    },
    [search, location.state, setSearch],
  );

  const clear = useCallback(
    () => setSearch(new URLSearchParams(), { replace: true, state: null }),
    [setSearch],
  );

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
