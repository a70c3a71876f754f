import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '@baoxue/shared';
import { api } from '../../api/client';
import { fetchSession, SESSION_KEY } from '../../api/session';

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => api.post<{ ok: true }>('/auth/password', body),
    // The session changes with the password (mustChangePassword cleared, maybe a new CSRF
    // token), so it is read again rather than patched locally.
    onSuccess: async () => {
      qc.setQueryData(SESSION_KEY, await fetchSession());
    },
  });
}
