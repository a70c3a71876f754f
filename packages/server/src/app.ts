import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { DEFAULT_SESSION_HOURS } from './config';
import type { DatabaseKind } from './db/connection';
import type { Database } from './db/schema';
import { AppError, errorBody } from './errors';
import { describeRequest } from './lib/log-error';
import securityHeadersPlugin from './plugins/security-headers';
import { serializerCompiler } from './plugins/serializer';
import { serveWebApp } from './plugins/web-app';
import { absencesRoutes } from './modules/absences/absences.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { chiefsRoutes } from './modules/chiefs/chiefs.routes';
import { casesRoutes } from './modules/cases/cases.routes';
import { dictionariesRoutes } from './modules/dictionaries/dictionaries.routes';
import { documentsRoutes } from './modules/documents/documents.routes';
import { inboxRoutes } from './modules/inbox/inbox.routes';
import { importsRoutes } from './modules/imports/imports.routes';
import { recoverInterruptedImports } from './modules/imports/imports.service';
import { reconciliationRoutes } from './modules/reconciliation/reconciliation.routes';
import { recoverInterruptedRuns } from './modules/reconciliation/reconciliation.service';
import { overviewRoutes } from './modules/overview/overview.routes';
import { regionsRoutes } from './modules/regions/regions.routes';
import { rostersRoutes } from './modules/rosters/rosters.routes';
import { registryRoutes } from './modules/registry/registry.routes';
import { schoolsRoutes } from './modules/schools/schools.routes';
import { settingsRoutes } from './modules/settings/settings.routes';
import { usersRoutes } from './modules/users/users.routes';
import type { ApiInstance } from './plugins/api';
import authPlugin from './plugins/auth';
import errorsPlugin from './plugins/errors';
import { JobRunner } from './lib/jobs';
import { systemClock, type Clock } from './lib/clock';
import { VERSION } from './version';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbKind: DatabaseKind;
    countyCode: string;
    appVersion: string;
    loginRateLimit: number;
    secureCookies: boolean;
    /** A session ends this many hours after its login, however active it stays. */
    sessionHours: number;
    /** Background jobs of this process: imports and reconciliation runs, one at a time. */
    jobs: JobRunner;
    clock: Clock;
  }
}

export interface AppOptions {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  countyCode: string;
  /** Folder of the built web app; null serves the API only. */
  webDist?: string | null;
  logger?: boolean;
  /** Login attempts per minute per client address. */
  loginRateLimit?: number;
  /** Set Secure on cookies (behind HTTPS in production). */
  secureCookies?: boolean;
  trustProxy?: boolean;
  /** Hours a session lasts from its login, however active (default DEFAULT_SESSION_HOURS). */
  sessionHours?: number;
  /** The clock for deadlines and scheduled jobs; tests pass a ManualClock. */
  clock?: Clock;
}

const MODULES: ((app: ApiInstance) => Promise<void>)[] = [
  authRoutes,
  overviewRoutes,
  regionsRoutes,
  schoolsRoutes,
  registryRoutes,
  usersRoutes,
  auditRoutes,
  dictionariesRoutes,
  settingsRoutes,
  importsRoutes,
  reconciliationRoutes,
  rostersRoutes,
  calendarRoutes,
  absencesRoutes,
  chiefsRoutes,
  inboxRoutes,
  documentsRoutes,
  casesRoutes,
];

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: 'info', serializers: { req: describeRequest } } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // The router's own refusals (an address that is not UTF-8, a parameter too long) answer
    // in the error module's bilingual form, as every other refusal does.
    frameworkErrors: (_error, _request, reply) => {
      void (reply as FastifyReply).status(400).send(errorBody(new AppError('bad_request')));
    },
  });
  app.decorate('db', options.db);
  app.decorate('dbKind', options.dbKind);
  app.decorate('countyCode', options.countyCode);
  app.decorate('appVersion', VERSION);
  app.decorate('loginRateLimit', options.loginRateLimit ?? 20);
  app.decorate('secureCookies', options.secureCookies ?? false);
  app.decorate('sessionHours', options.sessionHours ?? DEFAULT_SESSION_HOURS);
  app.decorate('jobs', new JobRunner());
  app.decorate('clock', options.clock ?? systemClock);
  // Jobs left unfinished by a previous process can never end; closing waits for running ones.
  app.addHook('onReady', async () => {
    await recoverInterruptedImports(options.db);
    await recoverInterruptedRuns(options.db);
  });
  app.addHook('onClose', () => app.jobs.idle());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Baoxue 保学 API', version: VERSION, description: '控辍保学平台 HTTP API' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bx_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(
    async (api) => {
      // Every answer of the API is data of children in one user's scope (full numbers among
      // them, when asked for): no browser or proxy keeps a copy.
      api.addHook('onRequest', (_request, reply, done) => {
        void reply.header('cache-control', 'no-store');
        done();
      });
      await api.register(authPlugin);
      // The whole API's shape is a map for whoever would misuse it: it is shown, like the
      // API, to logged-in users only (the auth plugin's guard covers these routes too).
      await api.register(fastifySwaggerUi, { routePrefix: '/docs' });
      const typed = api.withTypeProvider<ZodTypeProvider>();
      for (const routes of MODULES) await routes(typed);
    },
    { prefix: '/api' },
  );

  const webDist = options.webDist && existsSync(join(options.webDist, 'index.html')) ? options.webDist : null;
  await serveWebApp(app, webDist);
  return app;
}
