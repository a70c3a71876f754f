// The session is one query (['session']) that every screen reads: null means "logged out".
// It is fetched once per page load, which also refreshes the in-memory CSRF token.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { LoginRequest, Me, Permission, Session } from '@baoxue/shared';
import { ApiError, request, setCsrfToken } from './client';

export const SESSION_KEY = ['session'] as const;

// Why the last session ended (session_expired, unauthenticated …), for the login page to
// explain it; kept outside the cache because the session itself is null by then.
let lastAuthCode: string | null = null;

export function noteAuthEnded(code: string | null): void {
  lastAuthCode = code;
}

export function peekAuthEndedCode(): string | null {
  return lastAuthCode;
}

export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await request<Session>('GET', '/auth/me', { quietAuth: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      noteAuthEnded(err.code);
      return null;
    }
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
}

/** The logged-in user; only for components rendered inside the authenticated shell. */
export function useMe(): Me {
  const { data } = useSession();
  // The shell renders nothing until the session is known, so this holds by construction.
  if (!data) throw new Error('useMe outside an authenticated route');
  return data.user;
}

export function can(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

export async function login(body: LoginRequest): Promise<Session> {
  const session = await request<Session>('POST', '/auth/login', { body, quietAuth: true });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function logout(qc: QueryClient): Promise<void> {
  try {
    await request('POST', '/auth/logout', { body: {}, quietAuth: true });
  } finally {
    // Whatever the server said, this tab forgets everything it knew.
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData(SESSION_KEY, null);
  }
}
