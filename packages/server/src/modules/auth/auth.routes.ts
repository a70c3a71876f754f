import { ChangePasswordRequest, Health, LoginRequest, Ok, Session } from '@baoxue/shared';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../errors';
import type { ApiInstance } from '../../plugins/api';
import { SESSION_COOKIE, contextOf } from '../../plugins/auth';
import * as service from './auth.service';

function setSessionCookie(reply: FastifyReply, token: string): void {
  // HttpOnly: scripts never see the token; SameSite=Strict: no cross-site request carries it.
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: reply.server.secureCookies,
  });
}

export async function authRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: '健康检查', response: { 200: Health } },
    },
    () => ({ status: 'ok' as const, version: app.appVersion, database: app.dbKind }),
  );
  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: app.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '登录', body: LoginRequest, response: { 200: Session } },
    },
    async (request, reply) => {
      const result = await service.login(
        app.db,
        app.countyCode,
        request.body.username,
        request.body.password,
        {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        },
      );
      setSessionCookie(reply, result.token);
      return result.session;
    },
  );
  app.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: Ok } } },
    async (request, reply) => {
      if (request.actor && request.sessionTokenHash) {
        await service.logout(app.db, request.actor.countyCode, request.sessionTokenHash);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );
  app.get(
    '/auth/me',
    {
      config: { duringPasswordChange: true },
      schema: { tags: ['auth'], summary: '当前用户与 CSRF 令牌', response: { 200: Session } },
    },
    async (request) => {
      const ctx = contextOf(request);
      if (!request.csrfToken) throw new AppError('unauthenticated');
      return {
        user: await service.describeMe(app.db, ctx.actor, request.sessionLocale),
        csrfToken: request.csrfToken,
      };
    },
  );
  app.post(
    '/auth/password',
    {
      config: { duringPasswordChange: true },
      schema: { tags: ['auth'], summary: '修改本人密码', body: ChangePasswordRequest, response: { 200: Ok } },
    },
    async (request) => {
      await service.changePassword(contextOf(request), request.sessionTokenHash ?? '', request.body);
      return { ok: true as const };
    },
  );
}
