import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Page,
  SchoolClass,
  SchoolDetail,
  SchoolInput,
  SchoolListQuery,
  SchoolSummary,
  UpdateSchoolRequest,
} from '@baoxue/shared';
import { api, seg } from '../../api/client';

export type SchoolFilters = Partial<Omit<SchoolListQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export function useSchools(query: SchoolFilters) {
  return useQuery({
    queryKey: ['schools', 'list', query],
    queryFn: ({ signal }) => api.get<Page<SchoolSummary>>('/schools', query, signal),
    // Keep the current page on screen while the next one loads, instead of a blank table.
    placeholderData: keepPreviousData,
  });
}

export function useSchool(code: string | undefined) {
  return useQuery({
    queryKey: ['schools', 'detail', code],
    queryFn: ({ signal }) => api.get<SchoolDetail>(`/schools/${seg(code ?? '')}`, undefined, signal),
    enabled: !!code,
  });
}

export function useSchoolClasses(code: string | undefined, schoolYear?: number) {
  return useQuery({
    queryKey: ['schools', 'classes', code, schoolYear],
    queryFn: ({ signal }) => api.get<SchoolClass[]>(`/schools/${seg(code ?? '')}/classes`, { schoolYear }, signal),
    enabled: !!code,
  });
}

export function useCreateSchool() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SchoolInput) => api.post<SchoolDetail>('/schools', body),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['schools'] }), qc.invalidateQueries({ queryKey: ['overview'] })]),
  });
}

export function useUpdateSchool(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSchoolRequest) => api.patch<SchoolDetail>(`/schools/${seg(code)}`, body),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['schools'] }), qc.invalidateQueries({ queryKey: ['overview'] })]),
  });
}
