import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '@baoxue/shared';
import { login, SESSION_KEY } from '../../api/session';

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => login(body),
    // The page explains login failures itself, next to the form.
    meta: { quiet: true },
    onSuccess: (session) => {
      // A previous user's cached lists must not leak into this session.
      qc.clear();
      qc.setQueryData(SESSION_KEY, session);
    },
  });
}
