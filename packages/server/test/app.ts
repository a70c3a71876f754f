import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app';
import { COUNTY, PASSWORD, createFixtureCounty, type Fixture } from './fixtures';
import { createTestDatabase, type TestDatabase } from './db';
import type { DatabaseKind } from '../src/db/connection';
import type { Clock } from '../src/lib/clock';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  fixture: Fixture;
  close(): Promise<void>;
}

export async function createTestApp(kind: DatabaseKind, options: { clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const fixture = await createFixtureCounty(database.db);
  const app = await buildApp({
    db: database.db,
    dbKind: database.kind,
    countyCode: COUNTY,
    loginRateLimit: 10_000,
    clock: options.clock,
  });
  await app.ready();
  return {
    app,
    database,
    fixture,
    close: async () => {
      await app.close();
      await database.dispose();
    },
  };
}

/** A logged-in client: the session cookie and CSRF token a browser would hold. */
export interface Client {
  cookie: string;
  csrf: string;
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'bx_session');
  if (!cookie) throw new Error(`no session cookie (status ${response.statusCode}: ${response.body})`);
  return `bx_session=${cookie.value}`;
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Client> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookie(response);
  const csrf = (response.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrf,
    request: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrf },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}
