import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Permission } from '@baoxue/shared';
import type { Actor, RequestContext } from '../context';
import { AppError } from '../errors';
import { checkSession, type SessionEnd } from '../modules/auth/auth.service';
import { forgetCaches } from '../lib/caches';
import { writeAudit } from './audit';

export const SESSION_COOKIE = 'bx_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (health, login). */
    public?: boolean;
    /** Reachable while the user still has to change an initial password. */
    duringPasswordChange?: boolean;
    /** The permission a route needs beyond being logged in. */
    permission?: Permission;
    /**
     * A change that touches no user, scope, setting, place or registry (a roll call, a case's
     * work, an inbox mark): the caches (lib/caches.ts) stay after it. The morning's roll calls
     * would otherwise make every list read the names and figures again.
     */
    keepsCaches?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionTokenHash: string | null;
    csrfToken: string | null;
    sessionLocale: string;
  }
}

export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new AppError('unauthenticated');
  return { db: request.server.db, actor: request.actor, ip: request.ip, clock: request.server.clock };
}

/** The refusal a session that ended by itself earns: each says why, in both languages. */
const ENDED_ERROR = { idle: 'session_expired', lifetime: 'session_lifetime_over' } as const;

/** The audit entry says which limit ended the session; the idle one is the usual, plain entry. */
function endedDetail(why: SessionEnd, lifetimeHours: number): string | undefined {
  if (why === 'idle') return undefined;
  return `登录已满 ${lifetimeHours} 小时 / ${lifetimeHours} hours after login`;
}

async function identify(request: FastifyRequest): Promise<SessionEnd | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return undefined;
  const lifetimeHours = request.server.sessionHours;
  const check = await checkSession(request.server.db, token, lifetimeHours);
  if (check.kind === 'expired') {
    await writeAudit(
      request.server.db,
      { countyCode: check.countyCode, userId: check.userId, username: check.username, ip: request.ip },
      {
        action: 'session_expired',
        entity: 'session',
        entityId: check.userId,
        detail: endedDetail(check.why, lifetimeHours),
      },
    );
    return check.why;
  }
  if (check.kind === 'ok') {
    request.actor = check.actor;
    request.sessionTokenHash = check.tokenHash;
    request.csrfToken = check.csrfToken;
    request.sessionLocale = check.locale;
  }
  return undefined;
}

/** A browser sends Origin on cross-site POSTs; one that names another host is refused outright. */
function crossSiteOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/**
 * Refuses a forged request; one riding a user's session is written to the audit log under
 * that user. One without a session is refused unrecorded: anyone anywhere could otherwise
 * fill the county's log with entries naming nobody.
 */
async function refuseCsrf(request: FastifyRequest, countyCode: string): Promise<never> {
  const actor = request.actor;
  if (!actor) throw new AppError('csrf');
  await writeAudit(
    request.server.db,
    { countyCode, userId: actor.userId, username: actor.username, ip: request.ip },
    {
      action: 'csrf_rejected',
      entity: 'request',
      detail: `${request.method} ${request.url} origin=${request.headers.origin ?? '-'}`,
    },
  );
  throw new AppError('csrf');
}

async function guard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const config = request.routeOptions.config;
  const unsafe = !SAFE_METHODS.has(request.method);
  const countyCode = request.server.countyCode;
  const ended = await identify(request);
  if (unsafe && crossSiteOrigin(request)) await refuseCsrf(request, countyCode);
  if (config.public) return;
  if (!request.actor) throw new AppError(ended ? ENDED_ERROR[ended] : 'unauthenticated');
  if (unsafe && request.headers['x-csrf-token'] !== request.csrfToken) await refuseCsrf(request, countyCode);
  if (request.actor.mustChangePassword && !config.duringPasswordChange) {
    throw new AppError('password_change_required');
  }
  if (config.permission && !request.actor.permissions.has(config.permission)) throw new AppError('forbidden');
}

async function authPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionLocale', 'zh-CN');
  app.addHook('onRequest', guard);
  // Any change that succeeded may change what sessions may do (a user's role or scope, a
  // password, a school's service area, settings), a place's name or a kept figure: the
  // caches are forgotten before the answer leaves, so the next request sees the change.
  // Reads keep them, and so do the changes that declare `keepsCaches` (they write none of
  // users, scopes, settings, places or registries).
  app.addHook('onSend', async (request, reply) => {
    const keeps = request.routeOptions.config.keepsCaches === true;
    if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400 && !keeps) {
      forgetCaches();
    }
  });
}

export default fp(authPlugin, { name: 'auth' });
