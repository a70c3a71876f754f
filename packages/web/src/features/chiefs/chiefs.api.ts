import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Chief, ChiefGap, ChiefKeyParams, ChiefRow, ResponsibilityChain } from '@baoxue/shared';
import { api, seg } from '../../api/client';

const KEY = ['chiefs'] as const;

export function useChiefs(schoolYear: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'list', schoolYear],
    queryFn: ({ signal }) => api.get<ChiefRow[]>('/chiefs', { schoolYear }, signal),
    enabled: schoolYear !== undefined,
  });
}

export function useChiefGaps(schoolYear: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'gaps', schoolYear],
    queryFn: ({ signal }) => api.get<ChiefGap[]>('/chiefs/gaps', { schoolYear }, signal),
    enabled: schoolYear !== undefined,
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  // A chief shows on every chain: case details and student drawers read it again.
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: KEY }),
      qc.invalidateQueries({ queryKey: ['chain'] }),
      qc.invalidateQueries({ queryKey: ['cases'] }),
    ]);
}

export function usePutChief() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: Chief) => api.put<ChiefRow>('/chiefs', body),
    onSuccess: invalidate,
  });
}

export function useDeleteChief() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (key: ChiefKeyParams) =>
      api.delete<void>(`/chiefs/${seg(key.schoolYear)}/${seg(key.unitCode)}/${seg(key.duty)}`),
    onSuccess: invalidate,
  });
}

/** The seven chiefs of a registry student for the current school year. */
export function useStudentChain(studentId: number | undefined) {
  return useQuery({
    queryKey: ['chain', 'student', studentId],
    queryFn: ({ signal }) =>
      api.get<ResponsibilityChain>(`/students/${seg(studentId!)}/chain`, undefined, signal),
    enabled: studentId !== undefined,
  });
}
