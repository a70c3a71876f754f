import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddCaseActionRequest,
  AdvanceCaseRequest,
  CaseDetail,
  CaseListQuery,
  CaseOverview,
  CaseSummary,
  CheckInRequest,
  ClearingQuery,
  CloseCaseRequest,
  DictionaryEntry,
  DropoutLedgerQuery,
  FullIdentity,
  OpenCaseRequest,
  Page,
  ReplaceTeamRequest,
  UpdateCaseRequest,
} from '@baoxue/shared';
import { api, ApiError, downloadUrl, seg } from '../../api/client';

// Every path of the cases API in one place.
export const CASE_PATHS = {
  list: '/cases',
  case: (id: number) => `/cases/${seg(id)}`,
  identity: (id: number) => `/cases/${seg(id)}/identity`,
  team: (id: number) => `/cases/${seg(id)}/team`,
  actions: (id: number) => `/cases/${seg(id)}/actions`,
  advance: (id: number) => `/cases/${seg(id)}/advance`,
  close: (id: number) => `/cases/${seg(id)}/close`,
  checkIn: (id: number, round: number, seq: number) =>
    `/cases/${seg(id)}/check-ins/${seg(round)}/${seg(seq)}`,
  dropouts: '/cases/ledgers/dropouts',
  clearing: '/cases/ledgers/clearing',
  overview: '/cases/overview',
} as const;

/** The printable documents open in a new tab; the session cookie goes along with the link. */
export function documentUrl(id: number, doc: 'notice' | 'summary'): string {
  return downloadUrl(`/cases/${seg(id)}/documents/${doc}.pdf`);
}

const CASES_KEY = ['cases'] as const;
const detailKey = (id: number) => [...CASES_KEY, 'detail', id] as const;

type Paged<Q> = Partial<Omit<Q, 'page' | 'pageSize' | 'format'>> & { page: number; pageSize: number };
export type CaseFilters = Paged<CaseListQuery>;
export type DropoutFilters = Paged<DropoutLedgerQuery>;
export type ClearingFilters = Paged<ClearingQuery>;

export function useCases(query: CaseFilters) {
  return useQuery({
    queryKey: [...CASES_KEY, 'list', query],
    queryFn: ({ signal }) => api.get<Page<CaseSummary>>(CASE_PATHS.list, query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: number | undefined) {
  return useQuery({
    queryKey: detailKey(id ?? 0),
    queryFn: ({ signal }) => api.get<CaseDetail>(CASE_PATHS.case(id ?? 0), undefined, signal),
    enabled: id !== undefined,
  });
}

export function useDropouts(query: DropoutFilters) {
  return useQuery({
    queryKey: [...CASES_KEY, 'dropouts', query],
    queryFn: ({ signal }) => api.get<Page<CaseSummary>>(CASE_PATHS.dropouts, query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useClearing(query: ClearingFilters) {
  return useQuery({
    queryKey: [...CASES_KEY, 'clearing', query],
    queryFn: ({ signal }) => api.get<Page<CaseSummary>>(CASE_PATHS.clearing, query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCaseOverview(townCode?: string) {
  return useQuery({
    queryKey: [...CASES_KEY, 'overview', townCode ?? null],
    queryFn: ({ signal }) => api.get<CaseOverview>(CASE_PATHS.overview, { townCode }, signal),
  });
}

/** The county's out-of-school reasons (学业困难/厌学 …), active ones in their order. */
export function useReasons() {
  return useQuery({
    // Same key as the settings page's list, so an edit there shows here at once.
    queryKey: ['dictionaries'],
    queryFn: ({ signal }) => api.get<DictionaryEntry[]>('/dictionaries', undefined, signal),
    staleTime: 10 * 60_000,
    select: (entries) =>
      entries
        .filter((e) => e.category === 'out_of_school_reason' && e.active)
        .sort((a, b) => a.sort - b.sort),
  });
}

/**
 * A mutation, not a query: each reveal is an audited act on the server and must never be
 * served from a cache or prefetched.
 */
export function useRevealCaseIdentity() {
  return useMutation({
    mutationFn: (id: number) => api.post<FullIdentity>(CASE_PATHS.identity(id)),
  });
}

export function isVersionConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'case_version_conflict';
}

/** Lists, ledgers and the overview all count cases: any change may move a case between them. */
function refreshAround(qc: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'cases' && q.queryKey[1] !== 'detail' }),
    qc.invalidateQueries({ queryKey: ['inbox'] }),
  ]);
}

export function useOpenCase() {
  const qc = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: (body: OpenCaseRequest) => api.post<CaseDetail>(CASE_PATHS.list, body),
    onSuccess: (detail) => {
      qc.setQueryData(detailKey(detail.id), detail);
      return refreshAround(qc);
    },
  });
}

/**
 * One change to a case. Errors are shown by the form that sent it (quiet); a stale version
 * reloads the case so the next save names the version now current, while the form keeps
 * what the user typed.
 */
function useCaseChange<B>(id: number, send: (body: B) => Promise<CaseDetail>) {
  const qc = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: send,
    onSuccess: (detail) => {
      qc.setQueryData(detailKey(id), detail);
      return refreshAround(qc);
    },
    onError: (err) => {
      if (isVersionConflict(err)) return qc.invalidateQueries({ queryKey: detailKey(id) });
      return undefined;
    },
  });
}

export function useUpdateCase(id: number) {
  return useCaseChange(id, (body: UpdateCaseRequest) => api.patch<CaseDetail>(CASE_PATHS.case(id), body));
}

export function useReplaceTeam(id: number) {
  return useCaseChange(id, (body: ReplaceTeamRequest) => api.put<CaseDetail>(CASE_PATHS.team(id), body));
}

export function useAddAction(id: number) {
  return useCaseChange(id, (body: AddCaseActionRequest) =>
    api.post<CaseDetail>(CASE_PATHS.actions(id), body),
  );
}

export function useAdvanceCase(id: number) {
  return useCaseChange(id, (body: AdvanceCaseRequest) => api.post<CaseDetail>(CASE_PATHS.advance(id), body));
}

export function useCloseCase(id: number) {
  return useCaseChange(id, (body: CloseCaseRequest) => api.post<CaseDetail>(CASE_PATHS.close(id), body));
}

export function useCheckIn(id: number) {
  return useCaseChange(id, ({ round, seq, body }: { round: number; seq: number; body: CheckInRequest }) =>
    api.post<CaseDetail>(CASE_PATHS.checkIn(id, round, seq), body),
  );
}
