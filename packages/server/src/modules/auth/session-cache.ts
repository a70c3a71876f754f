import type { Actor } from '../../context';

// Resolving a session costs one to three queries (the session with its user, then the
// user's scope), and under load one session asks many times a second: more than the list
// it asks for. A resolved session is kept here for a moment. Whatever changes what a
// session may do through the services (logout, passwords, a user's role, scope or state,
// schools, regions, imports, settings) forgets the cache at once; the moment only bounds
// how late a change made behind the services' back is seen. Idle sessions still end on
// time: a session is looked up again at least every TTL, which also keeps last_seen_at.

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  tokenHash: string;
  locale: string;
}

const TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, { at: number; session: ResolvedSession }>();

export function cachedSession(tokenHash: string, now = Date.now()): ResolvedSession | undefined {
  const entry = entries.get(tokenHash);
  if (!entry) return undefined;
  if (now - entry.at < TTL_MS) return entry.session;
  entries.delete(tokenHash);
  return undefined;
}

export function rememberSession(session: ResolvedSession, now = Date.now()): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(session.tokenHash, { at: now, session });
}

export function forgetSession(tokenHash: string): void {
  entries.delete(tokenHash);
}

/** After any change to users, scopes or settings: every session is resolved afresh. */
export function forgetCachedSessions(): void {
  entries.clear();
}
