import { useQuery } from '@tanstack/react-query';
import type { Overview } from '@baoxue/shared';
import { api } from '../../api/client';

export function useOverview() {
  return useQuery({ queryKey: ['overview'], queryFn: ({ signal }) => api.get<Overview>('/overview', undefined, signal) });
}
