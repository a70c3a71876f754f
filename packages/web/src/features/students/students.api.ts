import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChangeClassRequest,
  ChangeStatusRequest,
  ChangeStatusResult,
  FullIdentity,
  Page,
  PendingTransfer,
  ReceivePendingRequest,
  ReceiveTransferRequest,
  SchoolDirectoryEntry,
  StudentEvent,
  StudentEventListItem,
  StudentEventQuery,
  StudentListQuery,
  StudentStatusCounts,
  StudentSummary,
} from '@baoxue/shared';
import { api, seg } from '../../api/client';

export type StudentFilters = Partial<Omit<StudentListQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export function useStudents(query: StudentFilters) {
  return useQuery({
    queryKey: ['students', 'list', query],
    queryFn: ({ signal }) => api.get<Page<StudentSummary>>('/students', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The list's students per status under its other filters: the chips above the list. */
export function useStudentStatusCounts(query: StudentFilters) {
  const { page: _p, pageSize: _s, status: _status, ...filters } = query;
  return useQuery({
    queryKey: ['students', 'status-counts', filters],
    queryFn: ({ signal }) => api.get<StudentStatusCounts>('/students/status-counts', filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useStudent(id: number | null) {
  return useQuery({
    queryKey: ['students', 'detail', id],
    queryFn: ({ signal }) => api.get<StudentSummary>(`/students/${seg(id ?? 0)}`, undefined, signal),
    enabled: id !== null,
  });
}

/**
 * A POST, not a GET: each reveal is an audited act on the server, and must never be
 * served from a cache or prefetched.
 */
export function useRevealIdentity() {
  return useMutation({
    mutationFn: (id: number) => api.post<FullIdentity>(`/students/${seg(id)}/identity`),
  });
}

/** 调班: the pupil's lists, their class figures, the drawer and its 师长 (the new head teacher) follow. */
export function useChangeClass(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeClassRequest) => api.put<StudentSummary>(`/students/${seg(id)}/class`, body),
    // The refusal stays under the choice (ClassMove), not in a passing toast as well.
    meta: { quiet: true },
    onSuccess: () =>
      Promise.all(['students', 'schools', 'chain'].map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
}

/** The pupil's registry history (一人一籍), oldest first. */
export function useStudentEvents(id: number) {
  return useQuery({
    queryKey: ['students', 'events', id],
    queryFn: ({ signal }) => api.get<StudentEvent[]>(`/students/${seg(id)}/events`, undefined, signal),
  });
}

export type StudentEventFilters = Partial<Omit<StudentEventQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

/** 学籍变动记录: the events naming the user's schools, newest first (both schools of a transfer). */
export function useStudentEventList(query: StudentEventFilters) {
  return useQuery({
    queryKey: ['students', 'event-list', query],
    queryFn: ({ signal }) => api.get<Page<StudentEventListItem>>('/student-events', query, signal),
    placeholderData: keepPreviousData,
  });
}

/**
 * 学籍变动 by hand: the pupil's lists and figures, the drawer and its history follow, and so
 * does the child page (its registry records and events); a 辍学 opens a case, so the case
 * lists and the inbox follow too.
 */
export function useChangeStatus(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeStatusRequest) => api.post<ChangeStatusResult>(`/students/${seg(id)}/status`, body),
    // The refusal stays under the form (StatusChange), not in a passing toast as well.
    meta: { quiet: true },
    onSuccess: () =>
      Promise.all(['students', 'schools', 'rosters', 'population', 'cases', 'inbox'].map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
}

const AFTER_TRANSFER = ['students', 'schools', 'rosters', 'population'];

/** 接收转入: the lists and figures of both schools, and the pupil's history, follow. */
export function useReceiveTransfer() {
  const qc = useQueryClient();
  return useMutation({
    // Refusals go on the form's fields as well (the number and name, the grade, the class).
    mutationFn: (body: ReceiveTransferRequest) => api.post<StudentSummary>('/students/transfers', body),
    onSuccess: () => Promise.all(AFTER_TRANSFER.map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
}

/** 待接收转入: pupils other schools of the county recorded as 转出 to the user's schools. */
export function usePendingTransfers(enabled: boolean) {
  return useQuery({
    queryKey: ['students', 'pending-transfers'],
    queryFn: ({ signal }) => api.get<PendingTransfer[]>('/students/pending-transfers', undefined, signal),
    enabled,
  });
}

/** Takes a pending transfer over: as 接收转入, and the list of those waiting follows. */
export function useReceivePending(studentId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReceivePendingRequest) =>
      api.post<StudentSummary>(`/students/pending-transfers/${seg(studentId)}/receive`, body),
    onSuccess: () => Promise.all(AFTER_TRANSFER.map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
}

/** The county's schools, for a 转出 to name the one the pupil moves to. */
export function useSchoolDirectory(enabled: boolean) {
  return useQuery({
    queryKey: ['school-directory'],
    queryFn: ({ signal }) => api.get<SchoolDirectoryEntry[]>('/school-directory', undefined, signal),
    enabled,
    staleTime: 10 * 60_000,
  });
}
