import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChildRecord, HouseholdFacts, NewChild, Page, RemovalListQuery, RosterRemovalRequest, RosterRemovalRow, RosterListKind, RosterQuery, RosterRow, RosterStatistics, WorkbookQuery } from '@baoxue/shared';
import { api, downloadUrl, seg } from '../../api/client';

export type Area = { townCode?: string; schoolCode?: string; villageCode?: string };
export type RosterFilters = Partial<Omit<RosterQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export function useStatistics(query: WorkbookQuery, enabled: boolean) {
  return useQuery({
    queryKey: ['rosters', 'statistics', query],
    queryFn: ({ signal }) => api.get<RosterStatistics>('/rosters/statistics', query, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useRoster(kind: RosterListKind, query: RosterFilters, enabled: boolean) {
  return useQuery({
    queryKey: ['rosters', kind, query],
    queryFn: ({ signal }) => api.get<Page<RosterRow>>(`/rosters/${seg(kind)}`, query, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The year's 注销 for a move or a death in an area: under 'rosters', so a removal refreshes it. */
export function useRemovals(query: Partial<RemovalListQuery> & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['rosters', 'removals', query],
    queryFn: ({ signal }) => api.get<Page<RosterRemovalRow>>('/population/removals', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function workbookUrl(query: WorkbookQuery): string {
  return downloadUrl('/rosters/workbook.xlsx', query);
}

/** The child page: population facts, student records and their history, the latest status. */
export function useChild(id: number | null) {
  return useQuery({
    queryKey: ['population', 'detail', id],
    queryFn: ({ signal }) => api.get<ChildRecord>(`/population/${seg(id ?? 0)}`, undefined, signal),
    enabled: id !== null,
  });
}

/** A child's household facts kept by hand: the child page, the rosters and their figures follow. */
export function useUpdateHousehold(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HouseholdFacts) => api.put<RosterRow>(`/population/${seg(id)}/household`, body),
    onSuccess: () => Promise.all(['population', 'rosters', 'overview'].map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
}

/** 摸排: a child added to the current roster; the rosters and their figures follow. */
export function useAddChild() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewChild) => api.post<RosterRow>('/population', body),
    onSuccess: () => Promise.all(['population', 'rosters', 'overview'].map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
}

/** 注销: the child leaves the current roster; the rosters and their figures follow. */
export function useRemoveChild(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RosterRemovalRequest) => api.post<void>(`/population/${seg(id)}/removal`, body),
    // The child's own page is not fetched again (it would answer 404 while it closes): only
    // the lists and figures are, and not awaited, so the form's own success handler runs now.
    onSuccess: () => {
      void Promise.all(['rosters', 'overview'].map((key) => qc.invalidateQueries({ queryKey: [key] })));
    },
  });
}
