import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditQuery, LoginEntry, LoginQuery, Page } from '@baoxue/shared';
import { api } from '../../api/client';

type Filters<Q> = Partial<Omit<Q, 'page' | 'pageSize'>> & { page: number; pageSize: number };
export type AuditFilters = Filters<AuditQuery>;
export type LoginFilters = Filters<LoginQuery>;

export function useAuditEntries(query: AuditFilters) {
  return useQuery({
    queryKey: ['audit', 'operations', query],
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/audit', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useLoginEntries(query: LoginFilters) {
  return useQuery({
    queryKey: ['audit', 'logins', query],
    queryFn: ({ signal }) => api.get<Page<LoginEntry>>('/audit/logins', query, signal),
    placeholderData: keepPreviousData,
  });
}
