import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ClassInput,
  Page,
  SchoolClass,
  SchoolDetail,
  SchoolInput,
  SchoolListQuery,
  SchoolSummary,
  StaffInput,
  StaffMember,
  UpdateClassRequest,
  UpdateSchoolRequest,
  UpdateStaffRequest,
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

/** The school's teachers and principal (county admin): head teachers are chosen among them. */
export function useSchoolStaff(code: string, enabled: boolean) {
  return useQuery({
    queryKey: ['schools', 'staff', code],
    queryFn: ({ signal }) => api.get<StaffMember[]>(`/schools/${seg(code)}/staff`, undefined, signal),
    enabled,
  });
}

export function useAddStaff(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StaffInput) => api.post<StaffMember>(`/schools/${seg(code)}/staff`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['schools'] }),
  });
}

export function useUpdateStaff(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateStaffRequest) => api.patch<StaffMember>(`/staff/${seg(id)}`, body),
    // Head teachers' names and phones show in the class list too.
    onSuccess: () => qc.invalidateQueries({ queryKey: ['schools'] }),
  });
}

/** A class created or changed: the school's figures, the overview and the lists follow. */
function useClassChange<T>(request: (body: T) => Promise<SchoolClass>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['schools'] }), qc.invalidateQueries({ queryKey: ['overview'] })]),
  });
}

export function useCreateClass(code: string) {
  return useClassChange((body: ClassInput) => api.post<SchoolClass>(`/schools/${seg(code)}/classes`, body));
}

/** Only a class nothing names yet (no pupil, roll call or case): the server says why otherwise. */
export function useDeleteClass() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/classes/${seg(id)}`),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['schools'] }), qc.invalidateQueries({ queryKey: ['overview'] })]),
  });
}

export function useUpdateClass(id: number) {
  return useClassChange((body: UpdateClassRequest) => api.patch<SchoolClass>(`/classes/${seg(id)}`, body));
}
