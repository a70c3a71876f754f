import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  LedgerKind,
  LedgerQuery,
  LedgerRow,
  OverviewReconciliation,
  Page,
  ReconciliationRun,
  ReviewDecisionRequest,
  ReviewDecisionResult,
  ReviewItem,
  ReviewQuery,
  RunChild,
  RunChildrenQuery,
  RunComparison,
  RunDetail,
  RunFinding,
  RunFindingsQuery,
  RunListQuery,
} from '@baoxue/shared';
import { api, ApiError, seg } from '../../api/client';

// Every path of the reconciliation API in one place.
export const RECON_PATHS = {
  runs: '/reconciliation/runs',
  run: (id: number) => `/reconciliation/runs/${seg(id)}`,
  children: (id: number) => `/reconciliation/runs/${seg(id)}/children`,
  findings: (id: number) => `/reconciliation/runs/${seg(id)}/findings`,
  ledger: (id: number, ledger: LedgerKind) => `/reconciliation/runs/${seg(id)}/ledgers/${seg(ledger)}`,
  compare: '/reconciliation/compare',
  review: '/reconciliation/reviews',
  decisions: '/reconciliation/reviews',
  overview: '/overview/reconciliation',
} as const;

const RECON_KEY = ['reconciliation'] as const;

type Paged<Q> = Partial<Omit<Q, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export function isRunActive(run: Pick<ReconciliationRun, 'status'>): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/** The runs, polled every second while one of them is still working. */
export function useRuns(query: Paged<RunListQuery>) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: [...RECON_KEY, 'runs', query],
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<ReconciliationRun>>(RECON_PATHS.runs, query, signal);
      const prev = qc.getQueryData<Page<ReconciliationRun>>([...RECON_KEY, 'runs', query]);
      // A run that has just finished changes every list drawn from "the latest run".
      if (prev?.items.some(isRunActive) && !page.items.some(isRunActive)) {
        void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'reconciliation' && q.queryKey[1] !== 'runs' });
        void qc.invalidateQueries({ queryKey: ['overview'] });
      }
      return page;
    },
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some(isRunActive) ? 1000 : false),
  });
}

/** The finished runs (newest first) that pickers offer; a county's history stays short. */
export function useFinishedRuns(schoolYear?: number) {
  return useQuery({
    queryKey: [...RECON_KEY, 'runs', 'finished', schoolYear ?? null],
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<ReconciliationRun>>(RECON_PATHS.runs, { schoolYear, page: 1, pageSize: 100 }, signal);
      return page.items.filter((r) => r.status === 'succeeded');
    },
  });
}

export function useRun(id: number | undefined) {
  return useQuery({
    queryKey: [...RECON_KEY, 'run', id],
    queryFn: ({ signal }) => api.get<RunDetail>(RECON_PATHS.run(id ?? 0), undefined, signal),
    enabled: id !== undefined,
  });
}

export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (schoolYear: number) => api.post<ReconciliationRun>(RECON_PATHS.runs, { schoolYear }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...RECON_KEY, 'runs'] }),
  });
}

export type ChildFilters = Paged<RunChildrenQuery>;

export function useRunChildren(runId: number | undefined, query: ChildFilters) {
  return useQuery({
    queryKey: [...RECON_KEY, 'children', runId, query],
    queryFn: ({ signal }) => api.get<Page<RunChild>>(RECON_PATHS.children(runId ?? 0), query, signal),
    enabled: runId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export type FindingFilters = Paged<RunFindingsQuery>;

export function useRunFindings(runId: number | undefined, query: FindingFilters) {
  return useQuery({
    queryKey: [...RECON_KEY, 'findings', runId, query],
    queryFn: ({ signal }) => api.get<Page<RunFinding>>(RECON_PATHS.findings(runId ?? 0), query, signal),
    enabled: runId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCompare(from: number | undefined, to: number | undefined) {
  return useQuery({
    queryKey: [...RECON_KEY, 'compare', from, to],
    queryFn: ({ signal }) => api.get<RunComparison>(RECON_PATHS.compare, { from, to }, signal),
    enabled: from !== undefined && to !== undefined && from !== to,
  });
}

export type ReviewFilters = Paged<ReviewQuery>;

export function useReviewQueue(query: ReviewFilters) {
  return useQuery({
    queryKey: [...RECON_KEY, 'review', query],
    queryFn: ({ signal }) => api.get<Page<ReviewItem>>(RECON_PATHS.review, query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDecide() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewDecisionRequest) => api.post<ReviewDecisionResult>(RECON_PATHS.decisions, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...RECON_KEY, 'review'] }),
  });
}

export type LedgerFilters = Paged<LedgerQuery>;

export function useLedger(runId: number | undefined, ledger: LedgerKind, query: LedgerFilters) {
  return useQuery({
    queryKey: [...RECON_KEY, 'ledger', runId, ledger, query],
    queryFn: ({ signal }) => api.get<Page<LedgerRow>>(RECON_PATHS.ledger(runId ?? 0, ledger), query, signal),
    enabled: runId !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** Null when the school year has no finished run yet (the server answers 404 or null). */
export function useOverviewReconciliation() {
  return useQuery({
    queryKey: ['overview', 'reconciliation'],
    queryFn: async ({ signal }) => {
      try {
        return (await api.get<OverviewReconciliation | null>(RECON_PATHS.overview, undefined, signal)) ?? null;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}
