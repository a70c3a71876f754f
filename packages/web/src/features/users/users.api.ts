import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateUserRequest,
  Page,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserListQuery,
  UserSummary,
} from '@baoxue/shared';
import { api, seg } from '../../api/client';

export type UserFilters = Partial<Omit<UserListQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export function useUsers(query: UserFilters) {
  return useQuery({
    queryKey: ['users', 'list', query],
    queryFn: ({ signal }) => api.get<Page<UserSummary>>('/users', query, signal),
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }) });
}

export const useCreateUser = () => useUserMutation((body: CreateUserRequest) => api.post<UserSummary>('/users', body));

export const useUpdateUser = (id: number) =>
  useUserMutation((body: UpdateUserRequest) => api.patch<UserSummary>(`/users/${seg(id)}`, body));

export const useResetPassword = (id: number) =>
  useUserMutation((body: ResetPasswordRequest) => api.post<{ ok: true }>(`/users/${seg(id)}/reset-password`, body));

export const useUnlockUser = () => useUserMutation((id: number) => api.post<{ ok: true }>(`/users/${seg(id)}/unlock`));
