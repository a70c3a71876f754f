import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarDay,
  PutCalendarDayRequest,
  PutTermsRequest,
  SchoolCalendarResponse,
} from '@baoxue/shared';
import { api, seg } from '../../api/client';

const KEY = ['calendar'] as const;

/** A school year's calendar; the county's current year when `schoolYear` is undefined. */
export function useCalendar(schoolYear: number | undefined) {
  return useQuery({
    queryKey: [...KEY, schoolYear ?? 'current'],
    queryFn: ({ signal }) => api.get<SchoolCalendarResponse>('/calendar', { schoolYear }, signal),
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  // School days change what can be marked and what counts as consecutive.
  return () =>
    Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['absences'] })]);
}

export function usePutTerms() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: PutTermsRequest) => api.put<SchoolCalendarResponse>('/calendar/terms', body),
    onSuccess: invalidate,
  });
}

export function usePutDay() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ day, body }: { day: string; body: PutCalendarDayRequest }) =>
      api.put<CalendarDay>(`/calendar/days/${seg(day)}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteDay() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (day: string) => api.delete<{ ok: true }>(`/calendar/days/${seg(day)}`),
    onSuccess: invalidate,
  });
}
