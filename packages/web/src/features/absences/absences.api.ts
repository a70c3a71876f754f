import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AbsenceClassesResponse,
  AbsenceInput,
  AbsenceListQuery,
  AbsenceRow,
  AbsenceSummary,
  ClassRoll,
  GuardianContact,
  NewGuardianContact,
  Page,
} from '@baoxue/shared';
import { api, seg } from '../../api/client';

const KEY = ['absences'] as const;

export type AbsenceFilters = Partial<Omit<AbsenceListQuery, 'page' | 'pageSize'>> & {
  page: number;
  pageSize: number;
};

/** The classes the user may mark for a day (the server's today when `day` is undefined). */
export function useMarkableClasses(day: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'classes', day ?? 'today'],
    queryFn: ({ signal }) => api.get<AbsenceClassesResponse>('/absences/classes', { day }, signal),
    enabled,
  });
}

export function useClassRoll(classId: number | undefined, day: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'roll', classId, day ?? 'today'],
    queryFn: ({ signal }) => api.get<ClassRoll>(`/absences/classes/${seg(classId ?? 0)}`, { day }, signal),
    enabled: classId !== undefined,
  });
}

export function useSaveRoll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ classId, day, absences }: { classId: number; day: string; absences: AbsenceInput[] }) =>
      api.put<ClassRoll>(`/absences/classes/${seg(classId)}/${seg(day)}`, { absences }),
    onSuccess: (roll) => {
      qc.setQueryData([...KEY, 'roll', roll.classId, roll.day], roll);
      return Promise.all([
        qc.invalidateQueries({ queryKey: KEY }),
        qc.invalidateQueries({ queryKey: ['inbox'] }),
      ]);
    },
  });
}

export function useLogContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewGuardianContact) => api.post<GuardianContact>('/absences/contacts', body),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['inbox'] })]),
  });
}

export const ABSENCES_PATH = '/absences';

export function useAbsences(query: AbsenceFilters) {
  return useQuery({
    queryKey: [...KEY, 'list', query],
    queryFn: ({ signal }) => api.get<Page<AbsenceRow>>(ABSENCES_PATH, query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAbsenceSummary(query: { from?: string; to?: string; townCode?: string }, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...KEY, 'summary', query],
    queryFn: ({ signal }) => api.get<AbsenceSummary>('/absences/summary', query, signal),
    placeholderData: keepPreviousData,
  });
}
