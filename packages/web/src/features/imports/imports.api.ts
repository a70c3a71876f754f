import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportJob, ImportJobDetail, ImportKind, ImportListQuery, ImportMode, Page } from '@baoxue/shared';
import { api, downloadUrl, seg } from '../../api/client';

export type ImportFilters = Partial<Omit<ImportListQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

const IMPORTS_KEY = ['imports'] as const;

export function useImports(query: ImportFilters) {
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'list', query],
    queryFn: ({ signal }) => api.get<Page<ImportJob>>('/imports', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function isJobActive(job: Pick<ImportJob, 'status'> | undefined): boolean {
  return job?.status === 'queued' || job?.status === 'running';
}

/** One job, polled every half second while it runs: the progress bar reads from it. */
export function useImportJob(id: number | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'detail', id],
    queryFn: async ({ signal }) => {
      const job = await api.get<ImportJobDetail>(`/imports/${seg(id ?? 0)}`, undefined, signal);
      // The list shows the job's status too; refresh it once the job is over.
      if (!isJobActive(job)) void qc.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] });
      return job;
    },
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (q) => (isJobActive(q.state.data) || !q.state.data ? 500 : false),
  });
}

export interface StartImport {
  kind: ImportKind;
  schoolYear: number;
  mode: ImportMode;
  file: File;
}

export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, schoolYear, mode, file }: StartImport) =>
      api.upload<ImportJob>('/imports', { kind, schoolYear, mode, fileName: file.name }, file),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] }),
  });
}

export function templateUrl(kind: ImportKind): string {
  return downloadUrl(`/imports/templates/${seg(kind)}.xlsx`);
}

export function errorWorkbookUrl(id: number): string {
  return downloadUrl(`/imports/${seg(id)}/errors.xlsx`);
}
