// The session is one query (['session']) that every screen reads: null means "logged out".
// It is fetched once per page load, which also refreshes the in-memory CSRF token.
import { useMemo } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { LoginRequest, Me, Permission, RegionNode, Session } from '@baoxue/shared';
import { ApiError, request, setCsrfToken } from './client';
import { navItem } from '../components/navigation';
import { useRegionTree } from '../features/regions/regions.api';

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

/**
 * Whether the user may open a region's page (/regions/<code>), for every link to one: a place
 * they may not open is shown as plain text, never as a link to a 403 or a 找不到该记录 box.
 * The page is refused to a class teacher (the 区划 menu's route guard, navigation.tsx); the
 * server answers GET /regions/:code for any other role, but only for a region in the user's
 * scope (plugins/scope.ts regionScope) — the regions of their tree (GET /regions/tree, the
 * same condition): all the county's for a county user; a town official's town and its villages
 * (not the county above it); an inspector's zone's towns and their villages; a village
 * official's village alone (not its town); a principal's service-area villages (not the
 * school's town). Until the tree has come, nothing is a link.
 */
export function useCanOpenRegion(): (code: string | null | undefined) => boolean {
  const me = useMe();
  const opensRegions = navItem('regions').visible(me);
  const wholeCounty = me.scopeKind === 'county';
  const tree = useRegionTree(opensRegions && !wholeCounty).data;
  const codes = useMemo(() => {
    const out = new Set<string>();
    const walk = (nodes: readonly RegionNode[]) =>
      nodes.forEach((n) => {
        out.add(n.code);
        walk(n.children);
      });
    walk(tree ?? []);
    return out;
  }, [tree]);
  return (code) => !!code && opensRegions && (wholeCounty || codes.has(code));
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
